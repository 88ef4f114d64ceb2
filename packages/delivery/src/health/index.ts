import type { HealthCheck } from '../ports';
import type { HealthSettings } from '../settings';
import { HttpHealthCheck } from './http';

/** The health check of `max-health-failures`: an HTTP GET of each track's health URL. */
export function createHealthCheck(settings: HealthSettings): HealthCheck {
  return new HttpHealthCheck(settings);
}
