/**
 * OKR gadget answers for the UI tests: the talk's two objectives in Q1 2026 (help desk "Kundenzufriedenheit
 * erhöhen" with "Durchlaufzeit um 15 % senken"; e-mail service "Anmeldegeschwindigkeit erhöhen" with
 * "Fehlgeschlagene Anmeldeversuche um 15 % verringern"), one key result per status, history and linked issues.
 */
import type {
  KeyResultView,
  ObjectiveView,
  OkrGadgetConfig,
  OkrGadgetView,
  OkrHistoryPoint,
  OkrOverview,
  OkrStatus,
} from '../../src/contract/okr';

const DAY_MS = 86_400_000;
const Q1_START_MS = Date.UTC(2026, 0, 1);

export const anna = { accountId: 'acc-anna', displayName: 'Anna Berger' };

/** A history of `values`, one a week from 1 January 2026. */
export function weekly(values: readonly number[]): OkrHistoryPoint[] {
  return values.map((value, index) => ({
    atMs: Q1_START_MS + index * 7 * DAY_MS,
    value,
    source: 'measured',
  }));
}

export function keyResultView(
  id: string,
  objectiveId: string,
  title: string,
  status: OkrStatus,
  patch: Partial<Omit<KeyResultView, 'keyResult'>> & { unit?: string } = {},
): KeyResultView {
  const { unit = '', ...rest } = patch;
  return {
    keyResult: {
      id,
      objectiveId,
      title,
      ownerAccountId: anna.accountId,
      weight: 1,
      unit,
      direction: 'decrease',
      kind: { type: 'metric', start: 40, target: 34 },
      source: 'manual',
      archived: false,
    },
    version: 1,
    owner: anna,
    start: 40,
    target: 34,
    currentValue: 37,
    currentAtMs: Q1_START_MS + 60 * DAY_MS,
    progress: 0.5,
    expected: 0.75,
    status,
    confidence: 7,
    history: weekly([40, 39, 38, 37]),
    linkedIssueCount: 0,
    lastMeasuredAtMs: null,
    canEdit: false,
    ...rest,
  };
}

function objectiveView(
  id: string,
  title: string,
  projectKey: string,
  status: OkrStatus,
  progress: number,
  keyResults: readonly KeyResultView[],
): ObjectiveView {
  return {
    objective: {
      id,
      title,
      description: '',
      period: { kind: 'quarter', quarter: '2026-Q1', timeZone: 'Europe/Berlin' },
      ownerAccountId: anna.accountId,
      scope: { type: 'project', projectKey },
      archived: false,
    },
    version: 1,
    owner: anna,
    progress,
    expected: 0.75,
    status,
    keyResults,
    grading: null,
    canEdit: false,
  };
}

export const leadTimeKr = keyResultView('KR-1', 'O-1', 'Durchlaufzeit um 15 % senken', 'on-track', {
  unit: 'Tage',
  start: 5,
  target: 4.25,
  currentValue: 4.4,
  progress: 0.8,
  confidence: 8,
  history: weekly([5, 4.9, 4.6, 4.4]),
  linkedIssueCount: 3,
});

export const signInKr = keyResultView(
  'KR-2',
  'O-2',
  'Fehlgeschlagene Anmeldeversuche um 15 % verringern',
  'at-risk',
  {
    unit: 'Anmeldungen/Tag',
    start: 200,
    target: 170,
    currentValue: 185,
    progress: 0.5,
    confidence: null,
    history: weekly([200, 210, 190, 185]),
  },
);

export const surveyKr = keyResultView('KR-3', 'O-2', 'Umfrage unter 50 Kunden', 'off-track', {
  start: null,
  target: null,
  currentValue: null,
  progress: 0.1,
  confidence: 3,
  history: weekly([0]),
});

export const overview: OkrOverview = {
  periodKey: '2026-Q1',
  period: { kind: 'quarter', quarter: '2026-Q1', timeZone: 'Europe/Berlin' },
  elapsed: 0.75,
  asOfMs: Q1_START_MS + 68 * DAY_MS,
  objectives: [
    objectiveView('O-1', 'Kundenzufriedenheit erhöhen', 'HD', 'on-track', 0.8, [leadTimeKr]),
    objectiveView('O-2', 'Anmeldegeschwindigkeit erhöhen', 'MAIL', 'at-risk', 0.3, [signInKr, surveyKr]),
  ],
  periods: [
    {
      periodKey: '2025-Q4',
      period: { kind: 'quarter', quarter: '2025-Q4', timeZone: 'Europe/Berlin' },
      objectiveCount: 2,
      closed: true,
    },
    {
      periodKey: '2026-Q1',
      period: { kind: 'quarter', quarter: '2026-Q1', timeZone: 'Europe/Berlin' },
      objectiveCount: 2,
      closed: false,
    },
  ],
  closed: false,
  canCreate: false,
  canAdminister: false,
};

export const compactConfig: OkrGadgetConfig = { period: { kind: 'current' }, layout: 'compact' };

export const gadgetView: OkrGadgetView = {
  config: compactConfig,
  version: 4,
  overview,
  linkedIssues: {
    'KR-1': [
      {
        issueId: '10042',
        issueKey: 'HD-42',
        summary: 'Passwort-Reset dauert zu lange',
        statusName: 'In Arbeit',
        statusCategory: 'indeterminate',
        isImprovement: false,
      },
      {
        issueId: '10050',
        issueKey: 'CSI-7',
        summary: 'Wissensdatenbank für Standardanfragen',
        statusName: 'Erledigt',
        statusCategory: 'done',
        isImprovement: true,
      },
    ],
  },
  jiraRequests: 3,
};
