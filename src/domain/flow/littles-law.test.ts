import { LITTLES_LAW_STABLE_DEVIATION, littlesLawCheck } from './littles-law';

describe('littlesLawCheck', () => {
  it('predicts cycle time as WIP ÷ throughput and compares it with the measured mean', () => {
    // 9 items in progress on average, 1.5 finished per day → 9 / 1.5 = 6 days predicted; measured 5 days →
    // deviation (6 − 5) / 5 = +0.2 → still stable (the bound is inclusive).
    expect(littlesLawCheck({ averageWip: 9, averageThroughputPerDay: 1.5, meanCycleTimeDays: 5 })).toEqual({
      averageWip: 9,
      averageThroughputPerDay: 1.5,
      predictedCycleTimeDays: 6,
      meanCycleTimeDays: 5,
      deviation: 0.2,
      stable: true,
    });
  });

  it('flags WIP piling up: 30 items at 2 per day predict 15 days against 10 measured (+50 %)', () => {
    const check = littlesLawCheck({ averageWip: 30, averageThroughputPerDay: 2, meanCycleTimeDays: 10 });
    expect(check.predictedCycleTimeDays).toBe(15);
    expect(check.deviation).toBe(0.5);
    expect(check.stable).toBe(false);
  });

  it('flags old items being flushed out: 4 items at 1 per day predict 4 days against 8 measured (−50 %)', () => {
    const check = littlesLawCheck({ averageWip: 4, averageThroughputPerDay: 1, meanCycleTimeDays: 8 });
    expect(check.predictedCycleTimeDays).toBe(4);
    expect(check.deviation).toBe(-0.5);
    expect(check.stable).toBe(false);
  });

  it('calls a −10 % deviation stable: 9 items at 1 per day against 10 days', () => {
    const check = littlesLawCheck({ averageWip: 9, averageThroughputPerDay: 1, meanCycleTimeDays: 10 });
    expect(check.deviation).toBeCloseTo(-0.1, 12);
    expect(check.stable).toBe(true);
  });

  it('uses a 20 % stability bound', () => {
    expect(LITTLES_LAW_STABLE_DEVIATION).toBe(0.2);
    // 12.5 / 1 = 12.5 days against 10: +25 % → unstable.
    expect(
      littlesLawCheck({ averageWip: 12.5, averageThroughputPerDay: 1, meanCycleTimeDays: 10 }).stable,
    ).toBe(false);
  });

  it('predicts nothing when nothing was finished (throughput 0)', () => {
    expect(littlesLawCheck({ averageWip: 5, averageThroughputPerDay: 0, meanCycleTimeDays: null })).toEqual({
      averageWip: 5,
      averageThroughputPerDay: 0,
      predictedCycleTimeDays: null,
      meanCycleTimeDays: null,
      deviation: null,
      stable: null,
    });
  });

  it('has no deviation without a measured mean or with a mean of 0', () => {
    const withoutMean = littlesLawCheck({
      averageWip: 5,
      averageThroughputPerDay: 1,
      meanCycleTimeDays: null,
    });
    expect(withoutMean.predictedCycleTimeDays).toBe(5);
    expect(withoutMean.deviation).toBeNull();
    expect(withoutMean.stable).toBeNull();
    const zeroMean = littlesLawCheck({ averageWip: 5, averageThroughputPerDay: 1, meanCycleTimeDays: 0 });
    expect(zeroMean.deviation).toBeNull();
    expect(zeroMean.stable).toBeNull();
  });

  it('predicts 0 days for an empty system and calls that unstable against a real mean (−100 %)', () => {
    const check = littlesLawCheck({ averageWip: 0, averageThroughputPerDay: 2, meanCycleTimeDays: 5 });
    expect(check.predictedCycleTimeDays).toBe(0);
    expect(check.deviation).toBe(-1);
    expect(check.stable).toBe(false);
  });
});
