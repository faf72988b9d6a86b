/** Builders for FitSM assessments in tests. */
import type { FitsmRequirementId } from '../../src/domain/fitsm/catalogue';
import type {
  FitsmAssessment,
  FitsmLevel,
  FitsmRating,
  FitsmRequirementRatings,
} from '../../src/domain/fitsm/assessment-types';

export const ANNA = 'acc-anna';
export const BERND = 'acc-bernd';

/** A rating with defaults for the fields a test does not care about. */
export function rating(level: FitsmLevel, extra: Partial<FitsmRating> = {}): FitsmRating {
  return { level, notes: '', issueKeys: [], ratedBy: ANNA, ratedAt: '2026-12-01T09:00:00.000Z', ...extra };
}

/**
 * Ratings from a compact table: per requirement `[agreed, anna, bernd]`, each a level or null (not rated).
 */
export function ratingsOf(
  table: Partial<
    Record<FitsmRequirementId, readonly [FitsmLevel | null, FitsmLevel | null, FitsmLevel | null]>
  >,
): FitsmAssessment['ratings'] {
  const result: Partial<Record<FitsmRequirementId, FitsmRequirementRatings>> = {};
  for (const [id, row] of Object.entries(table) as [FitsmRequirementId, readonly (FitsmLevel | null)[]][]) {
    const [agreed, anna, bernd] = row;
    const byAssessor: Record<string, FitsmRating> = {};
    if (anna !== null && anna !== undefined) byAssessor[ANNA] = rating(anna, { ratedBy: ANNA });
    if (bernd !== null && bernd !== undefined) byAssessor[BERND] = rating(bernd, { ratedBy: BERND });
    result[id] = { byAssessor, agreed: agreed === null || agreed === undefined ? null : rating(agreed) };
  }
  return result;
}

/** An assessment with two assessors (Anna, Bernd), target level 3. */
export function assessmentOf(
  ratings: FitsmAssessment['ratings'],
  extra: Partial<FitsmAssessment> = {},
): FitsmAssessment {
  return {
    id: 'fa-test',
    title: 'Self-assessment',
    date: '2026-12-01',
    assessors: [ANNA, BERND],
    status: 'draft',
    outOfScope: [],
    targetLevel: 3,
    targetByGroup: {},
    ratings,
    ...extra,
  };
}

/** Every general requirement at one agreed level (and the same for both assessors). */
export function allGeneralAt(level: FitsmLevel): FitsmAssessment['ratings'] {
  const ids = [
    'GR1.1',
    'GR1.2',
    'GR1.3',
    'GR2.1',
    'GR2.2',
    'GR2.3',
    'GR2.4',
    'GR3.1',
    'GR3.2',
    'GR4.1',
    'GR4.2',
    'GR5.1',
    'GR5.2',
    'GR6.1',
    'GR6.2',
    'GR7.1',
    'GR7.2',
  ] as const;
  return ratingsOf(Object.fromEntries(ids.map((id) => [id, [level, level, level]])));
}
