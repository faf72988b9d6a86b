/**
 * The improvement record as the panel edits it (a draft of strings as typed), every edit as a pure function, the
 * checks made before anything is sent, and the conversion to the `CsiRecordInput` the resolver takes. No React, no
 * I/O, no clock: "today" and the acting user are passed in, so everything here is tested without a browser.
 *
 * Numbers are typed in the user's language: `12,5` (German) and `12.5` (English) both mean twelve and a half, with
 * exactly one decimal separator and no digit grouping (so `1.234` is 1.234, never 1234).
 */
import type { CsiRecordInput } from '../../../src/contract/csi';
import {
  CSI_CRITERIA,
  CSI_SOURCES,
  type CsiCriterion,
  type CsiDecisionOutcome,
  type CsiKpiValue,
  type CsiRecord,
  type CsiSource,
} from '../../../src/contract/csi-rules';

export const CSI_DECISION_OUTCOMES: readonly CsiDecisionOutcome[] = ['approved', 'rejected', 'deferred'];

/** Ratings 1..5 of the uniform criteria. */
export const CSI_RATINGS = [1, 2, 3, 4, 5] as const;

export interface RecordDraft {
  readonly source: CsiSource | '';
  readonly sourceDetail: string;
  readonly service: string;
  /** '' = no owner. */
  readonly ownerAccountId: string;
  /** null = not rated yet. */
  readonly ratings: Readonly<Record<CsiCriterion, number | null>>;
  readonly evaluatedByAccountId: string;
  /** `YYYY-MM-DD` or ''. */
  readonly evaluatedOn: string;
  readonly decisionOutcome: CsiDecisionOutcome | '';
  readonly deciderAccountId: string;
  readonly decidedOn: string;
  readonly rationale: string;
  readonly baselineName: string;
  /** As typed (decimal comma in German). */
  readonly baselineValue: string;
  readonly baselineUnit: string;
  readonly baselineMeasuredOn: string;
  readonly targetValue: string;
  readonly targetDate: string;
  readonly resultValue: string;
  readonly resultMeasuredOn: string;
  /**
   * KPI name and unit of a stored result, used only when the record has no baseline (a result measures the
   * baseline's KPI, so with a baseline its name and unit are the baseline's).
   */
  readonly resultName: string;
  readonly resultUnit: string;
  readonly lessonsLearned: string;
  readonly nextReviewOn: string;
  readonly feedbackIssueKeys: readonly string[];
  /** Carried through unchanged (set by the OKR feature, not by this panel). */
  readonly keyResultId: string | null;
}

/** Draft fields edited as plain text (inputs, textareas, selects of account ids, dates). */
export type DraftTextField =
  | 'sourceDetail'
  | 'service'
  | 'ownerAccountId'
  | 'evaluatedByAccountId'
  | 'evaluatedOn'
  | 'deciderAccountId'
  | 'decidedOn'
  | 'rationale'
  | 'baselineName'
  | 'baselineValue'
  | 'baselineUnit'
  | 'baselineMeasuredOn'
  | 'targetValue'
  | 'targetDate'
  | 'resultValue'
  | 'resultMeasuredOn'
  | 'lessonsLearned'
  | 'nextReviewOn';

/** A number as the draft shows it: the locale's decimal separator, no grouping, up to 10 decimals. */
export function formatDraftNumber(value: number, locale: string): string {
  return new Intl.NumberFormat(locale, { useGrouping: false, maximumFractionDigits: 10 }).format(value);
}

/**
 * A typed number: optional sign, digits, at most one decimal separator (`,` or `.`). `''` (after trimming) is
 * `null` (nothing typed); anything else unreadable is `NaN`.
 *
 * @example parseDraftNumber('12,5') // 12.5
 * @example parseDraftNumber('−3') // -3 (typographic minus)
 * @example parseDraftNumber('1.234,5') // NaN: grouping is not accepted
 */
