import { isRecord } from '../format';
import { type StreamedValue, streamJson } from '../json-stream';
import type { SecurityFinding, SecurityReport } from '../model';
import { JsonFields } from './json-fields';
import {
  baseIdsOf,
  checkResults,
  checkVersion,
  contextNeeds,
  convertResult,
  type RunContext,
  type ToolContext,
  toolContext,
  trimResult,
} from './sarif-result';

/**
 * Reads a SARIF log too big to parse whole, holding one result at a time. Every run member and every
 * child of one is handed over as it completes (paths below) and then dropped, except what the run's
 * results need: the tool's driver and extensions (their rules), originalUriBaseIds, and the location
 * of each artifact.
 *
 * Member order within a run is free in JSON. The usual orders: `tool` first (CodeQL, Trivy, Grype,
 * the schema's order) or keys sorted (Semgrep: artifacts, invocations, originalUriBaseIds, results,
 * tool). So:
 * - results after `tool` are converted at once;
 * - results before `tool` are held, trimmed to what the conversion reads, and converted when the run
 *   ends; past `holdLimit` of them the run's results are let go and read again in a second pass over
 *   the file, so memory stays bounded (a 1 GB Semgrep-ordered log then takes two passes);
 * - should `originalUriBaseIds` or `artifacts` come after results that read them (no writer we
 *   know), that run's results are read again in the second pass too, now with the whole context.
 * A run member or top-level key given twice is refused (JSON.parse would keep the last silently).
 */
export async function streamSarif(file: string, options: StreamSarifOptions = {}): Promise<SecurityReport> {
  const reader = new SarifStream(file, options.holdLimit ?? HOLD_LIMIT);
  await streamJson(file, { paths: PATHS, onValue: (value) => reader.onValue(value) });
  return { findings: await reader.finish() };
}

export interface StreamSarifOptions {
  /** How many results that come before their run's `tool` are held (tests lower it). */
  holdLimit?: number;
}

/**
 * About 30 MB of trimmed results: a Semgrep log of ~100 MB is read in one pass; a bigger one takes
 * two (twice the time, the memory of one result).
 */
const HOLD_LIMIT = 50_000;

// Depth = how many containers hold the value: `version` 1, a run 2, a run member 3, a result 4.
const PATHS = ['$.version', '$.runs', '$.runs.*', '$.runs.*.*', '$.runs.*.*.*'];

/** The members of a run the results need. */
const CONTEXT_MEMBERS = new Set(['tool', 'results', 'originalUriBaseIds', 'artifacts']);

interface RunState {
  index: number;
  at: string;
  seen: Set<string>;
  tool?: ToolContext;
  baseIds?: Record<string, unknown>;
  artifacts?: unknown[];
  /** Artifacts' locations as they stream by, until the `artifacts` member completes. */
  listed: unknown[];
  context?: RunContext;
  /** Results that came before `tool`, trimmed, with their index. */
  held: { result: unknown; index: number }[];
  /** More results came before `tool` than are held: the run is read again. */
  overflow: boolean;
  findings: SecurityFinding[];
  /** A result converted early read originalUriBaseIds / artifacts before they were seen. */
  early: { baseIds: boolean; artifacts: boolean };
}

class SarifStream {
  private readonly fields: JsonFields;
  private readonly topLevel = new Set<string>();
  private run: RunState | undefined;
  /** Each run's findings, in order. */
  private readonly findings: SecurityFinding[][] = [];
  /** Runs to read again in a second pass, with their complete context. */
  private readonly again = new Map<number, RunContext>();

  constructor(
    private readonly file: string,
    private readonly holdLimit: number,
  ) {
    this.fields = new JsonFields({ file });
  }

  onValue({ value, key, parent, stack }: StreamedValue): boolean | undefined {
    switch (stack.length) {
      case 1:
        this.onTopLevel(String(key), value);
        return undefined;
      case 2:
        this.onRun(key as number, value, parent);
        return undefined;
      case 3:
        this.onRunMember(stack, key as string, value, parent);
        return undefined;
      default:
        return this.onMemberChild(this.runAt(stack[2]?.key as number), String(stack[3]?.key), key, value, parent);
    }
  }

  /** A run, complete (its members were handed over before). */
  private onRun(index: number, value: unknown, parent: unknown): void {
    if (!Array.isArray(parent)) this.fields.array(parent, 'runs');
    this.endRun(this.runAt(index), value);
  }

  private onRunMember(stack: StreamedValue['stack'], key: string, value: unknown, parent: unknown): void {
    const runs = stack[2];
    if (!Array.isArray(runs?.value)) this.fields.array(runs?.value, 'runs');
    if (!isRecord(parent)) this.fields.record(parent, `runs[${String(runs?.key)}]`);
    this.onMember(this.runAt(runs?.key as number), key, value);
  }

