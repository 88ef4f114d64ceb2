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

export type JobStatus = 'success' | 'failure' | 'cancelled';

/**
 * Evaluates a `pre-if`/`post-if` condition: the status functions, `env.NAME` (the job's variables,
 * GITHUB_ENV included, as the runner's env context holds them), string literals, `==`, `!=`, `!`,
 * `&&`, `||` and parentheses. Comparison follows the runner: strings compare case-insensitively,
 * and a missing variable is null, equal to no string.
 */
export function evaluateCondition(condition: string, status: JobStatus, env: Record<string, string> = {}): boolean {
  const bare = condition
    .trim()
    .replace(/^\$\{\{(.*)\}\}$/s, '$1')
    .trim();
  const parser = new ConditionParser(bare, status, env, condition);
  const value = parser.parse();
  return truthy(value);
}

type Value = string | boolean | null;

function truthy(value: Value): boolean {
  return value !== null && value !== false && value !== '';
}

const TOKEN = /\s*(\|\||&&|==|!=|!|\(|\)|'(?:[^']|'')*'|[A-Za-z_][A-Za-z0-9_.-]*(?:\(\))?|\S)/y;

class ConditionParser {
  private readonly tokens: string[] = [];
  private position = 0;

  constructor(
    text: string,
    private readonly status: JobStatus,
    private readonly env: Record<string, string>,
    private readonly original: string,
  ) {
    let index = 0;
    for (;;) {
      TOKEN.lastIndex = index;
      const match = TOKEN.exec(text);
      if (!match) break;
      index = TOKEN.lastIndex;
      this.tokens.push(match[1] ?? '');
    }
    if (text.slice(index).trim() !== '') this.fail('unreadable text');
  }

  parse(): Value {
    const value = this.or();
    if (this.position < this.tokens.length) this.fail(`unexpected '${this.tokens[this.position]}'`);
    return value;
  }

  private or(): Value {
    let value = this.and();
    while (this.accept('||')) {
      const right = this.and();
      value = truthy(value) ? value : right;
    }
    return value;
  }

  private and(): Value {
    let value = this.comparison();
    while (this.accept('&&')) {
      const right = this.comparison();
      value = truthy(value) ? right : value;
    }
    return value;
  }

  private comparison(): Value {
    const left = this.unary();
    if (this.accept('==')) return equal(left, this.unary());
    if (this.accept('!=')) return !equal(left, this.unary());
    return left;
  }

  private unary(): Value {
    if (this.accept('!')) return !truthy(this.unary());
    if (this.accept('(')) {
      const value = this.or();
      if (!this.accept(')')) this.fail("missing ')'");
      return value;
    }
    return this.primary();
  }

  private primary(): Value {
    const token = this.tokens[this.position++];
    if (token === undefined) this.fail('unexpected end');
    if (token.startsWith("'")) return token.slice(1, -1).replaceAll("''", "'");
    switch (token) {
      case 'always()':
        return true;
      case 'success()':
        return this.status === 'success';
      case 'failure()':
        return this.status === 'failure';
      case 'cancelled()':
        return this.status === 'cancelled';
      case 'true':
        return true;
      case 'false':
        return false;
      case 'null':
        return null;
    }
    if (token.startsWith('env.')) return this.env[token.slice(4)] ?? null;
    return this.fail(`unsupported '${token}' (the harness knows status functions, env.NAME and string literals)`);
  }

  private accept(token: string): boolean {
    if (this.tokens[this.position] !== token) return false;
    this.position++;
    return true;
  }

  private fail(reason: string): never {
    throw new Error(`unsupported condition '${this.original}': ${reason}`);
  }
}

function equal(left: Value, right: Value): boolean {
  if (typeof left === 'string' && typeof right === 'string') return left.toLowerCase() === right.toLowerCase();
  return left === right;
}
