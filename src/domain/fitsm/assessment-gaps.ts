/**
 * Gaps of an assessment: requirements whose agreed rating is below the level the assessment aims for, grouped per
 * process (general-requirement groups first: the management system underpins every process), so part "gaps →
 * improvements" can register them as CSI improvements and order an implementation schedule.
 *
 * A requirement without an agreed rating is no gap (its level is unknown, not low); it is listed as unrated.
 */
import { FITSM_GROUPS, type FitsmGroupId, type FitsmRequirementId } from './catalogue';
import { fitsmRequirementIdsOf, levelOfRequirements } from './assessment-levels';
import type { FitsmAssessment, FitsmLevel } from './assessment-types';

/** One requirement below its target. */
export interface FitsmGap {
  readonly assessmentId: string;
  readonly requirementId: FitsmRequirementId;
  readonly groupId: FitsmGroupId;
  /** The agreed level (0–4). */
  readonly level: FitsmLevel;
  /** The level the assessment aims for in this group (1–4). */
  readonly targetLevel: FitsmLevel;
  /** Levels missing: `targetLevel - level` (1–4). */
  readonly shortfall: number;
  /** The agreed rating's evidence notes and issue keys, for the improvement's description. */
  readonly notes: string;
  readonly issueKeys: readonly string[];
}

/** The gaps of one group. */
export interface FitsmGroupGaps {
  readonly groupId: FitsmGroupId;
  /** The group's level by the rule (capability of a process, the group's share of maturity for GR). */
  readonly level: FitsmLevel | null;
  readonly targetLevel: FitsmLevel;
  /** Largest shortfall first, then catalogue order. */
  readonly gaps: readonly FitsmGap[];
  /** Requirements without an agreed rating: not gaps, but not known to be met either. */
  readonly unrated: readonly FitsmRequirementId[];
}

/** The target of a group: the assessment's per-group target, else its overall one. */
export function fitsmTargetOf(
  assessment: Pick<FitsmAssessment, 'targetLevel' | 'targetByGroup'>,
  groupId: FitsmGroupId,
): FitsmLevel {
  return assessment.targetByGroup[groupId] ?? assessment.targetLevel;
}

/**
 * The gaps per group in catalogue order (GR1–GR7, then PR1–PR14), leaving out processes out of scope and groups
 * with neither gaps nor unrated requirements.
 * @example fitsmGaps(assessment)[0].gaps[0] // { requirementId: 'GR1.3', level: 1, targetLevel: 3, shortfall: 2, … }
 */
export function fitsmGaps(assessment: FitsmAssessment): readonly FitsmGroupGaps[] {
  const outOfScope = new Set<string>(assessment.outOfScope);
  const result: FitsmGroupGaps[] = [];
  for (const group of FITSM_GROUPS) {
    if (outOfScope.has(group.id)) continue;
    const targetLevel = fitsmTargetOf(assessment, group.id);
    const ids = fitsmRequirementIdsOf(group.id);
    const gaps: FitsmGap[] = [];
    const unrated: FitsmRequirementId[] = [];
    for (const requirementId of ids) {
      const agreed = assessment.ratings[requirementId]?.agreed;
      if (!agreed) {
        unrated.push(requirementId);
        continue;
      }
      if (agreed.level >= targetLevel) continue;
      gaps.push({
        assessmentId: assessment.id,
        requirementId,
        groupId: group.id,
        level: agreed.level,
        targetLevel,
        shortfall: targetLevel - agreed.level,
        notes: agreed.notes,
        issueKeys: agreed.issueKeys,
      });
    }
    if (gaps.length === 0 && unrated.length === 0) continue;
    // Stable sort: equal shortfalls keep catalogue order.
    gaps.sort((a, b) => b.shortfall - a.shortfall);
    const level = levelOfRequirements(
      ids.map((id) => ({ id, level: assessment.ratings[id]?.agreed?.level ?? null })),
    ).level;
    result.push({ groupId: group.id, level, targetLevel, gaps, unrated });
  }
  return result;
}

/**
 * A stable key for one gap of one assessment: registering it as an improvement twice finds the first (the
 * register's dedupe key).
 * @example fitsmGapKey('fa-2022-04', 'PR14.2') // 'fitsm-gap:fa-2022-04:PR14.2'
 */
export function fitsmGapKey(assessmentId: string, requirementId: FitsmRequirementId): string {
  return `fitsm-gap:${assessmentId}:${requirementId}`;
}