  private onTopLevel(key: string, value: unknown): void {
    if (this.topLevel.has(key)) this.fields.fail(key, 'given twice');
    this.topLevel.add(key);
    if (key === 'version') checkVersion(this.fields, value);
    else this.fields.array(value, 'runs');
  }

  private runAt(index: number): RunState {
    if (this.run?.index !== index) {
      const at = `runs[${index}]`;
      const early = { baseIds: false, artifacts: false };
      this.run = { index, at, seen: new Set(), listed: [], held: [], overflow: false, findings: [], early };
    }
    return this.run;
  }

  private onMember(run: RunState, key: string, value: unknown): void {
    if (!CONTEXT_MEMBERS.has(key)) return;
    if (run.seen.has(key)) this.fields.fail(`${run.at}.${key}`, 'given twice');
    run.seen.add(key);
    run.context = undefined;
    if (key === 'tool') run.tool = toolContext(this.fields, value, run.at);
    else if (key === 'originalUriBaseIds') run.baseIds = baseIdsOf(value);
    else if (key === 'artifacts') run.artifacts = Array.isArray(value) ? run.listed : [];
    else checkResults(this.fields, value, run.at);
  }

  /** A result, an artifact, or a part of the tool or of originalUriBaseIds (kept: true). */
  private onMemberChild(run: RunState, member: string, key: unknown, value: unknown, parent: unknown): boolean {
    if (member === 'tool' || member === 'originalUriBaseIds') return true;
    if (member === 'artifacts' && Array.isArray(parent)) {
      run.listed.push(isRecord(value) && isRecord(value.location) ? { location: value.location } : null);
    } else if (member === 'results') {
      if (!Array.isArray(parent)) this.fields.array(parent, `${run.at}.results`);
      this.onResult(run, key as number, value);
    }
    return false;
  }

  private onResult(run: RunState, index: number, result: unknown): void {
    if (!run.tool) {
      if (run.overflow) return;
      if (run.held.length < this.holdLimit) {
        run.held.push({ result: trimResult(result), index });
      } else {
        run.overflow = true;
        run.held = [];
      }
      return;
    }
    const needs = contextNeeds(result);
    if (needs.baseIds && !run.baseIds) run.early.baseIds = true;
    if (needs.artifacts && !run.artifacts) run.early.artifacts = true;
    this.convert(run, this.contextOf(run), result, index);
  }

  private contextOf(run: RunState): RunContext {
    run.context ??= {
      ...(run.tool ?? toolContext(this.fields, undefined, run.at)),
      baseIds: run.baseIds ?? {},
      artifacts: run.artifacts ?? [],
    };
    return run.context;
  }

  private convert(run: RunState, context: RunContext, result: unknown, index: number): void {
    const finding = convertResult(this.fields, context, result, `${run.at}.results[${index}]`);
    if (finding) run.findings.push(finding);
  }

  private endRun(run: RunState, value: unknown): void {
    this.fields.record(value, run.at);
    const context = this.contextOf(run);
    if (!run.seen.has('results')) checkResults(this.fields, undefined, run.at);
    for (const { result, index } of run.held) this.convert(run, context, result, index);
    run.held = [];
    const late = run.overflow || (run.early.baseIds && run.baseIds) || (run.early.artifacts && run.artifacts);
    if (late) {
      this.again.set(run.index, context);
      run.findings = [];
    }
    this.findings.push(run.findings);
    this.run = undefined;
  }

  async finish(): Promise<SecurityFinding[]> {
    if (!this.topLevel.has('version')) checkVersion(this.fields, undefined);
    if (!this.topLevel.has('runs')) this.fields.array(undefined, 'runs');
    if (this.again.size > 0) await this.secondPass();
    return this.findings.length === 1 ? (this.findings[0] ?? []) : this.findings.flat();
  }

  /** Reads again the results of the runs whose context came after them, or that held too many. */
  private async secondPass(): Promise<void> {
    for (const index of this.again.keys()) this.findings[index] = [];
    await streamJson(this.file, {
      paths: ['$.runs.*.results.*'],
      onValue: ({ value, key, stack }) => {
        const index = stack[2]?.key as number;
        const context = this.again.get(index);
        const findings = this.findings[index];
        if (!context || !findings) return undefined;
        const finding = convertResult(this.fields, context, value, `runs[${index}].results[${String(key)}]`);
        if (finding) findings.push(finding);
        return undefined;
      },
    });
  }
}
