import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'vitest';

/**
 * Suites that need something a machine may lack (a real tool, the shared fixtures) never vanish:
 * when it is missing they register one test whose title says what did not run. `test/run` installs
 * every tool and sets CCM_TEST_REQUIRE_TOOLS=1, so there a missing tool fails instead of skipping.
 */

/** The repository's sibling `../shared/fixtures`: real outputs of tools that cannot run here. */
export const SHARED_FIXTURES = fileURLToPath(new URL('../../../shared/fixtures', import.meta.url));

/** Marks the suites over the shared fixtures, so test/run can count the conformance cases that ran. */
export const CONFORMANCE_TAG = '[conformance]';

export interface Requirement {
  /** What is needed, as the skipped or failing test's title shows it. */
  what: string;
  present: boolean;
  /** Whether its absence fails under test/run (tools it installs) or only skips (the shared folder). */
  strict: boolean;
}

/** A program at a fixed path; test/run installs it, so under test/run its absence fails. */
export function tool(path: string, what = path): Requirement {
  return { what, present: existsSync(path), strict: true };
}

const requireTools = () => process.env.CCM_TEST_REQUIRE_TOOLS === '1';

function notRun(requirement: Requirement): void {
  const title = `not run: ${requirement.what} is missing`;
  if (requirement.strict && requireTools())
    it(title, () => {
      throw new Error(`${title}; test/run installs it, so this machine's setup is broken`);
    });
  else it.skip(title, () => {});
}

/** `describe` when the requirement is met; otherwise one visible skipped (or failing) test. */
export function describeWith(requirement: Requirement, name: string, body: () => void): void {
  if (requirement.present) describe(name, body);
  else describe(name, () => notRun(requirement));
}

/** `it` when the requirement is met; otherwise a visible skipped (or failing) test of the same name. */
export function itWith(requirement: Requirement, name: string, body: () => unknown, timeout?: number): void {
  if (requirement.present) it(name, body, timeout);
  else describe(name, () => notRun(requirement));
}

/**
 * A conformance suite over `../shared/fixtures/<kind>`. Without the shared folder (a clone alone) it
 * shows as skipped and test/run says the conformance cases did not run; with the folder but without
 * this kind, it fails: the fixtures moved and the suite would otherwise run nothing.
 */
export function describeConformance(kind: string, name: string, body: (dir: string) => void): void {
  const dir = join(SHARED_FIXTURES, kind);
  const sharedPresent = existsSync(SHARED_FIXTURES);
  const title = `${CONFORMANCE_TAG} ${name}`;
  if (!sharedPresent) {
    describe(title, () => notRun({ what: '../shared/fixtures', present: false, strict: false }));
    return;
  }
  if (!existsSync(dir)) {
    describe(title, () =>
      it(`../shared/fixtures/${kind} exists`, () => {
        throw new Error(`../shared/fixtures is present but has no ${kind}/ folder: this suite would run nothing`);
      }),
    );
    return;
  }
  describe(title, () => body(dir));
}

/** One conformance case over `../shared/fixtures/<kind>`, in a suite that is not all conformance. */
export function itConformance(kind: string, name: string, body: () => unknown, timeout?: number): void {
  describeConformance(kind, name, () => it(name, body, timeout));
}
