/**
 * The little of the runner's expression language an action's metadata uses: `${{ ... }}` in input
 * defaults (context values such as `github.token`) and the status functions of `pre-if`/`post-if`.
 * Anything else is an error, so a test never runs with a value the runner would have computed differently.
 */

/** Replaces every `${{ name }}` with its value from the context; unknown names throw. */
export function expandDefault(text: string, context: ReadonlyMap<string, string | undefined>): string {
  return text.replace(/\$\{\{(.*?)\}\}/g, (_match, expression: string) => {
    const name = expression.trim();
    if (!context.has(name)) throw new Error(`unsupported expression in an input default: \${{ ${name} }}`);
    const value = context.get(name);
    if (value === undefined) throw new Error(`\${{ ${name} }} used by an input default but not given to runAction`);
    return value;
  });
}

export type JobStatus = 'success' | 'failure';

/** Evaluates a `pre-if`/`post-if` condition against the job's status so far. */
export function evaluateCondition(condition: string, status: JobStatus): boolean {
  const bare = condition
    .trim()
    .replace(/^\$\{\{(.*)\}\}$/s, '$1')
    .trim();
  switch (bare.replace(/\s+/g, '')) {
    case 'always()':
      return true;
    case 'success()':
      return status === 'success';
    case 'failure()':
      return status === 'failure';
    case 'cancelled()':
      return false;
    case '!cancelled()':
      return true;
    default:
      throw new Error(
        `unsupported condition '${condition}' (the harness knows always(), success(), failure(), cancelled())`,
      );
  }
}
