/**
 * The improvement record of a CSI issue (FITSM-CSI.md "Improvement record"), stored as the issue property
 * `three-ways-csi` (see `workflow.ts`). Dates are calendar days `YYYY-MM-DD` in the project's time zone; instants
 * are ISO 8601 UTC strings. Account ids are Jira account ids.
 *
 * The ID, date raised, description, status and actions/links of the record are the issue's own fields and links;
 * the property holds what Jira has no field for.
 */

/** Where an improvement opportunity came from (PR14.1 inputs). */
export const CSI_SOURCES = [
  'audit',
  'assessment',
  'measurement',
  'report',
  'customer-feedback',
  'incident-trend',
  'retrospective',
] as const;
export type CsiSource = (typeof CSI_SOURCES)[number];

/**
 * Longest texts the record accepts (the whole property must stay below Jira's 32,768 characters). Plain data here
 * (not in `record.ts` with the valibot schemas) so the UI's bundles take the limits without the schemas.
 */
export const CSI_TEXT_LIMITS = {
  sourceDetail: 500,
  service: 200,
  rationale: 2000,
  lessonsLearned: 4000,
  kpiName: 200,
  kpiUnit: 50,
} as const;

/**
 * The uniform evaluation criteria (PR14.2). Each is rated 1..5. For `benefit` and `urgency` higher is better for
 * the score; for `effort` and `risk` higher is worse.
 */
export const CSI_CRITERIA = ['benefit', 'urgency', 'effort', 'risk'] as const;
export type CsiCriterion = (typeof CSI_CRITERIA)[number];

/** Weight of each criterion in the score (≥ 0, not all 0); configurable per project. */
export type CsiWeights = Readonly<Record<CsiCriterion, number>>;

export const DEFAULT_CSI_WEIGHTS: CsiWeights = { benefit: 3, urgency: 2, effort: 1, risk: 1 };

export interface CsiEvaluation {
  /** Rating 1..5 (integers) per criterion. */
  readonly ratings: Readonly<Record<CsiCriterion, number>>;
  readonly evaluatedByAccountId: string;
  /** Calendar day `YYYY-MM-DD`. */
  readonly evaluatedOn: string;
}

export type CsiDecisionOutcome = 'approved' | 'rejected' | 'deferred';

export interface CsiDecision {
  readonly outcome: CsiDecisionOutcome;
  readonly deciderAccountId: string;
  /** Calendar day `YYYY-MM-DD`. */
  readonly decidedOn: string;
  readonly rationale: string;
}

/** A KPI value: "where are we now" (baseline) or "did we get there" (result). */
export interface CsiKpiValue {
  /** What is measured, e.g. "Durchlaufzeit p85 (Tage)" / "failed sign-ins per week". */
  readonly name: string;
  readonly value: number;
  /** Unit as the team writes it (`Tage`, `%`, `per week`); may be empty. */
  readonly unit: string;
  /** Calendar day `YYYY-MM-DD` the value was measured. */
  readonly measuredOn: string;
}

/** "Where do we want to be": the target value of the baseline's KPI and by when. */
export interface CsiTarget {
  readonly value: number;
  /** Calendar day `YYYY-MM-DD`. */
  readonly targetDate: string;
}

export interface CsiRecord {
  readonly schemaVersion: 1;
  readonly source: CsiSource | null;
  /** Free text reference to the source (audit finding no., report name, …). */
  readonly sourceDetail: string;
  /** Service or process affected (free text, e.g. "E-Mail-Service", "Incident Management"). */
  readonly service: string;
  /** Improvement owner (FitSM-3: one per improvement). */
  readonly ownerAccountId: string | null;
  readonly evaluation: CsiEvaluation | null;
  /**
   * Score 0..10 of the evaluation with the weights in force when it was saved (derived; stored so JQL can sort
   * and filter, e.g. `csiScore > 7`). Null without an evaluation.
   */
  readonly score: number | null;
  readonly decision: CsiDecision | null;
  readonly baseline: CsiKpiValue | null;
  readonly target: CsiTarget | null;
  /** The measured result after implementation. */
  readonly result: CsiKpiValue | null;
  readonly lessonsLearned: string;
  /** Next planned progress review (PR14.3: reviewed at regular intervals), `YYYY-MM-DD`; null: none planned. */
  readonly nextReviewOn: string | null;
  /** Id of the OKR key result this improvement serves (OKR feature); null: none. */
  readonly keyResultId: string | null;
  /** Keys of the feedback issues that led to this improvement (kept in sync with Jira issue links). */
  readonly feedbackIssueKeys: readonly string[];
  /** Last change: ISO instant UTC and account id; null for a record never saved. */
  readonly updatedAt: string | null;
  readonly updatedByAccountId: string | null;
}

/** A record with nothing filled in. */
export const EMPTY_CSI_RECORD: CsiRecord = {
  schemaVersion: 1,
  source: null,
  sourceDetail: '',
  service: '',
  ownerAccountId: null,
  evaluation: null,
  score: null,
  decision: null,
  baseline: null,
  target: null,
  result: null,
  lessonsLearned: '',
  nextReviewOn: null,
  keyResultId: null,
  feedbackIssueKeys: [],
  updatedAt: null,
  updatedByAccountId: null,
};
