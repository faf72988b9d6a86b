/**
 * OKR.md "Semantics" with hand-computed values: progress per kind of key result (the talk's two examples among
 * them), time-aware status at its boundaries, periods across daylight-saving changes in Europe/Berlin, weighted
 * objective progress and grading at period close.
 */
import {
  elapsedShare,
  periodBounds,
  periodDates,
  periodKey,
  previousQuarter,
} from '../../src/domain/okr/period';
import {
  currentCheckIn,
  gradeBand,
  gradeObjective,
  gradeOf,
  issueProgress,
  keyResultProgress,
  metricProgress,
  objectiveProgress,
  progressStatus,
  relativeTarget,
  summarizeKeyResult,
  summarizeObjective,
  thresholdProgress,
  timeAwareStatus,
} from '../../src/domain/okr/progress';
import type { CheckIn, KeyResult, OkrPeriod } from '../../src/domain/okr/types';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

const q3Berlin: OkrPeriod = { kind: 'quarter', quarter: '2026-Q3', timeZone: 'Europe/Berlin' };

/** The help desk's key result of the talk: "Durchlaufzeit um 15 % senken", p50 lead time against last quarter. */
function hdLeadTime(baselineDays: number | undefined): Pick<KeyResult, 'kind' | 'direction'> {
  return {
    direction: 'decrease',
    kind: {
      type: 'flowMetric',
      scope: { type: 'project', projectKey: 'HD' },
      metric: 'leadTimeP50',
      baselinePeriod: q3Berlin,
      targetChangePercent: -15,
      ...(baselineDays === undefined ? {} : { baselineValue: baselineDays }),
    },
  };
}

/** The e-mail service's key result: "Fehlgeschlagene Anmeldeversuche um 15 % verringern", incidents per month. */
const mailFailedSignIns: Pick<KeyResult, 'kind' | 'direction'> = {
  direction: 'decrease',
  kind: {
    type: 'issueCount',
    jql: 'project = MAIL AND labels = failed-sign-in',
    per: 'month',
    baselinePeriod: q3Berlin,
    targetChangePercent: -15,
    baselineValue: 40,
  },
};

