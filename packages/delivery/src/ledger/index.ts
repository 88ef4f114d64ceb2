import { resolve } from 'node:path';
import { ConfigurationError } from '@ccm/toolkit/errors';
import { fileLedger } from './file-ledger';
import type { ReleaseLedger } from './ledger';

export { fileLedger } from './file-ledger';
export * from './ledger';

/** Opens the ledger an input names: `file:PATH` (relative to `root`). */
export function openLedger(spec: string, root: string, input = 'ledger'): ReleaseLedger {
  const file = /^file:(.+)$/.exec(spec.trim());
  if (file?.[1]) return fileLedger(resolve(root, file[1]));
  throw new ConfigurationError(`${input}: '${spec}' is not a ledger; use file:PATH`);
}
