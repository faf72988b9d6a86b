/**
 * The statistics of the effect analysis (FLOW-METRICS.md §6) against numbers worked out by hand from the formula
 * (in the comments) and cross-checked once with SciPy 1.17 (`mannwhitneyu(before, after, use_continuity=True,
 * alternative='two-sided', method='asymptotic')`, `norm.sf`); the tests do not need SciPy.
 */
import {
  bootstrapMedianChange,
  mannWhitneyU,
  medianChange,
  normalSf,
} from '../../src/domain/flow/effect-stats';
import { createPrng } from '../../src/domain/flow/forecast';
import { percentile } from '../../src/domain/flow/percentiles';

describe('normalSf', () => {
  it.each([
    [0, 0.5],
    [0.5, 0.3085375387259869],
    [1.96, 0.024997895148220435],
    [3, 0.0013498980316300933],
    [5, 2.866515718791933e-7],
    [10, 7.61985302416047e-24],
    [20, 2.7536241186061556e-89],
  ])('P(Z ≥ %d) = %d as scipy.stats.norm.sf, to 1e-12 relative', (z, expected) => {
    expect(Math.abs(normalSf(z) - expected) / expected).toBeLessThan(1e-12);
    expect(Math.abs(normalSf(-z) - (1 - expected))).toBeLessThan(1e-15);
  });
});

