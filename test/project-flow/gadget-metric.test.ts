/**
 * The gadget's metric and trend on the five hand-computed issues (fixtures.ts), as of 2026-03-20 00:00 UTC with
 * 7-day periods: current 03-14…03-20, previous 03-07…03-13.
 */
import { gadgetMetric, isImproving, trendOf } from '../../src/domain/flow/gadget-metric';
import { reportOf } from './fixtures';

describe('gadgetMetric over 7-day periods', () => {
  const report = reportOf();

  it('names the periods', () => {
    expect(gadgetMetric(report, 'throughput', 85, 7).period).toEqual({
      from: '2026-03-14',
      to: '2026-03-20',
      previousFrom: '2026-03-07',
      previousTo: '2026-03-13',
    });
  });

  it('counts throughput (A-3 now, A-1 before: flat) with a daily sparkline', () => {
    const r = gadgetMetric(report, 'throughput', 85, 7);
    expect([r.current, r.previous, r.trend, r.change, r.improving]).toEqual([
      { value: 1, sampleSize: 1 },
      { value: 1, sampleSize: 1 },
      'flat',
      0,
      null,
    ]);
    expect(r.spark).toEqual([1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0]);
  });

  it('takes the cycle-time percentile of each period (8 d vs 4 d: up, worse)', () => {
    const r = gadgetMetric(report, 'cycleTime', 85, 7);
    expect([r.current.value, r.previous.value, r.trend, r.change, r.improving]).toEqual([
      8,
      4,
      'up',
      1,
      false,
    ]);
  });

  it("reads WIP at each period's end (1 vs 2: down, better)", () => {
    const r = gadgetMetric(report, 'wip', 85, 7);
    expect([r.current.value, r.previous.value, r.trend, r.change, r.improving]).toEqual([
      1,
      2,
      'down',
      -0.5,
      true,
    ]);
  });

  it('counts open items older than the period’s percentile cycle time', () => {
    const r = gadgetMetric(report, 'aging', 85, 7);
    // Now: A-4 is 10 d old, threshold 8 d. Before (03-14 00:00): A-3 5 d and A-4 4 d old, threshold 4 d.
    expect(r.current).toEqual({ value: 1, sampleSize: 1 });
    expect(r.previous).toEqual({ value: 1, sampleSize: 2 });
  });

  it('has no lead-time value for a period without finished items', () => {
    const r = gadgetMetric(report, 'leadTime', 50, 7);
    expect(r.current).toEqual({ value: 15, sampleSize: 1 });
    const early = gadgetMetric(report, 'leadTime', 50, 2); // 03-19…03-20 and 03-17…03-18
    expect(early.current).toEqual({ value: null, sampleSize: 0 });
    expect(early.trend).toBe('none');
  });
});

describe('trend helpers', () => {
  it('treats ±5 % as flat and a zero previous value as up without a ratio', () => {
    expect(trendOf(105, 100)).toEqual({ trend: 'flat', change: 0.05 });
    expect(trendOf(106, 100)).toEqual({ trend: 'up', change: 0.06 });
    expect(trendOf(3, 0)).toEqual({ trend: 'up', change: null });
    expect(trendOf(null, 1)).toEqual({ trend: 'none', change: null });
  });

  it('calls rising throughput and falling times improvements', () => {
    expect(isImproving('throughput', 'up')).toBe(true);
    expect(isImproving('cycleTime', 'up')).toBe(false);
    expect(isImproving('aging', 'down')).toBe(true);
    expect(isImproving('wip', 'flat')).toBeNull();
  });
});
