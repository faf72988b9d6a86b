/**
 * Changing an assessment's ratings, pure: one slot (an assessor's own rating or the agreed one) of one
 * requirement at a time, so two assessors rating the same requirement never overwrite each other's slot.
 */
import type { FitsmRequirementId } from './catalogue';
import type { FitsmRating, FitsmRatings, FitsmRequirementRatings } from './assessment-types';

/** Which rating of a requirement a change writes. */
export type FitsmRatingSlot =
  { readonly kind: 'assessor'; readonly accountId: string } | { readonly kind: 'agreed' };

/**
 * The requirement's ratings with one slot set (`rating`) or cleared (null); undefined when nothing is left.
 * @example withFitsmRating(undefined, { kind: 'agreed' }, rating)?.agreed === rating // true
 */
export function withFitsmRating(
  current: FitsmRequirementRatings | undefined,
  slot: FitsmRatingSlot,
  rating: FitsmRating | null,
): FitsmRequirementRatings | undefined {
  let byAssessor: Record<string, FitsmRating> = { ...(current?.byAssessor ?? {}) };
  let agreed = current?.agreed ?? null;
  if (slot.kind === 'agreed') agreed = rating;
  else if (rating === null) byAssessor = withoutKey(byAssessor, slot.accountId);
  else byAssessor[slot.accountId] = rating;
  if (agreed === null && Object.keys(byAssessor).length === 0) return undefined;
  return { byAssessor, agreed };
}

function withoutKey<T extends object>(record: T, key: string): T {
  return Object.fromEntries(Object.entries(record).filter(([name]) => name !== key)) as T;
}

/** The ratings with one requirement's slot set or cleared (see {@link withFitsmRating}). */
export function withFitsmRatingIn(
  ratings: FitsmRatings,
  requirementId: FitsmRequirementId,
  slot: FitsmRatingSlot,
  rating: FitsmRating | null,
): FitsmRatings {
  const updated = withFitsmRating(ratings[requirementId], slot, rating);
  if (updated === undefined) return withoutKey(ratings, requirementId);
  return { ...ratings, [requirementId]: updated };
}

/** The rating currently in a slot (null: none). */
export function fitsmRatingIn(
  ratings: FitsmRatings,
  requirementId: FitsmRequirementId,
  slot: FitsmRatingSlot,
): FitsmRating | null {
  const entry = ratings[requirementId];
  if (!entry) return null;
  return slot.kind === 'agreed' ? entry.agreed : (entry.byAssessor[slot.accountId] ?? null);
}