describe('mannWhitneyU', () => {
  it('without ties: before [3, 4, 5] against after [1, 2]', () => {
    // Pooled ranks: after 1, 2; before 3, 4, 5 → R₁ = 12, u = 12 − 3·4/2 = 6 (every before value is larger).
    // σ² = 3·2/12 · (6 − 0) = 3; z = (|6 − 3| − 0.5)/√3 = 2.5/1.7320508 = 1.4433757;
    // p = 2·sf(1.4433757) = 0.1489147 (SciPy: U 6.0, p 0.14891467317876572).
    const r = mannWhitneyU([3, 4, 5], [1, 2]);
    expect(r?.u).toBe(6);
    expect(r?.z).toBeCloseTo(2.5 / Math.sqrt(3), 12);
    expect(r?.pValue).toBeCloseTo(0.14891467317876572, 12);
    expect(r?.effectSize).toBe(1);
  });

  it('with ties: mid-ranks and the tie correction', () => {
    // Pooled, sorted (b = before, a = after): 1b | 2b 2b 2a 2a | 3b | 4a | 5b 5b | 6a 6a | 7b | 8a | 9a 9a.
    // Ranks: 1 → 1; the four 2s share ranks 2..5 → 3.5; 3 → 6; 4 → 7; 5s → 8.5; 6s → 10.5; 7 → 12; 8 → 13;
    // 9s → 14.5. R₁ = 1 + 3.5 + 3.5 + 6 + 8.5 + 8.5 + 12 = 43; u = 43 − 7·8/2 = 15; n₁n₂/2 = 28.
    // Ties: t = 4, 2, 2, 2 → Σ(t³ − t) = 60 + 6 + 6 + 6 = 78; N = 15:
    // σ² = 56/12 · (16 − 78/210) = 4.6667 · 15.628571 = 72.933333; σ = 8.5401015;
    // z = −(13 − 0.5)/8.5401015 = −1.4636828; p = 2·sf(1.4636828) = 0.1432806 (SciPy: U 15.0, p 0.14328062600938993).
    const r = mannWhitneyU([1, 2, 2, 3, 5, 5, 7], [2, 2, 4, 6, 6, 8, 9, 9]);
    expect(r?.u).toBe(15);
    expect(r?.z).toBeCloseTo(-12.5 / Math.sqrt((56 / 12) * (16 - 78 / 210)), 12);
    expect(r?.z).toBeCloseTo(-1.4636828, 6);
    expect(r?.pValue).toBeCloseTo(0.14328062600938993, 12);
    expect(r?.effectSize).toBeCloseTo(15 / 56, 15);
  });

  it('keeps a corrected numerator of 0.5 … and sets z = 0 at or below zero (p = 1, as SciPy clips)', () => {
    // [1, 2, 3] vs [1, 2]: ranks 1.5 1.5 3.5 3.5 5 → R₁ = 1.5 + 3.5 + 5 = 10, u = 4, n₁n₂/2 = 3;
    // σ² = 6/12 · (6 − (6 + 6)/20) = 2.7; z = (1 − 0.5)/√2.7 = 0.3042903; p = 0.7609067 (SciPy 0.7609067270751141).
    const r = mannWhitneyU([1, 2, 3], [1, 2]);
    expect(r?.u).toBe(4);
    expect(r?.z).toBeCloseTo(0.5 / Math.sqrt(2.7), 12);
    expect(r?.pValue).toBeCloseTo(0.7609067270751141, 12);
    // [1, 2] vs [1, 3]: ranks 1.5 1.5 3 4 → u = 4.5 − 3 = 1.5, |1.5 − 2| − 0.5 = 0 → z = 0, p = 1 (SciPy 1.0).
    expect(mannWhitneyU([1, 2], [1, 3])).toEqual({ u: 1.5, z: 0, pValue: 1, effectSize: 0.375 });
    // Identical samples: u = n₁n₂/2, the numerator −0.5 → z = 0, p = 1.
    expect(mannWhitneyU([1, 2], [1, 2])).toEqual({ u: 2, z: 0, pValue: 1, effectSize: 0.5 });
    // All values equal: σ = 0 → z = 0, p = 1 (SciPy: z = −inf, p clipped to 1).
    expect(mannWhitneyU([5, 5, 5], [5, 5])).toEqual({ u: 3, z: 0, pValue: 1, effectSize: 0.5 });
  });

  it('is symmetric: swapping the samples mirrors u and z and keeps p', () => {
    const a = [1.5, 2.25, 3, 3, 8, 13];
    const b = [0.5, 1, 1, 2.25, 2.5];
    const ab = mannWhitneyU(a, b);
    const ba = mannWhitneyU(b, a);
    expect(ba?.u).toBe(a.length * b.length - (ab?.u ?? NaN));
    expect(ba?.z).toBeCloseTo(-(ab?.z ?? NaN), 14);
    expect(ba?.pValue).toBeCloseTo(ab?.pValue ?? NaN, 14);
  });

  it('counts u as pairs (before > after, ties half) for random samples with many ties', () => {
    const next = createPrng(2024);
    for (let round = 0; round < 50; round++) {
      const draw = (n: number): number[] => Array.from({ length: n }, () => Math.floor(next() * 6));
      const a = draw(1 + Math.floor(next() * 15));
      const b = draw(1 + Math.floor(next() * 15));
      let pairs = 0;
      for (const x of a) for (const y of b) pairs += x > y ? 1 : x === y ? 0.5 : 0;
      const r = mannWhitneyU(a, b);
      expect(r?.u).toBe(pairs);
      expect(r?.effectSize).toBeCloseTo(pairs / (a.length * b.length), 14);
      expect(r?.pValue).toBeGreaterThan(0);
      expect(r?.pValue).toBeLessThanOrEqual(1);
    }
  });

  it('is null when a sample is empty', () => {
    expect(mannWhitneyU([], [1])).toBeNull();
    expect(mannWhitneyU([1], [])).toBeNull();
  });
});

describe('medianChange', () => {
  it('is (p50 after − p50 before) ÷ p50 before with type-7 medians', () => {
    // p50 [1, 2, 3, 10] = 2.5; p50 [1, 2] = 1.5 → (1.5 − 2.5)/2.5 = −0.4.
    expect(medianChange([1, 2, 3, 10], [2, 1])).toBeCloseTo(-0.4, 15);
  });
  it('is null for an empty sample or a median before of 0', () => {
    expect(medianChange([], [1])).toBeNull();
    expect(medianChange([1], [])).toBeNull();
    expect(medianChange([0, 0, 1], [1])).toBeNull();
  });
});

