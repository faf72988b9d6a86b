import fc from 'fast-check';
import { mean, percentile, percentileRank, sortNumbers } from './percentiles';

describe('percentile (type 7, linear interpolation as numpy)', () => {
  // Position h = (n − 1) · p / 100; value = x[⌊h⌋] + (h − ⌊h⌋) · (x[⌊h⌋ + 1] − x[⌊h⌋]).
  it('interpolates between order statistics of [1, 2, 3, 4]', () => {
    const sample = [1, 2, 3, 4];
    expect(percentile(sample, 0)).toBe(1); // h = 0
    expect(percentile(sample, 25)).toBeCloseTo(1.75, 12); // h = 0.75 → 1 + 0.75 · 1
    expect(percentile(sample, 50)).toBeCloseTo(2.5, 12); // h = 1.5 → 2 + 0.5 · 1
    expect(percentile(sample, 85)).toBeCloseTo(3.55, 12); // h = 2.55 → 3 + 0.55 · 1
    expect(percentile(sample, 95)).toBeCloseTo(3.85, 12); // h = 2.85 → 3 + 0.85 · 1
    expect(percentile(sample, 100)).toBe(4); // h = 3
  });

  it('interpolates unevenly spaced values (days of cycle time)', () => {
    const sample = [0.5, 1.25, 2, 7.75, 10, 31.5, 40]; // n = 7, h = 6 · p / 100
    expect(percentile(sample, 10)).toBeCloseTo(0.95, 12); // h = 0.6 → 0.5 + 0.6 · 0.75
    expect(percentile(sample, 50)).toBe(7.75); // h = 3 exactly
    expect(percentile(sample, 85)).toBeCloseTo(32.35, 12); // h = 5.1 → 31.5 + 0.1 · 8.5
    expect(percentile(sample, 95)).toBeCloseTo(37.45, 12); // h = 5.7 → 31.5 + 0.7 · 8.5
  });

  it('returns the only value of a one-element sample for every p', () => {
    expect(percentile([7], 0)).toBe(7);
    expect(percentile([7], 85)).toBe(7);
    expect(percentile([7], 100)).toBe(7);
  });

  it('reads typed arrays without copying semantics changing the result', () => {
    expect(percentile(Float64Array.of(10, 20), 50)).toBe(15);
  });

  it('returns null for an empty sample', () => {
    expect(percentile([], 50)).toBeNull();
  });

  it('rejects p outside 0..100 with a RangeError', () => {
    expect(() => percentile([1, 2], -1)).toThrow(RangeError);
    expect(() => percentile([1, 2], 100.5)).toThrow(RangeError);
    expect(() => percentile([1, 2], Number.NaN)).toThrow(RangeError);
    expect(() => percentile([], 101)).toThrow(RangeError);
  });

  const sortedSample = fc
    .array(fc.double({ min: -1e9, max: 1e9, noNaN: true }), { minLength: 1, maxLength: 60 })
    .map((values) => sortNumbers(values));
  const pValue = fc.double({ min: 0, max: 100, noNaN: true });

  it('is monotone in p (property)', () => {
    fc.assert(
      fc.property(sortedSample, pValue, pValue, (sample, p1, p2) => {
        const [low, high] = p1 <= p2 ? [p1, p2] : [p2, p1];
        expect(percentile(sample, low)).toBeLessThanOrEqual(percentile(sample, high) ?? Number.NaN);
      }),
      { numRuns: 2000 },
    );
  });

  it('lies between the minimum and the maximum (property)', () => {
    fc.assert(
      fc.property(sortedSample, pValue, (sample, p) => {
        const value = percentile(sample, p) ?? Number.NaN;
        expect(value).toBeGreaterThanOrEqual(sample[0] ?? Number.NaN);
        expect(value).toBeLessThanOrEqual(sample[sample.length - 1] ?? Number.NaN);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('percentileRank', () => {
  it('is the share of values strictly below', () => {
    const sample = [1, 2, 3, 4];
    expect(percentileRank(sample, 3)).toBe(50); // 1 and 2 of 4
    expect(percentileRank(sample, 2.5)).toBe(50);
    expect(percentileRank(sample, 0.5)).toBe(0);
    expect(percentileRank(sample, 1)).toBe(0); // equal is not below
    expect(percentileRank(sample, 4.01)).toBe(100);
  });

  it('does not count ties as below', () => {
    expect(percentileRank([1, 2, 2, 2, 3], 2)).toBe(20); // only 1 of 5
  });

  it('returns null for an empty sample', () => {
    expect(percentileRank([], 3)).toBeNull();
  });
});

describe('sortNumbers', () => {
  it('sorts numerically, not as strings', () => {
    expect(Array.from(sortNumbers([10, 9, 100, -1, 2.5]))).toEqual([-1, 2.5, 9, 10, 100]);
  });

  it('accepts any iterable and returns a Float64Array', () => {
    const sorted = sortNumbers(new Set([3, 1, 2]));
    expect(sorted).toBeInstanceOf(Float64Array);
    expect(Array.from(sorted)).toEqual([1, 2, 3]);
  });
});

describe('mean', () => {
  it('averages the values', () => {
    expect(mean([1, 2, 3, 4])).toBe(2.5);
    expect(mean(Float64Array.of(0, 0, 3))).toBe(1);
  });

  it('returns null for an empty sample', () => {
    expect(mean([])).toBeNull();
  });
});
