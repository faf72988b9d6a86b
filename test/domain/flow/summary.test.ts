/**
 * FLOW-METRICS.md §3.8–§3.11 through the report: percentiles (type 7), aging WIP with percentile ranks,
 * Little's Law check and the seeded Monte Carlo forecast. Numbers worked out by hand in the comments.
 */
import { DAY, issue, reportOf, utc } from '../../support/jira-fixtures';

/**
 * Four issues created 2024-03-01 00:00Z directly In Progress and resolved at midnight 1, 2, 3, 4 days later
 * (lead = cycle = 1, 2, 3, 4 days), plus W1 (created 03-01) and W2 (created 03-03) still In Progress.
 * asOf 2024-03-05 12:00Z, UTC, days 03-01 … 03-05.
 */
const finishedAndOpen = [
  ...[1, 2, 3, 4].map((k) =>
    issue(`L${k}`, '2024-03-01T00:00:00.000+0000', [
      [`2024-03-0${1 + k}T00:00:00.000+0000`, 'In Progress', 'Resolved'],
    ]),
  ),
  issue('W1', '2024-03-01T00:00:00.000+0000', [], { status: 'In Progress' }),
  issue('W2', '2024-03-03T00:00:00.000+0000', [], { status: 'In Progress' }),
];
const asOfMs = utc(2024, 3, 5, 12);

test('lead and cycle time percentiles interpolate linearly between order statistics (type 7)', () => {
  const { summary } = reportOf(finishedAndOpen, { asOfMs });
  // Sample 1, 2, 3, 4 days (n = 4): position h = 3p/100.
  // p50: h = 1.5 → 2 + 0.5·1 = 2.5 d; p85: h = 2.55 → 3.55 d; p95: h = 2.85 → 3.85 d.
  for (const d of [summary.leadTime, summary.cycleTime]) {
    expect(d.count).toBe(4);
    expect(d.p50).toBeCloseTo(2.5 * DAY, 3);
    expect(d.p85).toBeCloseTo(3.55 * DAY, 3);
    expect(d.p95).toBeCloseTo(3.85 * DAY, 3);
  }
});

test('percentiles of an empty sample are null and of one value are that value', () => {
  const none = reportOf([issue('W', '2024-03-01T00:00:00.000+0000', [])], { asOfMs }).summary.cycleTime;
  expect([none.count, none.p50, none.p85, none.p95]).toEqual([0, null, null, null]);
  const one = reportOf(
    [finishedAndOpen[1]].flatMap((i) => (i === undefined ? [] : [i])),
    { asOfMs },
  ).summary.cycleTime;
  expect([one.count, one.p50, one.p85, one.p95]).toEqual([1, 2 * DAY, 2 * DAY, 2 * DAY]);
});

test('daily WIP, throughput, throughput per week and WIP now', () => {
  const report = reportOf(finishedAndOpen, { asOfMs });
  // Day ends 03-01 … 03-05. WIP: 03-01 L1–L4 + W1 = 5 (L1 resolves at, not before, 03-02 00:00);
  // 03-02: L2–L4 + W1 = 4; 03-03: L3, L4, W1, W2 = 4; 03-04: L4, W1, W2 = 3; 03-05: W1, W2 = 2.
  expect(report.daily.map((d) => d.wip)).toEqual([5, 4, 4, 3, 2]);
  expect(report.daily.map((d) => d.throughput)).toEqual([0, 1, 1, 1, 1]);
  expect(report.summary.wipNow).toBe(2);
  // Reading pinned: throughput per week = mean daily throughput over the whole series × 7 = 4 / 5 × 7.
  expect(report.summary.throughputPerWeek).toBeCloseTo(5.6, 12);
});

test("Little's Law compares average WIP ÷ average throughput with the mean cycle time of the window", () => {
  const ll = reportOf(finishedAndOpen, { asOfMs }).summary.littlesLaw;
  // Window (default 90 days) covers all 5 days: WIP 18 / 5 = 3.6; throughput 4 / 5 = 0.8 per day;
  // predicted 3.6 / 0.8 = 4.5 d; measured mean of 1, 2, 3, 4 = 2.5 d; deviation (4.5 − 2.5) / 2.5 = 0.8.
  expect(ll).not.toBeNull();
  expect(ll?.windowStart).toBe('2024-03-01');
  expect(ll?.windowEnd).toBe('2024-03-05');
  expect(ll?.averageWip).toBeCloseTo(3.6, 12);
  expect(ll?.averageThroughputPerDay).toBeCloseTo(0.8, 12);
  expect(ll?.predictedCycleTimeDays).toBeCloseTo(4.5, 12);
  expect(ll?.meanCycleTimeDays).toBeCloseTo(2.5, 12);
  expect(ll?.deviation).toBeCloseTo(0.8, 12);
  expect(ll?.stable).toBe(false);
});

test("Little's Law over a 2-day window uses only that window's days and finished issues", () => {
  const ll = reportOf(finishedAndOpen, { asOfMs, windowDays: 2 }).summary.littlesLaw;
  // Days 03-04, 03-05: WIP (3 + 2) / 2 = 2.5; throughput (1 + 1) / 2 = 1; predicted 2.5 d.
  // Finished in the window: L3 (3 d), L4 (4 d) → mean 3.5 d; deviation (2.5 − 3.5) / 3.5 = −2/7.
  expect(ll?.windowStart).toBe('2024-03-04');
  expect(ll?.averageWip).toBeCloseTo(2.5, 12);
  expect(ll?.averageThroughputPerDay).toBeCloseTo(1, 12);
  expect(ll?.predictedCycleTimeDays).toBeCloseTo(2.5, 12);
  expect(ll?.meanCycleTimeDays).toBeCloseTo(3.5, 12);
  expect(ll?.deviation).toBeCloseTo(-2 / 7, 12);
});