describe('key result progress (OKR.md Semantics)', () => {
  it.each([
    // [what, start, target, current, direction, expected progress]
    ['increase halfway', 0, 200, 100, 'increase', 0.5],
    ['increase a quarter', 0, 200, 50, 'increase', 0.25],
    ['increase beyond the target is clamped to 1', 0, 200, 260, 'increase', 1],
    ['increase below the start is clamped to 0', 10, 20, 5, 'increase', 0],
    ['decrease halfway (10 d → 8 d, now 9 d)', 10, 8, 9, 'decrease', 0.5],
    ['decrease below the target is clamped to 1', 10, 8, 7, 'decrease', 1],
    ['decrease going up is clamped to 0', 10, 8, 11, 'decrease', 0],
    ['target = start, increase reached', 5, 5, 5, 'increase', 1],
    ['target = start, increase above', 5, 5, 6, 'increase', 1],
    ['target = start, increase below', 5, 5, 4, 'increase', 0],
    ['target = start, decrease reached', 5, 5, 4, 'decrease', 1],
    ['target = start, decrease above', 5, 5, 6, 'decrease', 0],
    ['target = start, stay-within exact', 5, 5, 5, 'stay-within', 1],
    ['target = start, stay-within off', 5, 5, 5.1, 'stay-within', 0],
  ] as const)('metric: %s', (_what, start, target, current, direction, expected) => {
    expect(metricProgress(start, target, current, direction)).toBeCloseTo(expected, 12);
  });

  it('threshold: 1 while the condition holds, else 0 (boundary included)', () => {
    expect(thresholdProgress('atLeast', 99.5, 99.7)).toBe(1);
    expect(thresholdProgress('atLeast', 99.5, 99.5)).toBe(1);
    expect(thresholdProgress('atLeast', 99.5, 99.4)).toBe(0);
    expect(thresholdProgress('atMost', 4, 4)).toBe(1);
    expect(thresholdProgress('atMost', 4, 4.01)).toBe(0);
  });

  it('issue progress: done ÷ total, no issues is 0', () => {
    expect(issueProgress(3, 8)).toBe(0.375);
    expect(issueProgress(8, 8)).toBe(1);
    expect(issueProgress(0, 0)).toBe(0);
  });

  it('HD lead time p50 −15 % against last quarter: 12 d baseline → 10.2 d target', () => {
    expect(relativeTarget(12, -15)).toBe(10.2);
    const kr = hdLeadTime(12);
    // (11.1 − 12) ÷ (10.2 − 12) = −0.9 ÷ −1.8 = 0.5
    expect(keyResultProgress(kr, 11.1)).toBeCloseTo(0.5, 12);
    // (11.55 − 12) ÷ (−1.8) = 0.25
    expect(keyResultProgress(kr, 11.55)).toBeCloseTo(0.25, 12);
    expect(keyResultProgress(kr, 10.2)).toBe(1);
    expect(keyResultProgress(kr, 9)).toBe(1);
    expect(keyResultProgress(kr, 13)).toBe(0);
    expect(keyResultProgress(kr, null)).toBe(0);
  });

  it('a flow-metric key result whose baseline is not measured yet has no progress', () => {
    expect(keyResultProgress(hdLeadTime(undefined), 5)).toBe(0);
  });

  it('MAIL failed sign-ins −15 %: 40 incidents a month → 34; 37 is halfway', () => {
    expect(relativeTarget(40, -15)).toBe(34);
    expect(keyResultProgress(mailFailedSignIns, 37)).toBeCloseTo(0.5, 12);
    expect(keyResultProgress(mailFailedSignIns, 40)).toBe(0);
    expect(keyResultProgress(mailFailedSignIns, 34)).toBe(1);
  });

  it('external daily values as a metric: 200 failed sign-ins a day → 170; 185 is halfway', () => {
    const kr: Pick<KeyResult, 'kind' | 'direction'> = {
      direction: 'decrease',
      kind: { type: 'metric', start: 200, target: relativeTarget(200, -15) },
    };
    expect(keyResultProgress(kr, 185)).toBeCloseTo(0.5, 12);
  });

  it('binary and issue progress kinds read their value as a share', () => {
    expect(keyResultProgress({ direction: 'increase', kind: { type: 'binary' } }, 1)).toBe(1);
    expect(keyResultProgress({ direction: 'increase', kind: { type: 'binary' } }, 0)).toBe(0);
    expect(
      keyResultProgress(
        { direction: 'increase', kind: { type: 'issueProgress', issues: { type: 'linked' } } },
        0.375,
      ),
    ).toBe(0.375);
    expect(
      keyResultProgress(
        { direction: 'stay-within', kind: { type: 'threshold', operator: 'atMost', threshold: 2 } },
        1.5,
      ),
    ).toBe(1);
  });
});

describe('current value', () => {
  const base = { keyResultId: 'KR-1', note: '', author: 'acc-1', source: 'manual' as const };
  it('is the check-in holding latest, not the one recorded last (backdating)', () => {
    const checkIns: CheckIn[] = [
      { ...base, id: 'a', value: 10, atMs: 2_000, recordedAtMs: 2_000 },
      { ...base, id: 'b', value: 7, atMs: 1_000, recordedAtMs: 9_000 }, // typed in later for an earlier day
    ];
    expect(currentCheckIn(checkIns)?.id).toBe('a');
  });
  it('of check-ins at the same instant, the one recorded last wins', () => {
    const checkIns: CheckIn[] = [
      { ...base, id: 'late', value: 3, atMs: 5_000, recordedAtMs: 8_000 },
      { ...base, id: 'early', value: 2, atMs: 5_000, recordedAtMs: 6_000 },
    ];
    expect(currentCheckIn(checkIns)?.id).toBe('late');
    expect(currentCheckIn([])).toBeNull();
  });
});

describe('status: progress against the elapsed share of the period', () => {
  it.each([
    // [progress, expected share, status] with thresholds 0.7 / 0.4 → boundaries 0.35 and 0.2 at expected 0.5
    [0.35, 0.5, 'on-track'],
    [0.3499, 0.5, 'at-risk'],
    [0.2, 0.5, 'at-risk'],
    [0.1999, 0.5, 'off-track'],
    [0, 0, 'on-track'],
    [0.7, 1, 'on-track'],
    [0.69, 1, 'at-risk'],
    [0.4, 1, 'at-risk'],
    [0.39, 1, 'off-track'],
  ] as const)('progress %p at expected %p → %s', (progress, expected, status) => {
    expect(progressStatus(progress, expected)).toBe(status);
  });

  it('thresholds are configurable', () => {
    const strict = { onTrack: 0.9, atRisk: 0.6 };
    expect(progressStatus(0.45, 0.5, strict)).toBe('on-track');
    expect(progressStatus(0.44, 0.5, strict)).toBe('at-risk');
    expect(progressStatus(0.3, 0.5, strict)).toBe('at-risk');
    expect(progressStatus(0.29, 0.5, strict)).toBe('off-track');
  });

  it('uses the real elapsed time of the period: halfway through Q3 2026 (Berlin)', () => {
    const { startMs, endMs } = periodBounds(q3Berlin);
    const halfway = startMs + (endMs - startMs) / 2;
    expect(timeAwareStatus(0.35, q3Berlin, halfway)).toEqual({ status: 'on-track', expected: 0.5 });
    expect(timeAwareStatus(0.34, q3Berlin, halfway).status).toBe('at-risk');
    expect(timeAwareStatus(0, q3Berlin, startMs - 1)).toEqual({ status: 'on-track', expected: 0 });
    expect(timeAwareStatus(0.69, q3Berlin, endMs + DAY_MS)).toEqual({ status: 'at-risk', expected: 1 });
  });
});

