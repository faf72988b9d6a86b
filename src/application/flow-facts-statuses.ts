/**
 * A project's workflow statuses kept with its flow facts (issue 13): every status of its workflows with its
 * category, as `GET /rest/api/3/project/{id}/statuses` lists them. Views of a ready project derive the default
 * mapping from this list instead of asking Jira, so a warm project page costs only the project request (the
 * user's permission and the project's id) and the id pages.
 *
 * Kept current by the backfill (listed with the project's ids), the nightly reconcile (listed again) and every
 * flush that reads an issue in a status the list does not know (a new status, a rename, a new category: listed
 * again at once). Staleness: a workflow change shows in views once the reconcile or such a flush refreshed the
 * list; until then only a status that no issue is in yet can be missing (it changes the default stages only by
 * the place of an empty stage), since every status an issue is in reached the list through that issue's flush.
 *
 * Stored compactly (`flow-facts:statuses:<projectId>`): tuples `[id, name, categoryKey, categoryName]` in
 * Jira's order without exact repeats (the list repeats the statuses per issue type; the first of each is what
 * the default mapping reads).
 */
import type { FactsNames } from '../domain/flow/issue-facts';
import type { JiraStatusRef } from '../domain/flow/types';
import type { JiraIssueTypeStatuses, JiraPort } from './ports/jira-port';

/** One stored status: id, name, category key and category name (null when Jira gave none). */
export type StoredStatusTuple = readonly [
  id: string | null,
  name: string,
  categoryKey: string | null,
  categoryName: string | null,
];

/** The stored value of a project's workflow statuses. */
export interface StoredWorkflowStatuses {
  readonly statuses: readonly StoredStatusTuple[];
  /** When Jira was asked for the list, epoch ms (a list read earlier never replaces it). */
  readonly readAtMs: number;
  /**
   * Statuses issues were seen in that the list read after seeing them still lacked ({@link statusKeyOf}): they are
   * not asked for again at every flush, only by the next reconcile.
   */
  readonly unlisted: readonly string[];
}

/** The comparable identity of a status as issues show it: id, name and category key. */
export function statusKeyOf(status: JiraStatusRef): string | null {
  const name = status.name?.trim();
  if (name === undefined || name === '') return null;
  return JSON.stringify([status.id ?? null, name, status.statusCategory?.key ?? null]);
}

/**
 * The statuses of Jira's per-issue-type lists in Jira's order, exact repeats dropped (nameless ones too: the
 * engine skips them), as stored tuples.
 */
export function statusTuplesOf(perType: readonly JiraIssueTypeStatuses[]): StoredStatusTuple[] {
  const seen = new Set<string>();
  const out: StoredStatusTuple[] = [];
  for (const status of perType.flatMap((type) => type.statuses)) {
    const name = status.name;
    if (name === undefined || name.trim() === '') continue;
    const tuple: StoredStatusTuple = [
      status.id ?? null,
      name,
      status.statusCategory?.key ?? null,
      status.statusCategory?.name ?? null,
    ];
    const key = JSON.stringify(tuple);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(tuple);
  }
  return out;
}

/** The stored tuples as the engine's status references (only the parts Jira gave). */
export function statusRefsOf(tuples: readonly StoredStatusTuple[]): JiraStatusRef[] {
  return tuples.map(([id, name, categoryKey, categoryName]) => ({
    ...(id === null ? {} : { id }),
    name,
    ...(categoryKey === null && categoryName === null
      ? {}
      : {
          statusCategory: {
            ...(categoryKey === null ? {} : { key: categoryKey }),
            ...(categoryName === null ? {} : { name: categoryName }),
          },
        }),
  }));
}

/**
 * The keys of statuses issues were seen in that the stored value does not know (neither listed nor marked
 * unlisted); all of them when nothing is stored yet.
 */
export function unknownStatusKeys(
  stored: StoredWorkflowStatuses | null,
  seen: readonly JiraStatusRef[],
): string[] {
  const known = new Set(stored?.unlisted ?? []);
  for (const [id, name, categoryKey] of stored?.statuses ?? [])
    known.add(JSON.stringify([id, name.trim(), categoryKey]));
  const unknown = new Set<string>();
  for (const status of seen) {
    const key = statusKeyOf(status);
    if (key !== null && !known.has(key)) unknown.add(key);
  }
  return [...unknown];
}

