/**
 * The port between an action's logic and the runner. The GitHub adapter (actions-runner.ts) wraps
 * @actions/core; the CLI and tests supply their own, so logic never touches process-wide state.
 */
export type AnnotationLevel = 'error' | 'warning' | 'notice';

export interface Annotation {
  level: AnnotationLevel;
  message: string;
  title?: string;
  file?: string;
  line?: number;
  endLine?: number;
}

export interface Logger {
  info(message: string): void;
  warning(message: string): void;
  debug(message: string): void;
}

export interface Runtime {
  log: Logger;
  /** Raw input text; '' when unset. */
  getInput(name: string): string;
  setOutput(name: string, value: string): void;
  /** Appends Markdown to the job summary. */
  writeSummary(markdown: string): Promise<void>;
  annotate(annotation: Annotation): void;
  saveState(name: string, value: string): void;
  /** Sets a variable for this step and every later step of the job (the runner's GITHUB_ENV). */
  exportVariable(name: string, value: string): void;
  getState(name: string): string;
  /** Registers a secret so the runner masks it in logs. */
  mask(secret: string): void;
}

/** A logger that keeps what it was told, for tests and for the CLI's quiet mode. */
export class RecordingLogger implements Logger {
  readonly lines: { level: 'info' | 'warning' | 'debug'; message: string }[] = [];
  info(message: string): void {
    this.lines.push({ level: 'info', message });
  }
  warning(message: string): void {
    this.lines.push({ level: 'warning', message });
  }
  debug(message: string): void {
    this.lines.push({ level: 'debug', message });
  }
}
