import { fileURLToPath } from 'node:url';
import { sbomSignInputs, sbomSignOutputs } from '@ccm/supply-chain';
import { describe, expect, it } from 'vitest';
import { actionDocs } from '../../../test/support/action-docs';

const docs = actionDocs(fileURLToPath(new URL('..', import.meta.url)), sbomSignInputs, sbomSignOutputs);

describe('sbom-sign docs follow the input schema', () => {
  it('action.yml declares exactly the schema inputs and outputs', () => {
    expect(docs.action.inputs).toEqual(docs.expectedInputs);
    expect(docs.action.outputs).toEqual(docs.expectedOutputs);
  });
  it('runs on node24 from the committed bundle', () => {
    expect(docs.action.runs).toEqual({ using: 'node24', main: 'dist/index.js' });
  });
  it('README input and output tables match the schema (UPDATE_DOCS=1 rewrites them)', () => {
    expect(docs.readme).toBe(docs.expectedReadmeInputs);
    expect(docs.readme).toBe(docs.expectedReadmeOutputs);
  });
});
