import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve } from 'node:path';
import type { Runtime } from '@ccm/toolkit';
import { InputError } from '@ccm/toolkit';
import { expandGlobs } from '@ccm/toolkit/globs';
import { collectSbom } from '../sbom/collect';
import { spdxCreatedEpoch } from '../sbom/created';
import { toCycloneDx } from '../sbom/cyclonedx';
import type { Sbom } from '../sbom/model';
import { sourceDateEpochFrom } from '../sbom/options';
import { toSpdx, validateSpdx } from '../sbom/spdx';
import { createKeySigner, detachedSignature } from '../signing/key-signer';
import type { KeylessOptions } from '../signing/keyless-signer';
import { buildProvenance, githubContextFromEnv } from '../signing/provenance';
import { type Signer, signStatement } from '../signing/signer';
import { readPem, type SbomSignContext, type SbomSignInputs, sha256File, workingRoot } from './context';
import { renderSignSummary } from './summary';

const SBOM_FILES = { 'cyclonedx-json': 'sbom.cdx.json', 'spdx-json': 'sbom.spdx.json' } as const;
type SbomFormat = keyof typeof SBOM_FILES;

export interface SignedSubject {
  name: string;
  path: string;
  digest: string;
  bundle?: string;
  signature?: string;
}

export interface SignResult {
  sbom: Sbom;
  sbomPaths: string[];
  subjects: SignedSubject[];
  provenanceBundle?: string;
}

/** Opens the keyless signer; tests replace it to reach Sigstore test doubles. */
export type KeylessFactory = (options: KeylessOptions) => Signer | Promise<Signer>;

/**
 * mode: sign — the SBOM from the lock files, then signatures over it and every subject-path
 * artifact, then SLSA provenance for all of them (inside GitHub Actions).
 */
export async function signStep(
  runtime: Runtime,
  context: SbomSignContext,
  inputs: SbomSignInputs,
  keyless: KeylessFactory = openKeylessSigner,
): Promise<SignResult> {
  const root = workingRoot(context, inputs);
  const outDir = resolve(context.workspace, inputs['output-directory'] ?? join(context.tempDir, 'sbom-sign'));
  await mkdir(outDir, { recursive: true });

  const sbom = await collectSbom({ workingDirectory: root });
  for (const warning of sbom.warnings) runtime.log.warning(warning);
  if (sbom.components.length === 0 && inputs['fail-on-empty']) {
    throw new InputError('fail-on-empty', `is true and ${sbom.warnings.at(-1) ?? 'the SBOM lists no component'}`);
  }
  const sbomPaths = await writeSboms(sbom, parseFormats(inputs['sbom-format']), outDir, context.env, root);
  const subjects = await subjectsOf([...sbomPaths, ...(await artifactsOf(inputs, root))], root, outDir);

  const result: SignResult = { sbom, sbomPaths, subjects };
  const signer = await openSigner(inputs, context.env, keyless, root);
  if (signer) {
    for (const subject of subjects) await signSubject(signer, subject, outDir);
    result.provenanceBundle = await attestProvenance(runtime, signer, subjects, outDir, context.env);
  }
  writeOutputs(runtime, result);
  await runtime.writeSummary(renderSignSummary(result, signer?.mode ?? 'none'));
  return result;
}

async function artifactsOf(inputs: SbomSignInputs, root: string): Promise<string[]> {
  const patterns = inputs['subject-path'];
  return patterns.length > 0 ? expandGlobs(patterns, { root, input: 'subject-path' }) : [];
}

async function subjectsOf(paths: string[], root: string, outDir: string): Promise<SignedSubject[]> {
  const subjects: SignedSubject[] = [];
  for (const path of paths)
    subjects.push({ name: subjectName(path, root, outDir), path, digest: await sha256File(path) });
  return subjects;
}

function writeOutputs(runtime: Runtime, { sbomPaths, subjects, provenanceBundle }: SignResult): void {
  const bundles = subjects.flatMap((s) => (s.bundle ? [s.bundle] : []));
  if (provenanceBundle) bundles.push(provenanceBundle);
  runtime.setOutput('sbom-path', sbomPaths[0] ?? '');
  runtime.setOutput('bundle-paths', JSON.stringify(bundles));
  runtime.setOutput('digests', JSON.stringify(Object.fromEntries(subjects.map((s) => [s.name, s.digest]))));
}