export function parseDraftNumber(text: string): number | null {
  const compact = text.replace(/[\s\u00a0\u202f]/g, '').replace(/^[\u2212\u2013]/, '-');
  if (compact === '') return null;
  if (!/^[+-]?(?:\d+(?:[.,]\d*)?|[.,]\d+)$/.test(compact)) return Number.NaN;
  return Number(compact.replace(',', '.'));
}

/** True for a real calendar day `YYYY-MM-DD` (what `<input type="date">` gives). */
export function isCalendarDay(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (match === null) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  return date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
}

const noRatings: Readonly<Record<CsiCriterion, number | null>> = {
  benefit: null,
  urgency: null,
  effort: null,
  risk: null,
};

/** The draft of a stored record; numbers in `locale` (e.g. `de-DE` → decimal comma). */
export function draftOf(record: CsiRecord, locale: string): RecordDraft {
  const num = (value: number | undefined): string =>
    value === undefined ? '' : formatDraftNumber(value, locale);
  return {
    source: record.source ?? '',
    sourceDetail: record.sourceDetail,
    service: record.service,
    ownerAccountId: record.ownerAccountId ?? '',
    ratings: record.evaluation === null ? noRatings : { ...record.evaluation.ratings },
    evaluatedByAccountId: record.evaluation?.evaluatedByAccountId ?? '',
    evaluatedOn: record.evaluation?.evaluatedOn ?? '',
    decisionOutcome: record.decision?.outcome ?? '',
    deciderAccountId: record.decision?.deciderAccountId ?? '',
    decidedOn: record.decision?.decidedOn ?? '',
    rationale: record.decision?.rationale ?? '',
    baselineName: record.baseline?.name ?? '',
    baselineValue: num(record.baseline?.value),
    baselineUnit: record.baseline?.unit ?? '',
    baselineMeasuredOn: record.baseline?.measuredOn ?? '',
    targetValue: num(record.target?.value),
    targetDate: record.target?.targetDate ?? '',
    resultValue: num(record.result?.value),
    resultMeasuredOn: record.result?.measuredOn ?? '',
    resultName: record.result?.name ?? '',
    resultUnit: record.result?.unit ?? '',
    lessonsLearned: record.lessonsLearned,
    nextReviewOn: record.nextReviewOn ?? '',
    feedbackIssueKeys: [...record.feedbackIssueKeys],
    keyResultId: record.keyResultId,
  };
}

export type DraftEdit =
  | { readonly type: 'set'; readonly field: DraftTextField; readonly value: string }
  | { readonly type: 'set-source'; readonly value: string }
  | { readonly type: 'set-outcome'; readonly value: string; readonly today: string }
  /**
   * Rates a criterion. The first rating of an unevaluated record names the acting user as evaluator and today
   * as the evaluation day (both stay editable).
   */
  | {
      readonly type: 'rate';
      readonly criterion: CsiCriterion;
      readonly rating: number;
      readonly me: string | null;
      readonly today: string;
    }
  | { readonly type: 'toggle-feedback'; readonly key: string };

function isSource(value: string): value is CsiSource {
  return (CSI_SOURCES as readonly string[]).includes(value);
}

function isOutcome(value: string): value is CsiDecisionOutcome {
  return (CSI_DECISION_OUTCOMES as readonly string[]).includes(value);
}

