import { ConfigurationError } from '@ccm/toolkit/errors';
import { ApiException, CustomObjectsApi, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node';
import { ProviderError, type Track, type TrafficRouter } from '../ports';
import type { RouterSettings } from '../settings';
import { canaryPercentOf, splitWeights } from './weights';

type GatewaySettings = Extract<RouterSettings, { kind: 'gateway-api' }>;

const ROUTE = { group: 'gateway.networking.k8s.io', version: 'v1', plural: 'httproutes' } as const;
const BACKEND_INPUT: Record<Track, string> = { stable: 'stable-backend', canary: 'canary-backend' };
/** How long setWeight waits for the Gateway controller to accept the new generation of the route. */
const ACCEPT_TIMEOUT_MS = 30_000;
const ATTEMPTS = 3;

/** The parts of an HTTPRoute (Gateway API v1) this router reads. */
interface HttpRoute {
  metadata: { resourceVersion?: string; generation?: number };
  spec: { rules?: { backendRefs?: { name: string; weight?: number }[] }[] };
  status?: { parents?: { conditions?: { type: string; status: string; observedGeneration?: number }[] }[] };
}

/**
 * Kubernetes Gateway API: the HTTPRoute's `backendRefs[].weight` through @kubernetes/client-node's
 * CustomObjectsApi. Every rule that lists both backends gets stable 100 - p and canary p (the API
 * takes 0 to 1,000,000; a weight of 0 sends nothing). The change is one JSON Patch that first tests
 * the route's resourceVersion, so an edit by someone else in between is never overwritten (the
 * router reads again and retries). setWeight resolves once every parent Gateway reports the route
 * Accepted at the new generation, which is when its controller has taken the split.
 */
export class GatewayApiRouter implements TrafficRouter {
  readonly name = 'gateway-api';
  private readonly api: CustomObjectsApi;

  constructor(private readonly settings: GatewaySettings) {
    const config = new KubeConfig();
    try {
      if (settings.kubeconfig) config.loadFromFile(settings.kubeconfig);
      else config.loadFromDefault();
    } catch (error) {
      throw new ConfigurationError(
        `kubeconfig: cannot load ${settings.kubeconfig ?? 'the default kubeconfig'}: ${message(error)}`,
      );
    }
    if (!config.getCurrentCluster())
      throw new ConfigurationError(
        `kubeconfig: ${settings.kubeconfig ?? 'the default kubeconfig'} has no current cluster`,
      );
    this.api = config.makeApiClient(CustomObjectsApi);
  }

  async check(): Promise<void> {
    const route = await this.read(ConfigurationError);
    this.rules(route, ConfigurationError);
    if ((route.status?.parents ?? []).length === 0) {
      throw new ConfigurationError(
        `http-route: ${this.routeName()} is not attached to any Gateway (status.parents is empty)`,
      );
    }
  }

  async weight(): Promise<number> {
    const route = await this.read(ProviderError);
    const [first] = this.rules(route, ProviderError);
    const refs = route.spec.rules![first!]!.backendRefs!;
    const weightOf = (track: Track) => refs.find((ref) => ref.name === this.backend(track))?.weight ?? 1;
    const percent = canaryPercentOf({ stable: weightOf('stable'), canary: weightOf('canary') });
    if (percent === undefined)
      throw new ProviderError(`gateway-api: both backends of ${this.routeName()} have weight 0`);
    return percent;
  }

  async setWeight(canaryPercent: number): Promise<void> {
    const weights = splitWeights(canaryPercent);
    for (let attempt = 1; ; attempt++) {
      const route = await this.read(ProviderError);
      const patch: object[] = [
        { op: 'test', path: '/metadata/resourceVersion', value: route.metadata.resourceVersion },
      ];
      for (const rule of this.rules(route, ProviderError)) {
        route.spec.rules![rule]!.backendRefs!.forEach((ref, index) => {
          const track = (['stable', 'canary'] as const).find((t) => this.backend(t) === ref.name);
          if (track)
            patch.push({ op: 'add', path: `/spec/rules/${rule}/backendRefs/${index}/weight`, value: weights[track] });
        });
      }
      try {
        const patched = (await this.api.patchNamespacedCustomObject(
          { ...ROUTE, namespace: this.settings.namespace, name: this.settings.route, body: patch },
          setHeaderOptions('Content-Type', PatchStrategy.JsonPatch),
        )) as HttpRoute;
        await this.accepted(patched.metadata.generation ?? 0);
        return;
      } catch (error) {
        // The route changed since it was read (the test op failed): read it again.
        const conflict = error instanceof ApiException && (error.code === 409 || error.code === 422);
        if (!conflict || attempt >= ATTEMPTS) throw this.failure(error, ProviderError);
      }
    }
  }

  /** Waits until every parent's Accepted condition is True at `generation` or later. */
  private async accepted(generation: number): Promise<void> {
    const deadline = Date.now() + ACCEPT_TIMEOUT_MS;
    for (;;) {
      const parents = (await this.read(ProviderError)).status?.parents ?? [];
      const done = parents.every((parent) =>
        parent.conditions?.some(
          (c) => c.type === 'Accepted' && c.status === 'True' && (c.observedGeneration ?? 0) >= generation,
        ),
      );
      if (done) return;
      if (Date.now() > deadline) {
        throw new ProviderError(
          `gateway-api: ${this.routeName()} not accepted at generation ${generation} within ${ACCEPT_TIMEOUT_MS} ms`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Indexes of the rules that list both backends; none is the user's mistake, named by the missing one. */
  private rules(route: HttpRoute, Failure: new (message: string) => Error): number[] {
    const rules = route.spec?.rules ?? [];
    const holds = (i: number, track: Track) =>
      (rules[i]?.backendRefs ?? []).some((ref) => ref.name === this.backend(track));
    const both = rules.map((_rule, i) => i).filter((i) => holds(i, 'stable') && holds(i, 'canary'));
    if (both.length > 0) return both;
    for (const track of ['stable', 'canary'] as const) {
      if (!rules.some((_rule, i) => holds(i, track))) {
        throw new Failure(
          `${BACKEND_INPUT[track]}: ${this.routeName()} has no backendRef named "${this.backend(track)}"`,
        );
      }
    }
    throw new Failure(
      `http-route: no rule of ${this.routeName()} lists both ${this.backend('stable')} and ${this.backend('canary')}`,
    );
  }

  private async read(Failure: new (message: string) => Error): Promise<HttpRoute> {
    try {
      const route = (await this.api.getNamespacedCustomObject({
        ...ROUTE,
        namespace: this.settings.namespace,
        name: this.settings.route,
      })) as HttpRoute;
      if (typeof route !== 'object' || route === null || typeof route.spec !== 'object') {
        throw new ProviderError(
          `gateway-api: ${this.routeName()}: the API server answered something that is not an HTTPRoute`,
        );
      }
      return route;
    } catch (error) {
      throw this.failure(error, Failure);
    }
  }

  /** 404, 401 and 403 are the user's to fix whenever they happen; anything else is `Failure`. */
  private failure(error: unknown, Failure: new (message: string) => Error): Error {
    if (error instanceof ProviderError) return error;
    if (error instanceof ApiException) {
      if (error.code === 404) return new ConfigurationError(`http-route: HTTPRoute ${this.routeName()} not found`);
      if (error.code === 401 || error.code === 403) {
        return new ConfigurationError(
          `kubeconfig: the API server refused access to ${this.routeName()} (HTTP ${error.code})`,
        );
      }
      return new Failure(`gateway-api: ${this.routeName()}: HTTP ${error.code}: ${statusMessage(error.body)}`);
    }
    return new Failure(`gateway-api: cannot reach the API server: ${message(error)}`);
  }

  private backend(track: Track): string {
    return track === 'stable' ? this.settings.stableBackend : this.settings.canaryBackend;
  }

  private routeName(): string {
    return `${this.settings.namespace}/${this.settings.route}`;
  }
}

/** The API server's errors are a Status object (`{kind: "Status", message}`); anything else is shown short. */
function statusMessage(body: unknown): string {
  if (typeof body === 'string') {
    try {
      return statusMessage(JSON.parse(body));
    } catch {
      return body.slice(0, 200);
    }
  }
  if (typeof body === 'object' && body !== null && 'message' in body) return String(body.message).slice(0, 200);
  return String(body).slice(0, 200);
}

function message(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
