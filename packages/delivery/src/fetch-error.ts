/**
 * The message of a failed fetch with its cause: undici says only "fetch failed" and keeps the reason
 * (ECONNREFUSED, a DNS failure, "bad port") in `cause`.
 */
export function describeFetchError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  if (error.name === 'TimeoutError') return error.message;
  return error.cause instanceof Error ? `${error.message} (${error.cause.message})` : error.message;
}