/** Applies one edit. */
export function editRecordDraft(draft: RecordDraft, edit: DraftEdit): RecordDraft {
  switch (edit.type) {
    case 'set':
      return { ...draft, [edit.field]: edit.value };
    case 'set-source':
      return { ...draft, source: isSource(edit.value) ? edit.value : '' };
    case 'set-outcome': {
      const outcome = isOutcome(edit.value) ? edit.value : '';
      // A decision is taken on a day: today unless a day is already given.
      const decidedOn = outcome !== '' && draft.decidedOn === '' ? edit.today : draft.decidedOn;
      return { ...draft, decisionOutcome: outcome, decidedOn };
    }
    case 'rate': {
      if (!(CSI_RATINGS as readonly number[]).includes(edit.rating)) return draft;
      const firstRating = CSI_CRITERIA.every((c) => draft.ratings[c] === null);
      return {
        ...draft,
        ratings: { ...draft.ratings, [edit.criterion]: edit.rating },
        evaluatedByAccountId:
          firstRating && draft.evaluatedByAccountId === '' && edit.me !== null
            ? edit.me
            : draft.evaluatedByAccountId,
        evaluatedOn: firstRating && draft.evaluatedOn === '' ? edit.today : draft.evaluatedOn,
      };
    }
    case 'toggle-feedback':
      return {
        ...draft,
        feedbackIssueKeys: draft.feedbackIssueKeys.includes(edit.key)
          ? draft.feedbackIssueKeys.filter((k) => k !== edit.key)
          : [...draft.feedbackIssueKeys, edit.key],
      };
  }
}

/** Whether the draft differs from the one the record was loaded with. */
export function isDraftDirty(draft: RecordDraft, loaded: RecordDraft): boolean {
  const normal = (d: RecordDraft) =>
    JSON.stringify({ ...d, feedbackIssueKeys: [...d.feedbackIssueKeys].sort() });
  return normal(draft) !== normal(loaded);
}

/** The ratings when all four criteria are rated, else null. */
export function completeRatings(draft: RecordDraft): Record<CsiCriterion, number> | null {
  const { benefit, urgency, effort, risk } = draft.ratings;
  if (benefit === null || urgency === null || effort === null || risk === null) return null;
  return { benefit, urgency, effort, risk };
}

/** What keeps a draft from being saved. `field` is the draft field the problem is shown at. */
export type DraftProblemCode =
  | 'evaluation-incomplete'
  | 'evaluator-missing'
  | 'evaluated-on-missing'
  | 'outcome-missing'
  | 'decider-missing'
  | 'decided-on-missing'
  | 'baseline-name-missing'
  | 'baseline-value-missing'
  | 'baseline-measured-on-missing'
  | 'number-invalid'
  | 'date-invalid'
  | 'target-without-baseline'
  | 'target-value-missing'
  | 'target-date-missing'
  | 'result-without-kpi'
  | 'result-value-missing'
  | 'result-measured-on-missing'
  | 'result-before-baseline'
  | 'decision-before-evaluation';

export const DRAFT_PROBLEM_CODES: readonly DraftProblemCode[] = [
  'evaluation-incomplete',
  'evaluator-missing',
  'evaluated-on-missing',
  'outcome-missing',
  'decider-missing',
  'decided-on-missing',
  'baseline-name-missing',
  'baseline-value-missing',
  'baseline-measured-on-missing',
  'number-invalid',
  'date-invalid',
  'target-without-baseline',
  'target-value-missing',
  'target-date-missing',
  'result-without-kpi',
  'result-value-missing',
  'result-measured-on-missing',
  'result-before-baseline',
  'decision-before-evaluation',
];

export interface DraftProblem {
  readonly code: DraftProblemCode;
  /** The field to mark and focus (for the evaluation as a whole: the first unrated criterion). */
  readonly field: DraftTextField | `rating-${CsiCriterion}`;
}

const DATE_FIELDS: readonly DraftTextField[] = [
  'evaluatedOn',
  'decidedOn',
  'baselineMeasuredOn',
  'targetDate',
  'resultMeasuredOn',
  'nextReviewOn',
];
const NUMBER_FIELDS: readonly DraftTextField[] = ['baselineValue', 'targetValue', 'resultValue'];

const filled = (text: string): boolean => text.trim() !== '';

