import { appendFile, writeFile } from 'node:fs/promises';
import { type Annotation, logText, printable, type Runtime } from '@ccm/toolkit';

export interface CliRuntimeOptions {
  inputs: Record<string, string>;
  /** Where to append the Markdown summary; nothing is written when absent. */
  summaryFile?: string;
  quiet?: boolean;
}

export interface CliRuntime extends Runtime {
  outputs: Record<string, string>;
  annotations: Annotation[];
}

/** The Runtime outside GitHub: inputs from options, logs and annotations to stderr, outputs kept. */
export function cliRuntime(options: CliRuntimeOptions): CliRuntime {
  const state: Record<string, string> = {};
  const secrets: string[] = [];
  const redact = (text: string) => secrets.reduce((t, s) => t.split(s).join('***'), text);
  const err = (text: string) => {
    if (!options.quiet) process.stderr.write(`${printable(redact(text))}\n`);
  };
  let summaryStarted = false;
  const runtime: CliRuntime = {
    outputs: {},
    annotations: [],
    log: { info: err, warning: (m) => err(`warning: ${m}`), debug: () => {} },
    getInput: (name) => options.inputs[name] ?? '',
    setOutput: (name, value) => {
      runtime.outputs[name] = value;
    },
    writeSummary: async (markdown) => {
      if (!options.summaryFile) return;
      if (summaryStarted) await appendFile(options.summaryFile, `\n${markdown}`);
      else await writeFile(options.summaryFile, markdown);
      summaryStarted = true;
    },
    annotate: (annotation) => {
      runtime.annotations.push(annotation);
      // One annotation, one line: its text comes from reports, so line breaks are escaped as the runner's are.
      const where = annotation.file
        ? `${logText(annotation.file)}${annotation.line ? `:${annotation.line}` : ''}: `
        : '';
      const title = annotation.title ? `${logText(annotation.title)}: ` : '';
      err(`${where}${annotation.level}: ${title}${logText(annotation.message)}`);
    },
    saveState: (name, value) => {
      state[name] = value;
    },
    getState: (name) => state[name] ?? '',
    // Later steps of a CLI run are the same process: the variable is all there is to set.
    exportVariable: (name, value) => {
      process.env[name] = value;
    },
    mask: (secret) => {
      if (secret) secrets.push(secret);
    },
  };
  return runtime;
}