describe('periods in Europe/Berlin across daylight-saving changes', () => {
  it('Q1 2026 begins at CET midnight and ends at CEST midnight: one hour short of 90 days', () => {
    const period: OkrPeriod = { kind: 'quarter', quarter: '2026-Q1', timeZone: 'Europe/Berlin' };
    const { startMs, endMs } = periodBounds(period);
    expect(startMs).toBe(Date.UTC(2025, 11, 31, 23)); // 2026-01-01 00:00 +01:00
    expect(endMs).toBe(Date.UTC(2026, 2, 31, 22)); // 2026-04-01 00:00 +02:00
    expect(endMs - startMs).toBe(90 * DAY_MS - HOUR_MS);
    // At Berlin's midnight of 29 March (the day clocks go forward): 87 days of 2159 hours have passed.
    expect(elapsedShare(period, Date.UTC(2026, 2, 28, 23))).toBeCloseTo((87 * 24) / 2159, 12);
  });

  it('Q4 2026 ends at CET midnight: one hour longer than 92 days', () => {
    const period: OkrPeriod = { kind: 'quarter', quarter: '2026-Q4', timeZone: 'Europe/Berlin' };
    const { startMs, endMs } = periodBounds(period);
    expect(startMs).toBe(Date.UTC(2026, 8, 30, 22));
    expect(endMs).toBe(Date.UTC(2026, 11, 31, 23));
    expect(endMs - startMs).toBe(92 * DAY_MS + HOUR_MS);
  });

  it('a custom one-day period on the spring-forward day lasts 23 hours', () => {
    const period: OkrPeriod = {
      kind: 'custom',
      startDate: '2026-03-29',
      endDate: '2026-03-29',
      timeZone: 'Europe/Berlin',
    };
    const { startMs, endMs } = periodBounds(period);
    expect(endMs - startMs).toBe(23 * HOUR_MS);
    // Noon CEST (10:00 UTC) is 11 real hours after midnight CET.
    expect(elapsedShare(period, Date.UTC(2026, 2, 29, 10))).toBeCloseTo(11 / 23, 12);
  });

  it('the same quarter in UTC begins an hour later than in Berlin', () => {
    expect(periodBounds({ kind: 'quarter', quarter: '2026-Q1', timeZone: 'UTC' }).startMs).toBe(
      Date.UTC(2026, 0, 1),
    );
  });

  it('names dates, keys and the previous quarter', () => {
    expect(periodDates({ kind: 'quarter', quarter: '2026-Q4', timeZone: 'UTC' })).toEqual({
      firstDate: '2026-10-01',
      lastDate: '2026-12-31',
    });
    expect(periodDates({ kind: 'quarter', quarter: '2028-Q1', timeZone: 'UTC' }).lastDate).toBe('2028-03-31');
    expect(
      periodKey({ kind: 'custom', startDate: '2026-10-01', endDate: '2026-11-15', timeZone: 'UTC' }),
    ).toBe('2026-10-01..2026-11-15');
    expect(previousQuarter('2026-Q1')).toBe('2025-Q4');
    expect(previousQuarter('2026-Q4')).toBe('2026-Q3');
  });

  it('refuses an unknown zone, a malformed quarter and a period ending before it begins', () => {
    expect(() => periodBounds({ kind: 'quarter', quarter: '2026-Q1', timeZone: 'Mars/Olympus' })).toThrow(
      /Unknown time zone/,
    );
    expect(() => periodBounds({ kind: 'quarter', quarter: '2026-Q5', timeZone: 'UTC' })).toThrow(/2026-Q4/);
    expect(() =>
      periodBounds({ kind: 'custom', startDate: '2026-05-02', endDate: '2026-05-01', timeZone: 'UTC' }),
    ).toThrow(/before it begins/);
  });
});

