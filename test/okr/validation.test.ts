/** The OKR model's run-time rules: valid inputs pass, broken ones name the field and what to do. */
import {
  describeOkrProblems,
  validateCheckIn,
  validateKeyResult,
  validateObjective,
  validatePeriod,
} from '../../src/domain/okr/validation';
import type { KeyResult, Objective } from '../../src/domain/okr/types';

const objective: Objective = {
  id: 'O-1',
  title: 'Anmeldegeschwindigkeit erhöhen',
  description: '',
  period: { kind: 'quarter', quarter: '2026-Q4', timeZone: 'Europe/Berlin' },
  ownerAccountId: 'acc-mail',
  scope: { type: 'project', projectKey: 'MAIL' },
  archived: false,
};

const keyResult: KeyResult = {
  id: 'KR-1',
  objectiveId: 'O-1',
  title: 'Fehlgeschlagene Anmeldeversuche um 15 % verringern',
  ownerAccountId: 'acc-mail',
  weight: 1,
  unit: 'incidents/month',
  direction: 'decrease',
  source: 'measured',
  kind: {
    type: 'issueCount',
    jql: 'project = MAIL AND labels = failed-sign-in',
    per: 'month',
    baselinePeriod: { kind: 'quarter', quarter: '2026-Q3', timeZone: 'Europe/Berlin' },
    targetChangePercent: -15,
  },
  archived: false,
};

function messagesOf(result: {
  ok: boolean;
  problems?: readonly { path: string; message: string }[];
}): string {
  return result.ok ? '' : describeOkrProblems(result.problems ?? []);
}

describe('OKR validation', () => {
  it('accepts the talk examples', () => {
    expect(validateObjective(objective)).toEqual({ ok: true, value: objective });
    expect(validateKeyResult(keyResult)).toEqual({ ok: true, value: keyResult });
  });

  it('names the field and the fix', () => {
    expect(messagesOf(validateObjective({ ...objective, title: '' }))).toBe(
      'title: the title is empty: write one',
    );
    expect(
      messagesOf(
        validatePeriod({ kind: 'custom', startDate: '2026-05-02', endDate: '2026-05-01', timeZone: 'UTC' }),
      ),
    ).toMatch(/ends before it begins/);
    expect(messagesOf(validatePeriod({ kind: 'quarter', quarter: '2026-Q4', timeZone: 'Berlin' }))).toMatch(
      /timeZone: the time zone is unknown/,
    );
    expect(
      messagesOf(
        validatePeriod({ kind: 'custom', startDate: '2026-02-30', endDate: '2026-03-01', timeZone: 'UTC' }),
      ),
    ).toMatch(/startDate: the first day must be a calendar date/);
    expect(messagesOf(validateKeyResult({ ...keyResult, weight: -1 }))).toMatch(
      /weight: the weight is at least 0/,
    );
  });

  it('checks direction and source against the kind', () => {
    expect(messagesOf(validateKeyResult({ ...keyResult, direction: 'increase' }))).toMatch(
      /negative target change decreases the value: choose "decrease"/,
    );
    expect(messagesOf(validateKeyResult({ ...keyResult, source: 'manual' }))).toMatch(
      /its source is "measured"/,
    );
    expect(
      messagesOf(
        validateKeyResult({
          ...keyResult,
          source: 'manual',
          direction: 'increase',
          kind: { type: 'threshold', operator: 'atLeast', threshold: 99 },
        }),
      ),
    ).toMatch(/choose "stay-within"/);
    expect(
      validateKeyResult({
        ...keyResult,
        source: 'manual',
        direction: 'stay-within',
        kind: { type: 'threshold', operator: 'atLeast', threshold: 99 },
      }).ok,
    ).toBe(true);
  });

  it('checks check-ins: confidence 0..10, whole ms, measurement ids usable in keys', () => {
    const checkIn = {
      id: 'ci-1',
      keyResultId: 'KR-1',
      value: 37,
      confidence: 10,
      note: '',
      author: 'acc-mail',
      atMs: Date.UTC(2026, 10, 1),
      recordedAtMs: Date.UTC(2026, 10, 2),
      source: 'external',
      measurementId: 'mail:2026-11-01',
    };
    expect(validateCheckIn(checkIn).ok).toBe(true);
    expect(messagesOf(validateCheckIn({ ...checkIn, confidence: 7.5 }))).toMatch(/whole number 0..10/);
    expect(messagesOf(validateCheckIn({ ...checkIn, confidence: -1 }))).toMatch(/at least 0/);
    expect(messagesOf(validateCheckIn({ ...checkIn, measurementId: 'a/b' }))).toMatch(
      /measurementId: the measurement id uses letters/,
    );
    expect(messagesOf(validateCheckIn({ ...checkIn, value: Number.NaN }))).toMatch(
      /value: the value must be/,
    );
  });
});
