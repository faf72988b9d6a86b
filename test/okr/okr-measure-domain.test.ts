/**
 * The pure arithmetic of measured key results (`src/domain/okr/measure.ts`): the measured span of a period in its
 * time zone, per-interval rates, JQL created-bounds written in the searcher's zone, measurement ids per day and
 * minute, and the flow metrics of a span from engine facts.
 */
import {
  createdWithinJql,
  flowMetricValue,
  jqlDateTime,
  measuredSpan,
  measurementIdFor,
  ratePerInterval,
} from '../../src/domain/okr/measure';
import { JqlRefinementError } from '../../src/domain/flow/jql-scope';
import type { FlowFacts, IssueFacts } from '../../src/domain/flow/types';

const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;

describe('measuredSpan', () => {
  const q1 = { kind: 'quarter', quarter: '2026-Q1', timeZone: 'Europe/Berlin' } as const;

  it('runs from the first local day to today while the period runs', () => {
    const span = measuredSpan(q1, Date.UTC(2026, 2, 2, 11));
    expect(span).toEqual({
      firstDate: '2026-01-01',
      lastDate: '2026-03-02',
      startMs: Date.UTC(2025, 11, 31, 23),
      endMs: Date.UTC(2026, 2, 2, 11),
      days: 61,
      periodDays: 90,
      complete: false,
    });
  });

  it('reads today in the period zone: 23:30 UTC on 31 Jan is already 1 Feb in Berlin', () => {
    expect(measuredSpan(q1, Date.UTC(2026, 0, 31, 23, 30))?.lastDate).toBe('2026-02-01');
  });

  it('covers the whole period once it has ended, and nothing before it begins', () => {
    const done = measuredSpan(q1, Date.UTC(2026, 5, 1));
    expect(done).toMatchObject({
      lastDate: '2026-03-31',
      endMs: Date.UTC(2026, 2, 31, 22),
      days: 90,
      complete: true,
    });
    expect(measuredSpan(q1, Date.UTC(2025, 11, 31, 22, 59))).toBeNull();
  });
});

describe('ratePerInterval', () => {
  it('scales the count of the elapsed days to a week, a mean month or the whole period', () => {
    expect(ratePerInterval(30, 61, 'week', 90)).toBe(3.443);
    expect(ratePerInterval(30, 61, 'month', 90)).toBe(14.969);
    expect(ratePerInterval(30, 61, 'period', 90)).toBe(44.262);
    expect(ratePerInterval(30, 90, 'period', 90)).toBe(30);
  });

  it('refuses a span without days', () => {
    expect(() => ratePerInterval(1, 0, 'week', 90)).toThrow(RangeError);
  });
});

describe('created bounds in the searcher’s zone', () => {
  const start = Date.UTC(2025, 11, 31, 23); // 2026-01-01 00:00 in Berlin
  const end = Date.UTC(2026, 2, 31, 22); // 2026-04-01 00:00 in Berlin (summer time)

  it('writes the period’s instants as wall-clock minutes of whoever searches', () => {
    expect(jqlDateTime(start, 'Europe/Berlin')).toBe('2026-01-01 00:00');
    expect(jqlDateTime(start, 'UTC')).toBe('2025-12-31 23:00');
    expect(jqlDateTime(start, 'Asia/Kolkata')).toBe('2026-01-01 04:30');
    expect(createdWithinJql(' labels = login ', start, end, 'UTC')).toBe(
      '(labels = login) AND created >= "2025-12-31 23:00" AND created < "2026-03-31 22:00"',
    );
  });

  it('rounds a bound with seconds up, so the bound is never before the instant', () => {
    expect(jqlDateTime(Date.UTC(2026, 0, 1, 10, 0, 1), 'UTC')).toBe('2026-01-01 10:01');
  });

  it('refuses an empty JQL and one that could leave its parentheses', () => {
    expect(() => createdWithinJql('  ', start, end, 'UTC')).toThrow(JqlRefinementError);
    expect(() => createdWithinJql('a = b) OR (c = d', start, end, 'UTC')).toThrow(JqlRefinementError);
    expect(() => createdWithinJql('a = b ORDER BY created', start, end, 'UTC')).toThrow(/ORDER BY/);
  });
});

