import { fileURLToPath } from 'node:url';
import { canaryInputs, canaryOutputs } from '@ccm/delivery/inputs';
import { describe, expect, it } from 'vitest';
import { actionDocs } from '../../../test/support/action-docs';

const docs = actionDocs(fileURLToPath(new URL('..', import.meta.url)), canaryInputs, canaryOutputs);

describe('canary-deploy docs follow the input schema', () => {
  it('action.yml declares exactly the schema inputs and outputs', () => {
    expect(docs.action.inputs).toEqual(docs.expectedInputs);
    expect(docs.action.outputs).toEqual(docs.expectedOutputs);
  });
  it('runs main and post from the one committed bundle on node24, post always (cancelled jobs too)', () => {
    expect(docs.action.runs).toEqual({
      using: 'node24',
      main: 'dist/index.js',
      post: 'dist/index.js',
      'post-if': 'always()',
    });
  });
  it('README input and output tables match the schema (UPDATE_DOCS=1 rewrites them)', () => {
    expect(docs.readme).toBe(docs.expectedReadmeInputs);
    expect(docs.readme).toBe(docs.expectedReadmeOutputs);
  });
});
