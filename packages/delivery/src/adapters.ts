/** The real adapters of a step: the routers, providers and checks the inputs name. */
import { ConfigurationError } from '@ccm/toolkit/errors';
import { createMetricProvider } from './metrics';
import { createRouter } from './routers';
import { httpSmokeCheck } from './smoke';
import type { CanaryAdapters } from './step';

export { createMetricProvider, createRouter };

export function realAdapters(): CanaryAdapters {
  return {
    createRouter,
    createMetricProvider,
    createHealthCheck: () => {
      throw new ConfigurationError('input health-url: health checks are not wired into this build yet');
    },
    smokeCheck: httpSmokeCheck,
  };
}
