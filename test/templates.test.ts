import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

const root = fileURLToPath(new URL('..', import.meta.url));
const templates = readdirSync(join(root, 'workflows-templates')).filter((file) => file.endsWith('.yml'));

interface Step {
  uses?: string;
  with?: Record<string, unknown>;
}

/** Every ccm step in a template, with the action it names. */
function ccmSteps(file: string): { action: string; step: Step }[] {
  const workflow = parse(readFileSync(join(root, 'workflows-templates', file), 'utf8')) as {
    jobs: Record<string, { steps?: Step[] }>;
  };
  return Object.values(workflow.jobs).flatMap((job) =>
    (job.steps ?? []).flatMap((step) => {
      const match = /^<org>\/ccm\/actions\/([a-z-]+)@v1$/.exec(step.uses ?? '');
      return match?.[1] ? [{ action: match[1], step }] : [];
    }),
  );
}

function declaredInputs(action: string): string[] {
  const metadata = parse(readFileSync(join(root, 'actions', action, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, unknown>;
  };
  return Object.keys(metadata.inputs ?? {});
}

describe('workflow templates are valid YAML and use only what the actions declare', () => {
  it('there are templates for every action a user starts with', () => {
    const used = new Set(templates.flatMap((file) => ccmSteps(file).map((s) => s.action)));
    expect([...used].sort()).toEqual(['cache', 'quality-gate', 'sbom-sign']);
  });
  it.each(templates)('%s', (file) => {
    const steps = ccmSteps(file);
    for (const { action, step } of steps) {
      const unknown = Object.keys(step.with ?? {}).filter((name) => !declaredInputs(action).includes(name));
      expect(unknown, `${file}: ${action} step`).toEqual([]);
    }
  });
});

interface Job {
  permissions?: Record<string, string> | string;
  steps?: (Step & { run?: string; if?: string; name?: string; env?: Record<string, string> })[];
}

function workflowOf(file: string): { permissions?: unknown; jobs: Record<string, Job> } {
  return parse(readFileSync(join(root, 'workflows-templates', file), 'utf8'));
}

/** The steps a job runs: its own, or those of every job of the reusable workflow it calls. */
function stepsRun(job: Job & { uses?: string }): NonNullable<Job['steps']> {
  const called = /^<org>\/ccm\/\.github\/workflows\/([a-z-]+\.yml)@v1$/.exec(job.uses ?? '')?.[1];
  if (!called) return job.steps ?? [];
  const reusable = parse(readFileSync(join(root, '.github', 'workflows', called), 'utf8')) as {
    jobs: Record<string, Job>;
  };
  return Object.values(reusable.jobs).flatMap((j) => j.steps ?? []);
}

const text = (file: string) => readFileSync(join(root, 'workflows-templates', file), 'utf8');

describe('templates work as copied', () => {
  it.each(templates)('%s: third-party actions pinned by full commit SHA, the release in a comment', (file) => {
    const lines = text(file)
      .split('\n')
      .filter((line) => /^\s*(- )?uses:/.test(line));
    const thirdParty = lines.filter((line) => !line.includes('<org>/ccm/'));
    // A starter that only calls our reusable workflows has no third-party action of its own.
    if (thirdParty.length === 0)
      expect(lines.every((line) => /uses: <org>\/ccm\/\.github\/workflows\//.test(line))).toBe(true);
    for (const line of thirdParty) {
      expect(line).toMatch(/uses: [\w.-]+\/[\w.-]+@[0-9a-f]{40} # v\d+\.\d+\.\d+$/);
    }
  });

  it('one action, one pin, in every template', () => {
    const pins = new Map<string, Set<string>>();
    for (const file of templates) {
      for (const match of text(file).matchAll(/uses: ([\w.-]+\/[\w.-]+)@([0-9a-f]{40} # v[\d.]+)/g)) {
        pins.set(match[1] as string, (pins.get(match[1] as string) ?? new Set()).add(match[2] as string));
      }
    }
    for (const [action, seen] of pins) expect([...seen], action).toHaveLength(1);
  });

  it.each(templates)('%s: the header says how to pin this repository while no v1 tag exists', (file) => {
    if (!text(file).includes('<org>/ccm/')) return;
    const header = text(file)
      .split('\n')
      .filter((line) => line.startsWith('#'))
      .join(' ');
    expect(header).toContain('not tagged yet');
    expect(header).toMatch(/release tag of this repository/);
    expect(header).toMatch(/full commit SHA of it/);
  });

  it.each(templates)('%s: no workflow-wide permissions; each job asks for what it needs', (file) => {
    const workflow = workflowOf(file);
    expect(workflow.permissions).toEqual({});
    for (const [name, job] of Object.entries(workflow.jobs)) {
      expect(job.permissions, `${file}: job ${name}`).toBeDefined();
      const permissions = typeof job.permissions === 'object' ? job.permissions : {};
      const uses = stepsRun(job).map((s) => s.uses ?? '');
      // Signing and writing the repository never share a job.
      expect(permissions['id-token'] === 'write' && permissions.contents === 'write', `${file}: ${name}`).toBe(false);
      if (permissions['id-token'] === 'write') expect(uses.some((u) => u.includes('/actions/sbom-sign@'))).toBe(true);
      // A gate on a pull request comments: without pull-requests: write the comment silently never posts.
      const gates = stepsRun(job).filter((s) => s.uses?.includes('/actions/quality-gate@'));
      if (gates.some((g) => g.with?.comment !== false))
        expect(permissions['pull-requests'], `${file}: ${name}`).toBe('write');
    }
  });
});

describe('quality-gate.yml: the ESLint step never stops the gate', () => {
  const step = workflowOf('quality-gate.yml').jobs.gate?.steps?.find((s) => s.run?.includes('eslint')) as {
    run: string;
    if?: string;
  };

  /** Runs the step's command as the runner would (bash -e), with `npx eslint` the real ESLint. */
  function runStep(files: Record<string, string>) {
    const dir = mkdtempSync(join(tmpdir(), 'ccm-template-eslint-'));
    mkdirSync(join(dir, 'reports'));
    mkdirSync(join(dir, 'bin'));
    for (const [name, content] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true });
      writeFileSync(join(dir, name), content);
    }
    writeFileSync(
      join(dir, 'bin', 'npx'),
      `#!/bin/sh\nshift\nexec ${join(root, 'node_modules', '.bin', 'eslint')} "$@"\n`,
    );
    chmodSync(join(dir, 'bin', 'npx'), 0o755);
    const result = spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', step.run], {
      cwd: dir,
      env: { PATH: `${join(dir, 'bin')}:${process.env.PATH}`, HOME: dir },
      encoding: 'utf8',
    });
    return { status: result.status, dir, stderr: result.stderr };
  }

  const config = "export default [{ rules: { 'no-unused-vars': 'error' } }];\n";

  it('exits 0 on lint errors, with the report written for the gate', () => {
    const { status, dir } = runStep({
      'eslint.config.js': config,
      'src/a.js': 'const unused = 1;\nexport function f(a) { return a ? 1 : 2; }\n',
    });
    expect(status).toBe(0);
    const report = JSON.parse(readFileSync(join(dir, 'reports', 'eslint.json'), 'utf8')) as {
      errorCount: number;
      messages: { ruleId: string }[];
    }[];
    expect(report[0]?.errorCount).toBe(1);
    expect(report[0]?.messages.map((m) => m.ruleId).sort()).toEqual(['complexity', 'no-unused-vars']);
  });

  it('still fails the step when ESLint cannot run (its exit 2)', () => {
    const { status } = runStep({
      'eslint.config.js': 'export default [ syntax error',
      'src/a.js': 'export const a = 1;\n',
    });
    expect(status).not.toBe(0);
  });

  it('runs after failed tests, and the gate after it', () => {
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
    expect(step.if).toBe('${{ !cancelled() }}');
    const gate = workflowOf('quality-gate.yml').jobs.gate?.steps?.find((s) =>
      s.uses?.includes('/actions/quality-gate@'),
    );
    // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, not a JS template
    expect(gate?.if).toBe('${{ !cancelled() }}');
  });
});
