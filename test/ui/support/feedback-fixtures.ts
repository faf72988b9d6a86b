/**
 * Fixtures of the feedback-loop UI tests (issue 11): the improvement CSI-4 "Self-Service-Passwortrücksetzung
 * einführen" with its record, its loop (two feedback issues, one told at Closed, one not yet) and its effect check
 * (lead time of the help desk: median 4 days before, 2 days after the change).
 */
import type { CsiRecordView } from '../../../src/contract/csi';
import {
  EFFECT_CHECK_DEFAULTS,
  type EffectCheckRunView,
  type EffectCheckView,
  type FeedbackLoopView,
} from '../../../src/contract/feedback';
import { DEFAULT_CSI_WEIGHTS, EMPTY_CSI_RECORD } from '../../../src/domain/csi/record-types';

export const recordView: CsiRecordView = {
  issueKey: 'CSI-4',
  issueId: '10404',
  projectKey: 'CSI',
  summary: 'Self-Service-Passwortrücksetzung einführen',
  statusName: 'Wirksamkeitsprüfung',
  statusKey: 'verifying',
  record: {
    ...EMPTY_CSI_RECORD,
    source: 'customer-feedback',
    service: 'Service Desk',
    feedbackIssueKeys: ['HD-12', 'HD-15'],
    updatedAt: '2026-03-12T13:05:00.000Z',
    updatedByAccountId: 'acc-anna',
  },
  version: 7,
  mirror: 'in-sync',
  weights: DEFAULT_CSI_WEIGHTS,
  canEdit: true,
  people: [{ accountId: 'acc-anna', displayName: 'Anna Albers' }],
  linkedIssues: [],
};

export const loopView: FeedbackLoopView = {
  issueKey: 'CSI-4',
  issueId: '10404',
  projectKey: 'CSI',
  optOut: false,
  replyOnImplementation: false,
  canEdit: true,
  feedbackIssues: [
    {
      issueKey: 'HD-12',
      summary: 'Passwort vergessen, wieder 2 Tage gewartet',
      statusName: 'Erledigt',
      reporter: { accountId: 'acc-carla', displayName: 'Carla Kunde' },
      csat: 2,
      replies: [
        {
          step: 'closed',
          state: 'told',
          toldAt: '2026-03-15T09:30:00.000Z',
          commentId: '30012',
          language: 'de',
        },
      ],
    },
    {
      issueKey: 'HD-15',
      summary: 'Password reset takes too long',
      statusName: 'Done',
      reporter: { accountId: 'acc-dan', displayName: 'Dan Customer' },
      csat: 5,
      replies: [],
    },
  ],
  csatAverage: 3.5,
};

export const notConfigured: EffectCheckView = {
  issueKey: 'CSI-4',
  issueId: '10404',
  projectKey: 'CSI',
  timeZone: 'Europe/Berlin',
  config: null,
  version: null,
  state: 'not-configured',
  enteredVerifyingOn: '2026-02-01',
  changeDate: null,
  dueOn: null,
  latest: null,
  history: [],
  canEdit: true,
};

export const configured: EffectCheckView = {
  ...notConfigured,
  config: {
    target: { kind: 'flow', metric: 'lead-time', jql: 'project = HD' },
    better: 'lower',
    changeDate: null,
    verifyAfterDays: EFFECT_CHECK_DEFAULTS.verifyAfterDays,
    beforeDays: EFFECT_CHECK_DEFAULTS.beforeDays,
  },
  version: 3,
  state: 'due',
  changeDate: '2026-02-01',
  dueOn: '2026-03-03',
};

export const latestRun: EffectCheckRunView = {
  runId: 'run-2',
  ranAt: '2026-03-20T11:00:00.000Z',
  trigger: 'manual',
  target: { kind: 'flow', metric: 'lead-time', jql: 'project = HD' },
  better: 'lower',
  result: {
    metric: 'lead-time',
    timeZone: 'Europe/Berlin',
    changeDate: '2026-02-01',
    before: { from: '2025-11-03', to: '2026-02-01', n: 10, p50: 4, p85: 6 },
    after: { from: '2026-02-01', to: '2026-03-03', n: 9, p50: 2, p85: 3 },
    medianChange: -0.5,
    mannWhitney: { u: 88, z: 3.4, pValue: 0.0004 },
    effectSize: 0.98,
    bootstrap: { low: -0.62, high: -0.35, resamples: 10_000, seed: 1 },
    verdict: 'improved',
    warnings: ['after-window-open (data as of 2026-03-02, window ends 2026-03-02)'],
  },
  unit: 'days',
  chart: { before: [3, 3, 4, 4, 4, 4, 5, 5, 6, 7], after: [1, 1, 2, 2, 2, 2, 3, 3, 3] },
  proposedResult: { name: 'Durchlaufzeit p50', value: 2, unit: 'days', measuredOn: '2026-03-20' },
  commentId: null,
  keyResultUpdate: null,
};

export const checked: EffectCheckView = {
  ...configured,
  state: 'checked',
  latest: latestRun,
  history: [
    {
      ...latestRun,
      runId: 'run-1',
      ranAt: '2026-03-03T06:00:00.000Z',
      trigger: 'schedule',
      result: { ...latestRun.result, verdict: 'insufficient-data', warnings: ['after-too-small (5 < 8)'] },
    },
  ],
};
