import type { IssueFlowView } from '../../src/contract/resolvers';

const dayMs = 86_400_000;

/** A done issue: 1 day Open, 3.5 days In Progress, 1.5 days Waiting for Customer (lead 6 d, cycle 5 d). */
export const doneIssueView: IssueFlowView = {
  issueKey: 'HD-42',
  asOf: '2026-03-10T12:00:00.000Z',
  timeZone: 'Europe/Berlin',
  status: 'Done',
  stage: 'Done',
  createdAt: '2026-03-02T08:00:00.000Z',
  startAt: '2026-03-03T08:00:00.000Z',
  doneAt: '2026-03-08T08:00:00.000Z',
  leadTimeMs: 6 * dayMs,
  cycleTimeMs: 5 * dayMs,
  ageMs: null,
  flowEfficiency: 0.8,
  timeInStatus: [
    { status: 'Open', stage: 'To Do', kind: 'backlog', ms: 1 * dayMs },
    { status: 'In Progress', stage: 'In Progress', kind: 'active', ms: 3.5 * dayMs },
    { status: 'Waiting for Customer', stage: 'Waiting', kind: 'waiting', ms: 1.5 * dayMs },
  ],
  warnings: [],
  visits: [
    {
      status: 'Open',
      stage: 'To Do',
      kind: 'backlog',
      enterMs: Date.UTC(2026, 2, 2, 8),
      leaveMs: Date.UTC(2026, 2, 3, 8),
    },
    {
      status: 'In Progress',
      stage: 'In Progress',
      kind: 'active',
      enterMs: Date.UTC(2026, 2, 3, 8),
      leaveMs: Date.UTC(2026, 2, 5, 8),
    },
    {
      status: 'Waiting for Customer',
      stage: 'Waiting',
      kind: 'waiting',
      enterMs: Date.UTC(2026, 2, 5, 8),
      leaveMs: Date.UTC(2026, 2, 6, 20),
    },
    {
      status: 'In Progress',
      stage: 'In Progress',
      kind: 'active',
      enterMs: Date.UTC(2026, 2, 6, 20),
      leaveMs: Date.UTC(2026, 2, 8, 8),
    },
    { status: 'Done', stage: 'Done', kind: 'done', enterMs: Date.UTC(2026, 2, 8, 8), leaveMs: null },
  ],
  blockedMs: 0.5 * dayMs,
  mappingSource: 'stored',
  standing: {
    kind: 'compared',
    projectKey: 'HD',
    measure: 'cycle-time',
    valueDays: 5,
    rankPercent: 86,
    finishedCount: 120,
    marks: [
      { percentile: 50, days: 2.1 },
      { percentile: 85, days: 4.8 },
      { percentile: 95, days: 9.5 },
    ],
    computedAtMs: Date.UTC(2026, 2, 10, 6),
  },
};

/** An open issue started 16 hours before asOf, with a status-mismatch warning. */
export const openIssueView: IssueFlowView = {
  ...doneIssueView,
  issueKey: 'HD-43',
  status: 'In Review',
  stage: 'In Progress',
  createdAt: '2026-03-09T08:00:00.000Z',
  startAt: '2026-03-09T20:00:00.000Z',
  doneAt: null,
  leadTimeMs: null,
  cycleTimeMs: null,
  ageMs: 16 * 3_600_000,
  flowEfficiency: 1,
  timeInStatus: [
    { status: 'Open', stage: 'To Do', kind: 'backlog', ms: 12 * 3_600_000 },
    { status: 'In Progress', stage: 'In Progress', kind: 'active', ms: 16 * 3_600_000 },
  ],
  warnings: ['status-mismatch'],
  visits: [
    {
      status: 'Open',
      stage: 'To Do',
      kind: 'backlog',
      enterMs: Date.UTC(2026, 2, 9, 8),
      leaveMs: Date.UTC(2026, 2, 9, 20),
    },
    {
      status: 'In Progress',
      stage: 'In Progress',
      kind: 'active',
      enterMs: Date.UTC(2026, 2, 9, 20),
      leaveMs: null,
    },
  ],
  blockedMs: 0,
  mappingSource: 'status-categories',
  standing: { kind: 'no-cached-view', projectKey: 'HD' },
};
