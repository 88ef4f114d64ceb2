import { fileURLToPath } from 'node:url';
import { rollbackInputs, rollbackOutputs } from '@ccm/delivery/rollback';
import { describe, expect, it } from 'vitest';
import { actionDocs } from '../../../test/support/action-docs';

const docs = actionDocs(fileURLToPath(new URL('..', import.meta.url)), rollbackInputs, rollbackOutputs);

describe('rollback docs follow the input schema', () => {
  it('action.yml declares exactly the schema inputs and outputs', () => {
    expect(docs.action.inputs).toEqual(docs.expectedInputs);
    expect(docs.action.outputs).toEqual(docs.expectedOutputs);
  });
  it('runs the committed bundle on node24, with no post step', () => {
    expect(docs.action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });
  it('README input and output tables match the schema (UPDATE_DOCS=1 rewrites them)', () => {
    expect(docs.readme).toBe(docs.expectedReadmeInputs);
    expect(docs.readme).toBe(docs.expectedReadmeOutputs);
  });
});
