/**
 * From gaps to work: the gaps of a FitSM-6 self-assessment (a requirement whose agreed rating lies below its
 * target level) and what the CSI improvement registered for one says, in the language of who registers it (PR14.1: "based on … assessments"). Pure.
 */
import { fitsmGapKey, fitsmGaps, type FitsmGap } from './assessment-gaps';
import type { FitsmAssessment } from './assessment-types';
import { fitsmGroupIdOf, fitsmGroupOf, type FitsmRequirementId } from './catalogue';
import { FITSM_REQUIREMENTS } from './catalogue-requirements';

export type { FitsmGap } from './assessment-gaps';

/** Why a selected requirement cannot become an improvement. */
export interface GapProblem {
  readonly requirementId: string;
  readonly reason: 'unknown-requirement' | 'out-of-scope' | 'not-agreed' | 'no-gap';
}

const REQUIREMENT_IDS = new Set<string>(FITSM_REQUIREMENTS.map((r) => r.id));

/**
 * The gaps of the selected requirements, as the assessment's own gap rule has them ({@link fitsmGaps}: an agreed
 * rating below the group's target; a process out of scope has none). Problems name the selected ids that are not
 * gaps, so the caller refuses the whole selection instead of registering part of it.
 */
export function selectGaps(
  assessment: FitsmAssessment,
  requirementIds: readonly string[],
): { readonly gaps: readonly FitsmGap[]; readonly problems: readonly GapProblem[] } {
  const all = new Map<string, FitsmGap>(
    fitsmGaps(assessment).flatMap((group) => group.gaps.map((gap) => [gap.requirementId, gap] as const)),
  );
  const gaps: FitsmGap[] = [];
  const problems: GapProblem[] = [];
  for (const requirementId of [...new Set(requirementIds)]) {
    const gap = all.get(requirementId);
    if (gap !== undefined) {
      gaps.push(gap);
      continue;
    }
    const groupId = fitsmGroupIdOf(requirementId);
    const reason: GapProblem['reason'] =
      !REQUIREMENT_IDS.has(requirementId) || groupId === undefined
        ? 'unknown-requirement'
        : (assessment.outOfScope as readonly string[]).includes(groupId)
          ? 'out-of-scope'
          : assessment.ratings[requirementId as FitsmRequirementId]?.agreed
            ? 'no-gap'
            : 'not-agreed';
    problems.push({ requirementId, reason });
  }
  return { gaps, problems };
}

/** The dedupe key of a gap's improvement: one improvement per assessment and requirement. */
export function gapDedupeKey(assessmentId: string, requirementId: FitsmRequirementId): string {
  return fitsmGapKey(assessmentId, requirementId);
}

/** What the improvement of a gap is registered with: summary, source detail, service and description. */
export function gapImprovementTexts(
  assessment: Pick<FitsmAssessment, 'id' | 'title' | 'date'>,
  gap: FitsmGap,
  language: 'de' | 'en',
): {
  readonly summary: string;
  readonly sourceDetail: string;
  readonly service: string;
  readonly description: string;
} {
  const requirement = FITSM_REQUIREMENTS.find((r) => r.id === gap.requirementId);
  const summaryText = requirement?.summary[language] ?? gap.requirementId;
  const group = fitsmGroupOf(gap.groupId);
  const service = group === undefined ? gap.groupId : `${gap.groupId} ${group.name[language]}`;
  const levels = `${String(gap.level)} → ${String(gap.targetLevel)}`;
  const sourceDetail =
    language === 'de'
      ? `Selbstbewertung „${assessment.title}“ (${assessment.id}, ${assessment.date}), Anforderung ${gap.requirementId}: Stufe ${levels}`
      : `Self-assessment "${assessment.title}" (${assessment.id}, ${assessment.date}), requirement ${gap.requirementId}: level ${levels}`;
  return {
    summary: clip(`${gap.requirementId}: ${summaryText}`, 255),
    sourceDetail: clip(sourceDetail, 500),
    service: clip(service, 200),
    // The agreed rating's evidence notes and issues travel along: why the team rated it low.
    description: [
      sourceDetail,
      summaryText,
      gap.notes.trim() === '' ? '' : `${language === 'de' ? 'Nachweise' : 'Evidence'}: ${gap.notes.trim()}`,
      gap.issueKeys.length === 0
        ? ''
        : `${language === 'de' ? 'Vorgänge' : 'Issues'}: ${gap.issueKeys.join(', ')}`,
      'FitSM – ITEMO e.V., CC BY 4.0',
    ]
      .filter((line) => line !== '')
      .join('\n')
      .slice(0, 10_000),
  };
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