/** sigstore-js is loaded only when a keyless signature is asked for. */
async function openKeylessSigner(options: KeylessOptions): Promise<Signer> {
  const { createKeylessSigner } = await import('../signing/keyless-signer');
  return createKeylessSigner(options);
}

function parseFormats(text: string): SbomFormat[] {
  const formats = text
    .split(',')
    .map((f) => f.trim())
    .filter(Boolean);
  for (const format of formats) {
    if (!(format in SBOM_FILES))
      throw new InputError(
        'sbom-format',
        `expected cyclonedx-json, spdx-json or both comma-separated, got '${format}'`,
      );
  }
  if (formats.length === 0) throw new InputError('sbom-format', 'names no format');
  return [...new Set(formats)] as SbomFormat[];
}

/**
 * Writes each SBOM. SPDX is checked against its official schema here; CycloneDX output is checked
 * by the library's strict validator in the test suite (it loads its schemas from files beside its
 * own sources, which a bundle does not carry, and costs about 1.5 s per 3,000 components).
 */
async function writeSboms(
  sbom: Sbom,
  formats: SbomFormat[],
  outDir: string,
  env: NodeJS.ProcessEnv,
  root: string,
): Promise<string[]> {
  const epoch = sourceDateEpochFrom(env);
  const options = epoch === undefined ? {} : { sourceDateEpoch: epoch };
  const paths: string[] = [];
  for (const format of formats) {
    const text =
      format === 'cyclonedx-json'
        ? toCycloneDx(sbom, options)
        : // SPDX requires a creation time: never the Unix epoch (see spdxCreatedEpoch).
          toSpdx(sbom, { sourceDateEpoch: await spdxCreatedEpoch(epoch, root) });
    const errors = format === 'spdx-json' ? validateSpdx(text) : null;
    if (errors)
      throw new Error(
        `the ${format} SBOM does not validate against its schema: ${JSON.stringify(errors).slice(0, 500)}`,
      );
    const path = join(outDir, SBOM_FILES[format]);
    await writeFile(path, text);
    paths.push(path);
  }
  return paths;
}

async function openSigner(
  inputs: SbomSignInputs,
  env: NodeJS.ProcessEnv,
  keyless: KeylessFactory,
  root: string,
): Promise<Signer | undefined> {
  const mode = inputs.signing ?? (env.GITHUB_ACTIONS === 'true' ? 'keyless' : 'none');
  if (mode === 'none') return undefined;
  if (mode === 'keyless') {
    return keyless({
      ...(inputs['fulcio-url'] ? { fulcioURL: inputs['fulcio-url'] } : {}),
      ...(inputs['rekor-url'] ? { rekorURL: inputs['rekor-url'] } : {}),
    });
  }
  if (!inputs['private-key']) throw new InputError('private-key', 'is required with signing: key');
  return createKeySigner(readPem(inputs['private-key'], 'private-key', root));
}

/** A message-signature bundle per subject; with a key, also the cosign-style `.sig` beside it. */
async function signSubject(signer: Signer, subject: SignedSubject, outDir: string): Promise<void> {
  const bundle = await signer.sign(await readFile(subject.path));
  subject.bundle = join(outDir, `${basename(subject.path)}.sigstore.json`);
  await writeFile(subject.bundle, `${JSON.stringify(bundle, null, 2)}\n`);
  if (signer.mode === 'key') {
    subject.signature = `${subject.path}.sig`;
    await writeFile(subject.signature, `${detachedSignature(bundle)}\n`);
  }
}

/** SLSA v1 provenance over every subject, signed as DSSE. Outside GitHub Actions there is no build context to attest. */
async function attestProvenance(
  runtime: Runtime,
  signer: Signer,
  subjects: SignedSubject[],
  outDir: string,
  env: NodeJS.ProcessEnv,
): Promise<string | undefined> {
  if (env.GITHUB_ACTIONS !== 'true') {
    runtime.log.info('Not in GitHub Actions: no build provenance (it attests a workflow run).');
    return undefined;
  }
  const statement = buildProvenance(
    githubContextFromEnv(env),
    subjects.map((s) => ({ name: s.name, digest: { sha256: s.digest.slice('sha256:'.length) } })),
  );
  const path = join(outDir, 'provenance.sigstore.json');
  await writeFile(path, `${JSON.stringify(await signStatement(signer, statement), null, 2)}\n`);
  return path;
}

function subjectName(path: string, root: string, outDir: string): string {
  const base = path.startsWith(outDir) ? outDir : root;
  return relative(base, path).split('\\').join('/');
}
