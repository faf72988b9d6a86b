/**
 * The issues linked to key results as the viewer may see them. Jira is searched as the viewer, so an issue they
 * may not browse is never returned (and never listed). The searches go by the indexed issue properties, not by
 * issue ids: Jira refuses a whole `key in (…)` search when one id names an issue the viewer may not see (or one
 * since deleted), while `okrKeyResult in ("KR-1", …)` simply finds the visible ones. What the store links and the
 * search does not return is counted as hidden. Improvements (CSI issues whose record names the key result,
 * `csiKeyResult`) come with the same search; a listed issue is marked as an improvement when it is of the CSI
 * issue type and linked or named in its record (`domain/okr/improvement.ts`).
 */
import type { OkrLinkedIssueView } from '../contract/okr';
import { CSI_RECORD_PROPERTY_KEY } from '../domain/csi/workflow';
import { isImprovementToward } from '../domain/okr/improvement';
import type { JiraPort, JiraSearchIssue } from './ports/jira-port';

/** The issue property the links are mirrored to (`{ keyResults: ["KR-12", …] }`), indexed as `okrKeyResult`. */
export const OKR_ISSUE_PROPERTY_KEY = 'three-ways-okr';
/** The JQL alias of the mirrored links (manifest `okr-key-result-index`). */
export const OKR_KEY_RESULT_ALIAS = 'okrKeyResult';
/** The JQL alias of an improvement record's key result (manifest `csi-record-index`). */
export const CSI_KEY_RESULT_ALIAS = 'csiKeyResult';
/** The fields a linked issue is shown with. */
export const LINKED_ISSUE_FIELDS = ['summary', 'status', 'issuetype'] as const;
/** Key results named in one search (keeps the JQL short: 100 × `"KR-1234567",` is about 1.4 KB). */
export const KEY_RESULTS_PER_SEARCH = 100;

/** The store's links: per key result id, the linked issue ids. */
export type LinksByKeyResult = ReadonlyMap<string, readonly string[]>;

/** The visible issues per key result, oldest key first, at most `limitPerKeyResult` each. */
export type VisibleIssuesByKeyResult = ReadonlyMap<string, readonly OkrLinkedIssueView[]>;

function quoted(id: string): string {
  return `"${id}"`;
}

function statusCategoryOf(issue: JiraSearchIssue): OkrLinkedIssueView['statusCategory'] {
  const key = issue.fields?.status?.statusCategory?.key;
  return key === 'done' || key === 'indeterminate' ? key : 'new';
}

function improvementKeyResultOf(issue: JiraSearchIssue): string | null {
  const record = issue.properties?.[CSI_RECORD_PROPERTY_KEY];
  if (typeof record !== 'object' || record === null) return null;
  const id = (record as { readonly keyResultId?: unknown }).keyResultId;
  return typeof id === 'string' ? id : null;
}

/** Issues per page of Jira's search with fields (`POST /rest/api/3/search/jql`, `maxResults` ≤ 100). */
export const SEARCH_PAGE_ISSUES = 100;
/** Searches run at once: a page each; enough to hide latency, few enough not to provoke Jira's rate limit. */
export const PARALLEL_SEARCHES = 4;

/**
 * Groups key results so that one search page can hold each group's linked issues: consecutive key results while
 * their links add up to at most {@link SEARCH_PAGE_ISSUES} and they number at most {@link KEY_RESULTS_PER_SEARCH}
 * (a key result with more links than a page forms a group of its own and pages on). Improvements (found by the
 * record's key result) come on top and may need a second page.
 */
export function searchGroups(links: LinksByKeyResult): readonly (readonly string[])[] {
  const groups: string[][] = [];
  let current: string[] = [];
  let issues = 0;
  for (const [keyResultId, issueIds] of links) {
    const count = issueIds.length;
    if (
      current.length > 0 &&
      (issues + count > SEARCH_PAGE_ISSUES || current.length >= KEY_RESULTS_PER_SEARCH)
    ) {
      groups.push(current);
      current = [];
      issues = 0;
    }
    current.push(keyResultId);
    issues += count;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

/** Runs `work` over `items`, at most `parallel` at a time; resolves when all are done (rejects on the first failure). */
async function forEachParallel<T>(
  items: readonly T[],
  parallel: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const item = items[next++] as T;
      await work(item);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, items.length) }, worker));
}

