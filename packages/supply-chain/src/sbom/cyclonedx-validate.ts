import { Spec, Validation } from '@cyclonedx/cyclonedx-library';

let validator: Validation.JsonStrictValidator | undefined;

/**
 * Errors of a CycloneDX 1.6 JSON document against the official schema (strict), or null. The
 * validator compiles the schema once, on first use (about a second), and is kept.
 */
export async function validateCycloneDx(json: string): Promise<unknown> {
  validator ??= new Validation.JsonStrictValidator(Spec.Version.v1dot6);
  return validator.validate(json);
}
