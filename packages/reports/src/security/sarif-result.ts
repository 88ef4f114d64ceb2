import { isRecord } from '../format';
import type { SecurityFinding, Severity } from '../model';
import type { JsonFields } from './json-fields';
import { mapSeverity, severityFromScore } from './severity';

/**
 * One SARIF result as a finding, given its run's context. Both the whole-document reader (sarif.ts)
 * and the streaming one (sarif-stream.ts) call `convertResult`, so they cannot disagree on a result.
 */

type Rule = Record<string, unknown>;

/** What a run's tool says, for reading its results. */
export interface ToolContext {
  toolName: string;
  /** The driver, then the extensions (a rule's `toolComponent.index` counts extensions only). */
  components: Record<string, unknown>[];
  rulesOf: unknown[][];
  rulesById: Map<string, Rule>;
  /** One string per distinct id, message and file across the run's findings (see `interner`). */
  intern: (text: string) => string;
}

export interface RunContext extends ToolContext {
  /** run.originalUriBaseIds ({} when absent). */
  baseIds: Record<string, unknown>;
  /** run.artifacts ([] when absent); only each entry's `location` is read. */
  artifacts: unknown[];
}

/** SARIF §3.27.10: a result's level, when neither it nor its rule gives one, is `warning`. */
const LEVELS: Readonly<Record<string, Severity>> = { error: 'high', warning: 'medium', note: 'low', none: 'low' };

/** SARIF §3.27.9 kinds that do not report a problem. */
const NOT_PROBLEMS = new Set(['pass', 'notApplicable', 'informational']);

export function checkVersion(fields: JsonFields, value: unknown): void {
  const version = fields.string(value, 'version');
  if (version !== '2.1.0') fields.fail('version', `SARIF ${version} is not supported (expected 2.1.0)`);
}

/** SARIF §3.14.23: an absent `results` means the tool did not produce results, which is not "no findings". */
export function checkResults(fields: JsonFields, value: unknown, at: string): unknown[] {
  if (value === undefined || value === null) {
    fields.fail(`${at}.results`, 'absent: the tool produced no results for this run (it did not complete)');
  }
  return fields.array(value, `${at}.results`);
}

/** Reads `run.tool` (`at` is the run's JSON path, `runs[0]`). */
export function toolContext(fields: JsonFields, value: unknown, at: string): ToolContext {
  const tool = fields.record(value, `${at}.tool`);
  const driver = fields.record(tool.driver, `${at}.tool.driver`);
  const toolName = fields.string(driver.name, `${at}.tool.driver.name`);
  const components = [driver, ...fields.optionalArray(tool.extensions, `${at}.tool.extensions`)].map((c, i) =>
    fields.record(c, i === 0 ? `${at}.tool.driver` : `${at}.tool.extensions[${i - 1}]`),
  );
  const rulesOf = components.map((c, i) =>
    fields.optionalArray(c.rules, i === 0 ? `${at}.tool.driver.rules` : `${at}.tool.extensions[${i - 1}].rules`),
  );
  const rulesById = new Map<string, Rule>();
  for (const rules of rulesOf) {
    for (const rule of rules) {
      if (isRecord(rule) && typeof rule.id === 'string' && !rulesById.has(rule.id)) rulesById.set(rule.id, rule);
    }
  }
  return { toolName, components, rulesOf, rulesById, intern: interner() };
}

/** Distinct strings remembered per run: beyond that, new ones are kept as they are. */
const INTERN_LIMIT = 50_000;

/**
 * Findings repeat their rule id, their file and often their message (the rule's text), but each parsed
 * result brings its own copy: sharing one string each makes a log of 250k findings take half the memory.
 */
function interner(): (text: string) => string {
  const known = new Map<string, string>();
  return (text) => {
    const found = known.get(text);
    if (found !== undefined) return found;
    if (known.size < INTERN_LIMIT) known.set(text, text);
    return text;
  };
}

