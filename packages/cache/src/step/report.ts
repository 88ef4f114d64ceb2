import { ConfigurationError, type Runtime } from '@ccm/toolkit';

/** A store that failed is a warning with its reason, or the step's failure under `strict: true`; never silence. */
export function reportStoreFailure(runtime: Runtime, strict: boolean, message: string): void {
  if (strict) throw new ConfigurationError(`${message} (strict: true)`);
  runtime.log.warning(message);
}
