import type { JiraHistory, JiraIssueInput } from '../domain/flow/types';
import type { JiraPort } from './ports/jira-port';

/** The issue fields the flow engine reads. */
export const FLOW_ISSUE_FIELDS: readonly string[] = [
  'created',
  'status',
  'issuetype',
  'resolutiondate',
  'summary',
];

/** The changelog fields the flow engine reads: status changes and the Flagged (impediment) field. */
export const FLOW_CHANGELOG_FIELD_IDS: readonly string[] = ['status', 'Flagged'];

/** Issues whose changelogs are fetched together: the most one `changelog/bulkfetch` request takes. */
export const FLOW_CHANGELOG_BATCH = 1000;

/**
 * Loads every issue of a JQL with what the flow engine needs, streaming: search pages of 100 issues with
 * {@link FLOW_ISSUE_FIELDS}; per 1,000 issues one bulk changelog fetch of the status and Flagged changes, merged
 * into `changelog.histories`; then `onIssue` for each issue in search order. At most 1,000 issues (plus one
 * search page) are held at a time, so the caller can feed a `createFlowAccumulator` without holding the project.
 *
 * Requests: ⌈n / 100⌉ search pages and ⌈n / 1,000⌉ bulk fetches (more only when 1,000 issues have more than
 * 10,000 status/Flagged changes), never one per issue.
 *
 * `onProgress(done, total)` is called after each batch with the issues handed over so far; `total` is null
 * (the search API pages by cursor and does not count).
 *
 * @returns the number of issues handed to `onIssue`.
 * @example
 * const accumulator = createFlowAccumulator(options);
 * await loadFlowIssues(jira, 'project = HD ORDER BY created', (issue) => accumulator.add(issue));
 * const report = accumulator.finish();
 */
export async function loadFlowIssues(
  jira: JiraPort,
  jql: string,
  onIssue: (issue: JiraIssueInput) => void,
  onProgress?: (done: number, total: number | null) => void,
): Promise<number> {
  let batch: JiraIssueInput[] = [];
  let done = 0;

  async function flush(issues: readonly JiraIssueInput[]): Promise<void> {
    const ids = issues.flatMap((issue) => (issue.id === undefined ? [] : [issue.id]));
    const histories = await jira.bulkFetchChangelogs(ids, FLOW_CHANGELOG_FIELD_IDS);
    const none: readonly JiraHistory[] = [];
    for (const issue of issues) {
      onIssue({
        ...issue,
        changelog: { histories: (issue.id === undefined ? undefined : histories.get(issue.id)) ?? none },
      });
    }
    done += issues.length;
    onProgress?.(done, null);
  }

  for await (const page of jira.searchIssues(jql, FLOW_ISSUE_FIELDS)) {
    batch.push(...page);
    while (batch.length >= FLOW_CHANGELOG_BATCH) {
      await flush(batch.slice(0, FLOW_CHANGELOG_BATCH));
      batch = batch.slice(FLOW_CHANGELOG_BATCH);
    }
  }
  if (batch.length > 0) await flush(batch);
  return done;
}
