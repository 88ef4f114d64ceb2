/** Failure messages are shown in summaries and annotations: long stack traces are cut. */
export const MESSAGE_CHARS = 2000;

/** Collects text up to a bound, so a test that prints megabytes does not hold them in memory. */
export class BoundedText {
  private parts: string[] = [];
  private length = 0;

  constructor(private readonly limit = MESSAGE_CHARS * 2) {}

  add(text: string): void {
    if (this.length >= this.limit) return;
    const piece = text.slice(0, this.limit - this.length);
    this.parts.push(piece);
    this.length += piece.length;
  }

  get text(): string {
    return this.parts.join('');
  }
}

/** A message trimmed and capped, or undefined when there is nothing to say. */
export function capMessage(text: string | undefined): string | undefined {
  const trimmed = text?.trim();
  if (!trimmed) return undefined;
  return trimmed.length > MESSAGE_CHARS ? `${trimmed.slice(0, MESSAGE_CHARS - 1)}…` : trimmed;
}
