import { fileURLToPath } from 'node:url';
import { cacheInputs, cacheOutputs } from '@ccm/cache/inputs';
import { describe, expect, it } from 'vitest';
import { actionDocs } from '../../../test/support/action-docs';

const docs = actionDocs(fileURLToPath(new URL('..', import.meta.url)), cacheInputs, cacheOutputs);

describe('cache docs follow the input schema', () => {
  it('action.yml declares exactly the schema inputs and outputs', () => {
    expect(docs.action.inputs).toEqual(docs.expectedInputs);
    expect(docs.action.outputs).toEqual(docs.expectedOutputs);
  });
  it('runs main and post from the one committed bundle on node24, post also after a failure when asked', () => {
    expect(docs.action.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/index.js',
      'post-if': "success() || env.CCM_CACHE_SAVE_ON_FAILURE == 'true'",
    });
  });
  it('README input and output tables match the schema (UPDATE_DOCS=1 rewrites them)', () => {
    expect(docs.readme).toBe(docs.expectedReadmeInputs);
    expect(docs.readme).toBe(docs.expectedReadmeOutputs);
  });
});
