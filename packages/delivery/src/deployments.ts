/**
 * The release ledger: the rollout recorded as a GitHub Deployment of the environment, with an
 * in_progress status when traffic starts to move and success or failure at the end, so the
 * repository's Environments page shows it. Through @actions/github's REST client.
 */
import { getOctokit } from '@actions/github';

export type DeploymentState = 'in_progress' | 'success' | 'failure';

export interface DeploymentLedger {
  /** Creates the Deployment (once) and sets its status. */
  status(state: DeploymentState, description: string): Promise<void>;
}

export interface GitHubDeploymentOptions {
  token: string;
  repository: { owner: string; repo: string };
  /** The commit (GITHUB_SHA) being deployed. */
  ref: string;
  environment: string;
  /** GITHUB_API_URL; GitHub Enterprise Server has its own. */
  apiUrl?: string;
  /** A link to this run, shown on the status. */
  logUrl?: string;
}

/** GitHub limits a status description to 140 characters. */
const MAX_DESCRIPTION = 140;

export function githubDeployments(options: GitHubDeploymentOptions): DeploymentLedger {
  const octokit = getOctokit(options.token, options.apiUrl ? { baseUrl: options.apiUrl } : {});
  let deploymentId: number | undefined;
  return {
    async status(state, description) {
      if (deploymentId === undefined) {
        const created = await octokit.rest.repos.createDeployment({
          ...options.repository,
          ref: options.ref,
          environment: options.environment,
          description: 'canary-deploy',
          // The commit was built and checked before; the deployment must not wait on or merge anything.
          auto_merge: false,
          required_contexts: [],
          task: 'deploy:canary',
        });
        if (!('id' in created.data))
          throw new Error(`no deployment created: ${JSON.stringify(created.data).slice(0, 200)}`);
        deploymentId = created.data.id;
      }
      await octokit.rest.repos.createDeploymentStatus({
        ...options.repository,
        deployment_id: deploymentId,
        state,
        description:
          description.length > MAX_DESCRIPTION ? `${description.slice(0, MAX_DESCRIPTION - 1)}…` : description,
        environment: options.environment,
        ...(options.logUrl ? { log_url: options.logUrl } : {}),
        auto_inactive: state === 'success',
      });
    },
  };
}
