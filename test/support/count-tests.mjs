// Reads vitest's JSON report and prints what ran: the conformance cases over ../shared/fixtures
// (suites titled "[conformance] ..."), then the closing line "vitest: N passed, N failed, N skipped".
// Exits 1 when the shared fixtures are present but a conformance suite passed no test.
import { existsSync, readFileSync } from 'node:fs';

const [reportPath, sharedPath] = process.argv.slice(2);
const report = JSON.parse(readFileSync(reportPath, 'utf8'));
const TAG = '[conformance]';

const suites = new Map();
for (const file of report.testResults) {
  for (const test of file.assertionResults) {
    const title = test.ancestorTitles.find((t) => t.startsWith(TAG));
    if (!title) continue;
    const key = `${file.name.replace(`${process.cwd()}/`, '')} > ${title}`;
    const counts = suites.get(key) ?? { passed: 0, other: 0 };
    if (test.status === 'passed') counts.passed++;
    else counts.other++;
    suites.set(key, counts);
  }
}
const ran = [...suites.values()].reduce((sum, c) => sum + c.passed, 0);
const empty = [...suites].filter(([, c]) => c.passed === 0).map(([name]) => name);
let failed = false;
if (!existsSync(sharedPath)) {
  console.log(`conformance: not run (${sharedPath} absent); ${suites.size} suites skipped`);
} else if (empty.length > 0) {
  console.log(`conformance: ${ran} cases passed, but ${empty.length} suites passed none:\n  ${empty.join('\n  ')}`);
  failed = true;
} else {
  console.log(`conformance: ${ran} cases passed in ${suites.size} suites over ${sharedPath}`);
}
const skipped = report.numPendingTests + report.numTodoTests;
console.log(`vitest: ${report.numPassedTests} passed, ${report.numFailedTests} failed, ${skipped} skipped`);
process.exit(failed ? 1 : 0);
