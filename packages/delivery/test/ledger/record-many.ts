// A separate writer process for the concurrency test: records N releases into a file ledger.
import { fileLedger } from '../../src/ledger';

const [file, prefix, count] = process.argv.slice(2) as [string, string, string];
const ledger = fileLedger(file);
for (let i = 0; i < Number(count); i++) {
  await ledger.record({ environment: 'production', version: `${prefix}${i}`, outcome: 'success' });
}
