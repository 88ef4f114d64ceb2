import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import {
  atLeast,
  auditWorkflow,
  type Finding,
  LEVELS,
  type Level,
  looksLikeWorkflow,
  parsePinLock,
  pinWorkflow,
  toSarif,
} from '@ccm/audit';
import { ConfigurationError, errorMessage, FileError } from '@ccm/toolkit/errors';
import type { Command } from 'commander';
import type { CliIo } from './program';

const WORKFLOW_FILE = /\.ya?ml$/;
const SKIPPED_FOLDERS = new Set(['node_modules', '.git']);

/**
 * The workflow files of the paths: a file as given; a folder's `.github/workflows/*.yml|yaml`, and any
 * other YAML file under it with top-level `on` and `jobs` (a workflow kept elsewhere, a template).
 */
export async function workflowFiles(cwd: string, paths: readonly string[]): Promise<string[]> {
  const found = new Set<string>();
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const info = await stat(absolute).catch((error: unknown) => {
      throw new FileError({ file: path }, `cannot read: ${errorMessage(error)}`);
    });
    if (info.isFile()) found.add(absolute);
    else for (const file of await workflowsUnder(absolute)) found.add(file);
  }
  return [...found].sort();
}

/** Walks the folder itself (not node_modules or .git, which a recursive readdir would enter first). */
async function workflowsUnder(folder: string): Promise<string[]> {
  const files: string[] = [];
  for (const entry of await readdir(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    if (entry.isDirectory() && !SKIPPED_FOLDERS.has(entry.name)) files.push(...(await workflowsUnder(path)));
    if (!entry.isFile() || !WORKFLOW_FILE.test(entry.name)) continue;
    const inWorkflows = /(^|[\\/])\.github[\\/]workflows$/.test(folder);
    if (inWorkflows || looksLikeWorkflow(await readFile(path, 'utf8'))) files.push(path);
  }
  return files;
}

function parseLevel(text: string): Level | 'none' {
  if (text === 'none' || (LEVELS as readonly string[]).includes(text)) return text as Level | 'none';
  throw new ConfigurationError(`--fail-on: '${text}' is not one of error, warning, note, none`);
}

function formatFinding(finding: Finding): string {
  return `${finding.file}:${finding.line}:${finding.column}: ${finding.level} ${finding.rule}: ${finding.message}`;
}

async function readText(file: string, display: string): Promise<string> {
  return readFile(file, 'utf8').catch((error: unknown) => {
    throw new FileError({ file: display }, `cannot read: ${errorMessage(error)}`);
  });
}

/** `ccm audit` and `ccm pin`: workflow security checks and SHA pinning from a lookup file. */
export function addAuditCommands(program: Command, io: CliIo, exit: (code: number) => void): void {
  program
    .command('audit')
    .description(
      'Audit GitHub Actions workflows: unpinned actions, missing or broad permissions, script injection, dangerous pull_request_target/workflow_run use, leaked secrets. Exits 1 on findings at --fail-on or worse.',
    )
    .argument('<paths...>', 'workflow files, or folders (their .github/workflows and any workflow under them)')
    .option('--trusted-owner <owner...>', 'your own organisations: their actions need no SHA pin (repeatable)')
    .option('--json', 'print the findings as JSON')
    .option('--sarif <file>', 'also write a SARIF 2.1.0 log for code scanning')
    .option('--fail-on <level>', 'error, warning, note or none', 'warning')
    .action(
      async (paths: string[], options: { trustedOwner?: string[]; json?: boolean; sarif?: string; failOn: string }) => {
        const failOn = parseLevel(options.failOn);
        const files = await workflowFiles(io.cwd, paths);
        if (files.length === 0) throw new ConfigurationError(`no workflow file under ${paths.join(', ')}`);
        const findings: Finding[] = [];
        for (const file of files) {
          const display = relative(io.cwd, file) || file;
          findings.push(
            ...auditWorkflow(display, await readText(file, display), { trustedOwners: options.trustedOwner ?? [] }),
          );
        }
        if (options.sarif) {
          const log = toSarif(findings, (file) => file.split('\\').join('/'), '0.1.0');
          await writeFile(resolve(io.cwd, options.sarif), `${JSON.stringify(log, null, 2)}\n`);
        }
        if (options.json) io.print(JSON.stringify({ files: files.length, findings }, null, 2));
        else {
          for (const finding of findings) io.print(formatFinding(finding));
          io.print(`${findings.length} finding(s) in ${files.length} workflow file(s)`);
        }
        exit(failOn !== 'none' && findings.some((finding) => atLeast(finding.level, failOn)) ? 1 : 0);
      },
    );

  program
    .command('pin')
    .description(
      'Pin uses: owner/repo@ref to owner/repo@<sha> # ref from a lookup file (JSON or YAML, no network); the rest of each file is kept byte for byte.',
    )
    .argument('<paths...>', 'workflow files or folders')
    .requiredOption('--lock <file>', 'map of owner/repo@ref to a full commit SHA (JSON or YAML)')
    .option('--check', 'write nothing; exit 1 when something is not pinned')
    .action(async (paths: string[], options: { lock: string; check?: boolean }) => {
      const lock = parsePinLock(options.lock, await readText(resolve(io.cwd, options.lock), options.lock));
      let unpinned = 0;
      for (const file of await workflowFiles(io.cwd, paths)) {
        const display = relative(io.cwd, file) || file;
        const content = await readText(file, display);
        const result = pinWorkflow(display, content, lock);
        for (const { line, from, to } of result.pinned) {
          io.print(`${display}:${line}: ${options.check ? 'would pin' : 'pinned'} ${from} -> ${to}`);
        }
        for (const { line, uses } of result.missing) io.print(`${display}:${line}: not in the lock file: ${uses}`);
        unpinned += result.missing.length + (options.check ? result.pinned.length : 0);
        if (!options.check && result.pinned.length > 0) await writeFile(file, result.text);
      }
      io.print(unpinned === 0 ? 'every third-party uses: is pinned' : `${unpinned} uses: not pinned`);
      exit(options.check && unpinned > 0 ? 1 : 0);
    });
}