/** Whether a value read from the store is a stored status list (anything else reads as none). */
export function isStoredWorkflowStatuses(value: unknown): value is StoredWorkflowStatuses {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Partial<Record<keyof StoredWorkflowStatuses, unknown>>;
  const nullableString = (x: unknown): boolean => x === null || typeof x === 'string';
  return (
    typeof v.readAtMs === 'number' &&
    Array.isArray(v.unlisted) &&
    v.unlisted.every((k) => typeof k === 'string') &&
    Array.isArray(v.statuses) &&
    v.statuses.every(
      (t: unknown) =>
        Array.isArray(t) &&
        t.length === 4 &&
        nullableString(t[0]) &&
        typeof t[1] === 'string' &&
        nullableString(t[2]) &&
        nullableString(t[3]),
    )
  );
}

/** What refreshing a project's list needs: Jira as the app, the store's status list, now. */
export interface WorkflowStatusDeps {
  readonly jiraApp: Pick<JiraPort, 'listProjectStatuses'>;
  readonly facts: {
    readWorkflowStatuses(projectId: string): Promise<StoredWorkflowStatuses | null>;
    saveWorkflowStatuses(
      projectId: string,
      statuses: readonly StoredStatusTuple[],
      readAtMs: number,
      unlisted?: readonly string[],
    ): Promise<void>;
    /** Adds current names to the site's names dictionary (`FlowFactsStore.mergeNames`). */
    mergeNames(names: FactsNames): Promise<void>;
  };
  readonly clock: () => number;
}

/**
 * Lists the project's workflow statuses from Jira (one request, as the app) and stores them. `seen`: statuses
 * issues were seen in; those the new list lacks are marked unlisted (with `stillUnlisted`, keys marked before
 * that the new list still lacks), so later flushes do not ask again for them.
 */
export async function refreshWorkflowStatuses(
  deps: WorkflowStatusDeps,
  projectId: string,
  seen: readonly JiraStatusRef[] = [],
  stillUnlisted: readonly string[] = [],
): Promise<void> {
  const readAtMs = deps.clock();
  const perType = await deps.jiraApp.listProjectStatuses(projectId);
  const statuses = statusTuplesOf(perType);
  const listed = { statuses, readAtMs, unlisted: [] };
  const listedKeys = new Set(
    statuses.map(([id, name, categoryKey]) => JSON.stringify([id, name.trim(), categoryKey])),
  );
  const unlisted = new Set([
    ...stillUnlisted.filter((key) => !listedKeys.has(key)),
    ...unknownStatusKeys(listed, seen),
  ]);
  await deps.facts.saveWorkflowStatuses(projectId, statuses, readAtMs, [...unlisted]);
  // A status or issue type renamed in Jira changes no issue (no event, no newer `updated`), so no flush ever taught
  // the dictionary its new name: views from facts kept showing (and mapping) the old status name while the stored
  // list, the default mapping and the live view named the new one, and the project page offered the old type name
  // as a filter, which Jira's JQL then refused. The list is current, with categories: it names both.
  await deps.facts.mergeNames(namesOfIssueTypeStatuses(perType));
}

/**
 * The names dictionary entries a project's status list teaches: its issue types and its statuses with a Jira id
 * (digits), statuses with their category.
 */
export function namesOfIssueTypeStatuses(perType: readonly JiraIssueTypeStatuses[]): FactsNames {
  const digits = (id: string | null | undefined): id is string =>
    typeof id === 'string' && /^[0-9]+$/.test(id);
  const types: Record<string, string> = {};
  for (const type of perType) if (digits(type.id) && type.name.trim() !== '') types[type.id] = type.name;
  const statuses: Record<string, readonly [string, string | null]> = {};
  for (const [id, name, categoryKey] of statusTuplesOf(perType))
    if (digits(id)) statuses[id] = [name, categoryKey];
  return { statuses, types };
}

/**
 * Refreshes the project's stored list when issues were seen in a status it does not know (or none is stored).
 * @returns whether Jira was asked.
 */
export async function refreshIfUnknownStatuses(
  deps: WorkflowStatusDeps,
  projectId: string,
  seen: readonly JiraStatusRef[],
): Promise<boolean> {
  if (seen.length === 0) return false;
  const stored = await deps.facts.readWorkflowStatuses(projectId);
  if (unknownStatusKeys(stored, seen).length === 0) return false;
  await refreshWorkflowStatuses(deps, projectId, seen, stored?.unlisted ?? []);
  return true;
}
