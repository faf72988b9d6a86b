/**
 * Run-time rules of the OKR model (valibot): what a form, an import or a stored value must look like, the rules
 * across fields (a decreasing key result has target below start, a custom period ends after it begins), and
 * messages that name the field and what to write instead.
 */
import * as v from 'valibot';
import { isValidTimeZone, toDayNumber } from '../flow/calendar';
import { JqlRefinementError, MAX_JQL_LENGTH, validateJqlRefinement } from '../flow/jql-scope';
import { periodDates } from './period';
import { FLOW_KR_METRICS, type CheckIn, type KeyResult, type Objective, type OkrPeriod } from './types';

/** Limits of the texts (characters) and numbers. */
export const OKR_LIMITS = {
  title: 255,
  description: 4000,
  note: 2000,
  unit: 40,
  /** The app's JQL rule ({@link MAX_JQL_LENGTH}): a longer JQL could be saved but never measured. */
  jql: MAX_JQL_LENGTH,
  accountId: 128,
  /** Sender's measurement ids: letters, digits and `. _ : -` (they become part of store keys). */
  measurementId: 128,
  /** Highest weight of a key result. */
  weight: 100,
  /** Highest confidence. */
  confidence: 10,
} as const;

/** An objective id `O-<n>`; a key result id `KR-<n>` (n ≥ 1). */
export const OBJECTIVE_ID_PATTERN = /^O-[1-9][0-9]{0,9}$/;
export const KEY_RESULT_ID_PATTERN = /^KR-[1-9][0-9]{0,9}$/;
/** Characters a measurement id may use (a subset of what store keys allow). */
export const MEASUREMENT_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
/** A Jira project key. */
const PROJECT_KEY_PATTERN = /^[A-Z][A-Z0-9_]{0,254}$/;

const requiredText = (name: string, max: number) =>
  v.pipe(
    v.string(`${name} must be text`),
    v.trim(),
    v.minLength(1, `${name} is empty: write one`),
    v.maxLength(max, `${name} is at most ${String(max)} characters`),
  );
const optionalText = (name: string, max: number) =>
  v.pipe(v.string(`${name} must be text`), v.maxLength(max, `${name} is at most ${String(max)} characters`));
const finite = (name: string) =>
  v.pipe(v.number(`${name} must be a number`), v.finite(`${name} must be a finite number`));

const DateSchema = (name: string) =>
  v.pipe(
    v.string(`${name} must be a date YYYY-MM-DD`),
    v.check((value) => {
      try {
        toDayNumber(value);
        return true;
      } catch {
        return false;
      }
    }, `${name} must be a calendar date YYYY-MM-DD`),
  );
const TimeZoneSchema = v.pipe(
  v.string('the time zone must be an IANA name such as Europe/Berlin'),
  v.check(isValidTimeZone, 'the time zone is unknown: use an IANA name such as Europe/Berlin'),
);

/** A period: a quarter `2026-Q4` or custom first/last dates, in an IANA zone. */
export const PeriodSchema = v.pipe(
  v.variant(
    'kind',
    [
      v.object({
        kind: v.literal('quarter'),
        quarter: v.pipe(
          v.string('the quarter must be written as 2026-Q4'),
          v.regex(/^\d{4}-Q[1-4]$/, 'the quarter must be written as 2026-Q4'),
        ),
        timeZone: TimeZoneSchema,
      }),
      v.object({
        kind: v.literal('custom'),
        startDate: DateSchema('the first day'),
        endDate: DateSchema('the last day'),
        timeZone: TimeZoneSchema,
      }),
    ],
    'the period must be a quarter or custom dates',
  ),
  v.check((period) => {
    try {
      periodDates(period);
      return true;
    } catch {
      return false;
    }
  }, 'the period ends before it begins: swap the first and last day'),
);

