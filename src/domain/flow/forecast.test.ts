import { CONFIDENCE_LEVELS, createPrng, forecastHowMany, forecastWhen } from './forecast';

/** Three months of a service team's daily throughput, zero days (weekends, quiet days) included. */
const NINETY_DAYS = [
  0, 2, 1, 3, 0, 0, 0, 1, 4, 2, 0, 1, 0, 0, 2, 2, 1, 0, 5, 0, 0, 1, 0, 3, 2, 1, 0, 0, 0, 2, 1, 1, 6, 0, 0, 0,
  2, 0, 1, 3, 0, 0, 1, 1, 2, 0, 4, 0, 0, 0, 3, 1, 0, 2, 1, 0, 0, 2, 2, 0, 1, 3, 0, 0, 1, 0, 2, 4, 0, 0, 0, 1,
  1, 0, 2, 0, 0, 3, 2, 1, 0, 1, 0, 0, 0, 2, 1, 1, 0, 0,
];

describe('createPrng', () => {
  it('repeats the same sequence for the same seed', () => {
    const a = createPrng(42);
    const b = createPrng(42);
    const first = [a(), a(), a(), a(), a()];
    expect([b(), b(), b(), b(), b()]).toEqual(first);
  });

  it('gives different sequences for different seeds', () => {
    const a = createPrng(1);
    const b = createPrng(2);
    expect([a(), a(), a()]).not.toEqual([b(), b(), b()]);
  });

  it('draws uniformly from [0, 1)', () => {
    const next = createPrng(7);
    const buckets = new Array<number>(10).fill(0);
    let min = 1;
    let max = 0;
    const draws = 100_000;
    for (let i = 0; i < draws; i++) {
      const value = next();
      min = Math.min(min, value);
      max = Math.max(max, value);
      const bucket = Math.floor(value * 10);
      buckets[bucket] = (buckets[bucket] ?? 0) + 1;
    }
    expect(min).toBeGreaterThanOrEqual(0);
    expect(max).toBeLessThan(1);
    // Each bucket expects 10,000 draws with a standard deviation of √(100,000 · 0.1 · 0.9) ≈ 95; ±500 is > 5 σ.
    for (const count of buckets) expect(Math.abs(count - draws / 10)).toBeLessThan(500);
  });
});

describe('forecastHowMany', () => {
  it('gives 20 items in 10 days at every confidence for a constant 2 items per day', () => {
    const forecast = forecastHowMany([2, 2, 2, 2], 10, { seed: 1 });
    expect(forecast).toEqual({
      trials: 10_000,
      sampleDays: 4,
      itemsAtConfidence: { '50': 20, '70': 20, '85': 20, '95': 20 },
    });
  });

  it('is reproducible: the same seed gives the same forecast', () => {
    expect(forecastHowMany(NINETY_DAYS, 30, { seed: 123 })).toEqual(
      forecastHowMany(NINETY_DAYS, 30, { seed: 123 }),
    );
  });

  it('varies with the seed when there are few trials', () => {
    const results = [1, 2, 3, 4, 5, 6].map((seed) =>
      JSON.stringify(forecastHowMany(NINETY_DAYS, 10, { seed, trials: 20 })?.itemsAtConfidence),
    );
    expect(new Set(results).size).toBeGreaterThan(1);
  });

  it('promises fewer items at higher confidence', () => {
    const items = forecastHowMany(NINETY_DAYS, 30, { seed: 9 })?.itemsAtConfidence;
    expect(items).toBeDefined();
    if (items === undefined) return;
    expect(items['50']).toBeGreaterThanOrEqual(items['70']);
    expect(items['70']).toBeGreaterThanOrEqual(items['85']);
    expect(items['85']).toBeGreaterThanOrEqual(items['95']);
    expect(items['50']).toBeGreaterThan(items['95']);
  });

  it('takes the order statistic at ⌊(100 − c) / 100 · (n − 1)⌋ of a replay of the same draws', () => {
    // Replays the seeded draws naively and sorts the totals with Array#sort: an independent check of the
    // resampling and of the index rule (n = 21: indices ⌊50 · 20 / 100⌋ = 10, 6, 3, 1).
    const sample = [0, 1, 3, 0, 2];
    const trials = 21;
    const days = 5;
    const next = createPrng(77);
    const totals: number[] = [];
    for (let trial = 0; trial < trials; trial++) {
      let total = 0;
      for (let day = 0; day < days; day++) total += sample[Math.floor(next() * sample.length)] ?? 0;
      totals.push(total);
    }
    totals.sort((a, b) => a - b);
    expect(forecastHowMany(sample, days, { seed: 77, trials })?.itemsAtConfidence).toEqual({
      '50': totals[10],
      '70': totals[6],
      '85': totals[3],
      '95': totals[1],
    });
  });

  it('matches the binomial distribution for a 0-or-1 sample over 100 days', () => {
    // Totals ~ Binomial(100, 0.5): median 50, σ = 5. 85 % confidence ≈ 50 − 1.04 σ ≈ 44.8; 95 % ≈ 50 − 1.645 σ
    // ≈ 41.8. Whole items and 10,000 trials allow ±1.
    const items = forecastHowMany([0, 1], 100, { seed: 5 })?.itemsAtConfidence;
    expect(items?.['50']).toBeGreaterThanOrEqual(49);
    expect(items?.['50']).toBeLessThanOrEqual(51);
    expect(items?.['85']).toBeGreaterThanOrEqual(44);
    expect(items?.['85']).toBeLessThanOrEqual(46);
    expect(items?.['95']).toBeGreaterThanOrEqual(41);
    expect(items?.['95']).toBeLessThanOrEqual(43);
  });

  it('forecasts 0 items for 0 days', () => {
    expect(forecastHowMany(NINETY_DAYS, 0, { seed: 1 })?.itemsAtConfidence).toEqual({
      '50': 0,
      '70': 0,
      '85': 0,
      '95': 0,
    });
  });

  it('returns null for an empty sample or negative days', () => {
    expect(forecastHowMany([], 10, { seed: 1 })).toBeNull();
    expect(forecastHowMany([1, 2], -1, { seed: 1 })).toBeNull();
  });

  it('rejects fractional days and fewer than one trial', () => {
    expect(() => forecastHowMany([1], 1.5, { seed: 1 })).toThrow(RangeError);
    expect(() => forecastHowMany([1], 10, { seed: 1, trials: 0 })).toThrow(RangeError);
  });
});

