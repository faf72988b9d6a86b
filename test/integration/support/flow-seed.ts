/**
 * A small deterministic emulator seed for the adapter's integration tests: a help-desk project `HD` of any size
 * whose issues follow a fixed pattern (so a test can state exactly what each issue's history is), a second
 * project `CSI` that one user may not see, two users and the statuses of a German service desk.
 *
 * Issue n (1-based) of HD: id `20000 + n`, created `startMs + n · 37 min`; it makes `n mod 4` status changes
 * along Neu → In Bearbeitung → Wartet auf Kunde → Gelöst one hour apart (or `busyChanges` changes, alternating
 * In Bearbeitung ↔ Wartet auf Kunde, when that option is set); every 10th issue is flagged and unflagged, and
 * every issue has one assignee change that the flow fetch must leave out.
 */
import type { JiraChangeItem } from '../../../src/domain/flow/types';
import type { JiraSeed, SeedHistory, SeedIssue, SeedStatus, SeedUser } from '../../../dev/emulator/seed';
import { flaggedItem, selfAssignHistory } from '../../support/seed-change-items';

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;

export const HD_PROJECT_ID = '10000';
export const CSI_PROJECT_ID = '10001';
/** Sees every project. */
export const AGENT: SeedUser = {
  accountId: 'acc-anna',
  displayName: 'Anna Berger',
  emailAddress: 'anna.berger@example.de',
  locale: 'de_DE',
  timeZone: 'Europe/Berlin',
  jiraAdmin: false,
  browseProjects: '*',
  adminProjects: ['HD'],
  apiToken: 'token-anna',
};
/** Sees only CSI; administers nothing. */
export const OUTSIDER: SeedUser = {
  accountId: 'acc-otto',
  displayName: 'Otto Klein',
  emailAddress: 'otto.klein@example.de',
  locale: 'en_US',
  timeZone: 'UTC',
  jiraAdmin: false,
  browseProjects: ['CSI'],
  adminProjects: [],
  apiToken: 'token-otto',
};

const STATUSES: readonly SeedStatus[] = [
  { id: '1', name: 'Neu', categoryKey: 'new' },
  { id: '3', name: 'In Bearbeitung', categoryKey: 'indeterminate' },
  { id: '4', name: 'Wartet auf Kunde', categoryKey: 'indeterminate' },
  { id: '5', name: 'Gelöst', categoryKey: 'done' },
];
const PATH = ['1', '3', '4', '5'] as const;

