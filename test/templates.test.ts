import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
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
