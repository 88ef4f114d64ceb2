import { isAbsolute, resolve } from 'node:path';
import { type InputSpec, type RawInputReader, readInput } from '@ccm/toolkit';
import { ConfigurationError } from '@ccm/toolkit/errors';
import { type ConfigComponent, type GateConfig, loadConfig } from './config';
import { gateInputs } from './inputs';
import {
  type Component,
  type GateSettings,
  REPORT_INPUTS,
  type ReportInput,
  THRESHOLD_KEYS,
  type Thresholds,
} from './settings';

export interface ResolveOptions {
  /** The workspace (GITHUB_WORKSPACE, or the CLI's cwd). */
  workspace: string;
  /** The base ref when the input leaves it empty (the pull request's base branch). */
  defaultBaseRef?: string;
}

/**
 * Merges the three sources of a setting: an input given explicitly wins, then the config file,
 * then the declared default. (action.yml declares no defaults for these, so "given" is knowable.)
 */
export async function resolveSettings(read: RawInputReader, options: ResolveOptions): Promise<GateSettings> {
  const input = <K extends keyof typeof gateInputs>(name: K) => readInput(name, gateInputs[name], read(name));
  const given = (name: string) => (read(name)?.trim() ?? '') !== '';

  const workingDirectory = input('working-directory') as string | undefined;
  const root = workingDirectory ? resolve(options.workspace, workingDirectory) : options.workspace;
  const configPath = input('config') as string | undefined;
  const config: GateConfig = configPath
    ? await loadConfig(isAbsolute(configPath) ? configPath : resolve(root, configPath))
    : {};

  const pick = <K extends keyof typeof gateInputs>(name: K): unknown =>
    given(name) ? input(name) : name in config ? fromConfig(name, gateInputs[name], config[name]) : input(name);

  const thresholds = Object.fromEntries(THRESHOLD_KEYS.map((key) => [key, pick(key)])) as Thresholds;
  const reports = Object.fromEntries(REPORT_INPUTS.map((key) => [key, pick(key)])) as Record<ReportInput, string[]>;
  const components = (config.components ?? []).map((c) => componentOf(c, thresholds));
  const names = new Set<string>();
  for (const component of components) {
    if (names.has(component.name)) throw new ConfigurationError(`config: two components are named '${component.name}'`);
    names.add(component.name);
  }
  const baseRef = (pick('base-ref') as string | undefined) ?? options.defaultBaseRef;
  const settings: GateSettings = {
    name: pick('name') as string,
    root,
    reports,
    thresholds,
    components,
    required: (config.required ?? []) as ReportInput[],
  };
  if (baseRef) settings.baseRef = baseRef;
  return settings;
}

/** Config values are already typed and validated by the config schema; lists may be one string. */
function fromConfig(name: string, spec: InputSpec, value: unknown): unknown {
  if (spec.type === 'number' && typeof value === 'string') return readInput(`${name} (config)`, spec, value);
  if (spec.type === 'list')
    return (Array.isArray(value) ? value : String(value).split('\n'))
      .map(String)
      .map((v) => v.trim())
      .filter(Boolean);
  return value;
}

function componentOf(config: ConfigComponent, inherited: Thresholds): Component {
  const thresholds = { ...inherited };
  for (const key of THRESHOLD_KEYS) {
    if (key in config) (thresholds as Record<string, unknown>)[key] = fromConfig(key, gateInputs[key], config[key]);
  }
  let path = config.path.replaceAll('\\', '/').replace(/^\.\//, '');
  if (!path.endsWith('/')) path += '/';
  return { name: config.name, path, thresholds };
}