/** run.originalUriBaseIds as the results read it. */
export function baseIdsOf(value: unknown): Record<string, unknown> {
  return isRecord(value) ? value : {};
}

/** The finding a result reports, or undefined when it reports none (suppressed, not a problem, absent). */
export function convertResult(
  fields: JsonFields,
  run: RunContext,
  value: unknown,
  path: string,
): SecurityFinding | undefined {
  const result = fields.record(value, path);
  if (reportsNoProblem(fields, result, path)) return undefined;
  const rule = findRule(fields, result, path, run);
  const finding: SecurityFinding = {
    tool: run.toolName,
    id: run.intern(ruleIdOf(fields, result, rule, path)),
    severity: severityOf(fields, result, rule, path),
    message: run.intern(messageOf(fields, result, rule, path)),
  };
  const location = locationOf(fields, result, path, run);
  if (location.file !== undefined) finding.file = run.intern(location.file);
  if (location.line !== undefined) finding.line = location.line;
  return finding;
}

/** Not a problem (its kind says so), suppressed, or gone since the baseline. */
function reportsNoProblem(fields: JsonFields, result: Record<string, unknown>, path: string): boolean {
  const kind = fields.optionalString(result.kind, `${path}.kind`);
  if (kind !== undefined && NOT_PROBLEMS.has(kind)) return true;
  return isSuppressed(fields, result, path) || result.baselineState === 'absent';
}

/** The result's rule id: its own `ruleId`, its rule reference's `id`, or the id of the rule it indexes. */
function ruleIdOf(fields: JsonFields, result: Record<string, unknown>, rule: Rule | undefined, path: string): string {
  const id =
    fields.optionalString(result.ruleId, `${path}.ruleId`) ??
    (isRecord(result.rule) ? fields.optionalString(result.rule.id, `${path}.rule.id`) : undefined) ??
    (rule ? fields.optionalString(rule.id, `${path} rule.id`) : undefined);
  if (id === undefined) fields.fail(path, 'names no rule (no ruleId, rule.id or ruleIndex)');
  return id;
}

/**
 * The members of a result that `convertResult` reads, and only those: a result held back by the
 * streaming reader (it came before its run's `tool`) costs little memory, without codeFlows,
 * fingerprints, snippets and the rest. Keep in step with convertResult and its helpers below.
 */
export function trimResult(value: unknown): unknown {
  if (!isRecord(value)) return value;
  const kept: Record<string, unknown> = {};
  for (const key of ['kind', 'suppressions', 'baselineState', 'rule', 'ruleId', 'ruleIndex', 'level', 'message']) {
    if (key in value) kept[key] = value[key];
  }
  const { properties, locations } = value;
  if ('properties' in value) {
    kept.properties = isRecord(properties) ? { 'security-severity': properties['security-severity'] } : properties;
  }
  if ('locations' in value)
    kept.locations = Array.isArray(locations) ? locations.slice(0, 1).map(trimLocation) : locations;
  return kept;
}

function trimLocation(location: unknown): unknown {
  if (!isRecord(location) || !isRecord(location.physicalLocation)) return location;
  const { artifactLocation, region } = location.physicalLocation;
  const physical: Record<string, unknown> = { artifactLocation };
  if (region !== undefined) physical.region = isRecord(region) ? { startLine: region.startLine } : region;
  return { physicalLocation: physical };
}

/**
 * Which parts of the run's context a result's location reads: `originalUriBaseIds` when its uri has a
 * base id, `artifacts` (and their base ids) when it refers to an artifact by index. The streaming
 * reader uses it to know whether a context member that came after the result would have changed it.
 */
export function contextNeeds(value: unknown): { baseIds: boolean; artifacts: boolean } {
  const artifact = firstArtifactLocation(value);
  if (!artifact) return { baseIds: false, artifacts: false };
  const byIndex = artifact.uri === undefined && typeof artifact.index === 'number';
  return { baseIds: byIndex || typeof artifact.uriBaseId === 'string', artifacts: byIndex };
}

