/**
 * The samples and verdict of the effect analysis (FLOW-METRICS.md §6): windows of local dates in the chosen time
 * zone (edges across Berlin's DST change), the metric's definition, values in days, insufficient data, verdicts.
 */
import { analyseFlowEffect, analyseSamples, effectSamples } from '../../src/domain/flow/effect';
import { DAY, HOUR, utc } from '../support/jira-fixtures';

const BERLIN = 'Europe/Berlin';

/** An issue done at `doneMs` with the given lead time and cycle time (ms). */
function done(doneMs: number, leadTimeMs: number, cycleTimeMs: number | null = null) {
  return { doneMs, leadTimeMs, cycleTimeMs };
}

describe('effectSamples', () => {
  // Berlin springs forward on Sunday 30 March 2025 (02:00 CET → 03:00 CEST): 29 March ends at 23:00 UTC,
  // 30 March at 22:00 UTC. Change date D = 2025-03-30, one day before and one day after.
  const window = { timeZone: BERLIN, changeDate: '2025-03-30', beforeDays: 1, afterDays: 1 } as const;

  it('puts done instants in windows by their local date, edges across the DST change', () => {
    const issues = [
      done(utc(2025, 3, 28, 22, 59, 59), 1 * DAY), // 28 March 23:59:59 CET: before D − B → none
      done(utc(2025, 3, 28, 23, 0, 0), 2 * DAY), // 29 March 00:00 CET: first instant of before
      done(utc(2025, 3, 29, 22, 59, 59), 3 * DAY), // 29 March 23:59:59 CET: last instant of before
      done(utc(2025, 3, 29, 23, 0, 0), 4 * DAY), // 30 March 00:00 CET: first instant of after (UTC: 29 March)
      done(utc(2025, 3, 30, 21, 59, 59), 5 * DAY), // 30 March 23:59:59 CEST: last instant of after
      done(utc(2025, 3, 30, 22, 0, 0), 6 * DAY), // 31 March 00:00 CEST: after D + A → none (UTC: 30 March)
    ];
    expect(effectSamples(issues, { ...window, metric: 'lead-time' })).toEqual({
      before: [2, 3],
      after: [4, 5],
    });
    // The same instants in UTC fall on other dates.
    expect(effectSamples(issues, { ...window, timeZone: 'UTC', metric: 'lead-time' })).toEqual({
      before: [3, 4],
      after: [5, 6],
    });
  });

  it('takes only issues whose metric is defined, in days (ms ÷ 86,400,000)', () => {
    const t = utc(2025, 3, 30, 10);
    const issues = [
      done(t, 3 * DAY + 12 * HOUR, 36 * HOUR),
      done(t, 2 * DAY, null), // done without a start: lead time only
      { doneMs: null, leadTimeMs: null, cycleTimeMs: null }, // not done
    ];
    expect(effectSamples(issues, { ...window, metric: 'lead-time' }).after).toEqual([3.5, 2]);
    expect(effectSamples(issues, { ...window, metric: 'cycle-time' }).after).toEqual([1.5]);
  });
});

describe('analyseSamples', () => {
  const options = {
    metric: 'lead-time',
    timeZone: BERLIN,
    changeDate: '2025-03-30',
    beforeDays: 90,
    afterDays: 90,
    alpha: 0.05,
    seed: 1,
    resamples: 1_000,
  };

  it('reports windows as local dates, from inclusive and to exclusive', () => {
    const r = analyseSamples([1], [1], options);
    expect(r.before).toMatchObject({ from: '2024-12-30', to: '2025-03-30' });
    expect(r.after).toMatchObject({ from: '2025-03-30', to: '2025-06-28' });
  });

  it('says insufficient-data below 8 values in a sample and still reports the figures', () => {
    const before = [5, 6, 7, 8, 9, 10, 11, 12];
    const after = [1, 1.5, 2, 2.5, 3, 3.5, 4];
    const r = analyseSamples(before, after, options);
    expect(r.verdict).toBe('insufficient-data');
    expect(r.warnings).toEqual(['after-too-small (7 < 8)']);
    expect(r.after).toMatchObject({ n: 7, p50: 2.5 });
    expect(r.mannWhitney.u).toBe(56);
    // With an eighth value the same clear drop is significant: every before value exceeds every after value,
    // u = 64, z = (32 − 0.5)/√(64/12 · 17) = 3.3082; p ≈ 0.00094.
    const enough = analyseSamples(before, [...after, 4.5], options);
    expect(enough.verdict).toBe('improved');
    expect(enough.mannWhitney.z).toBeCloseTo(31.5 / Math.sqrt((64 / 12) * 17), 12);
    expect(enough.effectSize).toBe(1);
    expect(enough.medianChange).toBeCloseTo((2.75 - 8.5) / 8.5, 12);
    expect(enough.bootstrap.high ?? 0).toBeLessThan(0);
  });

  it('says worse when it rose significantly, no-detectable-change when p ≥ α', () => {
    const low = [1, 2, 3, 4, 5, 6, 7, 8];
    const high = [11, 12, 13, 14, 15, 16, 17, 18];
    expect(analyseSamples(low, high, options).verdict).toBe('worse');
    expect(analyseSamples(low, [...low].reverse(), options)).toMatchObject({
      verdict: 'no-detectable-change',
      medianChange: 0,
      mannWhitney: { u: 32, z: 0, pValue: 1 },
    });
    // A metric where higher is better (a satisfaction rating): the same rise is an improvement.
    expect(analyseSamples(low, high, { ...options, better: 'higher' }).verdict).toBe('improved');
    expect(analyseSamples(high, low, { ...options, better: 'higher' }).verdict).toBe('worse');
    // Significant at α 0.05 but not at α 0.0001.
    expect(analyseSamples(high, low, { ...options, alpha: 0.0001 }).verdict).toBe('no-detectable-change');
  });

  it('warns when the median before is 0 or a sample is empty, and when the after window is not over', () => {
    const r = analyseSamples([], [1, 2], { ...options, asOfMs: utc(2025, 5, 1, 12) });
    expect(r).toMatchObject({
      medianChange: null,
      mannWhitney: { u: null, z: null, pValue: null },
      effectSize: null,
      bootstrap: { low: null, high: null, resamples: 1_000, seed: 1 },
      verdict: 'insufficient-data',
    });
    expect(r.warnings).toEqual([
      'before-too-small (0 < 8)',
      'after-too-small (2 < 8)',
      'median-change-undefined',
      'after-window-open (data as of 2025-05-01, window ends 2025-06-27)',
    ]);
    expect(analyseSamples([0, 0, 0], [1], options).warnings).toContain('median-change-undefined');
  });
});

describe('analyseFlowEffect', () => {
  it('is the analysis of the samples of the issues', () => {
    const issues = Array.from({ length: 20 }, (_, i) =>
      done(utc(2025, 3, 1 + i * 2, 12), (i < 10 ? 10 : 4) * DAY + i * HOUR),
    );
    const options = {
      metric: 'lead-time' as const,
      timeZone: BERLIN,
      changeDate: '2025-03-21',
      beforeDays: 90,
      afterDays: 90,
      alpha: 0.05,
      seed: 5,
      resamples: 500,
    };
    const { before, after } = effectSamples(issues, options);
    expect([before.length, after.length]).toEqual([10, 10]);
    expect(analyseFlowEffect(issues, options)).toEqual(analyseSamples(before, after, options));
    expect(analyseFlowEffect(issues, options).verdict).toBe('improved');
  });
});
