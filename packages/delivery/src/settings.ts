/**
 * What it takes to open each adapter, as plain data: the action's and the CLI's inputs are turned
 * into these (inputs.ts), and `createRouter` / `createMetricProvider` / `createHealthCheck` turn them
 * into adapters (routers/index.ts, metrics/index.ts, health/index.ts). Commands are argument vectors,
 * never shell strings.
 */
import type { Track } from './ports';

export type RouterSettings =
  | {
      kind: 'haproxy';
      /** The Runtime API: a Unix socket path, or host:port of a TCP `stats socket ... level admin`. */
      socket: string;
      backend: string;
      stableServer: string;
      canaryServer: string;
    }
  | {
      kind: 'nginx';
      /** The file the adapter renders the weighted upstream into (included by the user's nginx.conf). */
      config: string;
      upstream: string;
      /** host:port of each version. */
      stableServer: string;
      canaryServer: string;
      /** Checks the configuration before a reload; default ['nginx', '-t']. */
      testCommand: string[];
      /** Applies it; default ['nginx', '-s', 'reload']. */
      reloadCommand: string[];
    }
  | {
      kind: 'gateway-api';
      /** The HTTPRoute's name and namespace, and the two backendRefs' service names. */
      route: string;
      namespace: string;
      stableBackend: string;
      canaryBackend: string;
      /** A kubeconfig file; default: the client's own lookup (KUBECONFIG, ~/.kube/config, in-cluster). */
      kubeconfig?: string;
    }
  | {
      /** The built-in weighted HTTP proxy (the demo's router on a machine without HAProxy). */
      kind: 'local';
      /** host:port it listens on (port 0: any free one). */
      listen: string;
      /** Base URLs of each version. */
      upstreams: Record<Track, string>;
    };

export type MetricSettings =
  | {
      kind: 'prometheus';
      url: string;
      /** PromQL with {{ version }} and {{ interval }}; the result is in percent. */
      errorRateQuery: string;
      /** PromQL with {{ version }} and {{ interval }}; the result is in seconds (converted to ms). */
      latencyQuery: string;
      /** Resolution of range queries for the baseline samples, in seconds. */
      stepSeconds: number;
      /**
       * PromQL with {{ version }} and {{ interval }}: requests in the window, for `min-samples`
       * (input `request-count-query`); default: sum(increase(http_requests_total{version=...}[...])).
       */
      countQuery?: string;
    }
  | {
      kind: 'haproxy';
      socket: string;
      backend: string;
      stableServer: string;
      canaryServer: string;
    }
  | {
      /** The built-in prober: it sends its own requests to each version and times them. */
      kind: 'probe';
      urls: Record<Track, string>;
      /** Requests per second per track while observing. */
      rate: number;
      timeoutMs: number;
    };

export interface HealthSettings {
  /** The canary's health endpoint (stable's is optional); a 2xx within the timeout is healthy. */
  urls: Partial<Record<Track, string>>;
  timeoutMs: number;
}