test('aging WIP: age = asOf − start, ranked against the cycle times finished in the window', () => {
  const aging = reportOf(finishedAndOpen, { asOfMs }).summary.aging;
  // W1 started 03-01 00:00 → 4.5 d, older than all 4 finished items → rank 100.
  // W2 started 03-03 00:00 → 2.5 d, older than 1 d and 2 d → 2 of 4 = 50.
  expect(aging.map((a) => [a.key, a.ageMs, a.percentileRank])).toEqual([
    ['W1', 4.5 * DAY, 100],
    ['W2', 2.5 * DAY, 50],
  ]);
  // With a 2-day window only L3 (3 d) and L4 (4 d) count: W1 → 100, W2 → 0.
  const narrow = reportOf(finishedAndOpen, { asOfMs, windowDays: 2 }).summary.aging;
  expect(narrow.map((a) => [a.key, a.percentileRank])).toEqual([
    ['W1', 100],
    ['W2', 0],
  ]);
});

test('aging WIP percentile rank counts finished cycle times strictly below the age', () => {
  // Reading pinned: rank = share of finished cycle times < age (ties do not count). Finished: 1 d and 2 d.
  // W is 2 d old at asOf 03-03 00:00 → only the 1 d item is below → 50.
  const aging = reportOf(
    [
      issue('L1', '2024-03-01T00:00:00.000+0000', [
        ['2024-03-02T00:00:00.000+0000', 'In Progress', 'Resolved'],
      ]),
      issue('L2', '2024-03-01T00:00:00.000+0000', [
        ['2024-03-03T00:00:00.000+0000', 'In Progress', 'Resolved'],
      ]),
      issue('W', '2024-03-01T00:00:00.000+0000', [], { status: 'In Progress' }),
    ],
    { asOfMs: utc(2024, 3, 3) },
  ).summary.aging;
  expect(aging.map((a) => [a.key, a.ageMs, a.percentileRank])).toEqual([['W', 2 * DAY, 50]]);
});

test('aging WIP without finished items in the window has no percentile rank', () => {
  const aging = reportOf([issue('W', '2024-03-01T00:00:00.000+0000', [], { status: 'In Progress' })], {
    asOfMs: utc(2024, 3, 2),
  }).summary.aging;
  expect(aging.map((a) => [a.key, a.ageMs, a.percentileRank])).toEqual([['W', DAY, null]]);
});

describe('§3.11 Monte Carlo forecast', () => {
  /** One item resolved on each of 03-01 … 03-04 (throughput 1 every full day) and two items still In Progress. */
  const steady = [
    ...[1, 2, 3, 4].map((d) =>
      issue(`D${d}`, `2024-03-0${d}T00:00:00.000+0000`, [
        [`2024-03-0${d}T12:00:00.000+0000`, 'In Progress', 'Resolved'],
      ]),
    ),
    issue('O1', '2024-03-01T00:00:00.000+0000', [], { status: 'In Progress' }),
    issue('O2', '2024-03-01T00:00:00.000+0000', [], { status: 'In Progress' }),
  ];

  test('a constant daily throughput forecasts exactly: 30 items in 30 days, the 2 WIP items in 2 days', () => {
    const f = reportOf(steady, { asOfMs }).summary.forecast;
    // Sample: the full days before asOf's day, 03-01 … 03-04, each with throughput 1.
    expect(f?.sampleDays).toBe(4);
    expect(f?.trials).toBe(10_000);
    expect(f?.howMany?.itemsAtConfidence).toEqual({ '50': 30, '70': 30, '85': 30, '95': 30 });
    expect(f?.when?.items).toBe(2);
    expect(f?.when?.dateAtConfidence).toEqual({
      '50': '2024-03-07',
      '70': '2024-03-07',
      '85': '2024-03-07',
      '95': '2024-03-07',
    });
  });

  test('zero-throughput days are part of the sample', () => {
    // Nothing finished on 03-01 … 03-04: the sample is 4 zero days, so 0 items at every confidence.
    const f = reportOf(steady.slice(4), { asOfMs }).summary.forecast;
    expect(f?.sampleDays).toBe(4);
    expect(f?.howMany?.itemsAtConfidence).toEqual({ '50': 0, '70': 0, '85': 0, '95': 0 });
    expect(f?.when).toBeNull();
  });

  test('the sample is the last N full days', () => {
    // Two items on each of 03-03 and 03-04, none before: the last 2 days are [2, 2] → 60 items in 30 days.
    const late = [3, 3, 4, 4].map((d, i) =>
      issue(`X${i}`, `2024-03-01T00:00:00.000+0000`, [
        [`2024-03-0${d}T12:00:00.000+0000`, 'In Progress', 'Resolved'],
      ]),
    );
    const f = reportOf(late, { asOfMs, windowDays: 2 }).summary.forecast;
    expect(f?.sampleDays).toBe(2);
    expect(f?.howMany?.itemsAtConfidence).toEqual({ '50': 60, '70': 60, '85': 60, '95': 60 });
  });

  test('the same seed gives the same forecast', () => {
    // Throughput 0, 1, 1, 1 on the full days: a genuinely random forecast.
    const first = reportOf(finishedAndOpen, { asOfMs, seed: 7 }).summary.forecast;
    const second = reportOf(finishedAndOpen, { asOfMs, seed: 7 }).summary.forecast;
    expect(first).not.toBeNull();
    expect(first?.seed).toBe(7);
    expect(second).toEqual(first);
    // Confidence levels are ordered: more confidence, fewer items promised.
    const items = first?.howMany?.itemsAtConfidence;
    expect(items?.['50']).toBeGreaterThanOrEqual(items?.['95'] ?? Infinity);
  });
});
