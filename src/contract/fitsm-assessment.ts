/**
 * The FitSM self-assessment's resolvers (issue 12, FitSM-6 manner): the history of assessments with the latest
 * levels, one assessment with its ratings side by side, the capability per process and the maturity of the
 * management system, its gaps; saving an assessment's meta, rating one requirement (an assessor's rating or the
 * agreed one), comparing two assessments, export; the FitSM settings (editor group). Types only; every payload is
 * validated at run time in `src/entry/resolvers/fitsm-assessment-handlers.ts` (valibot).
 *
 * Units: levels 0–4 on FitSM-6's scale (null: undetermined); dates `YYYY-MM-DD`; instants ISO 8601 (UTC).
 * The catalogue (requirement ids, our summaries, FitSM's attribution) is re-exported for the UI.
 */
import type { FitsmComparison, FitsmLevelChange, FitsmMovement } from '../domain/fitsm/assessment-compare';
import type { FitsmGap, FitsmGroupGaps } from '../domain/fitsm/assessment-gaps';
import type {
  FitsmAssessmentLevels,
  FitsmGroupLevel,
  FitsmLevelOutcome,
} from '../domain/fitsm/assessment-levels';
import type { FitsmRatingSlot } from '../domain/fitsm/assessment';
import type {
  FitsmAssessment,
  FitsmAssessmentStatus,
  FitsmLevel,
  FitsmRating,
  FitsmRequirementRatings,
} from '../domain/fitsm/assessment-types';
import type {
  FitsmGroup,
  FitsmGroupId,
  FitsmProcessId,
  FitsmRequirement,
  FitsmRequirementId,
} from '../domain/fitsm/catalogue';

export type {
  FitsmAssessment,
  FitsmAssessmentLevels,
  FitsmAssessmentStatus,
  FitsmComparison,
  FitsmGap,
  FitsmGroup,
  FitsmGroupGaps,
  FitsmGroupId,
  FitsmGroupLevel,
  FitsmLevel,
  FitsmLevelChange,
  FitsmLevelOutcome,
  FitsmMovement,
  FitsmProcessId,
  FitsmRating,
  FitsmRatingSlot,
  FitsmRequirement,
  FitsmRequirementId,
  FitsmRequirementRatings,
};
export { FITSM_ATTRIBUTION, FITSM_EDITION, FITSM_GROUPS } from '../domain/fitsm/catalogue';
export { FITSM_REQUIREMENTS } from '../domain/fitsm/catalogue-requirements';
export { FITSM_LEVEL_NAMES, FITSM_LEVELS, FITSM_LIMITS } from '../domain/fitsm/assessment-types';

export { FITSM_ASSESSMENT_ERROR_CODES, type FitsmAssessmentErrorCode } from './fitsm-error-codes';
import type { FitsmAssessmentErrorCode } from './fitsm-error-codes';

export type FitsmAssessmentResult<T> =
  | { readonly ok: true; readonly value: T }
  | {
      readonly ok: false;
      readonly error: { readonly code: FitsmAssessmentErrorCode; readonly detail: string };
    };

/** One assessment in the history list. */
export interface FitsmAssessmentListItem {
  readonly id: string;
  readonly title: string;
  readonly date: string;
  readonly status: FitsmAssessmentStatus;
  readonly updatedAt: string;
}

/** The levels of one assessment in short (the page's overview and chart). */
export interface FitsmLevelsSummaryView {
  readonly assessmentId: string;
  readonly title: string;
  readonly date: string;
  readonly maturity: FitsmLevelOutcome;
  /** PR1–PR14 in order. */
  readonly capability: readonly {
    readonly processId: FitsmProcessId;
    readonly level: FitsmLevel | null;
    readonly atMost: FitsmLevel | null;
    readonly inScope: boolean;
    /** Requirements still without an agreed rating. */
    readonly missingCount: number;
  }[];
}

/** The history with the latest assessment's levels. */
export interface FitsmAssessmentsView {
  /** Newest date first. */
  readonly assessments: readonly FitsmAssessmentListItem[];
  /** The newest assessment's levels; null when there is none. */
  readonly latest: FitsmLevelsSummaryView | null;
  /** Whether the viewer may create and rate (Jira admins and the FitSM editor group). */
  readonly canEdit: boolean;
}

