import type { JiraSeed } from '../../../dev/emulator/seed';
import type { JiraIssueInput } from '../../../src/domain/flow/types';

/**
 * A seed's issues of one project as Jira exports them (fields plus the full changelog), the CLI's `--input` form.
 * Issue types and statuses carry the seed's names; `keyPrefix` picks the project (e.g. `HD-`).
 */
export function exportedSeedIssues(seed: JiraSeed, keyPrefix: string): JiraIssueInput[] {
  const statusOf = (id: string) => {
    const status = seed.statuses.find((s) => s.id === id);
    return { id, name: status?.name ?? id, statusCategory: { key: status?.categoryKey ?? 'new' } };
  };
  return seed.issues
    .filter((issue) => issue.key.startsWith(keyPrefix))
    .map((issue) => ({
      id: issue.id,
      key: issue.key,
      fields: {
        created: issue.created,
        status: statusOf(issue.statusId),
        issuetype: {
          id: issue.issueTypeId,
          name: seed.issueTypes.find((t) => t.id === issue.issueTypeId)?.name ?? '',
        },
        resolutiondate: issue.resolutiondate,
        summary: issue.summary,
      },
      changelog: { histories: issue.histories.map(({ id, created, items }) => ({ id, created, items })) },
    }));
}
