import { mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { GateResult } from './result';

export const REPORT_VERSION = 1;

/** The machine-readable report: every condition with its threshold, actual value and verdict. */
export async function writeReport(path: string, result: GateResult): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, `${JSON.stringify({ version: REPORT_VERSION, ...result }, null, 2)}\n`);
}
