/**
 * The flow measurement service's facts path (issue 13): the issues of a JQL are searched as the reader (ids and
 * keys only, 5,000 per page), their stored facts looked up and rebuilt into the engine's input, and only the issues
 * without usable facts loaded from Jira, so a 50,000-issue project costs ten id pages instead of ~550 requests.
 * Permissions stay exact: nothing is counted that the reader's own search did not return.
 */
import { cutSummary, jiraIssueOfFacts } from '../domain/flow/issue-facts';
import type { JiraIssueInput } from '../domain/flow/types';
import { FLOW_CHANGELOG_BATCH, loadIssuesByIds } from './load-flow-issues';
import type { FlowFactsReader } from './ports/flow-facts-port';
import type { JiraPort } from './ports/jira-port';

/**
 * Feeds the issues of `jql` to `onIssue` in the search's order: from their facts where the reader has usable ones,
 * otherwise loaded live as the caller of `jira` ({@link loadIssuesByIds}, 1,000 ids per load, each at its search
 * position). A record whose key differs from the key the search returned (the issue moved since it was read) is
 * loaded live too. An issue deleted between the search and its live load is left out.
 *
 * Jira requests: ⌈n / 5,000⌉ id pages, plus for the m live issues ⌈m / 100⌉ search pages, one field list and
 * ⌈m / 1,000⌉ changelog bulk fetches (none when every issue has facts).
 *
 * @param maxIds read no more ids than this (the caller stops at its issue limit; one more tells it was reached).
 * @returns the number of issues handed to `onIssue` (an exception from `onIssue` ends the feed and propagates).
 */
export async function feedIssuesFromFacts(
  jira: JiraPort,
  facts: FlowFactsReader,
  jql: string,
  onIssue: (issue: JiraIssueInput) => void,
  onProgress: (done: number) => void,
  maxIds?: number,
): Promise<number> {
  const refs = await jira.searchIssueRefs(jql, maxIds === undefined ? undefined : { maxIds });
  if (refs.length === 0) return 0;
  const lookup = await facts.lookup(refs);
  const liveIds = new Set(lookup.live);
  for (const ref of refs) {
    const record = lookup.records.get(ref.id);
    // A record of another key is of an issue that moved since it was read: its project's facts are not its facts.
    if (record === undefined || record.key !== ref.key) liveIds.add(ref.id);
  }
  // Live ids in search order, loaded 1,000 at a time (a chunk) when the feed reaches the chunk's first id.
  const liveOrder = refs.filter((ref) => liveIds.has(ref.id)).map((ref) => ref.id);
  const chunkOf = new Map(liveOrder.map((id, index) => [id, Math.floor(index / FLOW_CHANGELOG_BATCH)]));
  let loadedChunk = -1;
  const loaded = new Map<string, JiraIssueInput>();
  let done = 0;
  for (const ref of refs) {
    let issue: JiraIssueInput | undefined;
    const chunk = chunkOf.get(ref.id);
    if (chunk !== undefined) {
      if (chunk !== loadedChunk) {
        // The feed has passed every id of the chunks before: the map holds one chunk's issues at most.
        loaded.clear();
        loadedChunk = chunk;
        const start = chunk * FLOW_CHANGELOG_BATCH;
        await loadIssuesByIds(jira, liveOrder.slice(start, start + FLOW_CHANGELOG_BATCH), (live) => {
          if (live.id !== undefined) loaded.set(live.id, withFactsSummary(live));
        });
      }
      issue = loaded.get(ref.id);
      loaded.delete(ref.id);
    } else {
      const record = lookup.records.get(ref.id);
      // Consumed: the engine keeps its own timeline, so the record can go before the next one is rebuilt.
      lookup.records.delete(ref.id);
      issue = record === undefined ? undefined : jiraIssueOfFacts(record, lookup.names);
    }
    if (issue === undefined) continue; // deleted (or moved out of the reader's reach) since the search
    onIssue(issue);
    done += 1;
    if (done % FLOW_CHANGELOG_BATCH === 0) onProgress(done);
  }
  if (done % FLOW_CHANGELOG_BATCH !== 0) onProgress(done);
  return done;
}

/**
 * The issue with its summary cut as facts keep it: the same issue's summary (page list, CSV) was whole while it was
 * loaded live (pending, project not ready) and cut once its record was used.
 */
function withFactsSummary(issue: JiraIssueInput): JiraIssueInput {
  const summary = issue.fields?.summary;
  if (typeof summary !== 'string' || cutSummary(summary) === summary) return issue;
  return { ...issue, fields: { ...issue.fields, summary: cutSummary(summary) } };
}