/**
 * The checks made before saving: partial evaluations, decisions without decider or day, incomplete baseline, a
 * target value without target date (and the other way round), a result without value or day, unreadable numbers
 * and dates, a result measured before the baseline and a decision dated before the evaluation. The resolver
 * checks the same rules again (`src/domain/csi/record.ts`).
 */
export function draftProblems(draft: RecordDraft): DraftProblem[] {
  const problems: DraftProblem[] = [];
  const add = (code: DraftProblemCode, field: DraftProblem['field']) => {
    problems.push({ code, field });
  };

  const unrated = CSI_CRITERIA.filter((c) => draft.ratings[c] === null);
  const rated = unrated.length < CSI_CRITERIA.length;
  const firstUnrated = unrated[0];
  if (rated && firstUnrated !== undefined) add('evaluation-incomplete', `rating-${firstUnrated}`);
  if (rated || filled(draft.evaluatedByAccountId) || filled(draft.evaluatedOn)) {
    if (!rated) add('evaluation-incomplete', 'rating-benefit');
    if (!filled(draft.evaluatedByAccountId)) add('evaluator-missing', 'evaluatedByAccountId');
    if (!filled(draft.evaluatedOn)) add('evaluated-on-missing', 'evaluatedOn');
  }

  if (draft.decisionOutcome !== '') {
    if (!filled(draft.deciderAccountId)) add('decider-missing', 'deciderAccountId');
    if (!filled(draft.decidedOn)) add('decided-on-missing', 'decidedOn');
  } else if (filled(draft.deciderAccountId) || filled(draft.decidedOn) || filled(draft.rationale)) {
    add('outcome-missing', 'deciderAccountId');
  }

  const baselineGiven =
    filled(draft.baselineName) ||
    filled(draft.baselineValue) ||
    filled(draft.baselineUnit) ||
    filled(draft.baselineMeasuredOn);
  if (baselineGiven) {
    if (!filled(draft.baselineName)) add('baseline-name-missing', 'baselineName');
    if (!filled(draft.baselineValue)) add('baseline-value-missing', 'baselineValue');
    if (!filled(draft.baselineMeasuredOn)) add('baseline-measured-on-missing', 'baselineMeasuredOn');
  }

  if (filled(draft.targetValue) || filled(draft.targetDate)) {
    if (!baselineGiven) add('target-without-baseline', 'baselineName');
    if (!filled(draft.targetValue)) add('target-value-missing', 'targetValue');
    if (!filled(draft.targetDate)) add('target-date-missing', 'targetDate');
  }

  if (filled(draft.resultValue) || filled(draft.resultMeasuredOn)) {
    if (!filled(draft.baselineName) && !filled(draft.resultName)) add('result-without-kpi', 'baselineName');
    if (!filled(draft.resultValue)) add('result-value-missing', 'resultValue');
    if (!filled(draft.resultMeasuredOn)) add('result-measured-on-missing', 'resultMeasuredOn');
  }

  for (const field of NUMBER_FIELDS) {
    const value = parseDraftNumber(draft[field]);
    if (value !== null && !Number.isFinite(value)) add('number-invalid', field);
  }
  for (const field of DATE_FIELDS) {
    if (filled(draft[field]) && !isCalendarDay(draft[field].trim())) add('date-invalid', field);
  }

  // The resolver's rules across fields (calendar days compare as text).
  const day = (field: DraftTextField): string | null =>
    isCalendarDay(draft[field].trim()) ? draft[field].trim() : null;
  const [baselineOn, resultOn] = [day('baselineMeasuredOn'), day('resultMeasuredOn')];
  if (baselineOn !== null && resultOn !== null && resultOn < baselineOn)
    add('result-before-baseline', 'resultMeasuredOn');
  const [evaluatedOn, decidedOn] = [day('evaluatedOn'), day('decidedOn')];
  if (evaluatedOn !== null && decidedOn !== null && decidedOn < evaluatedOn && draft.decisionOutcome !== '')
    add('decision-before-evaluation', 'decidedOn');
  return problems;
}

