/**
 * One issue's flow facts as the app stores them (issue 13): exactly what the flow engine reads from a Jira issue
 * and its status/Flagged changelog, in a compact form keyed by ids, so a view can be computed from stored facts
 * and give the same numbers as from Jira itself (see {@link jiraIssueOfFacts}).
 *
 * Instants are epoch milliseconds (UTC); `created` keeps Jira's own instant string (its offset decides local
 * dates in compatibility mode). Statuses and issue types are ids: a rename changes only {@link FactsNames}.
 *
 * The codec of the stored form lives in `issue-facts-codec.ts` and is re-exported here.
 */
import { parseJiraInstant, toIsoUtc } from './timestamps';
import type { IssueFacts, JiraChangeItem, JiraHistory, JiraIssueInput } from './types';

export { decodeFacts, encodeFacts } from './issue-facts-codec';

/**
 * A status reference inside a change: the Jira status id (digits), or, when Jira gave no id (old exports), the
 * name prefixed with `=` (e.g. `=In Progress`).
 */
export type FactsStatusRef = string;

/** One issue's facts. */
export interface IssueFactsRecord {
  /** Jira issue id (digits). */
  readonly id: string;
  /** Issue key as last read (changes when the issue moves). */
  readonly key: string;
  /** Project id (digits) the issue was in when read. */
  readonly projectId: string;
  /** Issue type id. */
  readonly typeId: string;
  /** Jira's `created` instant string as read (e.g. `2026-03-02T08:15:00.000+0100`). */
  readonly created: string;
  /** Current status ({@link FactsStatusRef}). */
  readonly status: FactsStatusRef;
  /** `resolutiondate`, epoch ms; null when unresolved. */
  readonly resolvedMs: number | null;
  /** Summary, at most {@link FACTS_SUMMARY_MAX_CHARS} characters (longer ones cut with "…"). */
  readonly summary: string;
  /** Jira's `updated`, epoch ms: a write of older facts never replaces newer ones. */
  readonly updatedMs: number;
  /**
   * Status changes in changelog order (only items with a target status name, as the engine reads them):
   * `[atMs, from (null when Jira gave none), to]`.
   */
  readonly changes: readonly (readonly [number, FactsStatusRef | null, FactsStatusRef])[];
  /** Flagged changes in changelog order: `[atMs, 1 = flagged | 0 = cleared]`. */
  readonly flags: readonly (readonly [number, 0 | 1])[];
}

/** Current names of the statuses and issue types records refer to (site-wide: Jira's ids are site-wide). */
export interface FactsNames {
  /** Status id → `[name, category key (new | indeterminate | done) or null]`. */
  readonly statuses: Readonly<Record<string, readonly [string, string | null]>>;
  /** Issue type id → name. */
  readonly types: Readonly<Record<string, string>>;
}

/** Longest stored summary, characters (the project page lists summaries; longer ones are cut). */
export const FACTS_SUMMARY_MAX_CHARS = 120;

/**
 * The issue property the app writes on every issue with facts (`jira:entityProperty` `flow-facts-index`), indexed
 * for JQL as `flowLeadTimeDays`, `flowCycleTimeDays`, `flowAgeDays`, `flowEfficiency`, `flowBlockedDays`.
 */
export const FLOW_PROPERTY_KEY = 'three-ways-flow';

/**
 * The property's value. Days are elapsed days (ms ÷ 86,400,000, 2 decimals); efficiency a fraction 0..1
 * (3 decimals). A measure that does not apply is absent (JQL then finds the issue with `flowAgeDays is EMPTY`).
 */
export interface FlowPropertyValue {
  /** created → done; only for done issues. */
  readonly leadTimeDays?: number;
  /** start → done; only for done issues that started. */
  readonly cycleTimeDays?: number;
  /** start → `asOfMs`; only for work in progress (started, not done). */
  readonly ageDays?: number;
  /** Active ÷ (start → done or asOf); when the engine gives one. */
  readonly efficiency?: number;
  /** Flagged time within [created, done or asOf), days; always present (0 when never flagged). */
  readonly blockedDays: number;
  /** Instant the values were computed for, epoch ms (ages grow daily: the nightly reconcile rewrites them). */
  readonly asOfMs: number;
}

const DIGITS = /^[0-9]+$/;
const DAY_MS = 86_400_000;

