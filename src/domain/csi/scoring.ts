/**
 * The score of an improvement's evaluation (PR14.2 "assessed with uniform criteria"): one number 0..10 that ranks
 * the CSI register and that JQL can filter (`csiScore > 7`).
 */
import { CSI_CRITERIA, type CsiCriterion, type CsiWeights } from './record-types';

/** Lowest and highest rating of a criterion. */
export const CSI_RATING_MIN = 1;
export const CSI_RATING_MAX = 5;

/** Criteria where a higher rating makes the improvement more worth doing; for the others (effort, risk) less. */
const HIGHER_IS_BETTER: Readonly<Record<CsiCriterion, boolean>> = {
  benefit: true,
  urgency: true,
  effort: false,
  risk: false,
};

/**
 * A rating 1..5 normalised to 0..1 where 1 is best for the score:
 * benefit and urgency `(r − 1) / 4`, effort and risk `(5 − r) / 4`.
 *
 * @example normalisedRating('effort', 1) === 1 // the least effort is the best
 */
export function normalisedRating(criterion: CsiCriterion, rating: number): number {
  const span = CSI_RATING_MAX - CSI_RATING_MIN;
  return HIGHER_IS_BETTER[criterion] ? (rating - CSI_RATING_MIN) / span : (CSI_RATING_MAX - rating) / span;
}

/** Whether `rating` is an integer 1..5. */
export function isValidRating(rating: unknown): rating is number {
  return (
    typeof rating === 'number' &&
    Number.isInteger(rating) &&
    rating >= CSI_RATING_MIN &&
    rating <= CSI_RATING_MAX
  );
}

/**
 * What is wrong with a set of weights (English, one sentence each); empty when they can be used: every weight a
 * finite number ≥ 0 and at most 100, not all 0.
 */
export function findCsiWeightProblems(weights: Readonly<Record<string, unknown>>): string[] {
  const problems: string[] = [];
  let sum = 0;
  for (const criterion of CSI_CRITERIA) {
    const weight = weights[criterion];
    if (typeof weight !== 'number' || !Number.isFinite(weight) || weight < 0 || weight > 100) {
      problems.push(`The weight of ${criterion} must be a number from 0 to 100.`);
    } else {
      sum += weight;
    }
  }
  if (problems.length === 0 && sum === 0) problems.push('At least one weight must be greater than 0.');
  return problems;
}

/**
 * The score of four ratings: the weighted mean of the normalised ratings ({@link normalisedRating}), times 10,
 * rounded to one decimal (half away from zero):
 *
 *   score = round₁( 10 · Σ_c w_c · n_c(r_c) / Σ_c w_c )
 *
 * with c ∈ {benefit, urgency, effort, risk}, w the project's weights and n_c the normalised rating. All ratings 5
 * for benefit and urgency and 1 for effort and risk give 10; the opposite gives 0.
 *
 * @example csiScore({ benefit: 5, urgency: 4, effort: 3, risk: 2 }, { benefit: 3, urgency: 2, effort: 1, risk: 1 })
 * // (3·1 + 2·0.75 + 1·0.5 + 1·0.75) / 7 · 10 = 8.21… → 8.2
 * @throws RangeError for a rating that is not an integer 1..5 or unusable weights ({@link findCsiWeightProblems}).
 */
export function csiScore(ratings: Readonly<Record<CsiCriterion, number>>, weights: CsiWeights): number {
  const problems = findCsiWeightProblems(weights);
  if (problems.length > 0) throw new RangeError(problems.join(' '));
  let weighted = 0;
  let total = 0;
  for (const criterion of CSI_CRITERIA) {
    const rating = ratings[criterion];
    if (!isValidRating(rating)) {
      throw new RangeError(
        `The rating of ${criterion} must be an integer from 1 to 5, not ${String(rating)}.`,
      );
    }
    weighted += weights[criterion] * normalisedRating(criterion, rating);
    total += weights[criterion];
  }
  const tenths = (100 * weighted) / total;
  // Guard against binary fractions just below .5 (e.g. 44.99999999) before rounding to a tenth.
  return Math.round(tenths + 1e-9) / 10;
}
