/**
 * What moved between two assessments: per requirement (agreed ratings), per group (the level by the rule) and for
 * the maturity of the management system. Only agreed ratings count; an unrated side is named as such.
 */
import { FITSM_GROUPS, type FitsmGroupId, type FitsmRequirementId } from './catalogue';
import { FITSM_REQUIREMENTS } from './catalogue-requirements';
import { computeFitsmLevels } from './assessment-levels';
import type { FitsmAssessment, FitsmLevel } from './assessment-types';

/**
 * How a level moved: `up`/`down`/`same` when both sides have one; `rated` when only the later one has;
 * `unrated` when only the earlier one has; `none` when neither has.
 */
export type FitsmMovement = 'up' | 'down' | 'same' | 'rated' | 'unrated' | 'none';

/** The movement between two levels (null: no level). */
export function fitsmMovement(before: FitsmLevel | null, after: FitsmLevel | null): FitsmMovement {
  if (before === null) return after === null ? 'none' : 'rated';
  if (after === null) return 'unrated';
  if (after > before) return 'up';
  return after < before ? 'down' : 'same';
}

/** One compared level. */
export interface FitsmLevelChange {
  readonly before: FitsmLevel | null;
  readonly after: FitsmLevel | null;
  readonly movement: FitsmMovement;
  /** `after - before` in levels; null unless both exist. */
  readonly delta: number | null;
}

function change(before: FitsmLevel | null, after: FitsmLevel | null): FitsmLevelChange {
  return {
    before,
    after,
    movement: fitsmMovement(before, after),
    delta: before === null || after === null ? null : after - before,
  };
}

/** The comparison of two assessments. */
export interface FitsmComparison {
  readonly beforeId: string;
  readonly afterId: string;
  /** Every requirement in catalogue order. */
  readonly requirements: readonly (FitsmLevelChange & {
    readonly requirementId: FitsmRequirementId;
    readonly groupId: FitsmGroupId;
  })[];
  /** Every group in catalogue order (capability for processes). */
  readonly groups: readonly (FitsmLevelChange & { readonly groupId: FitsmGroupId })[];
  readonly maturity: FitsmLevelChange;
  /** How many requirements moved up and down. */
  readonly counts: { readonly up: number; readonly down: number; readonly same: number };
}

/**
 * Compares an earlier assessment with a later one (the caller decides which is which; usually by date).
 * @example compareFitsmAssessments(july2020, april2022).groups.find((g) => g.groupId === 'PR14')?.movement // 'up'
 */
export function compareFitsmAssessments(before: FitsmAssessment, after: FitsmAssessment): FitsmComparison {
  const levelsBefore = computeFitsmLevels(before);
  const levelsAfter = computeFitsmLevels(after);
  const requirements = FITSM_REQUIREMENTS.map((requirement) => ({
    requirementId: requirement.id,
    groupId: requirement.groupId,
    ...change(
      before.ratings[requirement.id]?.agreed?.level ?? null,
      after.ratings[requirement.id]?.agreed?.level ?? null,
    ),
  }));
  const groups = FITSM_GROUPS.map((group, index) => ({
    groupId: group.id,
    ...change(levelsBefore.groups[index]?.level ?? null, levelsAfter.groups[index]?.level ?? null),
  }));
  const count = (movement: FitsmMovement) =>
    requirements.filter((entry) => entry.movement === movement).length;
  return {
    beforeId: before.id,
    afterId: after.id,
    requirements,
    groups,
    maturity: change(levelsBefore.maturity.level, levelsAfter.maturity.level),
    counts: { up: count('up'), down: count('down'), same: count('same') },
  };
}