// The engine's own item tests (timeline.ts): a facts record keeps exactly the items the engine reads.
const isStatusItem = (item: JiraChangeItem): boolean =>
  item.fieldId === 'status' || (item.field ?? '').toLowerCase() === 'status';
const isFlaggedItem = (item: JiraChangeItem): boolean => (item.field ?? '').toLowerCase() === 'flagged';
const flagIsOn = (value: string | null | undefined): boolean =>
  typeof value === 'string' && value.trim() !== '';

const isDigits = (value: unknown): value is string => typeof value === 'string' && DIGITS.test(value);

/** The reference of a status written as `name` with Jira id `id` (ids that are not digits count as none). */
function statusRefOf(name: string, id: unknown): FactsStatusRef {
  return isDigits(id) ? id : `=${name}`;
}

/**
 * A summary as facts keep it: cut to {@link FACTS_SUMMARY_MAX_CHARS} (ending in "…"), without splitting a surrogate
 * pair. Views give issues loaded live this form too, so an issue's summary does not change with where it came from.
 */
export function cutSummary(summary: string): string {
  if (summary.length <= FACTS_SUMMARY_MAX_CHARS) return summary;
  let end = FACTS_SUMMARY_MAX_CHARS - 1;
  const last = summary.charCodeAt(end - 1);
  if (last >= 0xd800 && last <= 0xdbff) end--;
  return `${summary.slice(0, end)}…`;
}

function projectIdOf(fields: JiraIssueInput['fields']): string | null {
  const project: unknown = fields?.['project'];
  if (typeof project !== 'object' || project === null) return null;
  const id: unknown = (project as { id?: unknown }).id;
  return isDigits(id) ? id : null;
}

/**
 * The facts of one issue as `loadFlowIssues` delivers it (status and Flagged changelog, Flagged items named
 * `Flagged`; fields `created`, `status`, `issuetype`, `resolutiondate`, `summary`, `project`, `updated`).
 *
 * Kept exactly as the engine's timeline (`timeline.ts`) reads them: status items with a string `toString`, in data
 * order (not sorted: the engine sorts stably, so equal instants keep this order); `from` null when the item has no
 * `fromString`; Flagged items as on (a non-blank `toString`) or off; changes before `created` or after any asOf
 * are kept (the engine clamps or ignores them per view). Statuses are referred to by id ({@link FactsStatusRef}).
 *
 * Differences to reading the issue itself, all outside what Jira Cloud returns or intended:
 * - a history whose `created` does not parse is left out; the engine drops it too, but also warns
 *   `unparseable-timestamp`, which a view from facts does not;
 * - a status id that is not digits counts as none (`=Name`), so the engine sees the status without an id;
 * - names come from {@link FactsNames} by id, so a status renamed since a change is shown (and mapped) under its
 *   current name, where the changelog alone shows the old name as another status.
 *
 * `created` is kept as written even when it does not parse (the engine then lists the issue with
 * `unparseable-timestamp`, from facts as from Jira). `updatedMs` without a readable `updated` is the latest instant
 * the record knows (created, changes, flags, resolution).
 *
 * @returns the record, or null when the issue has no id (digits), no `created` string or no project id.
 */
export function factsOfJiraIssue(issue: JiraIssueInput): IssueFactsRecord | null {
  const fields = issue.fields;
  const created: unknown = fields?.created;
  const projectId = projectIdOf(fields);
  if (!isDigits(issue.id) || typeof created !== 'string' || projectId === null) return null;
  const changes: (readonly [number, FactsStatusRef | null, FactsStatusRef])[] = [];
  const flags: (readonly [number, 0 | 1])[] = [];
  for (const history of issue.changelog?.histories ?? []) {
    let atMs: number | null | undefined;
    for (const item of history.items ?? []) {
      const status = isStatusItem(item);
      if (!status && !isFlaggedItem(item)) continue;
      if (atMs === undefined) atMs = parseJiraInstant(history.created);
      if (atMs === null) break; // the engine drops the whole history
      if (status) {
        if (typeof item.toString !== 'string') continue;
        const from = typeof item.fromString === 'string' ? statusRefOf(item.fromString, item.from) : null;
        changes.push([atMs, from, statusRefOf(item.toString, item.to)]);
      } else flags.push([atMs, flagIsOn(item.toString) ? 1 : 0]);
    }
  }
  const current = fields?.status;
  // The engine ignores a status without a name: '=' (no name) rebuilds to none.
  const status = current?.name ? statusRefOf(current.name, current.id) : '=';
  const type = fields?.issuetype;
  const typeId = isDigits(type?.id) ? type.id : type?.name ? `=${type.name}` : '';
  const resolvedMs = parseJiraInstant(fields?.resolutiondate);
  const summary: unknown = fields?.summary;
  let updatedMs = parseJiraInstant(fields?.['updated']);
  if (updatedMs === null) {
    updatedMs = Math.max(parseJiraInstant(created) ?? 0, resolvedMs ?? 0);
    for (const [atMs] of changes) updatedMs = Math.max(updatedMs, atMs);
    for (const [atMs] of flags) updatedMs = Math.max(updatedMs, atMs);
  }
  return {
    id: issue.id,
    key: issue.key ?? '',
    projectId,
    typeId,
    created,
    status,
    resolvedMs,
    summary: typeof summary === 'string' ? cutSummary(summary) : '',
    updatedMs,
    changes,
    flags,
  };
}

