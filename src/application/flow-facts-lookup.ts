/**
 * A view's lookup in the flow facts store (issue 13): which of the issues a user's search found are answered from
 * stored facts and which are loaded live, per registered project.
 */
import type { FactsNames, IssueFactsRecord } from '../domain/flow/issue-facts';
import type { FactsProject } from './flow-facts-registry';
import type { FactsSyncRecord } from './flow-facts-store';
import { mapParallel } from './map-parallel';
import type { FactsLookup, FactsSyncState, FlowFactsReader } from './ports/flow-facts-port';

/** Projects a view's lookup reads at once (each reads its chunks 8 at a time). */
const LOOKUP_PARALLEL = 4;

/** What the lookup reads of one project. */
export interface ProjectViewFacts {
  readonly sync: FactsSyncRecord | null;
  /** Ids waiting for a flush or being flushed. */
  readonly unsettled: readonly string[];
  /** The pending set overflowed (ids were dropped) and its catch-up is not done. */
  readonly overflowed: boolean;
  /** The stored records of these ids, in a map of the caller's own (the lookup empties it as it places them). */
  readRecords(ids: readonly string[]): Promise<Map<string, IssueFactsRecord>>;
}

type Issue = { readonly id: string; readonly key: string };

/**
 * The facts of the issues a view found (ids and keys of a search as the user). An issue's project is the
 * registered project whose key is the issue key's part before the last `-` (the key Jira gives now, so a moved
 * issue is looked up in its new project). Issues of a project that is not ready, with no record, with a record
 * of another key (stale; a record of the project's old key and the same number is its issue after a rename of
 * the project's key, given with the key searched), or pending or being flushed are `live`.
 *
 * A project whose pending set overflowed (ids dropped, e.g. a bulk edit of 50,000 issues) is answered from its
 * facts all the same, only its explicitly pending ids live, and is named in `catchingUp` until its catch-up flush
 * is done. Loading all its issues live instead (~550 requests for 50,000) timed the view out (25 s) for as long as
 * the catch-up ran; the trade-off is that an issue whose event was dropped shows its facts as of before the change
 * for a few minutes, which the view tells its user.
 */
export async function lookupFacts(
  issues: readonly Issue[],
  projects: readonly FactsProject[],
  names: FactsNames,
  readProject: (projectId: string) => Promise<ProjectViewFacts>,
): Promise<FactsLookup> {
  const byKey = projectIdsByKey(projects);
  const asked = new Map<string, Issue[]>();
  const unknown = new Set<string>();
  for (const issue of issues) {
    const projectId = byKey.get(issue.key.slice(0, Math.max(0, issue.key.lastIndexOf('-'))));
    const group = projectId === undefined ? undefined : asked.get(projectId);
    if (projectId === undefined) unknown.add(issue.id);
    else if (group === undefined) asked.set(projectId, [issue]);
    else group.push(issue);
  }
  // One map all projects' records go into as each project's chunks are decoded (no per-project copies).
  const records = new Map<string, IssueFactsRecord>();
  const found = await mapParallel([...asked], LOOKUP_PARALLEL, async ([projectId, group]) => ({
    projectId,
    ...(await lookupProject(await readProject(projectId), projectId, group, records)),
  }));
  asked.clear();
  const live = new Set(unknown);
  const notReady: FactsSyncState[] = [];
  const catchingUp: string[] = [];
  for (const result of found) {
    for (const id of result.live) live.add(id);
    if (result.notReady !== null) notReady.push(result.notReady);
    if (result.catchingUp) catchingUp.push(result.projectId);
  }
  // In search order, as the caller feeds them.
  const inOrder = issues.map((i) => i.id).filter((id) => live.has(id));
  return { records, live: inOrder, names, notReady, catchingUp };
}

async function lookupProject(
  project: ProjectViewFacts,
  projectId: string,
  issues: readonly Issue[],
  records: Map<string, IssueFactsRecord>,
): Promise<{
  live: string[];
  notReady: FactsSyncState | null;
  catchingUp: boolean;
}> {
  const { sync } = project;
  if (sync === null || sync.phase !== 'ready') {
    const notReady = sync === null ? null : stateOf(sync);
    return { live: issues.map((i) => i.id), notReady, catchingUp: false };
  }
  // Waiting or being flushed: the stored record may be older than Jira.
  const waiting = new Set(project.unsettled);
  const stored = await project.readRecords(
    issues.flatMap((issue) => (waiting.has(issue.id) ? [] : [issue.id])),
  );
  const live: string[] = [];
  for (const issue of issues) {
    const record = waiting.has(issue.id) ? undefined : stored.get(issue.id);
    // Moved into the view's map: the store's map holds each record only until it is placed.
    stored.delete(issue.id);
    if (record !== undefined && record.key === issue.key) records.set(record.id, record);
    else if (record !== undefined && renamedKey(record, projectId, issue.key))
      records.set(record.id, { ...record, key: issue.key });
    else live.push(issue.id);
  }
  return { live, notReady: null, catchingUp: project.overflowed };
}

/**
 * Project id by project key: of registered projects sharing a key (a key Jira gave to a new project after the old
 * one was deleted or renamed, before the old one's entry is updated) the latest registered, which holds it now.
 */
export function projectIdsByKey(projects: readonly FactsProject[]): Map<string, string> {
  return new Map(projects.map((p) => [p.projectKey, p.projectId]));
}

/**
 * Whether `key` is the record's key after its project's key changed: same project, same issue number. Renaming a
 * project's key sends no issue events, so its records keep the old keys; without this every issue of a renamed
 * project was loaded live in every view, for good (50,000 issues: ~550 requests, far beyond a resolver's 25 s). A
 * moved issue gets a number in its new project, and another key of the same number is another project.
 */
function renamedKey(record: IssueFactsRecord, projectId: string, key: string): boolean {
  const number = (k: string): string => k.slice(k.lastIndexOf('-') + 1);
  return (
    record.projectId === projectId &&
    key.lastIndexOf('-') > 0 &&
    record.key.lastIndexOf('-') > 0 &&
    number(record.key) === number(key)
  );
}

/** The state part of a sync record (what the project page and views see). */
export function stateOf(record: FactsSyncRecord): FactsSyncState {
  // eslint-disable-next-line @typescript-eslint/no-unused-vars -- the backfill's position stays inside the store
  const { cursor, step, ...state } = record;
  return state;
}

/**
 * The reader with a note of whether any lookup through it met a project catching up after an overflow (see
 * {@link lookupFacts}): the project page then says its figures may be a few minutes old.
 */
export function notingCatchUp(reader: FlowFactsReader): {
  readonly reader: FlowFactsReader;
  readonly catchingUp: () => boolean;
} {
  let met = false;
  const noting: FlowFactsReader = {
    lookup: async (issues) => {
      const found = await reader.lookup(issues);
      if ((found.catchingUp?.length ?? 0) > 0) met = true;
      return found;
    },
    ...(reader.workflowStatuses === undefined
      ? {}
      : {
          workflowStatuses: (projectKey: string) =>
            reader.workflowStatuses?.(projectKey) ?? Promise.resolve(null),
        }),
  };
  return { reader: noting, catchingUp: () => met };
}