describe('objective progress: weighted mean of its key results', () => {
  it('weights the key results', () => {
    expect(
      objectiveProgress([
        { progress: 1, weight: 3 },
        { progress: 0, weight: 1 },
      ]),
    ).toBe(0.75);
    // (0.5 × 2 + 0.25 × 1 + 1 × 1) ÷ 4 = 0.5625
    expect(
      objectiveProgress([
        { progress: 0.5, weight: 2 },
        { progress: 0.25, weight: 1 },
        { progress: 1, weight: 1 },
      ]),
    ).toBe(0.5625);
  });
  it('leaves out weight 0, counts all equally when every weight is 0, and is null without key results', () => {
    expect(
      objectiveProgress([
        { progress: 1, weight: 1 },
        { progress: 0, weight: 0 },
      ]),
    ).toBe(1);
    expect(
      objectiveProgress([
        { progress: 1, weight: 0 },
        { progress: 0, weight: 0 },
      ]),
    ).toBe(0.5);
    expect(objectiveProgress([])).toBeNull();
  });
});

describe('grading at period close', () => {
  it('rounds progress to one decimal, 0.0–1.0', () => {
    expect(gradeOf(0.66)).toBe(0.7);
    expect(gradeOf(0.64)).toBe(0.6);
    expect(gradeOf(0.04)).toBe(0);
    expect(gradeOf(1)).toBe(1);
    expect(gradeBand(0.7)).toBe('delivered');
    expect(gradeBand(0.6)).toBe('progress');
    expect(gradeBand(0.3)).toBe('missed');
  });

  it('grades an objective from its key results once the period has ended, not before', () => {
    const { endMs } = periodBounds(q3Berlin);
    const keyResults = [
      { keyResultId: 'KR-1', progress: 0.66, weight: 2 },
      { keyResultId: 'KR-2', progress: 0.3, weight: 1 },
    ];
    expect(() => gradeObjective({ period: q3Berlin }, keyResults, endMs - 1)).toThrow(/still open/);
    // KR grades 0.7 and 0.3; (0.7 × 2 + 0.3) ÷ 3 = 0.5667 → 0.6
    expect(gradeObjective({ period: q3Berlin }, keyResults, endMs)).toEqual({
      objectiveGrade: 0.6,
      keyResults: [
        { keyResultId: 'KR-1', grade: 0.7 },
        { keyResultId: 'KR-2', grade: 0.3 },
      ],
    });
  });
});

describe('summaries for the views', () => {
  const base = { keyResultId: 'KR-1', note: '', author: 'acc-1' };
  it('a key result: current value, progress, status and the latest confidence given by a person', () => {
    const { startMs, endMs } = periodBounds(q3Berlin);
    const halfway = startMs + (endMs - startMs) / 2;
    const checkIns: CheckIn[] = [
      {
        ...base,
        id: 'a',
        value: 11.7,
        confidence: 6,
        atMs: startMs + DAY_MS,
        recordedAtMs: startMs + DAY_MS,
        source: 'manual',
      },
      { ...base, id: 'b', value: 11.1, atMs: halfway - HOUR_MS, recordedAtMs: halfway, source: 'measured' },
    ];
    expect(summarizeKeyResult({ id: 'KR-1', ...hdLeadTime(12) }, checkIns, q3Berlin, halfway)).toEqual({
      keyResultId: 'KR-1',
      currentValue: 11.1,
      currentAtMs: halfway - HOUR_MS,
      progress: expect.closeTo(0.5, 12) as number,
      expected: 0.5,
      status: 'on-track',
      confidence: 6,
    });
  });
  it('an objective: weighted progress against the elapsed share', () => {
    const { startMs, endMs } = periodBounds(q3Berlin);
    const threeQuarters = startMs + (endMs - startMs) * 0.75;
    // (0.5 × 1 + 0 × 1) ÷ 2 = 0.25 < 0.4 × 0.75 = 0.3 → off track
    expect(
      summarizeObjective(
        { period: q3Berlin },
        [
          { progress: 0.5, weight: 1 },
          { progress: 0, weight: 1 },
        ],
        threeQuarters,
      ),
    ).toEqual({ progress: 0.25, expected: 0.75, status: 'off-track', keyResultCount: 2 });
  });
});
