import { ConfigurationError } from '@ccm/toolkit/errors';

export const IN_TOTO_STATEMENT_V1 = 'https://in-toto.io/Statement/v1';
export const SLSA_PROVENANCE_V1 = 'https://slsa.dev/provenance/v1';
export const GITHUB_WORKFLOW_BUILD_TYPE = 'https://actions.github.io/buildtypes/workflow/v1';

/** The bits of the GitHub Actions run that provenance records. */
export interface GitHubContext {
  /** owner/name */
  repository: string;
  repositoryId?: string;
  ownerId?: string;
  /** owner/name/.github/workflows/file.yml@refs/heads/main (GITHUB_WORKFLOW_REF) */
  workflowRef: string;
  workflowSha?: string;
  /** The commit built. */
  sha: string;
  ref: string;
  eventName: string;
  runId: string;
  runAttempt: string;
  serverUrl: string;
  runnerEnvironment: string;
}

export interface Subject {
  name: string;
  digest: { sha256: string };
}

export interface InTotoStatement<P = unknown> {
  _type: typeof IN_TOTO_STATEMENT_V1;
  subject: Subject[];
  predicateType: string;
  predicate: P;
}

/** The predicate actions/attest-build-provenance writes (buildType workflow/v1). */
export interface SlsaProvenancePredicate {
  buildDefinition: {
    buildType: typeof GITHUB_WORKFLOW_BUILD_TYPE;
    externalParameters: { workflow: { ref: string; repository: string; path: string } };
    internalParameters: {
      github: { event_name: string; repository_id?: string; repository_owner_id?: string; runner_environment: string };
    };
    resolvedDependencies: Array<{ uri: string; digest: { gitCommit: string } }>;
  };
  runDetails: {
    builder: { id: string };
    metadata: { invocationId: string };
  };
}

export function buildProvenance(github: GitHubContext, subjects: Subject[]): InTotoStatement<SlsaProvenancePredicate> {
  if (subjects.length === 0) throw new ConfigurationError('provenance: no subjects to attest');
  for (const subject of subjects) {
    if (!/^[0-9a-f]{64}$/.test(subject.digest.sha256)) {
      throw new Error(`provenance: subject ${subject.name} has no hex sha256 digest`);
    }
  }
  const { path, ref } = splitWorkflowRef(github.workflowRef, github.repository);
  const server = github.serverUrl.replace(/\/+$/, '');
  return {
    _type: IN_TOTO_STATEMENT_V1,
    subject: subjects.map(({ name, digest }) => ({ name, digest: { sha256: digest.sha256 } })),
    predicateType: SLSA_PROVENANCE_V1,
    predicate: {
      buildDefinition: {
        buildType: GITHUB_WORKFLOW_BUILD_TYPE,
        externalParameters: {
          workflow: { ref, repository: `${server}/${github.repository}`, path },
        },
        internalParameters: {
          github: {
            event_name: github.eventName,
            repository_id: github.repositoryId,
            repository_owner_id: github.ownerId,
            runner_environment: github.runnerEnvironment,
          },
        },
        resolvedDependencies: [
          { uri: `git+${server}/${github.repository}@${github.ref}`, digest: { gitCommit: github.sha } },
        ],
      },
      runDetails: {
        // attest-build-provenance uses the token's job_workflow_ref; outside reusable workflows it
        // equals GITHUB_WORKFLOW_REF, which is all the runner's environment offers.
        builder: { id: `${server}/${github.workflowRef}` },
        metadata: {
          invocationId: `${server}/${github.repository}/actions/runs/${github.runId}/attempts/${github.runAttempt}`,
        },
      },
    },
  };
}

/** owner/repo/.github/workflows/x.yml@refs/tags/a@1 → path .github/workflows/x.yml, ref refs/tags/a@1 */
export function splitWorkflowRef(workflowRef: string, repository: string): { path: string; ref: string } {
  const rest = workflowRef.startsWith(`${repository}/`) ? workflowRef.slice(repository.length + 1) : workflowRef;
  const at = rest.indexOf('@');
  if (at <= 0) throw new ConfigurationError(`provenance: GITHUB_WORKFLOW_REF '${workflowRef}' has no '@<ref>'`);
  // A tag may itself contain '@' (changesets: pkg@1.0.0): only the first one separates.
  return { path: rest.slice(0, at), ref: rest.slice(at + 1) };
}

const ENV: Record<keyof GitHubContext, string> = {
  repository: 'GITHUB_REPOSITORY',
  repositoryId: 'GITHUB_REPOSITORY_ID',
  ownerId: 'GITHUB_REPOSITORY_OWNER_ID',
  workflowRef: 'GITHUB_WORKFLOW_REF',
  workflowSha: 'GITHUB_WORKFLOW_SHA',
  sha: 'GITHUB_SHA',
  ref: 'GITHUB_REF',
  eventName: 'GITHUB_EVENT_NAME',
  runId: 'GITHUB_RUN_ID',
  runAttempt: 'GITHUB_RUN_ATTEMPT',
  serverUrl: 'GITHUB_SERVER_URL',
  runnerEnvironment: 'RUNNER_ENVIRONMENT',
};
const OPTIONAL = new Set<keyof GitHubContext>(['repositoryId', 'ownerId', 'workflowSha']);

/** Reads the run's context from the runner's environment; names every missing variable. */
export function githubContextFromEnv(env: NodeJS.ProcessEnv = process.env): GitHubContext {
  const context: Partial<Record<keyof GitHubContext, string>> = {};
  const missing: string[] = [];
  for (const [field, name] of Object.entries(ENV) as Array<[keyof GitHubContext, string]>) {
    const value = env[name];
    // No guessed defaults: provenance that claims a github-hosted runner must have seen one.
    if (value) context[field] = value;
    else if (!OPTIONAL.has(field)) missing.push(name);
  }
  if (missing.length > 0) {
    throw new ConfigurationError(`provenance needs the GitHub Actions context; not set: ${missing.join(', ')}`);
  }
  return context as GitHubContext;
}
