/**
 * Small, fast {@link JiraSeed}s for the emulator tests: a help desk (HD, company-managed) with German workflow
 * statuses, a team-managed CSI project with project-scoped statuses and issue types, and a restricted SEC project
 * only the administrator sees. Issue histories walk Neu → In Bearbeitung ⇄ Wartet auf Kunde → Gelöst, one hour
 * per step, so tests can predict every timestamp.
 */
import { adfParagraph } from '../../dev/emulator/adf';
import { statusChangeItem } from '../../dev/emulator/change-items';
import type {
  JiraSeed,
  SeedHistory,
  SeedIssue,
  SeedIssueLink,
  SeedStatus,
  SeedUser,
} from '../../dev/emulator/seed';
import { flaggedItem, selfAssignHistory } from '../support/seed-change-items';

export const HOUR_MS = 3_600_000;
export const DAY_MS = 24 * HOUR_MS;
/** 2026-01-05T08:00:00Z, a Monday: the first issue's creation. */
export const START_MS = Date.UTC(2026, 0, 5, 8, 0, 0);

const user = (
  accountId: string,
  displayName: string,
  emailAddress: string,
  rest: Partial<Pick<SeedUser, 'jiraAdmin' | 'browseProjects' | 'adminProjects' | 'locale' | 'timeZone'>>,
): SeedUser => ({
  accountId,
  displayName,
  emailAddress,
  locale: rest.locale ?? 'de_DE',
  timeZone: rest.timeZone ?? 'Europe/Berlin',
  jiraAdmin: rest.jiraAdmin ?? false,
  browseProjects: rest.browseProjects ?? [],
  adminProjects: rest.adminProjects ?? [],
  apiToken: `token-${accountId}`,
});

/** Jira administrator: sees every project. */
export const ADMIN = user('5b10a0000000000000000001', 'Anna Admin', 'anna@example.test', {
  jiraAdmin: true,
  browseProjects: '*',
});
/** Help-desk agent: browses HD only, administers nothing. */
export const AGENT = user('5b10a0000000000000000002', 'Bernd Agent', 'bernd@example.test', {
  browseProjects: ['HD'],
  locale: 'en_US',
  timeZone: 'UTC',
});
/** CSI lead: browses HD and CSI, administers CSI. */
export const LEAD = user('5b10a0000000000000000003', 'Clara Lead', 'clara@example.test', {
  browseProjects: ['HD', 'CSI'],
  adminProjects: ['CSI'],
});

export const HD_ID = '10000';
export const CSI_ID = '10001';
export const SEC_ID = '10002';

export const STATUS = {
  neu: { id: '1', name: 'Neu', categoryKey: 'new' },
  inBearbeitung: { id: '3', name: 'In Bearbeitung', categoryKey: 'indeterminate' },
  wartet: { id: '10010', name: 'Wartet auf Kunde', categoryKey: 'indeterminate' },
  geloest: { id: '5', name: 'Gelöst', categoryKey: 'done' },
  geschlossen: { id: '6', name: 'Geschlossen', categoryKey: 'done' },
  backlog: { id: '20000', name: 'Backlog', categoryKey: 'new', projectId: CSI_ID },
  inArbeit: { id: '20001', name: 'In Arbeit', categoryKey: 'indeterminate', projectId: CSI_ID },
  fertig: { id: '20002', name: 'Fertig', categoryKey: 'done', projectId: CSI_ID },
} as const satisfies Record<string, SeedStatus>;

export const TYPE = {
  incident: { id: '10100', name: 'Incident', description: 'Eine Störung.', subtask: false },
  request: { id: '10101', name: 'Service Request', description: 'Eine Anfrage.', subtask: false },
  improvement: {
    id: '10200',
    name: 'Improvement',
    description: 'Eine Verbesserung.',
    subtask: false,
    projectId: CSI_ID,
  },
  feedback: {
    id: '10201',
    name: 'Feedback',
    description: 'Kundenfeedback.',
    subtask: false,
    projectId: CSI_ID,
  },
} as const;