/**
 * The issues linked to each key result of `links` (and the improvements toward it) that the viewer may browse,
 * up to `limitPerKeyResult` per key result. One search per group of {@link searchGroups} (sized so its linked
 * issues fit one page of {@link SEARCH_PAGE_ISSUES}), {@link PARALLEL_SEARCHES} at a time: the answer takes about
 * ⌈groups ÷ 4⌉ round trips instead of one per page in a row.
 */
export async function readVisibleLinkedIssues(
  jira: Pick<JiraPort, 'searchIssues'>,
  links: LinksByKeyResult,
  limitPerKeyResult: number,
): Promise<VisibleIssuesByKeyResult> {
  const found = new Map<string, OkrLinkedIssueView[]>();
  const linkedTo = new Map<string, string[]>();
  for (const [keyResultId, issueIds] of links) {
    found.set(keyResultId, []);
    for (const issueId of issueIds) {
      const list = linkedTo.get(issueId);
      if (list === undefined) linkedTo.set(issueId, [keyResultId]);
      else list.push(keyResultId);
    }
  }
  await forEachParallel(searchGroups(links), PARALLEL_SEARCHES, async (batch) => {
    const inBatch = new Set(batch);
    const list = batch.map(quoted).join(', ');
    // Only key results with links need the link clause; every one may have improvements.
    const linked = batch.filter((id) => (links.get(id) ?? []).length > 0);
    const clauses = [
      ...(linked.length === 0 ? [] : [`${OKR_KEY_RESULT_ALIAS} in (${linked.map(quoted).join(', ')})`]),
      `${CSI_KEY_RESULT_ALIAS} in (${list})`,
    ];
    const jql = `${clauses.join(' OR ')} ORDER BY key ASC`;
    const full = (): boolean => batch.every((id) => (found.get(id) ?? []).length >= limitPerKeyResult);
    for await (const page of jira.searchIssues(jql, LINKED_ISSUE_FIELDS, {
      properties: [CSI_RECORD_PROPERTY_KEY],
    })) {
      for (const issue of page) {
        if (issue.id === undefined || issue.key === undefined) continue;
        const improvementOf = improvementKeyResultOf(issue);
        // The store decides what is linked: a property edited by hand links nothing.
        const linkedKeyResults = (linkedTo.get(issue.id) ?? []).filter((id) => inBatch.has(id));
        const targets = new Set(linkedKeyResults);
        if (improvementOf !== null && inBatch.has(improvementOf)) targets.add(improvementOf);
        for (const keyResultId of targets) {
          const list = found.get(keyResultId);
          if (list === undefined || list.length >= limitPerKeyResult) continue;
          list.push({
            issueId: issue.id,
            issueKey: issue.key,
            summary: issue.fields?.summary ?? '',
            statusName: issue.fields?.status?.name ?? '',
            statusCategory: statusCategoryOf(issue),
            // A CSI issue linked by the panel is an improvement as much as one whose record names the key result.
            isImprovement: isImprovementToward(
              {
                issueTypeName: issue.fields?.issuetype?.name,
                linked: linkedKeyResults.includes(keyResultId),
                recordKeyResultId: improvementOf,
              },
              keyResultId,
            ),
          });
        }
      }
      // Enough for every key result of the batch: the remaining pages would only be dropped.
      if (full()) break;
    }
  });
  return found;
}

/**
 * How many of a key result's linked issues are not in `visible`: not browsable by the viewer, not found (the
 * property not written yet), or beyond the listed ones.
 */
export function hiddenOrMoreCount(
  linkedIssueIds: readonly string[],
  visible: readonly OkrLinkedIssueView[],
): number {
  const shown = new Set(visible.map((issue) => issue.issueId));
  return linkedIssueIds.filter((id) => !shown.has(id)).length;
}
