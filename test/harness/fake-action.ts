import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Writes a throw-away action to a temporary folder: its action.yml and its entry points, each an
 * ES module in `dist/` (beside a `{"type":"module"}` package.json, as ncc writes our bundles).
 */
export async function writeFakeAction(actionYml: string, scripts: Record<string, string>): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ccm-fake-action-'));
  await mkdir(join(dir, 'dist'));
  await writeFile(join(dir, 'action.yml'), actionYml);
  await writeFile(join(dir, 'dist', 'package.json'), '{ "type": "module" }\n');
  for (const [name, source] of Object.entries(scripts)) await writeFile(join(dir, 'dist', name), source);
  return dir;
}

/**
 * Helpers the fake entry points share, written as @actions/core writes its commands
 * (command.ts `escapeData`/`escapeProperty`, file-command.ts heredocs), since @actions/core is not
 * a dependency of the harness.
 */
export const PRELUDE = `
import { appendFileSync } from 'node:fs';
const escapeData = (s) => String(s).replace(/%/g, '%25').replace(/\\r/g, '%0D').replace(/\\n/g, '%0A');
const escapeProperty = (s) => escapeData(s).replace(/:/g, '%3A').replace(/,/g, '%2C');
const command = (name, properties, message) => {
  const props = Object.entries(properties).map(([k, v]) => k + '=' + escapeProperty(v)).join(',');
  process.stdout.write('::' + name + (props ? ' ' + props : '') + '::' + escapeData(message) + '\\n');
};
const fileCommand = (variable, name, value) => {
  const delimiter = 'ghadelimiter_' + Math.random().toString(36).slice(2);
  appendFileSync(process.env[variable], name + '<<' + delimiter + '\\n' + value + '\\n' + delimiter + '\\n');
};
const setOutput = (name, value) => fileCommand('GITHUB_OUTPUT', name, value);
const saveState = (name, value) => fileCommand('GITHUB_STATE', name, value);
const exportVariable = (name, value) => fileCommand('GITHUB_ENV', name, value);
`;
