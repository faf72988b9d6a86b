/**
 * The capability level of each process (Fähigkeitsgrad) and the maturity level of the management system
 * (Reifegrad), computed from the agreed ratings of an assessment.
 *
 * ## The rule and where it comes from
 * - FitSM-6 (https://fitsm.itemo.org/fitsm/6, "About FitSM-6"; current edition: FitSM-6 Assessment and Audit Tool
 *   V3.0.3 on https://www.fitsm.eu/downloads/) is a capability/maturity model: requirements of FitSM-1 are rated
 *   by reading narrative descriptions of each level and choosing the closest; the result shows the capability in
 *   each FitSM process and the overall maturity. The workbook rates every requirement 0–4 (see
 *   `assessment-types.ts` for where the scale was read).
 * - No source we could read states in words how a process level is derived from its requirement ratings (the
 *   workbook itself is a binary spreadsheet we could not open here). The one derivation we found in code is the
 *   workbook port `UncleJS/audit_fitsm`, `db/migrations/0012_views.sql`, view `v_certification_results`: a process
 *   meets its capability goal only when every one of its requirements is rated at or above the goal.
 * - **Our reading**, therefore: a process is at level L when every requirement of it is at L or higher, so its
 *   capability is the **lowest agreed rating among its requirements** (the weakest requirement limits the
 *   process, as in the workbook's goal check). The maturity of the management system follows the same rule over
 *   the **general requirements GR1–GR7** (FitSM-6 rates the management system through them; FITSM-CSI.md:
 *   "maturity of the management system (general requirements)").
 * - A requirement without an agreed rating leaves the level **undetermined** (null): the rule never fills a gap
 *   with an assessor's rating or a guess. What is known is shown instead: the requirements still missing and
 *   the ceiling the rated ones already set (`atMost`).
 *
 * The whole rule is {@link levelOfRequirements}; change it there.
 */
import {
  FITSM_GROUPS,
  type FitsmGroup,
  type FitsmGroupId,
  type FitsmProcessId,
  type FitsmRequirementId,
} from './catalogue';
import { FITSM_REQUIREMENTS } from './catalogue-requirements';
import type { FitsmAssessment, FitsmLevel, FitsmRatings } from './assessment-types';

/** The outcome of the rule over one set of requirements. */
export interface FitsmLevelOutcome {
  /** The level, or null while a requirement has no rating. */
  readonly level: FitsmLevel | null;
  /** Requirements without a rating (they keep the level undetermined). */
  readonly missing: readonly FitsmRequirementId[];
  /** The lowest rating given so far: the level cannot end higher (null when nothing is rated). */
  readonly atMost: FitsmLevel | null;
  /** The requirements rated at {@link atMost}: the ones that limit the level. */
  readonly limitedBy: readonly FitsmRequirementId[];
}

/**
 * THE RULE: the level of a set of requirements from their ratings (levels 0–4, null: not rated) — the lowest
 * rating, or null while any requirement is unrated or the set is empty.
 * @example levelOfRequirements([{ id: 'PR14.1', level: 3 }, { id: 'PR14.2', level: 2 }]).level // 2
 */
export function levelOfRequirements(
  rated: readonly { readonly id: FitsmRequirementId; readonly level: FitsmLevel | null }[],
): FitsmLevelOutcome {
  const missing = rated.filter((entry) => entry.level === null).map((entry) => entry.id);
  const levels = rated.flatMap((entry) => (entry.level === null ? [] : [entry.level]));
  const atMost = levels.length === 0 ? null : (Math.min(...levels) as FitsmLevel);
  const limitedBy =
    atMost === null ? [] : rated.filter((entry) => entry.level === atMost).map((entry) => entry.id);
  const level = missing.length === 0 && atMost !== null ? atMost : null;
  return { level, missing, atMost, limitedBy };
}

