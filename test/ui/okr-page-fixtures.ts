/**
 * OKR page answers for the UI tests: an aligned tree in Q1 2026 — the company objective "Service verbessern"
 * (O-1) with the help desk's "Kundenzufriedenheit erhöhen" (O-2, "Durchlaufzeit um 15 % senken", measured) and
 * the e-mail service's "Anmeldegeschwindigkeit erhöhen" (O-3, "Fehlgeschlagene Anmeldeversuche um 15 %
 * verringern", external) aligned below it, listed parent first as the overview does — and a key result's detail.
 * Key results come from the gadget's fixtures (one builder for both modules).
 */
import type {
  KeyResultDetail,
  KeyResultView,
  ObjectiveView,
  OkrOverview,
  OkrStatus,
} from '../../src/contract/okr';
import { anna, keyResultView, weekly } from './okr-gadget-fixtures';

export { anna };
export const Q1_START_MS = Date.UTC(2026, 0, 1);
const DAY_MS = 86_400_000;
/** 10 March 2026, 12:00 UTC: 75 % of Q1 elapsed. */
export const NOW_MS = Q1_START_MS + 68 * DAY_MS + 12 * 3_600_000;

export function objectiveView(
  id: string,
  title: string,
  status: OkrStatus,
  keyResults: readonly KeyResultView[],
  patch: { readonly parent?: string; readonly projectKey?: string; readonly canEdit?: boolean } = {},
): ObjectiveView {
  return {
    objective: {
      id,
      title,
      description: '',
      period: { kind: 'quarter', quarter: '2026-Q1', timeZone: 'Europe/Berlin' },
      ownerAccountId: anna.accountId,
      scope: { type: 'project', projectKey: patch.projectKey ?? 'HD' },
      ...(patch.parent === undefined ? {} : { parentObjectiveId: patch.parent }),
      archived: false,
    },
    version: 3,
    owner: anna,
    progress: status === 'on-track' ? 0.8 : status === 'at-risk' ? 0.4 : 0.1,
    expected: 0.75,
    status,
    keyResults,
    grading: null,
    canEdit: patch.canEdit ?? true,
  };
}

export const leadTimeKr = keyResultView('KR-1', 'O-2', 'Durchlaufzeit um 15 % senken', 'on-track', {
  unit: 'Tage',
  start: 5,
  target: 4.25,
  currentValue: 4.4,
  progress: 0.8,
  confidence: 8,
  history: weekly([5, 4.9, 4.6, 4.4]),
  canEdit: true,
});

export const signInKr: KeyResultView = {
  ...keyResultView('KR-2', 'O-3', 'Fehlgeschlagene Anmeldeversuche um 15 % verringern', 'off-track', {
    unit: 'Anmeldungen/Tag',
    start: 200,
    target: 170,
    currentValue: 205,
    progress: 0,
    confidence: null,
    canEdit: true,
  }),
};
const signInExternal: KeyResultView = {
  ...signInKr,
  keyResult: { ...signInKr.keyResult, source: 'external', kind: { type: 'metric', start: 200, target: 170 } },
};

export const overview: OkrOverview = {
  periodKey: '2026-Q1',
  period: { kind: 'quarter', quarter: '2026-Q1', timeZone: 'Europe/Berlin' },
  elapsed: 0.75,
  asOfMs: NOW_MS,
  objectives: [
    objectiveView('O-1', 'Service verbessern', 'at-risk', [], { projectKey: 'NL' }),
    objectiveView('O-2', 'Kundenzufriedenheit erhöhen', 'on-track', [leadTimeKr], { parent: 'O-1' }),
    objectiveView('O-3', 'Anmeldegeschwindigkeit erhöhen', 'off-track', [signInExternal], {
      parent: 'O-1',
      projectKey: 'MAIL',
    }),
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
      objectiveCount: 3,
      closed: false,
    },
  ],
  closed: false,
  canCreate: true,
  canAdminister: true,
};

export const emptyOverview: OkrOverview = {
  ...overview,
  objectives: [],
  canCreate: false,
  canAdminister: false,
};

/** The detail of the external sign-in key result, as its owner sees it. */
export const signInDetail: KeyResultDetail = {
  view: signInExternal,
  objective: {
    id: 'O-3',
    title: 'Anmeldegeschwindigkeit erhöhen',
    period: { kind: 'quarter', quarter: '2026-Q1', timeZone: 'Europe/Berlin' },
  },
  checkIns: [
    {
      id: 'c1',
      value: 200,
      confidence: null,
      note: '',
      author: { accountId: 'mail-monitor', displayName: 'mail-monitor' },
      atMs: Q1_START_MS + DAY_MS,
      recordedAtMs: Q1_START_MS + DAY_MS,
      source: 'external',
    },
    {
      id: 'c2',
      value: 205,
      confidence: 4,
      note: 'Neue Bot-Welle',
      author: anna,
      atMs: Q1_START_MS + 60 * DAY_MS,
      recordedAtMs: Q1_START_MS + 60 * DAY_MS,
      source: 'manual',
    },
  ],
  linkedIssues: [
    {
      issueId: '10042',
      issueKey: 'MAIL-42',
      summary: 'Captcha nach drei Fehlversuchen',
      statusName: 'In Arbeit',
      statusCategory: 'indeterminate',
      isImprovement: false,
    },
    {
      issueId: '10050',
      issueKey: 'MAIL-7',
      summary: 'Rate-Limit je IP',
      statusName: 'Wirksamkeitsprüfung',
      statusCategory: 'indeterminate',
      isImprovement: true,
    },
  ],
  hiddenOrMoreCount: 0,
  webTriggerUrl: 'https://example.atlassian-dev.net/x1/okr-values',
  hasSecret: true,
};
