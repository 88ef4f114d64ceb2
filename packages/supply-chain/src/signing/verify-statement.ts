import { IN_TOTO_PAYLOAD_TYPE } from './dsse';
import { type InTotoStatement, SLSA_PROVENANCE_V1, type SlsaProvenancePredicate } from './provenance';
import { type ArtifactDigest, fail, type VerifyCheck, type VerifyFailure, type VerifyPolicy } from './verify';

/**
 * An attestation's payload: an in-toto statement naming the artifact as a subject and, when the
 * policy expects provenance fields, a SLSA provenance predicate holding them.
 */
export function checkStatement(
  payloadType: string,
  payload: Buffer,
  subject: ArtifactDigest,
  policy: VerifyPolicy,
): { statement: InTotoStatement } | VerifyFailure {
  const statement = parseStatement(payloadType, payload);
  if ('check' in statement) return statement;
  const mismatch = subjectMismatch(statement, subject) ?? provenanceMismatch(statement, policy.expect);
  return mismatch ?? { statement };
}

function parseStatement(payloadType: string, payload: Buffer): InTotoStatement | VerifyFailure {
  if (payloadType !== IN_TOTO_PAYLOAD_TYPE) {
    return fail('payload-type', `payload type '${payloadType}' is not ${IN_TOTO_PAYLOAD_TYPE}`);
  }
  let statement: InTotoStatement;
  try {
    statement = JSON.parse(Buffer.from(payload).toString('utf8')) as InTotoStatement;
  } catch {
    return fail('statement', 'the in-toto statement is not JSON');
  }
  // A signed payload of `null` or a non-object is as malformed as one that is not JSON.
  if (typeof statement !== 'object' || statement === null || !Array.isArray(statement.subject)) {
    return fail('statement', 'the in-toto statement has no subject list');
  }
  return statement;
}

function subjectMismatch(statement: InTotoStatement, subject: ArtifactDigest): VerifyFailure | undefined {
  const hex = subject.digest.slice('sha256:'.length);
  if (statement.subject.some((s) => s?.digest?.sha256?.toLowerCase() === hex)) return undefined;
  const listed = statement.subject.map((s) => `${s?.name} sha256:${s?.digest?.sha256}`).join(', ');
  return fail(
    'subject-digest',
    `subject digest ${subject.digest}${subject.label} does not match any statement subject (${listed})`,
  );
}

type Expected = NonNullable<VerifyPolicy['expect']>;
type Workflow = { repository?: string; path?: string; ref?: string } | undefined;

/** Only when the policy expects a provenance field: the predicate must be SLSA provenance v1 and hold it. */
function provenanceMismatch(statement: InTotoStatement, expect: Expected | undefined): VerifyFailure | undefined {
  if (!expect || !(expect.repository || expect.workflowPath || expect.ref)) return undefined;
  if (statement.predicateType !== SLSA_PROVENANCE_V1) {
    return fail('predicate-type', `predicate type '${statement.predicateType}' is not ${SLSA_PROVENANCE_V1}`);
  }
  const workflow = (statement.predicate as Partial<SlsaProvenancePredicate> | undefined)?.buildDefinition
    ?.externalParameters?.workflow;
  return predicateMismatch(workflow, expect);
}

function predicateMismatch(workflow: Workflow, expect: Expected): VerifyFailure | undefined {
  for (const check of PREDICATE_CHECKS) {
    const mismatch = check(workflow, expect);
    if (mismatch) return { ok: false, ...mismatch };
  }
  return undefined;
}

type PredicateCheck = (workflow: Workflow, expect: Expected) => { check: VerifyCheck; message: string } | undefined;

function repositoryMismatch(workflow: Workflow, expect: Expected): ReturnType<PredicateCheck> {
  if (expect.repository === undefined) return undefined;
  const actual = workflow?.repository ?? '';
  // 'owner/repo' matches https://<server>/owner/repo; a full URL must match exactly.
  const matches = expect.repository.includes('://')
    ? actual === expect.repository
    : actual.replace(/^[a-z]+:\/\/[^/]+\//, '') === expect.repository;
  if (matches) return undefined;
  return {
    check: 'predicate.repository',
    message: `provenance repository '${actual}' does not match '${expect.repository}'`,
  };
}

function workflowMismatch(workflow: Workflow, expect: Expected): ReturnType<PredicateCheck> {
  if (expect.workflowPath === undefined || workflow?.path === expect.workflowPath) return undefined;
  return {
    check: 'predicate.workflow',
    message: `provenance workflow '${workflow?.path ?? ''}' does not match '${expect.workflowPath}'`,
  };
}

function refMismatch(workflow: Workflow, expect: Expected): ReturnType<PredicateCheck> {
  if (expect.ref === undefined || workflow?.ref === expect.ref) return undefined;
  return { check: 'predicate.ref', message: `provenance ref '${workflow?.ref ?? ''}' does not match '${expect.ref}'` };
}

/** In the order a mismatch is reported. */
const PREDICATE_CHECKS: PredicateCheck[] = [repositoryMismatch, workflowMismatch, refMismatch];