/**
 * A JQL a measured key result searches: the same bounded-JQL rule the measurement applies
 * ({@link validateJqlRefinement}: at most {@link MAX_JQL_LENGTH} characters, quotes closed, parentheses balanced and
 * never escaping the app's bounds, no control characters, no ORDER BY), so a JQL the measurement would refuse is
 * refused when saved, naming the rule. Jira checks fields and values when it searches.
 */
const MeasuredJqlSchema = v.pipe(
  v.string('the JQL must be text'),
  v.trim(),
  v.minLength(1, 'the JQL is empty: write one'),
  v.maxLength(
    OKR_LIMITS.jql,
    `the JQL is at most ${String(OKR_LIMITS.jql)} characters (the longest JQL the app measures): shorten it`,
  ),
  v.rawCheck(({ dataset, addIssue }) => {
    // Too long is already said by the length rule; the rest only for text the measurement could search.
    if (!dataset.typed || dataset.value.length > OKR_LIMITS.jql) return;
    try {
      validateJqlRefinement(dataset.value);
    } catch (error) {
      if (!(error instanceof JqlRefinementError)) throw error;
      addIssue({ message: `the JQL cannot be measured: ${error.message}` });
    }
  }),
);

const MeasurementScopeSchema = v.variant(
  'type',
  [
    v.object({
      type: v.literal('project'),
      projectKey: v.pipe(v.string(), v.regex(PROJECT_KEY_PATTERN, 'the project key must look like HD')),
    }),
    v.object({ type: v.literal('jql'), jql: MeasuredJqlSchema }),
  ],
  'the scope must be a project or a JQL',
);

const KindSchema = v.variant(
  'type',
  [
    v.object({
      type: v.literal('metric'),
      start: finite('the start value'),
      target: finite('the target value'),
    }),
    v.object({
      type: v.literal('threshold'),
      operator: v.picklist(['atLeast', 'atMost'], 'the threshold must be "at least" or "at most"'),
      threshold: finite('the threshold'),
    }),
    v.object({ type: v.literal('binary') }),
    v.object({
      type: v.literal('issueProgress'),
      issues: v.variant('type', [v.object({ type: v.literal('linked') }), ...MeasurementScopeSchema.options]),
    }),
    v.object({
      type: v.literal('flowMetric'),
      scope: MeasurementScopeSchema,
      metric: v.picklist(FLOW_KR_METRICS, `the flow metric must be one of ${FLOW_KR_METRICS.join(', ')}`),
      baselinePeriod: PeriodSchema,
      targetChangePercent: v.pipe(
        finite('the target change'),
        v.minValue(-100, 'the target change is at least −100 %'),
      ),
      baselineValue: v.exactOptional(finite('the baseline value')),
    }),
    v.object({
      type: v.literal('issueCount'),
      jql: MeasuredJqlSchema,
      per: v.picklist(['week', 'month', 'period'], 'count per week, month or period'),
      baselinePeriod: PeriodSchema,
      targetChangePercent: v.pipe(
        finite('the target change'),
        v.minValue(-100, 'the target change is at least −100 %'),
      ),
      baselineValue: v.exactOptional(
        v.pipe(finite('the baseline value'), v.minValue(0, 'a count is never negative')),
      ),
    }),
    v.object({
      type: v.literal('csat'),
      scope: MeasurementScopeSchema,
      baselinePeriod: PeriodSchema,
      targetChangePercent: v.pipe(
        finite('the target change'),
        v.minValue(-100, 'the target change is at least −100 %'),
      ),
      baselineValue: v.exactOptional(
        v.pipe(
          finite('the baseline value'),
          v.minValue(1, 'a CSAT mean is at least 1'),
          v.maxValue(5, 'a CSAT mean is at most 5'),
        ),
      ),
    }),
  ],
  'the kind of key result is unknown',
);

const AccountSchema = (name: string) => requiredText(name, OKR_LIMITS.accountId);