function firstArtifactLocation(value: unknown): Record<string, unknown> | undefined {
  if (!isRecord(value) || !Array.isArray(value.locations)) return undefined;
  const first: unknown = value.locations[0];
  if (!isRecord(first) || !isRecord(first.physicalLocation)) return undefined;
  const artifact = first.physicalLocation.artifactLocation;
  return isRecord(artifact) ? artifact : undefined;
}

/** Suppressed when any suppression is accepted, or has no status (SARIF §3.35.3). */
function isSuppressed(fields: JsonFields, result: Record<string, unknown>, path: string): boolean {
  return fields.optionalArray(result.suppressions, `${path}.suppressions`).some((s, i) => {
    const suppression = fields.record(s, `${path}.suppressions[${i}]`);
    const status = fields.optionalString(suppression.status, `${path}.suppressions[${i}].status`);
    return status === undefined || status === 'accepted';
  });
}

/** The rule a result refers to: by `rule.index`/`ruleIndex` in the right tool component, else by id. */
function findRule(
  fields: JsonFields,
  result: Record<string, unknown>,
  path: string,
  run: ToolContext,
): Rule | undefined {
  const reference = isRecord(result.rule) ? result.rule : undefined;
  const component = componentOf(fields, reference, path, run);
  const index = ruleIndexOf(fields, result, reference, path);
  if (index !== undefined && index >= 0) {
    const rule = run.rulesOf[component]?.[index];
    if (!isRecord(rule)) fields.fail(path, `rule index ${index} is out of range of the tool's rules`);
    return rule;
  }
  const id = stringOr(result.ruleId) ?? stringOr(reference?.id);
  return id === undefined ? undefined : run.rulesById.get(id);
}

/** Which tool component's rules a rule reference indexes: 0 the driver, i + 1 the extension i. */
function componentOf(
  fields: JsonFields,
  reference: Record<string, unknown> | undefined,
  path: string,
  run: ToolContext,
): number {
  const tc = reference?.toolComponent;
  if (!isRecord(tc)) return 0;
  const index = fields.optionalNumber(tc.index, `${path}.rule.toolComponent.index`);
  // toolComponent.index counts extensions only (the driver is not in that array).
  let component = 0;
  if (index !== undefined) component = index + 1;
  else if (typeof tc.name === 'string')
    component = Math.max(
      0,
      run.components.findIndex((c) => c.name === tc.name),
    );
  if (component >= run.components.length) fields.fail(`${path}.rule.toolComponent`, 'refers to no tool extension');
  return component;
}

