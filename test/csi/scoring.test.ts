/** The evaluation score: hand-computed weighted means of normalised ratings, rounding, invalid input. */
import { DEFAULT_CSI_WEIGHTS } from '../../src/domain/csi/record-types';
import { csiScore, findCsiWeightProblems, normalisedRating } from '../../src/domain/csi/scoring';

describe('csiScore', () => {
  it('weights the normalised ratings with the default weights 3/2/1/1', () => {
    // benefit (5−1)/4 = 1, urgency (4−1)/4 = 0.75, effort (5−3)/4 = 0.5, risk (5−2)/4 = 0.75
    // (3·1 + 2·0.75 + 1·0.5 + 1·0.75) / 7 = 5.75 / 7 = 0.8214… → 8.2
    expect(csiScore({ benefit: 5, urgency: 4, effort: 3, risk: 2 }, DEFAULT_CSI_WEIGHTS)).toBe(8.2);
    // (3·0.25 + 0 + 0 + 1·0.25) / 7 = 1 / 7 → 1.4
    expect(csiScore({ benefit: 2, urgency: 1, effort: 5, risk: 4 }, DEFAULT_CSI_WEIGHTS)).toBe(1.4);
  });

  it('gives 10 for the best and 0 for the worst ratings, 5 for the middle', () => {
    expect(csiScore({ benefit: 5, urgency: 5, effort: 1, risk: 1 }, DEFAULT_CSI_WEIGHTS)).toBe(10);
    expect(csiScore({ benefit: 1, urgency: 1, effort: 5, risk: 5 }, DEFAULT_CSI_WEIGHTS)).toBe(0);
    expect(csiScore({ benefit: 3, urgency: 3, effort: 3, risk: 3 }, DEFAULT_CSI_WEIGHTS)).toBe(5);
  });

  it('uses the project weights', () => {
    const equal = { benefit: 1, urgency: 1, effort: 1, risk: 1 };
    // 0.75, 0.25, 0.75, 0.25 → mean 0.5
    expect(csiScore({ benefit: 4, urgency: 2, effort: 2, risk: 4 }, equal)).toBe(5);
    // only benefit counts: (4−1)/4 = 0.75
    expect(
      csiScore({ benefit: 4, urgency: 1, effort: 5, risk: 5 }, { ...equal, urgency: 0, effort: 0, risk: 0 }),
    ).toBe(7.5);
  });

  it('rounds half a tenth up', () => {
    // weights benefit 1, urgency 1: (0.25 + 0) / 2 = 0.125 → 1.25 → 1.3
    const weights = { benefit: 1, urgency: 1, effort: 0, risk: 0 };
    expect(csiScore({ benefit: 2, urgency: 1, effort: 3, risk: 3 }, weights)).toBe(1.3);
  });

  it('refuses ratings outside 1..5 or not whole and unusable weights', () => {
    expect(() => csiScore({ benefit: 0, urgency: 1, effort: 1, risk: 1 }, DEFAULT_CSI_WEIGHTS)).toThrow(
      /benefit must be an integer from 1 to 5/,
    );
    expect(() => csiScore({ benefit: 2.5, urgency: 1, effort: 1, risk: 1 }, DEFAULT_CSI_WEIGHTS)).toThrow(
      RangeError,
    );
    expect(() =>
      csiScore(
        { benefit: 2, urgency: 1, effort: 1, risk: 1 },
        { benefit: 0, urgency: 0, effort: 0, risk: 0 },
      ),
    ).toThrow(/At least one weight/);
  });
});

describe('normalisedRating and weights', () => {
  it('counts benefit and urgency up, effort and risk down', () => {
    expect(normalisedRating('benefit', 1)).toBe(0);
    expect(normalisedRating('urgency', 5)).toBe(1);
    expect(normalisedRating('effort', 1)).toBe(1);
    expect(normalisedRating('risk', 4)).toBe(0.25);
  });

  it('names each unusable weight', () => {
    expect(findCsiWeightProblems({ benefit: -1, urgency: 2, effort: 'x', risk: 1 })).toEqual([
      'The weight of benefit must be a number from 0 to 100.',
      'The weight of effort must be a number from 0 to 100.',
    ]);
    expect(findCsiWeightProblems(DEFAULT_CSI_WEIGHTS)).toEqual([]);
  });
});
