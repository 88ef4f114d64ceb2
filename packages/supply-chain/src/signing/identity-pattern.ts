import { InputError } from '@ccm/toolkit';

/**
 * The expected signer of a keyless bundle (`certificate-identity`), as the user wrote it. A value
 * is matched exactly, unless it is written between slashes (`/^https://github\.com/org/.*$/`): then
 * it is a regular expression over the whole certificate identity, anchored as `^(?:...)$` whether or
 * not it says so. An empty value, `//`, and a pattern that an empty identity would match (`/.*\/`)
 * are refused: each would accept signers nobody meant.
 */
export function identityPattern(text: string, input = 'certificate-identity'): string | RegExp {
  if (text.trim() === '') throw new InputError(input, 'is empty: give the exact signer identity, or /regex/');
  const match = /^\/(.*)\/$/s.exec(text);
  if (!match) return text;
  const body = match[1] as string;
  if (body.trim() === '')
    throw new InputError(input, `'${text}' is an empty regular expression: it would match any signer`);
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^(?:${body})$`);
  } catch (error) {
    throw new InputError(input, `'${text}' is not a valid regular expression: ${(error as Error).message}`);
  }
  if (pattern.test('')) {
    throw new InputError(
      input,
      `'${text}' matches an empty identity, so it would accept any signer: name the identity`,
    );
  }
  return pattern;
}