describe('forecastWhen', () => {
  it('needs 4 days for 7 items at a constant 2 items per day', () => {
    // Running totals 2, 4, 6, 8: the 4th day reaches 7.
    expect(forecastWhen([2, 2, 2], 7, { seed: 1 })).toEqual({
      trials: 10_000,
      sampleDays: 3,
      daysAtConfidence: { '50': 4, '70': 4, '85': 4, '95': 4 },
    });
  });

  it('needs 0 days for 0 items', () => {
    expect(forecastWhen(NINETY_DAYS, 0, { seed: 1 })?.daysAtConfidence).toEqual({
      '50': 0,
      '70': 0,
      '85': 0,
      '95': 0,
    });
  });

  it('is reproducible: the same seed gives the same forecast', () => {
    expect(forecastWhen(NINETY_DAYS, 40, { seed: 3 })).toEqual(forecastWhen(NINETY_DAYS, 40, { seed: 3 }));
  });

  it('needs more days at higher confidence', () => {
    const days = forecastWhen(NINETY_DAYS, 40, { seed: 11 })?.daysAtConfidence;
    const levels = CONFIDENCE_LEVELS.map((confidence) => days?.[`${confidence}`] ?? Number.NaN);
    expect(levels).toEqual([...levels].sort((a, b) => a - b));
    expect(levels[3]).toBeGreaterThan(levels[0] ?? Number.POSITIVE_INFINITY);
  });

  it('puts the median near items ÷ mean throughput: 40 items at 92 / 90 ≈ 1.02 items/day take about 39 days', () => {
    expect(NINETY_DAYS.reduce((a, b) => a + b, 0)).toBe(92);
    // 40 / (92 / 90) ≈ 39.1; the last day overshoots a little, so the median lies at 39 or 40; ±2 days of slack.
    const median = forecastWhen(NINETY_DAYS, 40, { seed: 11 })?.daysAtConfidence['50'];
    expect(median).toBeGreaterThanOrEqual(37);
    expect(median).toBeLessThanOrEqual(42);
  });

  it('takes the order statistic at ⌈c / 100 · n⌉ − 1 of a replay of the same draws', () => {
    const sample = [0, 1, 3, 0, 2];
    const trials = 21;
    const items = 6;
    const next = createPrng(78);
    const needed: number[] = [];
    for (let trial = 0; trial < trials; trial++) {
      let total = 0;
      let day = 0;
      while (total < items) {
        total += sample[Math.floor(next() * sample.length)] ?? 0;
        day++;
      }
      needed.push(day);
    }
    needed.sort((a, b) => a - b);
    // n = 21: ⌈10.5⌉ − 1 = 10, ⌈14.7⌉ − 1 = 14, ⌈17.85⌉ − 1 = 17, ⌈19.95⌉ − 1 = 19.
    expect(forecastWhen(sample, items, { seed: 78, trials })?.daysAtConfidence).toEqual({
      '50': needed[10],
      '70': needed[14],
      '85': needed[17],
      '95': needed[19],
    });
  });

  it('reports a level as null when it needs trials that did not finish within maxDays', () => {
    // One day allowed, 1 item needed, sample [0, 1, 1, 1]: ~75 % of trials finish on day 1, ~25 % never.
    // 50 % and 70 % are reachable (1 day); 85 % and 95 % are not.
    expect(forecastWhen([0, 1, 1, 1], 1, { seed: 4, maxDays: 1 })?.daysAtConfidence).toEqual({
      '50': 1,
      '70': 1,
      '85': null,
      '95': null,
    });
  });

  it('returns null when the items can never be finished', () => {
    expect(forecastWhen([], 5, { seed: 1 })).toBeNull();
    expect(forecastWhen([0, 0, 0], 5, { seed: 1 })).toBeNull();
  });
});

// Speed is measured by `npm run bench`, not asserted here.
describe('long forecasts', () => {
  it('runs 10,000 trials over 365 days and to 400 items', () => {
    const howMany = forecastHowMany(NINETY_DAYS, 365, { seed: 1 });
    // 400 items at ~1.02/day: about 390 draws per trial.
    const when = forecastWhen(NINETY_DAYS, 400, { seed: 1 });
    expect(howMany?.trials).toBe(10_000);
    expect(when?.daysAtConfidence['50']).toBeGreaterThan(300);
  });
});
