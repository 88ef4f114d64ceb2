import type { Annotation, Runtime } from '@ccm/toolkit';
import { RecordingLogger } from '@ccm/toolkit';

/** A Runtime that keeps everything in memory, for step tests. */
export function fakeRuntime(inputs: Record<string, string>) {
  const logger = new RecordingLogger();
  const record = {
    outputs: {} as Record<string, string>,
    summary: '',
    annotations: [] as Annotation[],
    masked: [] as string[],
    state: {} as Record<string, string>,
    exported: {} as Record<string, string>,
    logger,
  };
  const runtime: Runtime = {
    log: logger,
    getInput: (name) => inputs[name] ?? '',
    setOutput: (name, value) => {
      record.outputs[name] = value;
    },
    writeSummary: async (markdown) => {
      record.summary += markdown;
    },
    annotate: (annotation) => {
      record.annotations.push(annotation);
    },
    saveState: (name, value) => {
      record.state[name] = value;
    },
    getState: (name) => record.state[name] ?? '',
    exportVariable: (name, value) => {
      record.exported[name] = value;
    },
    mask: (secret) => {
      record.masked.push(secret);
    },
  };
  return { runtime, record };
}

/** Pull request comments in memory, to check one comment is kept per gate. */
export function memoryComments() {
  const comments: { id: number; body: string }[] = [];
  let next = 1;
  return {
    comments,
    store: {
      find: async (marker: string) => comments.find((c) => c.body.includes(marker))?.id,
      create: async (body: string) => {
        comments.push({ id: next++, body });
      },
      update: async (id: number, body: string) => {
        const comment = comments.find((c) => c.id === id);
        if (comment) comment.body = body;
      },
    },
  };
}