function numberOr(text: string, fallback: number): number {
  const value = parseDraftNumber(text);
  return value === null || !Number.isFinite(value) ? fallback : value;
}

/**
 * The record a draft saves, or the problems that keep it from being saved.
 * Text is trimmed; an unrated evaluation, an undecided decision and empty KPI groups are `null`.
 */
export function recordInputOf(
  draft: RecordDraft,
):
  | { readonly ok: true; readonly input: CsiRecordInput }
  | { readonly ok: false; readonly problems: DraftProblem[] } {
  const problems = draftProblems(draft);
  if (problems.length > 0) return { ok: false, problems };
  return { ok: true, input: bestEffortRecordInput(draft) };
}

/**
 * The record of a draft as far as it can be read (unreadable numbers as 0, incomplete parts left out) — what
 * the workflow hints are computed from while the user types. For saving use {@link recordInputOf}.
 */
export function bestEffortRecordInput(draft: RecordDraft): CsiRecordInput {
  const ratings = completeRatings(draft);
  const baselineName = draft.baselineName.trim();
  const baseline: CsiKpiValue | null =
    baselineName !== '' && parseDraftNumber(draft.baselineValue) !== null
      ? {
          name: baselineName,
          value: numberOr(draft.baselineValue, 0),
          unit: draft.baselineUnit.trim(),
          measuredOn: draft.baselineMeasuredOn.trim(),
        }
      : null;
  const resultValue = parseDraftNumber(draft.resultValue);
  return {
    schemaVersion: 1,
    source: draft.source === '' ? null : draft.source,
    sourceDetail: draft.sourceDetail.trim(),
    service: draft.service.trim(),
    ownerAccountId: filled(draft.ownerAccountId) ? draft.ownerAccountId : null,
    evaluation:
      ratings === null
        ? null
        : {
            ratings,
            evaluatedByAccountId: draft.evaluatedByAccountId,
            evaluatedOn: draft.evaluatedOn.trim(),
          },
    decision:
      draft.decisionOutcome === ''
        ? null
        : {
            outcome: draft.decisionOutcome,
            deciderAccountId: draft.deciderAccountId,
            decidedOn: draft.decidedOn.trim(),
            rationale: draft.rationale.trim(),
          },
    baseline,
    target:
      parseDraftNumber(draft.targetValue) === null
        ? null
        : { value: numberOr(draft.targetValue, 0), targetDate: draft.targetDate.trim() },
    result:
      resultValue === null
        ? null
        : {
            name: baselineName !== '' ? baselineName : draft.resultName.trim(),
            value: numberOr(draft.resultValue, 0),
            unit: baselineName !== '' ? draft.baselineUnit.trim() : draft.resultUnit.trim(),
            measuredOn: draft.resultMeasuredOn.trim(),
          },
    lessonsLearned: draft.lessonsLearned.trim(),
    nextReviewOn: filled(draft.nextReviewOn) ? draft.nextReviewOn.trim() : null,
    keyResultId: draft.keyResultId,
    feedbackIssueKeys: [...draft.feedbackIssueKeys],
  };
}

/** The language-neutral calendar day `YYYY-MM-DD` of the instant `nowMs` in `timeZone` (unknown zone: UTC). */
export function calendarDayIn(nowMs: number, timeZone: string): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat('en-CA', {
      timeZone: zone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
    }).format(nowMs);
  try {
    return format(timeZone);
  } catch {
    return format('UTC');
  }
}

/** A calendar day `YYYY-MM-DD` in the user's format (`12.03.2026` / `Mar 12, 2026`); other text as it is. */
export function formatCalendarDay(day: string, locale: string): string {
  if (!isCalendarDay(day)) return day;
  const [y, m, d] = day.split('-').map(Number);
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    Date.UTC(y ?? 1970, (m ?? 1) - 1, d ?? 1),
  );
}