/** An objective as stored and imported. */
export const ObjectiveSchema = v.object({
  id: v.pipe(v.string(), v.regex(OBJECTIVE_ID_PATTERN, 'the objective id must look like O-12')),
  title: requiredText('the title', OKR_LIMITS.title),
  description: optionalText('the description', OKR_LIMITS.description),
  period: PeriodSchema,
  ownerAccountId: AccountSchema('the owner'),
  scope: v.variant(
    'type',
    [
      v.object({
        type: v.literal('project'),
        projectKey: v.pipe(v.string(), v.regex(PROJECT_KEY_PATTERN, 'the project key must look like HD')),
      }),
      v.object({ type: v.literal('team'), teamId: requiredText('the team', 128) }),
    ],
    'the scope must be a project or a team',
  ),
  parentObjectiveId: v.exactOptional(
    v.pipe(v.string(), v.regex(OBJECTIVE_ID_PATTERN, 'the parent objective id must look like O-12')),
  ),
  archived: v.boolean('archived must be true or false'),
});

/** A key result as stored and imported, with the rules across its fields. */
export const KeyResultSchema = v.pipe(
  v.object({
    id: v.pipe(v.string(), v.regex(KEY_RESULT_ID_PATTERN, 'the key result id must look like KR-12')),
    objectiveId: v.pipe(v.string(), v.regex(OBJECTIVE_ID_PATTERN, 'the objective id must look like O-12')),
    title: requiredText('the title', OKR_LIMITS.title),
    ownerAccountId: AccountSchema('the owner'),
    weight: v.pipe(
      finite('the weight'),
      v.minValue(0, 'the weight is at least 0'),
      v.maxValue(OKR_LIMITS.weight, `the weight is at most ${String(OKR_LIMITS.weight)}`),
    ),
    unit: optionalText('the unit', OKR_LIMITS.unit),
    direction: v.picklist(
      ['increase', 'decrease', 'stay-within'],
      'the direction must be increase, decrease or stay-within',
    ),
    kind: KindSchema,
    source: v.picklist(['manual', 'external', 'measured'], 'the source must be manual, external or measured'),
    archived: v.boolean('archived must be true or false'),
  }),
  v.check(
    (kr) => directionProblem(kr) === null,
    (issue) => directionProblem(issue.input) ?? 'inconsistent direction',
  ),
  v.check(
    (kr) => sourceProblem(kr) === null,
    (issue) => sourceProblem(issue.input) ?? 'inconsistent source',
  ),
);

/** What is wrong between a key result's direction and its kind, or null. */
function directionProblem(kr: Pick<KeyResult, 'direction' | 'kind'>): string | null {
  const { kind, direction } = kr;
  switch (kind.type) {
    case 'metric':
      if (direction === 'increase' && kind.target < kind.start)
        return 'an increasing key result needs a target above its start: swap them or choose "decrease"';
      if (direction === 'decrease' && kind.target > kind.start)
        return 'a decreasing key result needs a target below its start: swap them or choose "increase"';
      if (direction === 'stay-within' && kind.target !== kind.start)
        return 'a key result that stays within needs target equal to start, or use a threshold';
      return null;
    case 'threshold':
      return direction === 'stay-within'
        ? null
        : 'a threshold key result stays within its threshold: choose "stay-within"';
    case 'binary':
    case 'issueProgress':
      return direction === 'increase' ? null : 'this key result can only increase: choose "increase"';
    case 'flowMetric':
    case 'issueCount':
    case 'csat':
      if (kind.targetChangePercent < 0 && direction !== 'decrease')
        return 'a negative target change decreases the value: choose "decrease"';
      if (kind.targetChangePercent > 0 && direction !== 'increase')
        return 'a positive target change increases the value: choose "increase"';
      if (kind.targetChangePercent === 0 && direction !== 'stay-within')
        return 'a target change of 0 % keeps the value: choose "stay-within"';
      return null;
  }
}

