import type { FingerprintManifest } from './fingerprint-manifest';

export interface FingerprintDifference {
  kind: 'suite' | 'file' | 'env' | 'command' | 'runtime';
  name: string;
  change: 'added' | 'removed' | 'changed';
}

const KINDS: readonly FingerprintDifference['kind'][] = ['suite', 'command', 'runtime', 'env', 'file'];

/** Which inputs differ between two manifests, in a fixed order: suite, command, runtimes, env, files. */
export function explainFingerprints(before: FingerprintManifest, after: FingerprintManifest): FingerprintDifference[] {
  const differences: FingerprintDifference[] = [];
  if (before.suite !== after.suite) differences.push({ kind: 'suite', name: 'suite', change: 'changed' });
  if (before.command !== after.command) {
    differences.push({ kind: 'command', name: 'command', change: presence(before.command, after.command) });
  }
  differences.push(...compareRecords('runtime', before.runtimes, after.runtimes));
  differences.push(...compareRecords('env', before.env, after.env));
  differences.push(...compareRecords('file', before.files, after.files));
  return differences;
}

function compareRecords(
  kind: FingerprintDifference['kind'],
  before: Record<string, unknown>,
  after: Record<string, unknown>,
): FingerprintDifference[] {
  const names = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
  const differences: FingerprintDifference[] = [];
  for (const name of names) {
    const inBefore = Object.hasOwn(before, name);
    const inAfter = Object.hasOwn(after, name);
    if (!inBefore) differences.push({ kind, name, change: 'added' });
    else if (!inAfter) differences.push({ kind, name, change: 'removed' });
    else if (before[name] !== after[name]) differences.push({ kind, name, change: 'changed' });
  }
  return differences;
}

function presence(before: string | null, after: string | null): FingerprintDifference['change'] {
  if (before === null) return 'added';
  return after === null ? 'removed' : 'changed';
}

export interface ExplainFormatOptions {
  /** At most this many lines per kind of difference; the rest are counted. Default: all. */
  maxPerKind?: number;
}

/**
 * Plain text for the CLI and the job summary: the two fingerprints, then one line per difference with
 * the old and new value where that is safe to show (commands, runtimes, the set/unset state of a
 * variable; never a variable's value, which the manifest does not hold anyway).
 */
export function formatExplanation(
  before: FingerprintManifest,
  after: FingerprintManifest,
  differences: readonly FingerprintDifference[],
  options: ExplainFormatOptions = {},
): string {
  const lines = [
    `before: ${before.fingerprint} (suite ${before.suite})`,
    `after:  ${after.fingerprint} (suite ${after.suite})`,
  ];
  if (differences.length === 0) {
    lines.push(
      before.fingerprint === after.fingerprint
        ? 'The fingerprints are the same: nothing the suite depends on changed.'
        : 'No input differs, yet the fingerprints do: the manifests were computed by different versions of ccm.',
    );
    return lines.join('\n');
  }
  lines.push(`${differences.length} input${differences.length === 1 ? ' differs' : 's differ'}:`);
  const limit = options.maxPerKind ?? Number.POSITIVE_INFINITY;
  for (const kind of KINDS) {
    const ofKind = differences.filter((difference) => difference.kind === kind);
    for (const difference of ofKind.slice(0, limit)) lines.push(`  ${describe(before, after, difference)}`);
    if (ofKind.length > limit) lines.push(`  ... and ${ofKind.length - limit} more ${kind} differences`);
  }
  return lines.join('\n');
}

function describe(before: FingerprintManifest, after: FingerprintManifest, difference: FingerprintDifference): string {
  const { kind, name, change } = difference;
  switch (kind) {
    case 'suite':
      return `suite renamed: ${JSON.stringify(before.suite)} -> ${JSON.stringify(after.suite)}`;
    case 'command':
      return `command ${change}: ${shown(before.command)} -> ${shown(after.command)}`;
    case 'runtime':
      return `runtime ${name} ${change}: ${before.runtimes[name] ?? '(not needed)'} -> ${after.runtimes[name] ?? '(not needed)'}`;
    case 'env':
      return `env ${name} ${envChange(before.env[name], after.env[name], change)}`;
    case 'file':
      return `file ${change}: ${name}`;
  }
}

function shown(command: string | null): string {
  return command === null ? '(none)' : JSON.stringify(command);
}

function envChange(before: string | null | undefined, after: string | null | undefined, change: string): string {
  const state = (hash: string | null | undefined) => (hash === null ? 'unset' : 'set');
  if (change === 'added') return `added to the list (${state(after)})`;
  if (change === 'removed') return `removed from the list (was ${state(before)})`;
  return before !== null && after !== null ? 'changed value' : `changed: ${state(before)} -> ${state(after)}`;
}
