/**
 * Fixtures of the FitSM self-assessment page: two assessments of Nordlicht (07/2020 and 04/2022) with Anna and
 * Ben as assessors, their levels and gaps computed by the domain's own rule (so the page shows what the backend
 * would answer), and the list view.
 */
import type {
  FitsmAssessment,
  FitsmAssessmentView,
  FitsmAssessmentsView,
  FitsmProcessId,
  FitsmRating,
} from '../../src/contract/fitsm-assessment';
import { fitsmGaps } from '../../src/domain/fitsm/assessment-gaps';
import { computeFitsmLevels } from '../../src/domain/fitsm/assessment-levels';
import type { FitsmLevel } from '../../src/domain/fitsm/assessment-types';

export const ANNA = 'acc-anna';
export const BEN = 'acc-ben';

export function rating(level: FitsmLevel, by: string, notes = '', issueKeys: string[] = []): FitsmRating {
  return { level, notes, issueKeys, ratedBy: by, ratedAt: '2022-04-20T10:00:00.000Z' };
}

/** 04/2022: PR14.1 agreed 2 (Anna 2, Ben 3), PR14.2 agreed 3, PR14.3 rated by Anna only (no agreement). */
export const april2022: FitsmAssessment = {
  id: 'fa-2022',
  title: 'CSI established',
  date: '2022-04-20',
  assessors: [ANNA, BEN],
  status: 'draft',
  outOfScope: [],
  targetLevel: 3,
  targetByGroup: {},
  ratings: {
    'PR14.1': {
      byAssessor: {
        [ANNA]: rating(2, ANNA, 'Register exists, reviews irregular', ['CSI-4']),
        [BEN]: rating(3, BEN),
      },
      agreed: rating(2, ANNA, 'Agreed: register kept, reviews not yet monthly', ['CSI-4', 'CSI-9']),
    },
    'PR14.2': { byAssessor: { [ANNA]: rating(3, ANNA) }, agreed: rating(3, ANNA) },
    'PR14.3': { byAssessor: { [ANNA]: rating(1, ANNA) }, agreed: null },
  },
};

export const july2020: FitsmAssessment = {
  ...april2022,
  id: 'fa-2020',
  title: 'After the FitSM training',
  date: '2020-07-15',
  status: 'agreed',
  ratings: { 'PR14.1': { byAssessor: {}, agreed: rating(1, ANNA) } },
};

export function detailOf(assessment: FitsmAssessment, canEdit = true): FitsmAssessmentView {
  return {
    assessment,
    version: 3,
    updatedAt: '2022-04-20T10:00:00.000Z',
    updatedBy: ANNA,
    levels: computeFitsmLevels(assessment),
    gaps: fitsmGaps(assessment),
    previousId: assessment.id === april2022.id ? july2020.id : null,
    people: { [ANNA]: 'Anna Berg', [BEN]: 'Ben Kraus' },
    canEdit,
  };
}

export function listOf(canEdit = true): FitsmAssessmentsView {
  const levels = computeFitsmLevels(april2022);
  return {
    assessments: [
      { id: april2022.id, title: april2022.title, date: april2022.date, status: 'draft', updatedAt: '' },
      { id: july2020.id, title: july2020.title, date: july2020.date, status: 'agreed', updatedAt: '' },
    ],
    latest: {
      assessmentId: april2022.id,
      title: april2022.title,
      date: april2022.date,
      maturity: levels.maturity,
      capability: Object.values(levels.capability).map((group) => ({
        processId: group.groupId as FitsmProcessId,
        level: group.level,
        atMost: group.atMost,
        inScope: group.inScope,
        missingCount: group.missing.length,
      })),
    },
    canEdit,
  };
}

export const emptyList: FitsmAssessmentsView = { assessments: [], latest: null, canEdit: true };
