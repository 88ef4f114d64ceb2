/**
 * Which expressions an attacker controls. From GitHub's security hardening guide ("Understanding the
 * risk of script injections"): fields of the triggering event that anyone who opens an issue, a pull
 * request or a comment writes, plus the head branch name.
 */
const ATTACKER_CONTROLLED: readonly RegExp[] = [
  /\bgithub\.event\.(?:issue|pull_request|discussion)\.(?:title|body)\b/,
  /\bgithub\.event\.(?:comment|review|review_comment)\.body\b/,
  /\bgithub\.event\.pages(?:\[[^\]]*\]|\.\*)\.page_name\b/,
  /\bgithub\.event\.(?:commits(?:\[[^\]]*\]|\.\*)|head_commit)\.(?:message|author\.(?:email|name))\b/,
  /\bgithub\.event\.pull_request\.head\.(?:ref|label|repo\.default_branch)\b/,
  /\bgithub\.event\.workflow_run\.(?:head_branch|display_title|head_commit\.(?:message|author\.(?:email|name)))\b/,
  /\bgithub\.head_ref\b/,
];

/** Values a person with less trust than the workflow may choose: dispatch inputs, other steps' outputs. */
const CALLER_CONTROLLED: readonly RegExp[] = [
  /\bgithub\.event\.inputs\.[\w-]+/,
  /\binputs\.[\w-]+/,
  /\bsteps\.[\w-]+\.outputs\.[\w-]+/,
];

export type Trust = 'attacker' | 'caller';

/** The untrusted part of an expression, and whose it is; undefined when nothing in it is untrusted. */
export function untrustedPart(expression: string): { text: string; trust: Trust } | undefined {
  for (const pattern of ATTACKER_CONTROLLED) {
    const match = pattern.exec(expression);
    if (match) return { text: match[0], trust: 'attacker' };
  }
  for (const pattern of CALLER_CONTROLLED) {
    const match = pattern.exec(expression);
    if (match) return { text: match[0], trust: 'caller' };
  }
  return undefined;
}

/** Refs that name the pull request's own code (its head or merge commit) rather than the base branch. */
const PULL_REQUEST_CODE: readonly RegExp[] = [
  /\bgithub\.event\.pull_request\.head\.(?:sha|ref)\b/,
  /\bgithub\.event\.pull_request\.merge_commit_sha\b/,
  /\bgithub\.head_ref\b/,
  /\bgithub\.event\.workflow_run\.head_(?:sha|branch)\b/,
  /\bgithub\.event\.workflow_run\.head_commit\.id\b/,
  /refs\/pull\//,
];

export function namesPullRequestCode(text: string): boolean {
  return PULL_REQUEST_CODE.some((pattern) => pattern.test(text));
}

export function referencesSecret(expression: string): boolean {
  return /\bsecrets\.[\w-]+|\bsecrets\[/.test(expression);
}