/** `rule.index`, else `ruleIndex`. */
function ruleIndexOf(
  fields: JsonFields,
  result: Record<string, unknown>,
  reference: Record<string, unknown> | undefined,
  path: string,
): number | undefined {
  const index = reference ? fields.optionalNumber(reference.index, `${path}.rule.index`) : undefined;
  return index ?? fields.optionalNumber(result.ruleIndex, `${path}.ruleIndex`);
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function severityOf(
  fields: JsonFields,
  result: Record<string, unknown>,
  rule: Rule | undefined,
  path: string,
): Severity {
  const score =
    scoreOf(fields, result.properties, `${path}.properties`) ??
    scoreOf(fields, rule?.properties, `${path} rule.properties`);
  const fromScore = score === undefined ? undefined : severityFromScore(score);
  if (fromScore) return fromScore;
  const configuration = isRecord(rule?.defaultConfiguration) ? rule.defaultConfiguration : {};
  const level = result.level ?? configuration.level ?? 'warning';
  return mapSeverity(fields, LEVELS, level, result.level !== undefined ? `${path}.level` : `${path} rule level`);
}

/** `security-severity` is a string in the GitHub docs ("8.8"); some tools write a number. */
function scoreOf(fields: JsonFields, properties: unknown, path: string): number | undefined {
  if (!isRecord(properties)) return undefined;
  const raw = properties['security-severity'];
  if (raw === undefined || raw === null || raw === '') return undefined;
  const score = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
  if (!Number.isFinite(score))
    fields.fail(`${path}.security-severity`, `expected a score, found ${JSON.stringify(raw)}`);
  return score;
}

/** The message text, or the rule's message string it references by id, with {n} placeholders filled. */
function messageOf(fields: JsonFields, result: Record<string, unknown>, rule: Rule | undefined, path: string): string {
  const message = fields.record(result.message, `${path}.message`);
  const text =
    fields.optionalString(message.text, `${path}.message.text`) ??
    fields.optionalString(message.markdown, `${path}.message.markdown`);
  let template = text;
  if (template === undefined && typeof message.id === 'string' && isRecord(rule?.messageStrings)) {
    const entry = rule.messageStrings[message.id];
    if (isRecord(entry) && typeof entry.text === 'string') template = entry.text;
  }
  if (template === undefined) fields.fail(`${path}.message`, 'has no text');
  const args = Array.isArray(message.arguments) ? message.arguments : [];
  return template.replace(/\{(\d+)\}/g, (whole, n: string) => {
    const arg = args[Number(n)];
    return typeof arg === 'string' ? arg : whole;
  });
}

function locationOf(
  fields: JsonFields,
  result: Record<string, unknown>,
  path: string,
  run: RunContext,
): { file?: string; line?: number } {
  const locations = fields.optionalArray(result.locations, `${path}.locations`);
  const first = locations[0];
  if (!isRecord(first) || !isRecord(first.physicalLocation)) return {};
  const physical = first.physicalLocation;
  const at = `${path}.locations[0].physicalLocation`;
  const out: { file?: string; line?: number } = {};
  const file = fileOf(fields, artifactOf(physical, run), at, run);
  if (file !== undefined) out.file = file;
  const line = lineOf(fields, physical.region, at);
  if (line !== undefined) out.line = line;
  return out;
}

/** The physical location's artifact, which may be given only by its index into run.artifacts (SARIF §3.4.5). */
function artifactOf(physical: Record<string, unknown>, run: RunContext): Record<string, unknown> | undefined {
  const artifact = isRecord(physical.artifactLocation) ? physical.artifactLocation : undefined;
  if (artifact?.uri !== undefined || typeof artifact?.index !== 'number') return artifact;
  const listed = run.artifacts[artifact.index];
  return isRecord(listed) && isRecord(listed.location) ? listed.location : artifact;
}

function fileOf(
  fields: JsonFields,
  artifact: Record<string, unknown> | undefined,
  at: string,
  run: RunContext,
): string | undefined {
  if (!artifact) return undefined;
  const uri = fields.optionalString(artifact.uri, `${at}.artifactLocation.uri`);
  return uri === undefined ? undefined : resolveUri(uri, artifact.uriBaseId, run.baseIds);
}

function lineOf(fields: JsonFields, region: unknown, at: string): number | undefined {
  return isRecord(region) ? fields.optionalLine(region.startLine, `${at}.region.startLine`) : undefined;
}

/**
 * A path from a SARIF uri: joined to its uriBaseId's uri when the log defines it (originalUriBaseIds,
 * possibly chained), `file://` stripped, percent-escapes decoded. An undefined base (`%SRCROOT%` in
 * CodeQL logs) leaves the uri relative, which is relative to the repository root.
 */
function resolveUri(uri: string, baseId: unknown, baseIds: Record<string, unknown>): string {
  let resolved = uri;
  let id = baseId;
  for (let depth = 0; typeof id === 'string' && depth < 8 && !/^[a-z][\w+.-]*:/i.test(resolved); depth++) {
    const base = baseIds[id];
    if (!isRecord(base) || typeof base.uri !== 'string') break;
    resolved = base.uri.endsWith('/') || base.uri === '' ? base.uri + resolved : `${base.uri}/${resolved}`;
    id = base.uriBaseId;
  }
  if (/^file:/i.test(resolved)) resolved = resolved.replace(/^file:(\/\/[^/]*)?/i, '');
  try {
    return decodeURIComponent(resolved);
  } catch {
    return resolved;
  }
}
