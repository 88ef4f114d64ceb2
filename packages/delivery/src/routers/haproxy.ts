import { ConfigurationError } from '@ccm/toolkit/errors';
import { HaproxyRuntimeApi, RuntimeApiUnreachable } from '../haproxy-runtime';
import { ProviderError, type Track, type TrafficRouter } from '../ports';
import type { RouterSettings } from '../settings';
import { canaryPercentOf, splitWeights } from './weights';

type HaproxySettings = Extract<RouterSettings, { kind: 'haproxy' }>;

/** The input that names each server, for errors. */
const SERVER_INPUT: Record<Track, string> = { stable: 'stable-server', canary: 'canary-server' };

/**
 * HAProxy through its Runtime API: `set weight <backend>/<server> N` moves traffic at once, with no
 * reload and no dropped connection (requests in flight finish where they are). The split is
 * stable 100 - p, canary p, so any whole percent is exact. A server set to maintenance or drain by
 * hand would take no traffic whatever its weight, so setWeight also sets the one that must serve
 * `state ready`.
 */
export class HaproxyRouter implements TrafficRouter {
  readonly name = 'haproxy';
  private readonly api: HaproxyRuntimeApi;

  constructor(private readonly settings: HaproxySettings) {
    this.api = new HaproxyRuntimeApi(settings.socket);
    const names: [string, string][] = [
      ['backend', settings.backend],
      [SERVER_INPUT.stable, settings.stableServer],
      [SERVER_INPUT.canary, settings.canaryServer],
    ];
    for (const [input, name] of names) {
      // HAProxy's own rule for proxy and server names; it also keeps a name from carrying a second command.
      if (!/^[A-Za-z0-9_.:-]+$/.test(name)) throw new ConfigurationError(`${input}: "${name}" is not an HAProxy name`);
    }
  }

  async check(): Promise<void> {
    for (const track of ['stable', 'canary'] as const) {
      let answer: string;
      try {
        answer = await this.api.command(`get weight ${this.target(track)}`);
      } catch (error) {
        if (error instanceof RuntimeApiUnreachable) {
          throw new ConfigurationError(
            `haproxy-socket: cannot reach HAProxy's Runtime API at ${this.settings.socket} (${error.message}); it needs a "stats socket ... level admin" line`,
          );
        }
        throw error;
      }
      if (/no such backend/i.test(answer)) {
        throw new ConfigurationError(`backend: HAProxy has no backend "${this.settings.backend}"`);
      }
      if (/no such server/i.test(answer)) {
        throw new ConfigurationError(
          `${SERVER_INPUT[track]}: backend "${this.settings.backend}" has no server "${this.server(track)}"`,
        );
      }
      parseWeight(answer, this.target(track));
    }
    // A read-only socket answers `get weight` but refuses changes: setting the weight it already has proves the level.
    const stable = parseWeight(await this.api.command(`get weight ${this.target('stable')}`), this.target('stable'));
    const answer = await this.api.command(`set weight ${this.target('stable')} ${stable}`);
    if (answer.trim() !== '') {
      throw new ConfigurationError(
        `haproxy-socket: ${this.settings.socket} refuses weight changes (${answer.trim()}); the socket needs "level admin"`,
      );
    }
  }

  /**
   * From `show servers state <backend>`: each server's current weight, counted as 0 while it is in
   * maintenance or drain (admin state) or down (operational state), since it then takes no new request.
   */
  async weight(): Promise<number> {
    const rows = parseServersState(await this.call(`show servers state ${this.settings.backend}`));
    const effective = (track: Track) => {
      const row = rows.get(this.server(track));
      if (!row) throw new ProviderError(`haproxy: ${this.target(track)} is missing from "show servers state"`);
      const serving = row.srv_admin_state === '0' && row.srv_op_state !== '0';
      return serving ? Number(row.srv_uweight) : 0;
    };
    const weights = { stable: effective('stable'), canary: effective('canary') };
    const percent = canaryPercentOf(weights);
    if (percent === undefined) {
      throw new ProviderError(`haproxy: both ${this.target('stable')} and ${this.target('canary')} have weight 0`);
    }
    return percent;
  }

  /**
   * Two round trips: `get weight` of the canary, then one line of commands. The side that gains
   * weight goes first: the backend never has both servers at 0 in between, and roundrobin keeps an
   * exact split (lowering one side first skewed it here: 299 of 400 requests at 50% went to the
   * canary after 5% -> 50%, measured against HAProxy 2.6). Each serving side is readied.
   */
  async setWeight(canaryPercent: number): Promise<void> {
    const weights = splitWeights(canaryPercent);
    const current = parseWeight(await this.call(`get weight ${this.target('canary')}`), this.target('canary'));
    const order: Track[] = weights.canary > current ? ['canary', 'stable'] : ['stable', 'canary'];
    const commands = order.flatMap((track) => [
      ...(weights[track] > 0 ? [`set server ${this.target(track)} state ready`] : []),
      `set weight ${this.target(track)} ${weights[track]}`,
    ]);
    const answer = (await this.call(commands)).trim();
    // Each of these commands answers nothing on success; any text is an error.
    if (answer !== '') throw new ProviderError(`haproxy: "${commands.join('; ')}" failed: ${answer}`);
  }

  private async call(command: string | string[]): Promise<string> {
    try {
      return await this.api.commands(Array.isArray(command) ? command : [command]);
    } catch (error) {
      if (error instanceof RuntimeApiUnreachable) throw new ProviderError(`haproxy: ${error.message}`);
      throw error;
    }
  }

  private server(track: Track): string {
    return track === 'stable' ? this.settings.stableServer : this.settings.canaryServer;
  }

  private target(track: Track): string {
    return `${this.settings.backend}/${this.server(track)}`;
  }
}

/** `get weight` answers "<current> (initial <configured>)". */
function parseWeight(answer: string, target: string): number {
  const match = /^(\d+) \(initial \d+\)/.exec(answer.trim());
  if (!match) throw new ProviderError(`haproxy: unexpected answer to "get weight ${target}": ${answer.trim()}`);
  return Number(match[1]);
}

/**
 * `show servers state <backend>`: a version line, a "# be_id be_name srv_id srv_name ..." header,
 * then one space-separated row per server. Returns each server's fields by header name.
 */
function parseServersState(answer: string): Map<string, Record<string, string>> {
  const lines = answer.split('\n').filter((line) => line.trim() !== '');
  const header = lines.find((line) => line.startsWith('# '));
  if (!header)
    throw new ProviderError(`haproxy: unexpected answer to "show servers state": ${answer.trim().slice(0, 200)}`);
  const names = header.slice(2).trim().split(/\s+/);
  const rows = new Map<string, Record<string, string>>();
  for (const line of lines.slice(lines.indexOf(header) + 1)) {
    const values = line.trim().split(/\s+/);
    const row = Object.fromEntries(names.map((name, i) => [name, values[i] ?? '']));
    if (row.srv_name) rows.set(row.srv_name, row);
  }
  return rows;
}
