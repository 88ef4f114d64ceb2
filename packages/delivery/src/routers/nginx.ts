import { execFile } from 'node:child_process';
import { access, constants, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { ConfigurationError } from '@ccm/toolkit/errors';
import { ProviderError, type Track, type TrafficRouter } from '../ports';
import type { RouterSettings } from '../settings';
import { canaryPercentOf, splitWeights } from './weights';

type NginxSettings = Extract<RouterSettings, { kind: 'nginx' }>;

const INPUT = {
  config: 'nginx-config',
  upstream: 'upstream',
  test: 'nginx-test-command',
  reload: 'nginx-reload-command',
  stable: 'stable-server',
  canary: 'canary-server',
} as const;
/** Anything that could end a directive or open a block in the rendered file is refused. */
const SAFE_TOKEN = /^[A-Za-z0-9_.:[\]/-]+$/;
const COMMAND_TIMEOUT_MS = 30_000;
/**
 * Open-source nginx has no API that tells when a reload took effect: `-s reload` returns once the
 * signal is sent, and the master then starts new workers and tells the old ones to stop accepting.
 * This grace covers that (measured here in tens of ms; bench/rollback-switch.ts).
 */
const RELOAD_GRACE_MS = 150;

/**
 * nginx: renders the weighted upstream into `config` (write to a temporary file beside it, then
 * rename, so nginx never reads half a file), runs the test command, then the reload command, both
 * as argument vectors. nginx refuses `weight=0`, so a server at 0% is marked `down`. A failed test
 * puts the previous file back before it throws, so the file always matches what nginx runs.
 */
export class NginxRouter implements TrafficRouter {
  readonly name = 'nginx';

  constructor(private readonly settings: NginxSettings) {
    if (!SAFE_TOKEN.test(settings.upstream))
      throw new ConfigurationError(`${INPUT.upstream}: "${settings.upstream}" is not an upstream name`);
    for (const track of ['stable', 'canary'] as const) {
      const server = this.server(track);
      if (!SAFE_TOKEN.test(server))
        throw new ConfigurationError(`${INPUT[track]}: "${server}" is not an nginx server address (host:port)`);
    }
    if (settings.stableServer === settings.canaryServer) {
      throw new ConfigurationError(`${INPUT.canary}: the canary server is the stable one (${settings.canaryServer})`);
    }
    if (settings.testCommand.length === 0) throw new ConfigurationError(`${INPUT.test}: empty command`);
    if (settings.reloadCommand.length === 0) throw new ConfigurationError(`${INPUT.reload}: empty command`);
  }

  /** The rendered file exists, is writable, names the upstream and both servers, and nginx accepts the configuration. */
  async check(): Promise<void> {
    try {
      await access(this.settings.config, constants.R_OK | constants.W_OK);
      await access(dirname(this.settings.config), constants.W_OK);
    } catch {
      throw new ConfigurationError(
        `${INPUT.config}: ${this.settings.config} must exist and be writable, with its folder (nginx.conf includes it)`,
      );
    }
    await this.readWeights(ConfigurationError);
    const result = await run(this.settings.testCommand);
    if (result.code !== 0) {
      throw new ConfigurationError(
        `${INPUT.test}: ${this.settings.testCommand.join(' ')} failed (${result.code}): ${result.output}`,
      );
    }
  }

  async weight(): Promise<number> {
    const percent = canaryPercentOf(await this.readWeights(ProviderError));
    if (percent === undefined)
      throw new ProviderError(`nginx: both servers of upstream ${this.settings.upstream} are down`);
    return percent;
  }

  async setWeight(canaryPercent: number): Promise<void> {
    const weights = splitWeights(canaryPercent);
    const previous = await readFile(this.settings.config, 'utf8').catch(() => undefined);
    await this.write(this.render(weights));
    const tested = await run(this.settings.testCommand);
    if (tested.code !== 0) {
      if (previous !== undefined) await this.write(previous);
      throw new ProviderError(
        `nginx: the rendered upstream failed ${this.settings.testCommand.join(' ')}: ${tested.output}`,
      );
    }
    const reloaded = await run(this.settings.reloadCommand);
    if (reloaded.code !== 0) {
      if (previous !== undefined) await this.write(previous);
      throw new ProviderError(
        `nginx: ${this.settings.reloadCommand.join(' ')} failed (${reloaded.code}): ${reloaded.output}`,
      );
    }
    await new Promise((resolve) => setTimeout(resolve, RELOAD_GRACE_MS));
  }

  private render(weights: Record<Track, number>): string {
    const line = (track: Track) =>
      weights[track] === 0
        ? `  server ${this.server(track)} down;`
        : `  server ${this.server(track)} weight=${weights[track]};`;
    return [
      `# Rendered by ccm canary-deploy: canary ${weights.canary}%. Rewritten at every step; do not edit.`,
      `upstream ${this.settings.upstream} {`,
      line('stable'),
      line('canary'),
      '}',
      '',
    ].join('\n');
  }

  /** Reads back each server's weight from the file (0 when `down`); a missing piece is `Failure`. */
  private async readWeights(Failure: new (message: string) => Error): Promise<Record<Track, number>> {
    const text = await readFile(this.settings.config, 'utf8').catch((error: unknown) => {
      throw new Failure(
        `${INPUT.config}: cannot read ${this.settings.config}: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    const block = new RegExp(`upstream\\s+${escapeRegExp(this.settings.upstream)}\\s*\\{([^}]*)\\}`).exec(text);
    if (!block)
      throw new Failure(`${INPUT.upstream}: ${this.settings.config} has no upstream "${this.settings.upstream}"`);
    const weightOf = (track: Track) => {
      const server = new RegExp(`^\\s*server\\s+${escapeRegExp(this.server(track))}((?:\\s+[^;\\s]+)*)\\s*;`, 'm').exec(
        block[1] ?? '',
      );
      if (!server) {
        throw new Failure(
          `${INPUT[track]}: upstream "${this.settings.upstream}" in ${this.settings.config} has no server ${this.server(track)}`,
        );
      }
      const parameters = (server[1] ?? '').trim().split(/\s+/);
      if (parameters.includes('down')) return 0;
      const weight = parameters.find((p) => p.startsWith('weight='));
      return weight ? Number(weight.slice('weight='.length)) : 1;
    };
    return { stable: weightOf('stable'), canary: weightOf('canary') };
  }

  private async write(text: string): Promise<void> {
    const temporary = join(dirname(this.settings.config), `.${basename(this.settings.config)}.${process.pid}.tmp`);
    try {
      await writeFile(temporary, text);
      await rename(temporary, this.settings.config);
    } catch (error) {
      await rm(temporary, { force: true });
      throw new ProviderError(
        `nginx: cannot write ${this.settings.config}: ${error instanceof Error ? error.message : String(error)}`,
      );
    }
  }

  private server(track: Track): string {
    return track === 'stable' ? this.settings.stableServer : this.settings.canaryServer;
  }
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

/** Runs an argument vector (never a shell); its exit code and the tail of its output. */
function run(argv: string[]): Promise<{ code: number; output: string }> {
  const [program, ...args] = argv;
  return new Promise((resolve) => {
    execFile(program!, args, { timeout: COMMAND_TIMEOUT_MS }, (error, stdout, stderr) => {
      const output = `${stdout}${stderr}`.trim().slice(-2_000);
      if (!error) return resolve({ code: 0, output });
      const code = typeof error.code === 'number' ? error.code : -1;
      resolve({ code, output: output || error.message });
    });
  });
}
