/**
 * The FitSM-6 self-assessment as data (pure types): an assessment with its assessors, each assessor's rating per
 * requirement on FitSM-6's scale, the agreed rating, and the levels computed from them (`assessment-levels.ts`).
 *
 * Terms as FitSM uses them: **capability** (Fähigkeitsgrad) is the level of one process (PR1–PR14); **maturity**
 * (Reifegrad) is the level of the management system as a whole, from the general requirements (GR1–GR7).
 *
 * The scale: FitSM-6 (Assessment and Audit Tool, V3.0.3, https://www.fitsm.eu/downloads/) rates every requirement
 * on the levels 0–4, each described by a narrative per requirement. Seen in the public repository
 * `UncleJS/audit_fitsm`, which imports that workbook: `apps/api/scripts/import-fitsm.ts` reads the guidance
 * columns for the scores "0".."4" of sheet "3. Assessment", and `db/migrations/0003_fitsm_refs.sql` seeds the
 * scores 0–4 and the target levels 1 "Ad-hoc / Initial", 2 "Repeatable / Partial", 3 "Defined / Complete",
 * 4 "Managed / Aligned". The level names below are our own short words for those steps.
 */
import type { FitsmGroupId, FitsmProcessId, FitsmRequirementId, FitsmText } from './catalogue';

/** A level on FitSM-6's scale for one requirement (and the levels derived from requirements). */
export type FitsmLevel = 0 | 1 | 2 | 3 | 4;

/** The levels, lowest first. */
export const FITSM_LEVELS: readonly FitsmLevel[] = [0, 1, 2, 3, 4];

/** Our own short words for each level (names of the steps, not FitSM's narratives). */
export const FITSM_LEVEL_NAMES: Readonly<Record<FitsmLevel, FitsmText>> = {
  0: { de: 'nicht vorhanden', en: 'absent' },
  1: { de: 'ad hoc', en: 'ad hoc' },
  2: { de: 'wiederholbar, teilweise', en: 'repeatable, partial' },
  3: { de: 'definiert, vollständig', en: 'defined, complete' },
  4: { de: 'gesteuert, ausgerichtet', en: 'managed, aligned' },
};

/** Whether a value is a level of the scale (an integer 0–4). */
export function isFitsmLevel(value: unknown): value is FitsmLevel {
  return value === 0 || value === 1 || value === 2 || value === 3 || value === 4;
}

/** A calendar date `YYYY-MM-DD`. */
export type IsoDate = string;

/** The life of an assessment: a draft while assessors rate, agreed once the team has settled its ratings. */
export type FitsmAssessmentStatus = 'draft' | 'agreed';

/** One rating of one requirement: an assessor's own or the agreed one. */
export interface FitsmRating {
  readonly level: FitsmLevel;
  /** Evidence and reasoning, free text (at most {@link FITSM_LIMITS.noteChars} characters). */
  readonly notes: string;
  /** Jira issues that show the evidence, e.g. `HD-12` (at most {@link FITSM_LIMITS.issueKeysPerRating}). */
  readonly issueKeys: readonly string[];
  /** Account id of who wrote this rating (the assessor, or who recorded the agreement). */
  readonly ratedBy: string;
  /** When it was written, ISO 8601 instant (UTC). */
  readonly ratedAt: string;
}

/**
 * The ratings of one requirement: every assessor's own, side by side, and the agreed one. `agreed` is null until
 * the team records it; it is never derived from the assessors' ratings.
 */
export interface FitsmRequirementRatings {
  /** Per assessor account id. */
  readonly byAssessor: Readonly<Record<string, FitsmRating>>;
  readonly agreed: FitsmRating | null;
}

/** The ratings of an assessment, per requirement id (a requirement nobody rated has no entry). */
export type FitsmRatings = Readonly<Partial<Record<FitsmRequirementId, FitsmRequirementRatings>>>;

/** What describes an assessment apart from its ratings. */
export interface FitsmAssessmentMeta {
  /** Stable id, `fa-…` (letters, digits, `-`). */
  readonly id: string;
  readonly title: string;
  /** The day the assessment refers to. */
  readonly date: IsoDate;
  /** Account ids of the assessors, in the order they show. */
  readonly assessors: readonly string[];
  readonly status: FitsmAssessmentStatus;
  /** Processes left out of this assessment's scope: no capability, no gaps. General requirements always count. */
  readonly outOfScope: readonly FitsmProcessId[];
  /** The level a requirement should reach (gaps are below it), unless {@link targetByGroup} names another. */
  readonly targetLevel: FitsmLevel;
  readonly targetByGroup: Readonly<Partial<Record<FitsmGroupId, FitsmLevel>>>;
}

/** A whole assessment. */
export interface FitsmAssessment extends FitsmAssessmentMeta {
  readonly ratings: FitsmRatings;
}

/** Caps that keep an assessment within the store's value size (see the application's chunking). */
export const FITSM_LIMITS = {
  titleChars: 200,
  assessors: 10,
  noteChars: 2000,
  issueKeysPerRating: 20,
  issueKeyChars: 40,
  /** Assessments kept in the history list. */
  assessments: 200,
} as const;

/** A Jira issue key as the assessment stores it (`ABC-123`). */
export const FITSM_ISSUE_KEY_PATTERN = /^[A-Z][A-Z0-9_]{0,19}-[1-9][0-9]{0,9}$/;

/** A calendar date `YYYY-MM-DD` that exists. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const date = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value;
}