/**
 * The names one issue teaches the dictionary: every status id its changelog names (the last spelling in data
 * order) and its current status with category (beating changelog spellings of the same id: the changelog keeps
 * names as they were), and its issue type. Ids that are not digits teach nothing (those statuses are `=Name`).
 */
export function namesOfJiraIssue(issue: JiraIssueInput): FactsNames {
  const statuses: Record<string, readonly [string, string | null]> = {};
  const types: Record<string, string> = {};
  for (const history of issue.changelog?.histories ?? []) {
    for (const item of history.items ?? []) {
      if (!isStatusItem(item)) continue;
      if (typeof item.fromString === 'string' && isDigits(item.from))
        statuses[item.from] = [item.fromString, null];
      if (typeof item.toString === 'string' && isDigits(item.to)) statuses[item.to] = [item.toString, null];
    }
  }
  const current = issue.fields?.status;
  if (current?.name && isDigits(current.id)) {
    const category = current.statusCategory?.key;
    statuses[current.id] = [current.name, typeof category === 'string' ? category : null];
  }
  const type = issue.fields?.issuetype;
  if (typeof type?.name === 'string' && isDigits(type.id)) types[type.id] = type.name;
  return { statuses, types };
}

/**
 * Both dictionaries in one; `b` (newer) wins, except that a status entry without a category (learned from a
 * changelog spelling only, which may be a name from before a rename) never replaces one with a category (learned
 * from an issue's current status or Jira's status list).
 */
export function mergeFactsNames(a: FactsNames, b: FactsNames): FactsNames {
  const statuses: Record<string, readonly [string, string | null]> = { ...a.statuses };
  for (const [id, entry] of Object.entries(b.statuses)) {
    const known = statuses[id];
    if (entry[1] === null && known !== undefined && known[1] !== null) continue;
    statuses[id] = entry;
  }
  return { statuses, types: { ...a.types, ...b.types } };
}

/** A status ref's name: `=Name` carries it, an id the dictionary does not know is shown as the id itself. */
function statusNameOf(ref: FactsStatusRef, names: FactsNames): string {
  return ref.startsWith('=') ? ref.slice(1) : (names.statuses[ref]?.[0] ?? ref);
}

function statusItemOf(from: FactsStatusRef | null, to: FactsStatusRef, names: FactsNames): JiraChangeItem {
  return {
    field: 'status',
    fieldtype: 'jira',
    fieldId: 'status',
    from: from === null || from.startsWith('=') ? null : from,
    fromString: from === null ? null : statusNameOf(from, names),
    to: to.startsWith('=') ? null : to,
    toString: statusNameOf(to, names),
  };
}

/**
 * The issue as the engine reads it, rebuilt from its facts and the names dictionary: `createFlowAccumulator` in
 * canonical mode gives the same per-issue facts and aggregates as for the issue read from Jira (with the
 * differences {@link factsOfJiraIssue} lists). Each status change and each Flagged change becomes a history of
 * its own (the engine orders status changes and flags separately, so their interleaving never mattered), status
 * changes first, each list in its stored order.
 *
 * Histories carry their instants as ISO UTC strings (`toIsoUtc`). Canonical mode reads instants only, so nothing
 * changes; compatibility mode (`jira-agile-metrics`) dates stages by the wall-clock date written in each history's
 * timestamp, which from facts is the UTC date: a change written within the writer's UTC offset of midnight (e.g.
 * 00:30 in Berlin = 23:30 UTC the day before) is dated one day apart. `created` is kept as written, so creation
 * dates agree in both modes.
 *
 * An id the dictionary does not know is named by the id itself (issue type likewise).
 */
