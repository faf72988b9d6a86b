/**
 * Compact builders for Jira issues with changelogs, for the flow-engine and CLI tests.
 *
 * Expected values in the tests are written by hand with {@link utc} (plain `Date.UTC`, 1-based month), never by
 * calling the engine's own timestamp parser, so the tests stay an independent check of FLOW-METRICS.md.
 */
import { computeFlowReport } from '../../src/domain/flow/engine';
import type {
  FlowOptions,
  FlowReport,
  IssueReport,
  JiraChangeItem,
  JiraHistory,
  JiraIssueInput,
  WorkflowMapping,
} from '../../src/domain/flow/types';

export const MINUTE = 60_000;
export const HOUR = 60 * MINUTE;
export const DAY = 24 * HOUR;

/** Epoch ms of a UTC wall-clock time; `month` is 1-based (utc(2024, 3, 1) is 1 March 2024, 00:00 UTC). */
export function utc(year: number, month: number, day: number, hour = 0, minute = 0, second = 0): number {
  return Date.UTC(year, month - 1, day, hour, minute, second);
}

/** Jira status ids and categories of the statuses the fixtures use; `Limbo` is never mapped. */
const STATUS_IDS: Readonly<Record<string, string>> = {
  Open: '1',
  'In Progress': '3',
  Reopened: '4',
  Resolved: '5',
  Closed: '6',
  'To Do': '10000',
  Review: '10001',
  Testing: '10002',
  Done: '10003',
  Limbo: '10099',
};

const CATEGORY_OF: Readonly<Record<string, string>> = {
  Open: 'new',
  Reopened: 'new',
  'To Do': 'new',
  'In Progress': 'indeterminate',
  Review: 'indeterminate',
  Testing: 'indeterminate',
  Resolved: 'done',
  Closed: 'done',
  Done: 'done',
};

/**
 * The workflow most tests use (FLOW-METRICS.md §2 shape): Backlog (backlog) → In Progress (active) → Review
 * (waiting) → Test (active) → Done (done); commitment point In Progress. `Limbo` is deliberately unmapped.
 */
export const STANDARD_MAPPING: WorkflowMapping = {
  stages: [
    { name: 'Backlog', statuses: ['Open', 'Reopened'], kind: 'backlog' },
    { name: 'In Progress', statuses: ['In Progress'], kind: 'active' },
    { name: 'Review', statuses: ['Review'], kind: 'waiting' },
    { name: 'Test', statuses: ['Testing'], kind: 'active' },
    { name: 'Done', statuses: ['Resolved', 'Closed'], kind: 'done' },
  ],
  startStage: 'In Progress',
  doneStage: 'Done',
};

/** One status change: `[timestamp as Jira writes it, fromString, toString]`. */
export type StatusChangeSpec = readonly [at: string, from: string | null, to: string];

export interface IssueOptions {
  /** Current status (`fields.status.name`); default: the `to` of the last change listed, else `Open`; null: none. */
  readonly status?: string | null;
  /** `statusCategory.key` of the current status; default from the fixture table (none for unknown statuses). */
  readonly category?: string | null;
  readonly issueType?: string;
  /** Flagged changes: `[timestamp, true = flag set / false = flag cleared]`. */
  readonly flags?: readonly (readonly [at: string, on: boolean])[];
  /** Raw histories appended after the generated ones (for malformed data). */
  readonly histories?: readonly JiraHistory[];
  /** Write the changelog newest first, as `expand=changelog` does. */
  readonly newestFirst?: boolean;
}

/** A status item as Jira writes it (with ids, so mappings by id can be tested). */
export function statusItem(from: string | null, to: string): JiraChangeItem {
  return {
    field: 'status',
    fieldtype: 'jira',
    fieldId: 'status',
    from: from === null ? null : (STATUS_IDS[from] ?? null),
    fromString: from,
    to: STATUS_IDS[to] ?? null,
    toString: to,
  };
}

/** A Flagged item: Jira writes `Impediment` when the flag is set and an empty value when it is cleared. */
export function flaggedItem(on: boolean): JiraChangeItem {
  return {
    field: 'Flagged',
    fieldtype: 'custom',
    fieldId: 'customfield_10021',
    from: null,
    fromString: on ? null : 'Impediment',
    to: on ? '[10019]' : null,
    toString: on ? 'Impediment' : null,
  };
}

/**
 * Builds a Jira issue (search response shape with `changelog.histories`), one history per change, in the order
 * listed (or reversed with `newestFirst`).
 *
 * @example issue('HD-1', '2024-03-01T09:00:00.000+0100', [['2024-03-01T10:00:00.000+0100', 'Open', 'In Progress']])
 */
export function issue(
  key: string,
  created: string | null,
  changes: readonly StatusChangeSpec[],
  options: IssueOptions = {},
): JiraIssueInput {
  const histories: JiraHistory[] = changes.map(([at, from, to], i) => ({
    id: `${key}-s${i}`,
    created: at,
    items: [statusItem(from, to)],
  }));
  (options.flags ?? []).forEach(([at, on], i) =>
    histories.push({ id: `${key}-f${i}`, created: at, items: [flaggedItem(on)] }),
  );
  histories.push(...(options.histories ?? []));
  if (options.newestFirst === true) histories.reverse();
  const lastChange = changes[changes.length - 1];
  const statusName = options.status === undefined ? (lastChange?.[2] ?? 'Open') : options.status;
  const category =
    options.category === undefined && statusName !== null ? CATEGORY_OF[statusName] : options.category;
  const fields: Record<string, unknown> = {
    summary: `Issue ${key}`,
    issuetype: { id: '10004', name: options.issueType ?? 'Task' },
  };
  if (created !== null) fields['created'] = created;
  if (statusName !== null) {
    fields['status'] = {
      id: STATUS_IDS[statusName] ?? '99999',
      name: statusName,
      ...(category === undefined || category === null ? {} : { statusCategory: { key: category } }),
    };
  }
  return { key, id: `id-${key}`, fields, changelog: { histories } };
}

export type ReportOptions = Partial<FlowOptions> & { readonly asOfMs: number };

/** `computeFlowReport` with the defaults the tests share: canonical, STANDARD_MAPPING, policy first, UTC. */
export function reportOf(issues: readonly JiraIssueInput[], options: ReportOptions): FlowReport {
  return computeFlowReport(issues, {
    mode: 'canonical',
    mapping: STANDARD_MAPPING,
    startPolicy: 'first',
    timeZone: 'UTC',
    ...options,
  });
}

/** The report row of one issue; fails the test when the key is missing. */
export function issueOf(report: FlowReport, key: string): IssueReport {
  const found = report.issues.find((i) => i.key === key);
  if (found === undefined)
    throw new Error(`issue ${key} not in report (${report.issues.map((i) => i.key).join(', ')})`);
  return found;
}

/** A count record without its zero entries, so tests state exactly the non-zero counts. */
export function nonZero(counts: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).filter(([, n]) => n !== 0));
}

/** Instant of a report's ISO-8601 UTC string, for comparisons with {@link utc}. */
export function instantOf(iso: string | null): number | null {
  return iso === null ? null : Date.parse(iso);
}
