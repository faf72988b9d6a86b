/**
 * Run-time rules of the improvement record (valibot): the shape the panel may send (`CsiRecordInputSchema`), the
 * shape stored in the issue property (`StoredCsiRecordSchema`), the rules across fields, and the tolerant reading
 * of whatever an issue property holds (written by an older version, by hand through the REST API, or broken).
 */
import * as v from 'valibot';
import { toDayNumber } from '../flow/calendar';
import { CSI_SOURCES, CSI_TEXT_LIMITS, EMPTY_CSI_RECORD, type CsiRecord } from './record-types';
import { CSI_RATING_MAX, CSI_RATING_MIN } from './scoring';

// Defined with the record's types (plain data the panel needs without the valibot schemas); kept importable here.
export { CSI_TEXT_LIMITS };

/** Most feedback issues one record links. */
export const CSI_MAX_FEEDBACK_ISSUES = 100;

/** Jira's limit on the JSON text of an issue property. */
export const ISSUE_PROPERTY_MAX_CHARS = 32_768;

/** An issue key: project key, `-`, number (e.g. `HD-12`). */
export const ISSUE_KEY_PATTERN = /^(?=.{3,255}$)[A-Z][A-Z0-9_]*-[1-9][0-9]{0,17}$/;

/** Whether `value` is a real calendar day `YYYY-MM-DD` (no 2026-02-30). */
export function isCalendarDate(value: unknown): value is string {
  if (typeof value !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  try {
    toDayNumber(value);
    return true;
  } catch {
    return false;
  }
}

const CalendarDateSchema = v.pipe(
  v.string('must be a date YYYY-MM-DD'),
  v.check((value: string) => isCalendarDate(value), 'must be a calendar date YYYY-MM-DD'),
);

const AccountIdSchema = v.pipe(
  v.string('must be an account id'),
  v.trim(),
  v.minLength(1, 'must be an account id'),
  v.maxLength(128, 'is at most 128 characters'),
);

const text = (max: number) =>
  v.pipe(v.string('must be text'), v.maxLength(max, `is at most ${max} characters`));

const RatingSchema = v.pipe(
  v.number('must be a rating 1..5'),
  v.integer('must be a whole number 1..5'),
  v.minValue(CSI_RATING_MIN, 'must be at least 1'),
  v.maxValue(CSI_RATING_MAX, 'must be at most 5'),
);

const FiniteNumberSchema = v.pipe(v.number('must be a number'), v.finite('must be a finite number'));

const EvaluationSchema = v.object({
  ratings: v.object({
    benefit: RatingSchema,
    urgency: RatingSchema,
    effort: RatingSchema,
    risk: RatingSchema,
  }),
  evaluatedByAccountId: AccountIdSchema,
  evaluatedOn: CalendarDateSchema,
});

const DecisionSchema = v.object({
  outcome: v.picklist(['approved', 'rejected', 'deferred'], 'must be approved, rejected or deferred'),
  deciderAccountId: AccountIdSchema,
  decidedOn: CalendarDateSchema,
  rationale: text(CSI_TEXT_LIMITS.rationale),
});

const KpiValueSchema = v.object({
  name: v.pipe(
    v.string('must be text'),
    v.trim(),
    v.minLength(1, 'needs the name of the KPI'),
    v.maxLength(CSI_TEXT_LIMITS.kpiName, `is at most ${CSI_TEXT_LIMITS.kpiName} characters`),
  ),
  value: FiniteNumberSchema,
  unit: text(CSI_TEXT_LIMITS.kpiUnit),
  measuredOn: CalendarDateSchema,
});

const TargetSchema = v.object({ value: FiniteNumberSchema, targetDate: CalendarDateSchema });

const SourceSchema = v.nullable(v.picklist(CSI_SOURCES, `must be one of ${CSI_SOURCES.join(', ')} or null`));

const FeedbackKeysSchema = v.pipe(
  v.array(v.pipe(v.string(), v.regex(ISSUE_KEY_PATTERN, 'must be an issue key like HD-12'))),
  v.maxLength(CSI_MAX_FEEDBACK_ISSUES, `at most ${CSI_MAX_FEEDBACK_ISSUES} feedback issues`),
  v.check((keys) => new Set(keys).size === keys.length, 'lists an issue twice'),
);

/** The members the panel edits (everything but the derived score and the last change). */
const inputEntries = {
  schemaVersion: v.literal(1, 'must be 1'),
  source: SourceSchema,
  sourceDetail: text(CSI_TEXT_LIMITS.sourceDetail),
  service: text(CSI_TEXT_LIMITS.service),
  ownerAccountId: v.nullable(AccountIdSchema),
  evaluation: v.nullable(EvaluationSchema),
  decision: v.nullable(DecisionSchema),
  baseline: v.nullable(KpiValueSchema),
  target: v.nullable(TargetSchema),
  result: v.nullable(KpiValueSchema),
  lessonsLearned: text(CSI_TEXT_LIMITS.lessonsLearned),
  nextReviewOn: v.nullable(CalendarDateSchema),
  keyResultId: v.nullable(v.pipe(v.string(), v.minLength(1), v.maxLength(100))),
  feedbackIssueKeys: FeedbackKeysSchema,
};

/** The record as the panel sends it (`CsiRecordInput`); unknown members are dropped. */
export const CsiRecordInputSchema = v.object(
  inputEntries,
  'the record must be an object with schemaVersion 1, source, sourceDetail, service, ownerAccountId, evaluation, decision, baseline, target, result, lessonsLearned, nextReviewOn, keyResultId and feedbackIssueKeys',
);

/** The record as stored in the issue property `three-ways-csi`. */
export const StoredCsiRecordSchema = v.object({
  ...inputEntries,
  score: v.nullable(v.pipe(FiniteNumberSchema, v.minValue(0), v.maxValue(10))),
  updatedAt: v.nullable(v.pipe(v.string(), v.isoTimestamp('must be an ISO instant'))),
  updatedByAccountId: v.nullable(AccountIdSchema),
});

/** One problem of a record: the member's dot path (`decision.deciderAccountId`) and the rule in English. */
export interface CsiRecordProblem {
  readonly path: string;
  readonly message: string;
}

/** The valibot issues as record problems. */
export function recordProblemsOf(issues: readonly v.BaseIssue<unknown>[]): CsiRecordProblem[] {
  return issues.map((issue) => ({ path: v.getDotPath(issue) ?? 'record', message: issue.message }));
}

/** `path: message; path: message` */
export function describeRecordProblems(problems: readonly CsiRecordProblem[]): string {
  return problems.map((p) => `${p.path}: ${p.message}`).join('; ');
}

/**
 * The rules across members of a (shape-valid) record:
 * - a target KPI needs the baseline it improves (`target` without `baseline`);
 * - a result is measured on or after the baseline;
 * - a decision is not taken before the evaluation it rests on.
 */
export function findCrossFieldProblems(
  record: Pick<CsiRecord, 'baseline' | 'target' | 'result' | 'evaluation' | 'decision'>,
): CsiRecordProblem[] {
  const problems: CsiRecordProblem[] = [];
  if (record.target !== null && record.baseline === null) {
    problems.push({ path: 'target', message: 'a target KPI needs the baseline KPI it improves' });
  }
  if (
    record.result !== null &&
    record.baseline !== null &&
    record.result.measuredOn < record.baseline.measuredOn
  ) {
    problems.push({
      path: 'result.measuredOn',
      message: 'the result cannot be measured before the baseline',
    });
  }
  if (
    record.decision !== null &&
    record.evaluation !== null &&
    record.decision.decidedOn < record.evaluation.evaluatedOn
  ) {
    problems.push({ path: 'decision.decidedOn', message: 'the decision cannot precede the evaluation' });
  }
  return problems;
}

/** The result of reading a stored property. */
export interface ParsedCsiRecord {
  /** The record; {@link EMPTY_CSI_RECORD} when nothing usable was stored. */
  readonly record: CsiRecord;
  /** Why the stored value was not used (English); null when it was used or nothing was stored. */
  readonly problem: string | null;
}

/**
 * Reads whatever the issue property holds without ever throwing: nothing stored (null/undefined) is the empty
 * record; a value of the wrong shape or schema version is the empty record plus a problem to log (the panel then
 * shows an empty record and saving overwrites the broken value).
 */
export function parseStoredCsiRecord(value: unknown): ParsedCsiRecord {
  if (value === null || value === undefined) return { record: EMPTY_CSI_RECORD, problem: null };
  if (typeof value !== 'object' || Array.isArray(value)) {
    return { record: EMPTY_CSI_RECORD, problem: `the stored record is not an object but ${typeof value}` };
  }
  const version = (value as { schemaVersion?: unknown }).schemaVersion;
  if (version !== 1) {
    return {
      record: EMPTY_CSI_RECORD,
      problem: `the stored record has schemaVersion ${version === undefined ? 'undefined' : JSON.stringify(version)}; this app reads 1`,
    };
  }
  const parsed = v.safeParse(StoredCsiRecordSchema, value);
  if (!parsed.success) {
    return {
      record: EMPTY_CSI_RECORD,
      problem: `the stored record is invalid: ${describeRecordProblems(recordProblemsOf(parsed.issues).slice(0, 5))}`,
    };
  }
  return { record: parsed.output, problem: null };
}
