import type { JiraIssueInput, JiraStatusRef } from '../../domain/flow/types';

/**
 * Reads one issue and its history from Jira. Implementations throw the typed errors of `../errors`
 * (`IssueNotFoundError`, `JiraForbiddenError`, `JiraUnavailableError`) for failures a user can act on.
 */
export interface IssueReadPort {
  /**
   * The issue with `fields` `created`, `status` (with its category), `issuetype`, `resolutiondate`, `summary` and
   * its complete changelog in `changelog.histories` (only histories that change the status or the Flagged field
   * are needed).
   */
  getIssueWithChangelog(issueKey: string): Promise<JiraIssueInput>;

  /**
   * Every status of the project's workflows with its Jira category (`statusCategory.key`: `new`,
   * `indeterminate`, `done`). Optional: without it, only the issue's current status has a known category, so the
   * statuses it passed through stay unmapped (no start, no cycle time).
   */
  listProjectStatuses?(projectKey: string): Promise<readonly JiraStatusRef[]>;
}
