import { PackageURL } from 'packageurl-js';
import type { Ecosystem } from './model';

/** Package URLs per ecosystem, built by packageurl-js; here only the split of a name into namespace and name. */

export type Qualifiers = Record<string, string>;

export function purlFor(ecosystem: Ecosystem, name: string, version?: string, qualifiers?: Qualifiers): string {
  const [namespace, base] = splitName(ecosystem, name);
  const q = qualifiers && Object.keys(qualifiers).length > 0 ? qualifiers : undefined;
  return new PackageURL(ecosystem, namespace, base, version || undefined, q).toString();
}

/** The same, or undefined where the name cannot make a valid purl (a Go module path without a slash). */
export function tryPurlFor(ecosystem: Ecosystem, name: string, version?: string): string | undefined {
  try {
    return purlFor(ecosystem, name, version);
  } catch {
    return undefined;
  }
}

/** PEP 503: runs of `-`, `_`, `.` become one `-`, lower case (packageurl-js lower-cases but keeps runs). */
export function normalizePypiName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

function splitName(ecosystem: Ecosystem, name: string): [string | undefined, string] {
  switch (ecosystem) {
    case 'npm': {
      // `@scope/name`: the scope, with its @, is the namespace.
      const slash = name.startsWith('@') ? name.indexOf('/') : -1;
      return slash > 0 ? [name.slice(0, slash), name.slice(slash + 1)] : [undefined, name];
    }
    case 'golang':
    case 'composer': {
      // A module path or `vendor/package`: everything before the last slash is the namespace.
      const slash = name.lastIndexOf('/');
      return slash > 0 ? [name.slice(0, slash), name.slice(slash + 1)] : [undefined, name];
    }
    case 'pypi':
      return [undefined, normalizePypiName(name)];
    default:
      return [undefined, name];
  }
}
