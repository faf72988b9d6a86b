/**
 * What the self-assessment page shows, derived from the contract's types: a level in words (FitSM-6's scale,
 * "undetermined" where ratings are missing), the catalogue's groups and requirements in the viewer's language, the
 * invoke type of the page. FitSM uses capability for a process and maturity for the management system; the
 * texts say so.
 */
import {
  FITSM_GROUPS,
  FITSM_LEVEL_NAMES,
  FITSM_REQUIREMENTS,
  type FitsmAssessmentDefs,
  type FitsmGroup,
  type FitsmGroupId,
  type FitsmLevel,
  type FitsmRequirement,
} from '../../../../src/contract/fitsm-assessment';
import type { FitsmPlanDefs } from '../../../../src/contract/fitsm-plan';
import type { Invoke } from '../../api/resolver-types';
import type { UiI18n } from '../../i18n/load';

/** The resolvers the page calls: the assessment's, and registering gaps as improvements (the plan's). */
export type FitsmAssessmentInvoke = Invoke<
  keyof FitsmAssessmentDefs | Extract<keyof FitsmPlanDefs, 'registerFitsmGaps'>
>;

/**
 * A level in words: `3 – defined, complete`; `undetermined` (nicht bestimmt) for null, where agreed ratings are
 * missing.
 */
export function levelText(level: FitsmLevel | null, i18n: UiI18n): string {
  if (level === null) return i18n.t('fitsmAssessment.level.undetermined');
  return `${String(level)} – ${FITSM_LEVEL_NAMES[level][i18n.language]}`;
}

/** The group's id, FitSM code and name: `PR14 CSI – Continual service improvement`. */
export function groupTitle(group: FitsmGroup, i18n: UiI18n): string {
  return `${group.id} ${group.code} – ${group.name[i18n.language]}`;
}

/** The catalogue's group `id`. */
export function groupOf(id: FitsmGroupId): FitsmGroup {
  const group = FITSM_GROUPS.find((candidate) => candidate.id === id);
  if (group === undefined) throw new Error(`FitSM group ${id} is not in the catalogue`);
  return group;
}

/** The requirements of group `id` in catalogue order. */
export function requirementsOf(id: FitsmGroupId): readonly FitsmRequirement[] {
  return FITSM_REQUIREMENTS.filter((requirement) => requirement.groupId === id);
}

/** A requirement's summary in the viewer's language; the id itself when the catalogue lacks it. */
export function summaryOf(requirementId: string, i18n: UiI18n): string {
  return FITSM_REQUIREMENTS.find((r) => r.id === requirementId)?.summary[i18n.language] ?? requirementId;
}

/** Issue keys typed as a list (`HD-1, HD-2` or one per line): upper case, without blanks and repeats. */
export function parseIssueKeys(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\s,;]+/)
        .map((key) => key.trim().toUpperCase())
        .filter((key) => key !== ''),
    ),
  ];
}

/** Account ids typed as a list, separated by commas or line breaks, without blanks and repeats. */
export function parseAccountIds(text: string): string[] {
  return [
    ...new Set(
      text
        .split(/[\n,;]+/)
        .map((id) => id.trim())
        .filter((id) => id !== ''),
    ),
  ];
}
