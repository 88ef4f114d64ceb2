import type { Random } from './random';

/** The workspace the synthetic reports were "written" in, as on a GitHub-hosted runner. */
export const WORKSPACE = '/home/runner/work/app/app';

const AREAS = [
  'api',
  'billing',
  'auth',
  'catalog',
  'checkout',
  'search',
  'shared',
  'admin',
  'notifications',
  'reports',
];
const LAYERS = ['handlers', 'services', 'models', 'utils', 'middleware', 'adapters', 'views', 'jobs', 'schemas'];
const WORDS = [
  'invoice',
  'session',
  'token',
  'user',
  'order',
  'cart',
  'price',
  'query',
  'index',
  'cache',
  'client',
  'mapper',
  'policy',
  'router',
  'parser',
  'store',
  'queue',
  'report',
  'export',
  'audit',
];

/** A directory for the n-th package: `<area>/<layer>` with a number, so names never repeat. */
export function packageDir(random: Random, index: number): string {
  return `${random.pick(AREAS)}${index}/${random.pick(LAYERS)}`;
}

/** A module name, unique within its package by its index. */
export function moduleName(random: Random, index: number): string {
  return `${random.pick(WORDS)}_${random.pick(WORDS)}${index}`;
}

export function identifier(random: Random): string {
  const word = random.pick(WORDS);
  return `${random.pick(['get', 'handle', 'build', 'load', 'validate', 'render', 'apply'])}${word[0]?.toUpperCase()}${word.slice(1)}`;
}

/**
 * Hit counts for `count` executable lines. Coverage comes in runs (a branch not taken leaves a block
 * uncovered), some files are never loaded, many are fully covered; hot code is hit thousands of times.
 */
export function lineHits(random: Random, count: number): number[] {
  const roll = random.next();
  const rate = roll < 0.08 ? 0 : roll < 0.3 ? 1 : 0.5 + random.next() * 0.5;
  const hits: number[] = [];
  while (hits.length < count) {
    const length = random.int(1, 12);
    const covered = random.next() < rate;
    const base = covered ? Math.floor(Math.exp(random.next() * 8)) : 0;
    for (let i = 0; i < length && hits.length < count; i++) hits.push(base);
  }
  return hits;
}