/** The level of one group (a process or a general-requirement group). */
export interface FitsmGroupLevel extends FitsmLevelOutcome {
  readonly groupId: FitsmGroupId;
  readonly kind: FitsmGroup['kind'];
  /** False for a process left out of the assessment's scope (then level, atMost are null, missing empty). */
  readonly inScope: boolean;
  readonly requirementCount: number;
  /** Requirements with an agreed rating. */
  readonly agreedCount: number;
  /** The same rule over each assessor's own ratings, per account id (side by side; not the agreed level). */
  readonly byAssessor: Readonly<Record<string, FitsmLevel | null>>;
}

/** All levels of an assessment. */
export interface FitsmAssessmentLevels {
  /** Every group in catalogue order (GR1–GR7, PR1–PR14). */
  readonly groups: readonly FitsmGroupLevel[];
  /** Capability per process (PR1–PR14), from the agreed ratings. */
  readonly capability: Readonly<Record<FitsmProcessId, FitsmGroupLevel>>;
  /** Maturity of the management system: the rule over all general requirements. */
  readonly maturity: FitsmLevelOutcome & {
    readonly byAssessor: Readonly<Record<string, FitsmLevel | null>>;
  };
}

const REQUIREMENTS_BY_GROUP = new Map<FitsmGroupId, FitsmRequirementId[]>();
for (const requirement of FITSM_REQUIREMENTS) {
  const list = REQUIREMENTS_BY_GROUP.get(requirement.groupId) ?? [];
  list.push(requirement.id);
  REQUIREMENTS_BY_GROUP.set(requirement.groupId, list);
}

/** The requirement ids of one group, in catalogue order. */
export function fitsmRequirementIdsOf(groupId: FitsmGroupId): readonly FitsmRequirementId[] {
  return REQUIREMENTS_BY_GROUP.get(groupId) ?? [];
}

const GENERAL_REQUIREMENT_IDS = FITSM_REQUIREMENTS.filter((requirement) =>
  requirement.groupId.startsWith('GR'),
).map((requirement) => requirement.id);

function agreedLevels(ratings: FitsmRatings, ids: readonly FitsmRequirementId[]) {
  return ids.map((id) => ({ id, level: ratings[id]?.agreed?.level ?? null }));
}

function assessorLevels(
  ratings: FitsmRatings,
  ids: readonly FitsmRequirementId[],
  assessors: readonly string[],
) {
  const result: Record<string, FitsmLevel | null> = {};
  for (const assessor of assessors) {
    result[assessor] = levelOfRequirements(
      ids.map((id) => ({ id, level: ratings[id]?.byAssessor[assessor]?.level ?? null })),
    ).level;
  }
  return result;
}

/**
 * The capability of every process and the maturity of the management system of an assessment, by
 * {@link levelOfRequirements} over the agreed ratings; per assessor the same rule over their own ratings.
 */
export function computeFitsmLevels(
  assessment: Pick<FitsmAssessment, 'ratings' | 'assessors' | 'outOfScope'>,
): FitsmAssessmentLevels {
  const { ratings, assessors } = assessment;
  const outOfScope = new Set<string>(assessment.outOfScope);
  const groups = FITSM_GROUPS.map((group): FitsmGroupLevel => {
    const ids = fitsmRequirementIdsOf(group.id);
    const agreedCount = ids.filter((id) => ratings[id]?.agreed).length;
    const base = { groupId: group.id, kind: group.kind, requirementCount: ids.length, agreedCount };
    if (group.kind === 'process' && outOfScope.has(group.id)) {
      return {
        ...base,
        inScope: false,
        level: null,
        missing: [],
        atMost: null,
        limitedBy: [],
        byAssessor: {},
      };
    }
    return {
      ...base,
      inScope: true,
      ...levelOfRequirements(agreedLevels(ratings, ids)),
      byAssessor: assessorLevels(ratings, ids, assessors),
    };
  });
  const capability = Object.fromEntries(
    groups.filter((group) => group.kind === 'process').map((group) => [group.groupId, group]),
  ) as Record<FitsmProcessId, FitsmGroupLevel>;
  const maturity = {
    ...levelOfRequirements(agreedLevels(ratings, GENERAL_REQUIREMENT_IDS)),
    byAssessor: assessorLevels(ratings, GENERAL_REQUIREMENT_IDS, assessors),
  };
  return { groups, capability, maturity };
}
