import { ConfigurationError } from '@ccm/toolkit/errors';
import { describe, expect, it } from 'vitest';
import { buildProvenance, githubContextFromEnv, splitWorkflowRef } from '../../src/signing';

const ENV = {
  GITHUB_REPOSITORY: 'octo-org/app',
  GITHUB_REPOSITORY_ID: '123456',
  GITHUB_REPOSITORY_OWNER_ID: '7890',
  GITHUB_WORKFLOW_REF: 'octo-org/app/.github/workflows/release.yml@refs/tags/v1.2.3',
  GITHUB_WORKFLOW_SHA: 'f'.repeat(40),
  GITHUB_SHA: 'e'.repeat(40),
  GITHUB_REF: 'refs/tags/v1.2.3',
  GITHUB_EVENT_NAME: 'push',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_SERVER_URL: 'https://github.com',
  RUNNER_ENVIRONMENT: 'github-hosted',
};

describe('SLSA provenance', () => {
  it('builds the in-toto statement actions/attest-build-provenance writes', () => {
    const statement = buildProvenance(githubContextFromEnv(ENV), [
      { name: 'app.tgz', digest: { sha256: 'a'.repeat(64) } },
      { name: 'sbom.cdx.json', digest: { sha256: 'b'.repeat(64) } },
    ]);
    expect(statement).toEqual({
      _type: 'https://in-toto.io/Statement/v1',
      subject: [
        { name: 'app.tgz', digest: { sha256: 'a'.repeat(64) } },
        { name: 'sbom.cdx.json', digest: { sha256: 'b'.repeat(64) } },
      ],
      predicateType: 'https://slsa.dev/provenance/v1',
      predicate: {
        buildDefinition: {
          buildType: 'https://actions.github.io/buildtypes/workflow/v1',
          externalParameters: {
            workflow: {
              ref: 'refs/tags/v1.2.3',
              repository: 'https://github.com/octo-org/app',
              path: '.github/workflows/release.yml',
            },
          },
          internalParameters: {
            github: {
              event_name: 'push',
              repository_id: '123456',
              repository_owner_id: '7890',
              runner_environment: 'github-hosted',
            },
          },
          resolvedDependencies: [
            { uri: 'git+https://github.com/octo-org/app@refs/tags/v1.2.3', digest: { gitCommit: 'e'.repeat(40) } },
          ],
        },
        runDetails: {
          builder: { id: 'https://github.com/octo-org/app/.github/workflows/release.yml@refs/tags/v1.2.3' },
          metadata: { invocationId: 'https://github.com/octo-org/app/actions/runs/4242/attempts/2' },
        },
      },
    });
  });

  it('splits the workflow ref at the first @ only (tags like pkg@1.0.0)', () => {
    expect(splitWorkflowRef('o/r/.github/workflows/x.yml@refs/tags/pkg@1.0.0', 'o/r')).toEqual({
      path: '.github/workflows/x.yml',
      ref: 'refs/tags/pkg@1.0.0',
    });
    expect(() => splitWorkflowRef('o/r/.github/workflows/x.yml', 'o/r')).toThrow(ConfigurationError);
  });

  it('works on GitHub Enterprise Server URLs', () => {
    const statement = buildProvenance(githubContextFromEnv({ ...ENV, GITHUB_SERVER_URL: 'https://ghe.example.com/' }), [
      { name: 'a', digest: { sha256: 'a'.repeat(64) } },
    ]);
    expect(statement.predicate.runDetails.builder.id).toBe(
      'https://ghe.example.com/octo-org/app/.github/workflows/release.yml@refs/tags/v1.2.3',
    );
  });

  it('names every missing context variable, and guesses none', () => {
    const { GITHUB_SHA: _sha, RUNNER_ENVIRONMENT: _runner, GITHUB_REPOSITORY_ID: _id, ...partial } = ENV;
    expect(() => githubContextFromEnv(partial)).toThrow(
      'provenance needs the GitHub Actions context; not set: GITHUB_SHA, RUNNER_ENVIRONMENT',
    );
  });

  it('refuses to attest nothing or a subject without a sha256', () => {
    const github = githubContextFromEnv(ENV);
    expect(() => buildProvenance(github, [])).toThrow(ConfigurationError);
    expect(() => buildProvenance(github, [{ name: 'x', digest: { sha256: 'nope' } }])).toThrow(/no hex sha256/);
  });
});