export const LINK_TYPE = {
  blocks: { id: '10000', name: 'Blocks', inward: 'is blocked by', outward: 'blocks' },
  relates: { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
} as const;

/** Jira's instant format with a +0100 offset (Berlin winter time): `2026-01-05T09:00:00.000+0100`. */
export function berlinInstant(ms: number): string {
  return new Date(ms + HOUR_MS).toISOString().replace('Z', '+0100');
}

export interface BuildOptions {
  /** Issues in HD (default 10). */
  readonly hd?: number;
  /** Issues in CSI (default 2). */
  readonly csi?: number;
  /** Issues in SEC (default 1). */
  readonly sec?: number;
  /** Status changes per HD issue (default 2: Neu → In Bearbeitung → Gelöst for resolved issues). */
  readonly statusChangesPerHdIssue?: number;
  /** Every n-th HD issue (index % n === 0) ends resolved (default 2). */
  readonly resolvedEvery?: number;
  /** Add a Flagged on/off pair and an assignee change to every HD issue (default false). */
  readonly extraItems?: boolean;
  /** Minutes between consecutive issues' creation (default 60). */
  readonly issueSpacingMinutes?: number;
  /** Add the company-managed project NEU (id 10003) without issues (default false). */
  readonly emptyProject?: boolean;
}

export const NEU_ID = '10003';

/** The HD issue path: Neu, then In Bearbeitung/Wartet auf Kunde alternating, the last step Gelöst if resolved. */
function hdPath(changes: number, resolved: boolean): SeedStatus[] {
  const path: SeedStatus[] = [STATUS.neu];
  for (let j = 1; j <= changes; j++) {
    if (j === changes && resolved) path.push(STATUS.geloest);
    else path.push(j % 2 === 1 ? STATUS.inBearbeitung : STATUS.wartet);
  }
  return path;
}

/** Builds a seed; HD issue i (1-based key HD-i, id 100000 + i) is created at START_MS + (i − 1) × spacing. */
export function buildSeed(options: BuildOptions = {}): JiraSeed {
  const hd = options.hd ?? 10;
  const csi = options.csi ?? 2;
  const sec = options.sec ?? 1;
  const changes = options.statusChangesPerHdIssue ?? 2;
  const resolvedEvery = options.resolvedEvery ?? 2;
  const spacingMs = (options.issueSpacingMinutes ?? 60) * 60_000;
  const issues: SeedIssue[] = [];
  let historyId = 500_000;

  for (let i = 1; i <= hd; i++) {
    const createdMs = START_MS + (i - 1) * spacingMs;
    const resolved = (i - 1) % resolvedEvery === 0;
    const path = hdPath(changes, resolved);
    const histories: SeedHistory[] = [];
    for (let j = 1; j < path.length; j++) {
      histories.push({
        id: String(historyId++),
        created: berlinInstant(createdMs + j * HOUR_MS),
        authorAccountId: AGENT.accountId,
        items: [statusChangeItem(path[j - 1] ?? STATUS.neu, path[j] ?? STATUS.neu)],
      });
    }
    let updatedMs = createdMs + (path.length - 1) * HOUR_MS;
    if (options.extraItems === true) {
      const assigneeAt = updatedMs + 10 * 60_000;
      histories.push(
        {
          id: String(historyId++),
          created: berlinInstant(assigneeAt),
          authorAccountId: AGENT.accountId,
          items: [flaggedItem(true)],
        },
        selfAssignHistory(String(historyId++), berlinInstant(assigneeAt + 60_000), AGENT),
        {
          id: String(historyId++),
          created: berlinInstant(assigneeAt + 2 * 60_000),
          authorAccountId: AGENT.accountId,
          items: [flaggedItem(false)],
        },
      );
      updatedMs = assigneeAt + 2 * 60_000;
    }
    const final = path[path.length - 1] ?? STATUS.neu;
    const resolvedMs = final.categoryKey === 'done' ? createdMs + (path.length - 1) * HOUR_MS : null;
    issues.push({
      id: String(100_000 + i),
      key: `HD-${i}`,
      projectId: HD_ID,
      issueTypeId: i % 3 === 0 ? TYPE.request.id : TYPE.incident.id,
      statusId: final.id,
      summary: `Drucker im Büro ${i} druckt nicht`,
      description: i === 1 ? adfParagraph('Seit heute morgen kommt nichts mehr aus dem Drucker.') : null,
      created: berlinInstant(createdMs),
      updated: berlinInstant(updatedMs),
      resolutiondate: resolvedMs === null ? null : berlinInstant(resolvedMs),
      resolution: resolvedMs === null ? null : 'Erledigt',
      priority: i % 4 === 0 ? 'High' : 'Medium',
      labels: i % 5 === 0 ? ['drucker', 'vip'] : [],
      reporterAccountId: LEAD.accountId,
      assigneeAccountId: i % 2 === 0 ? AGENT.accountId : null,
      flagged: false,
      histories,
      comments:
        i === 1
          ? [
              {
                id: '900001',
                authorAccountId: AGENT.accountId,
                created: berlinInstant(createdMs + 30 * 60_000),
                updated: berlinInstant(createdMs + 30 * 60_000),
                body: adfParagraph('Ich schaue mir das an.'),
              },
            ]
          : [],
      properties: i === 1 ? { 'flow-cache': { version: 1 } } : {},
    });
  }

  for (let i = 1; i <= csi; i++) {
    const createdMs = START_MS + (i - 1) * DAY_MS;
    issues.push({
      id: String(200_000 + i),
      key: `CSI-${i}`,
      projectId: CSI_ID,
      issueTypeId: i % 2 === 1 ? TYPE.improvement.id : TYPE.feedback.id,
      statusId: STATUS.backlog.id,
      summary: `Verbesserung ${i}`,
      description: null,
      created: berlinInstant(createdMs),
      updated: berlinInstant(createdMs),
      resolutiondate: null,
      resolution: null,
      priority: 'Medium',
      labels: [],
      reporterAccountId: LEAD.accountId,
      assigneeAccountId: null,
      flagged: false,
      histories: [],
      comments: [],
      properties: {},
    });
  }

  for (let i = 1; i <= sec; i++) {
    const createdMs = START_MS + (i - 1) * DAY_MS;
    issues.push({
      id: String(300_000 + i),
      key: `SEC-${i}`,
      projectId: SEC_ID,
      issueTypeId: TYPE.incident.id,
      statusId: STATUS.neu.id,
      summary: `Sicherheitsvorfall ${i}`,
      description: null,
      created: berlinInstant(createdMs),
      updated: berlinInstant(createdMs),
      resolutiondate: null,
      resolution: null,
      priority: 'Highest',
      labels: [],
      reporterAccountId: ADMIN.accountId,
      assigneeAccountId: null,
      flagged: true,
      histories: [],
      comments: [],
      properties: {},
    });
  }

  const links: SeedIssueLink[] =
    hd >= 2 && csi >= 1
      ? [{ id: '40001', typeId: LINK_TYPE.relates.id, outwardIssueId: '200001', inwardIssueId: '100002' }]
      : [];

  return {
    users: [ADMIN, AGENT, LEAD],
    projects: [
      {
        id: HD_ID,
        key: 'HD',
        name: 'Help Desk',
        style: 'classic',
        projectTypeKey: 'service_desk',
        leadAccountId: LEAD.accountId,
        issueTypeIds: [TYPE.incident.id, TYPE.request.id],
        statusIds: [
          STATUS.neu.id,
          STATUS.inBearbeitung.id,
          STATUS.wartet.id,
          STATUS.geloest.id,
          STATUS.geschlossen.id,
        ],
      },
      {
        id: CSI_ID,
        key: 'CSI',
        name: 'Continual Service Improvement',
        style: 'next-gen',
        projectTypeKey: 'software',
        leadAccountId: LEAD.accountId,
        issueTypeIds: [TYPE.improvement.id, TYPE.feedback.id],
        statusIds: [STATUS.backlog.id, STATUS.inArbeit.id, STATUS.fertig.id],
      },
      {
        id: SEC_ID,
        key: 'SEC',
        name: 'Security',
        style: 'classic',
        projectTypeKey: 'business',
        leadAccountId: ADMIN.accountId,
        issueTypeIds: [TYPE.incident.id],
        statusIds: [STATUS.neu.id, STATUS.inBearbeitung.id, STATUS.geloest.id],
      },
      ...(options.emptyProject === true
        ? [
            {
              id: NEU_ID,
              key: 'NEU',
              name: 'Neues Projekt',
              style: 'classic' as const,
              projectTypeKey: 'software' as const,
              leadAccountId: ADMIN.accountId,
              issueTypeIds: [TYPE.incident.id, TYPE.request.id],
              statusIds: [STATUS.neu.id, STATUS.geloest.id],
            },
          ]
        : []),
    ],
    issueTypes: Object.values(TYPE),
    statuses: Object.values(STATUS),
    linkTypes: Object.values(LINK_TYPE),
    issues,
    links,
  };
}