describe('bootstrapMedianChange', () => {
  const before = [3.1, 4.2, 2.2, 5.5, 7.1, 3.3, 4.4, 6.2, 2.9, 3.8, 5.1, 4.9];
  const after = [2.1, 2.5, 3.2, 1.9, 2.8, 3.9, 2.2, 2.6, 3.1, 1.7];

  it('is deterministic per seed and differs between seeds', () => {
    const a = bootstrapMedianChange(before, after, 7, 10_000);
    expect(bootstrapMedianChange(before, after, 7, 10_000)).toEqual(a);
    const b = bootstrapMedianChange(before, after, 8, 10_000);
    expect([b.low, b.high]).not.toEqual([a.low, a.high]);
    expect(a).toMatchObject({ resamples: 10_000, seed: 7, undefinedResamples: 0 });
  });

  it('brackets the point estimate and lies within the possible medians', () => {
    const point = medianChange(before, after) ?? NaN;
    const { low, high } = bootstrapMedianChange(before, after, 1, 10_000);
    expect(low).not.toBeNull();
    expect(low ?? NaN).toBeLessThanOrEqual(point);
    expect(high ?? NaN).toBeGreaterThanOrEqual(point);
    // Any resample median lies in [min, max] of its sample: (1.7 − 7.1)/7.1 ≤ change ≤ (3.9 − 2.2)/2.2.
    expect(low ?? NaN).toBeGreaterThanOrEqual((1.7 - 7.1) / 7.1);
    expect(high ?? NaN).toBeLessThanOrEqual((3.9 - 2.2) / 2.2);
  });

  it('gives the resampled medians of a single value exactly (a one-value sample has one resample)', () => {
    // before [4] always resamples to 4, after [3] to 3: every change is −0.25.
    expect(bootstrapMedianChange([4], [3], 1, 100)).toMatchObject({ low: -0.25, high: -0.25 });
  });

  it('leaves out resamples whose median before is 0 and counts them; null bounds for an empty sample', () => {
    const r = bootstrapMedianChange([0, 0, 1], [1, 2], 3, 2_000);
    expect(r.undefinedResamples).toBeGreaterThan(0);
    expect(r.undefinedResamples).toBeLessThan(2_000);
    expect(bootstrapMedianChange([], [1], 1, 10)).toMatchObject({ low: null, high: null });
  });
});

describe('bootstrapMedianChange against a plain resample-sort-percentile loop', () => {
  it('gives the same interval as drawing n₁ then n₂ sorted-sample indices ⌊u·n⌋ from mulberry32 per round', () => {
    const before = [9, 1.5, 4, 4, 2.75, 6, 3, 8, 5.5];
    const after = [2, 1, 3.5, 2, 2.5, 4, 1.25, 3];
    const seed = 42;
    const rounds = 2_000;
    const next = createPrng(seed);
    const sortedBefore = [...before].sort((x, y) => x - y);
    const sortedAfter = [...after].sort((x, y) => x - y);
    const draw = (sorted: number[]): number[] =>
      sorted.map(() => sorted[Math.floor(next() * sorted.length)] ?? NaN).sort((x, y) => x - y);
    const changes: number[] = [];
    for (let r = 0; r < rounds; r++) {
      const b = percentile(draw(sortedBefore), 50) ?? NaN;
      const a = percentile(draw(sortedAfter), 50) ?? NaN;
      changes.push((a - b) / b);
    }
    changes.sort((x, y) => x - y);
    const r = bootstrapMedianChange(before, after, seed, rounds);
    expect(r.low).toBe(percentile(changes, 2.5));
    expect(r.high).toBe(percentile(changes, 97.5));
  });
});
