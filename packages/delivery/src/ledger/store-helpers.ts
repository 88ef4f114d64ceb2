import { createHash } from 'node:crypto';

/** An environment name as part of a file or git ref name: any text, so hashed. */
export function environmentKey(environment: string): string {
  return createHash('sha256').update(environment).digest('hex').slice(0, 16);
}

/** A release without its absent fields, so stores and readers see the same keys. */
export function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