export function jiraIssueOfFacts(record: IssueFactsRecord, names: FactsNames): JiraIssueInput {
  const histories: JiraHistory[] = [];
  for (const [atMs, from, to] of record.changes)
    histories.push({ created: toIsoUtc(atMs), items: [statusItemOf(from, to, names)] });
  for (const [atMs, on] of record.flags) {
    histories.push({
      created: toIsoUtc(atMs),
      items: [
        {
          field: 'Flagged',
          fieldtype: 'custom',
          from: null,
          fromString: null,
          to: null,
          toString: on === 1 ? 'Impediment' : '',
        },
      ],
    });
  }
  const fields: Record<string, unknown> = {
    created: record.created,
    resolutiondate: record.resolvedMs === null ? null : toIsoUtc(record.resolvedMs),
    summary: record.summary,
    updated: toIsoUtc(record.updatedMs),
    project: { id: record.projectId },
  };
  if (record.status !== '=') {
    const byId = record.status.startsWith('=') ? undefined : names.statuses[record.status];
    const category = byId?.[1] ?? null;
    fields['status'] = {
      ...(record.status.startsWith('=') ? {} : { id: record.status }),
      name: statusNameOf(record.status, names),
      ...(category === null ? {} : { statusCategory: { key: category } }),
    };
  }
  if (record.typeId !== '') {
    fields['issuetype'] = record.typeId.startsWith('=')
      ? { name: record.typeId.slice(1) }
      : { id: record.typeId, name: names.types[record.typeId] ?? record.typeId };
  }
  return {
    id: record.id,
    ...(record.key === '' ? {} : { key: record.key }),
    fields,
    changelog: { histories },
  };
}

/** Elapsed days of a duration, 2 decimals (never -0). */
const daysOf = (ms: number): number => Math.round((ms / DAY_MS) * 100) / 100 || 0;

/**
 * The issue property value of one issue's engine facts ({@link FlowPropertyValue}): lead and cycle time for done
 * issues, age = `asOfMs` − start for work in progress (started, not done; FLOW-METRICS.md §3.9), the engine's
 * flow efficiency, and blocked time (0 when never flagged or without a timeline).
 *
 * @example an issue created 1 Mar 09:00, started 2 Mar 09:00, open, asOf 5 Mar 21:00 → `{ ageDays: 3.5, … }`
 */
export function flowPropertyOf(issue: IssueFacts, asOfMs: number): FlowPropertyValue {
  const done = issue.doneMs !== null;
  const { startMs } = issue;
  return {
    ...(done && issue.leadTimeMs !== null ? { leadTimeDays: daysOf(issue.leadTimeMs) } : {}),
    ...(done && issue.cycleTimeMs !== null ? { cycleTimeDays: daysOf(issue.cycleTimeMs) } : {}),
    ...(startMs !== null && !done ? { ageDays: daysOf(asOfMs - startMs) } : {}),
    ...(issue.flowEfficiency === null || !Number.isFinite(issue.flowEfficiency)
      ? {}
      : { efficiency: Math.round(issue.flowEfficiency * 1000) / 1000 || 0 }),
    blockedDays: daysOf(issue.blockedMs ?? 0),
    asOfMs,
  };
}

/** Whether two records hold the same facts (every field, every change and flag, in order). */
export function sameFacts(a: IssueFactsRecord, b: IssueFactsRecord): boolean {
  if (
    a.id !== b.id ||
    a.key !== b.key ||
    a.projectId !== b.projectId ||
    a.typeId !== b.typeId ||
    a.created !== b.created ||
    a.status !== b.status ||
    a.resolvedMs !== b.resolvedMs ||
    a.summary !== b.summary ||
    a.updatedMs !== b.updatedMs ||
    a.changes.length !== b.changes.length ||
    a.flags.length !== b.flags.length
  )
    return false;
  for (let i = 0; i < a.changes.length; i++) {
    const x = a.changes[i];
    const y = b.changes[i];
    if (x?.[0] !== y?.[0] || x?.[1] !== y?.[1] || x?.[2] !== y?.[2]) return false;
  }
  for (let i = 0; i < a.flags.length; i++) {
    const x = a.flags[i];
    const y = b.flags[i];
    if (x?.[0] !== y?.[0] || x?.[1] !== y?.[1]) return false;
  }
  return true;
}