/** One assessment with everything computed from it. */
export interface FitsmAssessmentView {
  readonly assessment: FitsmAssessment;
  /** Version of the meta to save against. */
  readonly version: number;
  readonly updatedAt: string;
  readonly updatedBy: string | null;
  readonly levels: FitsmAssessmentLevels;
  readonly gaps: readonly FitsmGroupGaps[];
  /** The assessment dated before this one (to compare with); null when there is none. */
  readonly previousId: string | null;
  /** Display names by account id of everyone the assessment names (the id itself where Jira gives none). */
  readonly people: Readonly<Record<string, string>>;
  readonly canEdit: boolean;
}

export interface GetFitsmAssessmentRequest {
  readonly id: string;
}

/** Creates (`id` null) or changes an assessment's meta. */
export interface SaveFitsmAssessmentRequest {
  readonly id: string | null;
  /** The meta's version as loaded (null when creating). */
  readonly expectedVersion: number | null;
  readonly title: string;
  readonly date: string;
  readonly assessors: readonly string[];
  readonly status: FitsmAssessmentStatus;
  readonly outOfScope: readonly FitsmProcessId[];
  readonly targetLevel: FitsmLevel;
  readonly targetByGroup: Readonly<Partial<Record<FitsmGroupId, FitsmLevel>>>;
}

/** Sets or clears (`rating` null) one rating of one requirement. */
export interface RateFitsmRequirementRequest {
  readonly assessmentId: string;
  readonly requirementId: FitsmRequirementId;
  readonly slot: FitsmRatingSlot;
  readonly rating: {
    readonly level: FitsmLevel;
    readonly notes: string;
    readonly issueKeys: readonly string[];
  } | null;
  /**
   * The rating in this slot as the user saw it (`ratedAt` and `ratedBy`), null when it was empty: a change made
   * since is not overwritten (answer `conflict`).
   */
  readonly expected: { readonly ratedAt: string; readonly ratedBy: string } | null;
}

export interface CompareFitsmAssessmentsRequest {
  readonly beforeId: string;
  readonly afterId: string;
}

export interface ExportFitsmAssessmentRequest {
  readonly id: string;
  readonly format: 'csv' | 'json';
}

/** A file to download. */
export interface FitsmExportView {
  readonly fileName: string;
  readonly mimeType: string;
  readonly content: string;
}

/** The FitSM settings as the page shows them. */
export interface FitsmSettingsView {
  readonly editorGroupName: string | null;
  /** Version to save against (null: never saved). */
  readonly version: number | null;
  /** Jira admins change the settings. */
  readonly canChange: boolean;
  /** Admins and the editor group edit assessments. */
  readonly canEdit: boolean;
}

export interface SaveFitsmSettingsRequest {
  readonly editorGroupName: string | null;
  readonly expectedVersion: number | null;
}

export type FitsmAssessmentDefs = {
  getFitsmAssessments: (payload: Record<string, never>) => FitsmAssessmentResult<FitsmAssessmentsView>;
  getFitsmAssessment: (payload: GetFitsmAssessmentRequest) => FitsmAssessmentResult<FitsmAssessmentView>;
  saveFitsmAssessment: (payload: SaveFitsmAssessmentRequest) => FitsmAssessmentResult<FitsmAssessmentView>;
  rateFitsmRequirement: (payload: RateFitsmRequirementRequest) => FitsmAssessmentResult<FitsmAssessmentView>;
  compareFitsmAssessments: (
    payload: CompareFitsmAssessmentsRequest,
  ) => FitsmAssessmentResult<FitsmComparison>;
  exportFitsmAssessment: (payload: ExportFitsmAssessmentRequest) => FitsmAssessmentResult<FitsmExportView>;
  getFitsmSettings: (payload: Record<string, never>) => FitsmAssessmentResult<FitsmSettingsView>;
  saveFitsmSettings: (payload: SaveFitsmSettingsRequest) => FitsmAssessmentResult<FitsmSettingsView>;
};
