import { getOctokit } from '@actions/github';
import { apiCall } from '../ledger/github-api';
import type { PullRequestApi } from './revert-pr';

/** Pull requests through `@actions/github`'s REST client; a refusal names the permission to add. */
export function githubPulls(token: string, apiUrl?: string): PullRequestApi {
  const octokit = getOctokit(token, apiUrl ? { baseUrl: apiUrl } : {});
  return {
    async create(request) {
      const { data } = await apiCall(
        { label: `POST /repos/${request.owner}/${request.repo}/pulls`, permission: 'pull-requests: write' },
        () => octokit.rest.pulls.create(request),
      );
      // The answer is outside input: the link goes into the summary and an output as it is.
      if (typeof data?.html_url !== 'string' || !/^https?:\/\/[^\s<>()[\]]+$/.test(data.html_url))
        throw new Error('GitHub answered the new pull request without a plain html_url');
      if (!Number.isInteger(data.number)) throw new Error('GitHub answered the new pull request without its number');
      return { url: data.html_url, number: data.number };
    },
  };
}
