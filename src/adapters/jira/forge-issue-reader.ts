/**
 * The issue panel's reader ({@link IssueReadPort}) over the Jira client: one issue with its flow fields and its
 * status/Flagged history, and the statuses of its project.
 */
import type { RequestProductMethod } from '@forge/api';
import { FLOW_ISSUE_FIELDS, flaggedFieldIdOf, flowHistoryOf } from '../../application/load-flow-issues';
import type { IssueReadPort } from '../../application/ports/issue-read-port';
import type { JiraPort } from '../../application/ports/jira-port';
import type { JiraIssueInput, JiraStatusRef } from '../../domain/flow/types';
import { createRequestJiraTransport } from './forge-transport';
import { createJiraClient } from './jira-client';
import type { JiraClientOptions } from './jira-client';
import type { RetryPolicy } from './retry-policy';

export { CHANGELOG_PAGE_SIZE, MAX_CHANGELOG_PAGES } from './jira-client';

/**
 * {@link IssueReadPort} over any {@link JiraPort}: the issue (`GET /issue/{key}` with the flow fields) and the
 * site's fields (for the Flagged field's id) together, then its changelog page by page under the issue's current
 * key (the key asked for may be an old one of a moved issue), keeping only the histories that change the status or
 * the Flagged field (known by its id, as in the project views' bulk fetch).
 */
export function createIssueReader(jira: JiraPort): IssueReadPort {
  return {
    async getIssueWithChangelog(issueKey: string): Promise<JiraIssueInput> {
      // The flow fields include `project`: the panel finds the project's settings without another request.
      const [issue, fields] = await Promise.all([
        jira.getIssue(issueKey, FLOW_ISSUE_FIELDS),
        jira.listFields(),
      ]);
      const flaggedFieldId = flaggedFieldIdOf(fields);
      const histories = await jira.getIssueChangelog(issue.key ?? issueKey);
      return {
        ...issue,
        changelog: {
          histories: histories.flatMap((history) => flowHistoryOf(history, flaggedFieldId) ?? []),
        },
      };
    },

    async listProjectStatuses(projectKey: string): Promise<readonly JiraStatusRef[]> {
      const issueTypes = await jira.listProjectStatuses(projectKey);
      return issueTypes.flatMap((issueType) => issueType.statuses);
    },
  };
}

/**
 * Retries of the issue panel: a resolver invocation has 25 seconds on Forge, so the panel waits at most a few
 * seconds for Jira and otherwise shows "Jira is busy, try again" rather than being cut off by the platform.
 */
export const PANEL_RETRY_POLICY: Partial<RetryPolicy> = {
  maxAttempts: 3,
  maxDelayMs: 4000,
  maxRetryAfterMs: 5000,
};

/**
 * The reader on Forge's product fetch: `requestJira` is `asUser().requestJira` (the user's own permissions
 * apply) or any function with the same contract. `options` tune the client (retries default to
 * {@link PANEL_RETRY_POLICY}; tests pass a `sleep` that does not wait).
 */
export function createForgeIssueReader(
  requestJira: RequestProductMethod,
  options: JiraClientOptions = {},
): IssueReadPort {
  const client = createJiraClient(
    createRequestJiraTransport(() => requestJira),
    {
      ...options,
      retry: { ...PANEL_RETRY_POLICY, ...options.retry },
    },
  );
  return createIssueReader(client);
}