describe('measurementIdFor', () => {
  it('is one id per local day for the daily run and per local minute on demand', () => {
    const at = Date.UTC(2026, 11, 5, 9, 7, 42);
    expect(measurementIdFor('daily', at, 'Europe/Berlin')).toBe('measured:2026-12-05');
    expect(measurementIdFor('daily', Date.UTC(2026, 11, 5, 23, 30), 'Europe/Berlin')).toBe(
      'measured:2026-12-06',
    );
    expect(measurementIdFor('on-demand', at, 'Europe/Berlin')).toBe('measured:2026-12-05T10:07');
    expect(measurementIdFor('on-demand', at + 17_000, 'Europe/Berlin')).toBe('measured:2026-12-05T10:07');
  });
});

describe('flowMetricValue', () => {
  const base = Date.UTC(2026, 1, 2, 8); // Monday 2 Feb 2026, 09:00 Berlin
  const issue = (
    key: string,
    startOffset: number | null,
    doneOffset: number | null,
    efficiency: number | null,
  ): IssueFacts => ({
    key,
    createdMs: base,
    startMs: startOffset === null ? null : base + startOffset,
    doneMs: doneOffset === null ? null : base + doneOffset,
    leadTimeMs: doneOffset,
    cycleTimeMs: startOffset === null || doneOffset === null ? null : doneOffset - startOffset,
    flowEfficiency: efficiency,
    timeInStatusMs: {},
    warnings: [],
  });
  const facts = {
    timeZone: 'Europe/Berlin',
    asOfMs: base + 20 * DAY_MS,
    issues: [
      issue('A-1', DAY_MS, 2 * DAY_MS, 0.5), // lead 2 d, cycle 1 d, done 4 Feb
      issue('A-2', DAY_MS, 5 * DAY_MS, 0.25), // lead 5 d, cycle 4 d, done 7 Feb
      issue('A-3', 0, 9 * DAY_MS, 1), // lead 9 d, cycle 9 d, done 11 Feb (outside 2–8 Feb)
      issue('A-4', HOUR_MS, null, null), // open
    ],
    daily: [
      { date: '2026-02-02', byStatus: {}, byStage: {}, wip: 4, throughput: 0 },
      { date: '2026-02-03', byStatus: {}, byStage: {}, wip: 3, throughput: 0 },
      { date: '2026-02-09', byStatus: {}, byStage: {}, wip: 1, throughput: 0 },
    ],
  } as unknown as FlowFacts;

  it('takes times of the issues done on the days, in days, at p50 and p85 (type 7)', () => {
    expect(flowMetricValue(facts, 'leadTimeP50', '2026-02-02', '2026-02-08')).toEqual({
      value: 3.5,
      sampleSize: 2,
    });
    expect(flowMetricValue(facts, 'leadTimeP85', '2026-02-02', '2026-02-08').value).toBe(4.55);
    expect(flowMetricValue(facts, 'cycleTimeP50', '2026-02-02', '2026-02-08').value).toBe(2.5);
    expect(flowMetricValue(facts, 'cycleTimeP85', '2026-02-02', '2026-02-12').value).toBe(7.5);
  });

  it('counts throughput per week, mean WIP of the days, and cycle-time-weighted flow efficiency', () => {
    expect(flowMetricValue(facts, 'throughputPerWeek', '2026-02-02', '2026-02-08')).toEqual({
      value: 2,
      sampleSize: 2,
    });
    expect(flowMetricValue(facts, 'throughputPerWeek', '2026-02-02', '2026-02-15').value).toBe(1.5);
    // 4 + 3 over 7 days: the days without a row (before the series, or no issue yet) had no WIP.
    expect(flowMetricValue(facts, 'wip', '2026-02-02', '2026-02-08').value).toBe(1);
    expect(flowMetricValue(facts, 'wip', '2026-02-02', '2026-02-03').value).toBe(3.5);
    // (0.5 × 1 d + 0.25 × 4 d) ÷ 5 d
    expect(flowMetricValue(facts, 'flowEfficiency', '2026-02-02', '2026-02-08')).toEqual({
      value: 0.3,
      sampleSize: 2,
    });
  });

  it('has no time or efficiency value when nothing finished on the days', () => {
    expect(flowMetricValue(facts, 'leadTimeP50', '2026-02-12', '2026-02-20').value).toBeNull();
    expect(flowMetricValue(facts, 'flowEfficiency', '2026-02-12', '2026-02-20').value).toBeNull();
    expect(flowMetricValue(facts, 'throughputPerWeek', '2026-02-12', '2026-02-18').value).toBe(0);
  });
});