/** What is wrong between a key result's kind and where its values come from, or null. */
function sourceProblem(kr: Pick<KeyResult, 'source' | 'kind'>): string | null {
  const measured =
    kr.kind.type === 'flowMetric' ||
    kr.kind.type === 'issueCount' ||
    kr.kind.type === 'csat' ||
    kr.kind.type === 'issueProgress';
  if (measured && kr.source !== 'measured')
    return 'the app measures this kind of key result: its source is "measured"';
  if (!measured && kr.source === 'measured')
    return 'only issue progress, flow metrics, issue counts and CSAT are measured: choose manual or external';
  return null;
}

/** A check-in as stored and imported. */
export const CheckInSchema = v.object({
  id: v.pipe(
    v.string(),
    v.regex(MEASUREMENT_ID_PATTERN, 'the check-in id uses letters, digits and . _ : - only'),
  ),
  keyResultId: v.pipe(v.string(), v.regex(KEY_RESULT_ID_PATTERN, 'the key result id must look like KR-12')),
  value: finite('the value'),
  confidence: v.exactOptional(
    v.pipe(
      finite('the confidence'),
      v.integer('the confidence is a whole number 0..10'),
      v.minValue(0, 'the confidence is at least 0'),
      v.maxValue(OKR_LIMITS.confidence, 'the confidence is at most 10'),
    ),
  ),
  note: optionalText('the note', OKR_LIMITS.note),
  author: AccountSchema('the author'),
  atMs: v.pipe(
    v.number('the time must be epoch milliseconds'),
    v.safeInteger('the time must be whole milliseconds'),
  ),
  recordedAtMs: v.pipe(
    v.number('the recording time must be epoch milliseconds'),
    v.safeInteger('the recording time must be whole milliseconds'),
  ),
  source: v.picklist(['manual', 'measured', 'external'], 'the source must be manual, measured or external'),
  measurementId: v.exactOptional(
    v.pipe(
      v.string(),
      v.regex(MEASUREMENT_ID_PATTERN, 'the measurement id uses letters, digits and . _ : - only'),
    ),
  ),
});

/** A validation failure: each problem names the field (dot path) and what to do. */
export interface OkrProblem {
  readonly path: string;
  readonly message: string;
}

/** The outcome of a validation: the typed value, or the problems. */
export type OkrValidation<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly problems: readonly OkrProblem[] };

function validate<T>(schema: v.GenericSchema<unknown, T>, input: unknown, what: string): OkrValidation<T> {
  const parsed = v.safeParse(schema, input);
  if (parsed.success) return { ok: true, value: parsed.output };
  return {
    ok: false,
    problems: parsed.issues.map((issue) => ({ path: v.getDotPath(issue) ?? what, message: issue.message })),
  };
}

/** Validates an objective (form, import, stored value). */
export function validateObjective(input: unknown): OkrValidation<Objective> {
  return validate(ObjectiveSchema as v.GenericSchema<unknown, Objective>, input, 'objective');
}

/** Validates a key result with the rules across its fields. */
export function validateKeyResult(input: unknown): OkrValidation<KeyResult> {
  return validate(KeyResultSchema as v.GenericSchema<unknown, KeyResult>, input, 'keyResult');
}

/** Validates a check-in. */
export function validateCheckIn(input: unknown): OkrValidation<CheckIn> {
  return validate(CheckInSchema as v.GenericSchema<unknown, CheckIn>, input, 'checkIn');
}

/** Validates a period. */
export function validatePeriod(input: unknown): OkrValidation<OkrPeriod> {
  return validate(PeriodSchema as v.GenericSchema<unknown, OkrPeriod>, input, 'period');
}

/** The problems as one sentence for an error message: `title: the title is empty: write one; …`. */
export function describeOkrProblems(problems: readonly OkrProblem[]): string {
  return problems.map((problem) => `${problem.path}: ${problem.message}`).join('; ');
}
