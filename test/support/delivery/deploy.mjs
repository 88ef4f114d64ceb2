// A user's deploy command, for the rollback tests and benchmarks: `node deploy.mjs <version> <digest>`
// switches the version the local service of the working directory serves (served.json, replaced
// atomically) and appends its call to deploy.log, so a test sees whether and how it ran.
import { appendFileSync, renameSync, writeFileSync } from 'node:fs';

const [version, digest = ''] = process.argv.slice(2);
if (!version) {
  console.error('usage: node deploy.mjs <version> [digest]');
  process.exit(2);
}
appendFileSync('deploy.log', `${version} ${digest}\n`);
writeFileSync('served.json.tmp', JSON.stringify({ version, digest }));
renameSync('served.json.tmp', 'served.json');
console.log(`now serving ${version}`);