/** Jira's instant format in UTC, e.g. `2026-01-05T08:37:00.000+0000`. */
export function jiraInstant(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 23)}+0000`;
}

function statusName(id: string): string {
  return STATUSES.find((s) => s.id === id)?.name ?? id;
}

function statusChange(from: string, to: string): JiraChangeItem {
  return {
    field: 'status',
    fieldtype: 'jira',
    fieldId: 'status',
    from,
    fromString: statusName(from),
    to,
    toString: statusName(to),
  };
}

export interface FlowSeedOptions {
  /** Issues in HD. */
  readonly issues: number;
  /** Epoch ms before the first issue's creation. */
  readonly startMs?: number;
  /** When set, every issue makes this many status changes (In Bearbeitung ↔ Wartet auf Kunde after Neu). */
  readonly busyChanges?: number;
}

/** The flow (status and Flagged) histories issue n gets, oldest first. */
export function flowHistoriesOf(n: number, options: FlowSeedOptions): SeedHistory[] {
  const createdMs = (options.startMs ?? Date.UTC(2025, 0, 6)) + n * 37 * MINUTE_MS;
  const histories: SeedHistory[] = [];
  let historyNumber = 0;
  const add = (atMs: number, items: readonly JiraChangeItem[]): void => {
    historyNumber++;
    histories.push({
      id: String(n * 100 + historyNumber),
      created: jiraInstant(atMs),
      authorAccountId: AGENT.accountId,
      items,
    });
  };
  const changes = options.busyChanges ?? n % 4;
  let current = '1';
  for (let c = 1; c <= changes; c++) {
    const next = options.busyChanges === undefined ? (PATH[c] ?? '5') : c % 2 === 1 ? '3' : '4';
    add(createdMs + c * HOUR_MS, [statusChange(current, next)]);
    current = next;
  }
  if (n % 10 === 0) {
    add(createdMs + 30 * MINUTE_MS, [flaggedItem(true)]);
    add(createdMs + 90 * MINUTE_MS, [flaggedItem(false)]);
  }
  return histories.sort((a, b) => a.created.localeCompare(b.created));
}

function hdIssue(n: number, options: FlowSeedOptions): SeedIssue {
  const createdMs = (options.startMs ?? Date.UTC(2025, 0, 6)) + n * 37 * MINUTE_MS;
  const flow = flowHistoriesOf(n, options);
  const assignee = selfAssignHistory(String(n * 100 + 99), jiraInstant(createdMs + 5 * MINUTE_MS), AGENT);
  const lastStatus =
    [...flow].reverse().find((h) => h.items.some((i) => i.field === 'status'))?.items[0]?.to ?? '1';
  const resolved = lastStatus === '5' ? (flow[flow.length - 1]?.created ?? null) : null;
  const updated =
    [assignee, ...flow]
      .map((h) => h.created)
      .sort()
      .pop() ?? jiraInstant(createdMs);
  return {
    id: String(20_000 + n),
    key: `HD-${n}`,
    projectId: HD_PROJECT_ID,
    issueTypeId: n % 3 === 0 ? '10002' : '10001',
    statusId: lastStatus,
    summary: n % 3 === 0 ? `Serviceanfrage ${n}: neues Notebook` : `Störung ${n}: VPN bricht ab`,
    description: null,
    created: jiraInstant(createdMs),
    updated,
    resolutiondate: resolved,
    resolution: resolved === null ? null : 'Erledigt',
    priority: 'Mittel',
    labels: [],
    reporterAccountId: AGENT.accountId,
    assigneeAccountId: AGENT.accountId,
    flagged: false,
    histories: [...flow, assignee].sort((a, b) => a.created.localeCompare(b.created)),
    comments: [],
    properties: {},
  };
}

/** The seed: `options.issues` issues in HD, three in CSI. */
export function buildFlowSeed(options: FlowSeedOptions): JiraSeed {
  const issues = Array.from({ length: options.issues }, (_, i) => hdIssue(i + 1, options));
  const csiIssues: SeedIssue[] = [1, 2, 3].map((n) => ({
    ...hdIssue(n, options),
    histories: hdIssue(n, options).histories.map((h) => ({ ...h, id: `9${h.id}` })),
    id: String(90_000 + n),
    key: `CSI-${n}`,
    projectId: CSI_PROJECT_ID,
    issueTypeId: '10003',
    summary: `Verbesserung ${n}`,
  }));
  return {
    users: [AGENT, OUTSIDER],
    projects: [
      {
        id: HD_PROJECT_ID,
        key: 'HD',
        name: 'Service Desk',
        style: 'classic',
        projectTypeKey: 'service_desk',
        leadAccountId: AGENT.accountId,
        issueTypeIds: ['10001', '10002'],
        statusIds: STATUSES.map((s) => s.id),
      },
      {
        id: CSI_PROJECT_ID,
        key: 'CSI',
        name: 'Continual Service Improvement',
        style: 'next-gen',
        projectTypeKey: 'business',
        leadAccountId: AGENT.accountId,
        issueTypeIds: ['10003'],
        statusIds: STATUSES.map((s) => s.id),
      },
    ],
    issueTypes: [
      { id: '10001', name: 'Störung', description: 'Eine Unterbrechung eines Services', subtask: false },
      { id: '10002', name: 'Serviceanfrage', description: 'Eine Anfrage eines Anwenders', subtask: false },
      {
        id: '10003',
        name: 'Verbesserung',
        description: 'Eine Verbesserung',
        subtask: false,
        projectId: CSI_PROJECT_ID,
      },
    ],
    statuses: STATUSES,
    linkTypes: [{ id: '10000', name: 'Relates', inward: 'relates to', outward: 'relates to' }],
    issues: [...issues, ...csiIssues],
    links: [{ id: '30001', typeId: '10000', outwardIssueId: '90001', inwardIssueId: '20001' }],
  };
}
