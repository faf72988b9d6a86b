/**
 * The effect check of an improvement ("did we get there?", issue 11): its configuration's rules, when it is due,
 * and the before/after samples of each target kind in the windows of FLOW-METRICS.md §6 — before [D − B, D),
 * after [D, D + A) with A = N, the days in Verifying before the check. The analysis itself is
 * `analyseSamples` of `../flow/effect`. Pure: the instant "now" and the time zone are passed in.
 *
 * Units: calendar dates `YYYY-MM-DD` are local days of the IANA zone passed in (the improvement's project zone);
 * instants are epoch ms (UTC); flow values are days (ms ÷ 86,400,000), issue counts issues per local day, CSAT
 * ratings 1..5, key-result values the key result's unit.
 */
import * as v from 'valibot';
import type { CsiKpiValue } from '../csi/record-types';
import { csiStatusKeyOfName } from '../csi/workflow';
import { addDays, localDate, toDayNumber } from '../flow/calendar';
import type { EffectResult } from '../flow/effect';
import { effectWindows } from '../flow/effect';
import { isValidDate, JqlRefinementError, MAX_JQL_LENGTH, validateJqlRefinement } from '../flow/jql-scope';
import { parseJiraInstant } from '../flow/timestamps';
import type { JiraHistory } from '../flow/types';
import { KEY_RESULT_ID_PATTERN } from '../okr/validation';

/**
 * What the check measures (the contract's `EffectTarget`, same shape: the contract depends on the domain, so the
 * domain states it itself). See `src/contract/feedback.ts` for the meaning of each kind.
 */
export type EffectTarget =
  | { readonly kind: 'flow'; readonly metric: 'lead-time' | 'cycle-time'; readonly jql: string }
  | { readonly kind: 'issue-count'; readonly jql: string }
  | { readonly kind: 'csat'; readonly jql: string }
  | { readonly kind: 'key-result'; readonly keyResultId: string };

/** An improvement's effect-check configuration (the contract's `EffectCheckConfig`, same shape). */
export interface EffectCheckConfig {
  readonly target: EffectTarget;
  readonly better: 'lower' | 'higher';
  /** D, a local date; null: the day the improvement entered Verifying. */
  readonly changeDate: string | null;
  /** N: days in Verifying before the daily check; also the after window A. */
  readonly verifyAfterDays: number;
  /** B: days before D in the before window. */
  readonly beforeDays: number;
}

/**
 * Longest JQL of a target, characters (after trimming): the measurement's own limit for a JQL it wraps
 * (`MAX_JQL_LENGTH` of `../flow/jql-scope`), so a configuration that can be saved can also be measured.
 */
export const EFFECT_JQL_MAX_CHARS = MAX_JQL_LENGTH;
/** Bounds of N (days in Verifying, also the after window A) and B (days before D). */
export const EFFECT_DAYS_MIN = 7;
export const EFFECT_DAYS_MAX = 365;
/** Most values per window the run keeps for its chart. */
export const EFFECT_CHART_MAX_VALUES = 200;

const JqlSchema = v.pipe(
  v.string('jql must be a string'),
  v.trim(),
  v.minLength(1, 'jql must not be empty: name the issues to measure (e.g. project = HD)'),
  v.maxLength(EFFECT_JQL_MAX_CHARS, `jql must be at most ${String(EFFECT_JQL_MAX_CHARS)} characters`),
  // The measurement ANDs the JQL inside parentheses: what it would refuse at the run (ORDER BY, unbalanced
  // parentheses or quotes, control characters) is refused at the save, not days later by the daily check.
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    try {
      validateJqlRefinement(dataset.value);
    } catch (error) {
      if (!(error instanceof JqlRefinementError)) throw error;
      addIssue({ message: `jql cannot be measured: ${error.message}` });
    }
  }),
);

const DaysSchema = (name: string) =>
  v.pipe(
    v.number(`${name} must be a number`),
    v.integer(`${name} must be a whole number of days`),
    v.minValue(EFFECT_DAYS_MIN, `${name} must be at least ${String(EFFECT_DAYS_MIN)} days`),
    v.maxValue(EFFECT_DAYS_MAX, `${name} must be at most ${String(EFFECT_DAYS_MAX)} days`),
  );

/** What an effect check measures (`EffectTarget`), checked. */
export const EffectTargetSchema = v.variant(
  'kind',
  [
    v.strictObject({
      kind: v.literal('flow'),
      metric: v.picklist(['lead-time', 'cycle-time'], 'metric must be lead-time or cycle-time'),
      jql: JqlSchema,
    }),
    v.strictObject({ kind: v.literal('issue-count'), jql: JqlSchema }),
    v.strictObject({ kind: v.literal('csat'), jql: JqlSchema }),
    v.strictObject({
      kind: v.literal('key-result'),
      keyResultId: v.pipe(
        v.string('keyResultId must be a string'),
        v.regex(KEY_RESULT_ID_PATTERN, 'keyResultId must look like KR-12'),
      ),
    }),
  ],
  'target.kind must be flow, issue-count, csat or key-result',
);

/**
 * An improvement's effect-check configuration (`EffectCheckConfig`): JQL non-empty, ≤ 1,000 characters (trimmed) and one the
 * measurement can wrap (`validateJqlRefinement`),
 * N and B whole days 7..365, the change date null or a real calendar date, the key result id as OKR names it.
 */
export const EffectCheckConfigSchema = v.strictObject({
  target: EffectTargetSchema,
  better: v.picklist(['lower', 'higher'], 'better must be lower or higher'),
  changeDate: v.nullable(
    v.pipe(
      v.string('changeDate must be null or a date YYYY-MM-DD'),
      v.check(isValidDate, 'changeDate must be a real calendar date YYYY-MM-DD'),
    ),
  ),
  verifyAfterDays: DaysSchema('verifyAfterDays'),
  beforeDays: DaysSchema('beforeDays'),
});

/** The configuration as the schema accepts it, or the problems in English (`path: message`). */
export function parseEffectCheckConfig(
  input: unknown,
):
  | { readonly config: EffectCheckConfig; readonly problems: null }
  | { readonly config: null; readonly problems: string } {
  const parsed = v.safeParse(EffectCheckConfigSchema, input);
  if (parsed.success) return { config: parsed.output, problems: null };
  return {
    config: null,
    problems: parsed.issues
      .map((issue) => {
        const path = v.getDotPath(issue);
        return path === null ? issue.message : `${path}: ${issue.message}`;
      })
      .join('; '),
  };
}

function isStatusItem(item: { readonly field?: string | null; readonly fieldId?: string | null }): boolean {
  return item.fieldId === 'status' || (item.fieldId == null && item.field === 'status');
}

/**
 * The local day (in `timeZone`) the improvement last entered Verifying, from its status changes at or before
 * `asOfMs` (epoch ms): the newest change whose target status is the CSI status `verifying` (German or English
 * name). Null when it never entered Verifying by a status change.
 *
 * @example enteredVerifyingOn([{ created: '2026-03-28T23:30:00.000+0000', items: [{ field: 'status',
 *   toString: 'Wirksamkeitsprüfung' }] }], 'Europe/Berlin', Date.UTC(2026, 5, 1)) === '2026-03-29'
 */
export function enteredVerifyingOn(
  histories: readonly JiraHistory[],
  timeZone: string,
  asOfMs: number,
): string | null {
  let lastMs: number | null = null;
  for (const history of histories) {
    const entered = (history.items ?? []).some(
      (item) => isStatusItem(item) && csiStatusKeyOfName(item.toString ?? '') === 'verifying',
    );
    if (!entered) continue;
    const atMs = parseJiraInstant(history.created);
    if (atMs === null || atMs > asOfMs) continue;
    if (lastMs === null || atMs > lastMs) lastMs = atMs;
  }
  return lastMs === null ? null : localDate(lastMs, timeZone);
}

/** The state of an improvement's effect check (`EffectCheckView.state` and its days). */
export interface EffectCheckSchedule {
  readonly state: 'not-configured' | 'not-verifying' | 'waiting' | 'due' | 'checked';
  /** The change date in force: the configured one, else the day it entered Verifying; null when neither. */
  readonly changeDate: string | null;
  /** The day the daily check runs: entered-Verifying day + N; null when not configured or not verifying. */
  readonly dueOn: string | null;
}

/**
 * When the check runs and what it compares:
 * - `not-configured` without a configuration;
 * - `checked` when a run exists for the current configuration version (whatever the status);
 * - `not-verifying` when the improvement is not in Verifying now (or its entry day is unknown);
 * - `waiting` while `today` (a local day) is before `dueOn` = entered-Verifying day + N, `due` from then on.
 * Day arithmetic is on calendar dates, so a DST change never moves the due day.
 */
export function effectCheckSchedule(input: {
  readonly config: EffectCheckConfig | null;
  readonly verifyingNow: boolean;
  readonly enteredVerifyingOn: string | null;
  readonly checkedForCurrentConfig: boolean;
  /** Today's local date in the improvement's zone. */
  readonly today: string;
}): EffectCheckSchedule {
  const { config } = input;
  if (config === null) return { state: 'not-configured', changeDate: null, dueOn: null };
  const changeDate = config.changeDate ?? input.enteredVerifyingOn;
  const dueOn =
    input.verifyingNow && input.enteredVerifyingOn !== null
      ? addDays(input.enteredVerifyingOn, config.verifyAfterDays)
      : null;
  if (input.checkedForCurrentConfig) return { state: 'checked', changeDate, dueOn };
  if (dueOn === null) return { state: 'not-verifying', changeDate, dueOn };
  return { state: input.today < dueOn ? 'waiting' : 'due', changeDate, dueOn };
}

/** The windows a run compares, local days `from` inclusive, `to` exclusive. */
export interface EffectRunWindows {
  readonly changeDate: string;
  readonly before: { readonly from: string; readonly to: string };
  readonly after: { readonly from: string; readonly to: string };
}

/** §6's windows for a configuration with its change date resolved: before [D − B, D), after [D, D + N). */
export function effectRunWindows(config: EffectCheckConfig, changeDate: string): EffectRunWindows {
  return { changeDate, ...effectWindows(changeDate, config.beforeDays, config.verifyAfterDays) };
}

/**
 * Issue-count samples: one value per local day of each window, the number of instants (issue creations, epoch
 * ms) on that day in `timeZone`, days without one counting 0. Only days before `today` count in either window: a
 * day still running (or to come) would count too few.
 *
 * @example dailyCountSamples([...], windows, 'Europe/Berlin', '2026-06-01') // { before: [3, 0, 2, …], after: […] }
 */
export function dailyCountSamples(
  createdMs: Iterable<number>,
  windows: EffectRunWindows,
  timeZone: string,
  today: string,
): { before: number[]; after: number[] } {
  const perDay = new Map<string, number>();
  for (const ms of createdMs) {
    const day = localDate(ms, timeZone);
    perDay.set(day, (perDay.get(day) ?? 0) + 1);
  }
  const days = (from: string, to: string): number[] => {
    const end = to < today ? to : today;
    const values: number[] = [];
    for (let day = from; day < end; day = addDays(day, 1)) values.push(perDay.get(day) ?? 0);
    return values;
  };
  return {
    before: days(windows.before.from, windows.before.to),
    after: days(windows.after.from, windows.after.to),
  };
}

/**
 * Key-result samples: the key result's check-ins by local day (`timeZone`), one value per day that has any — the
 * last one taken that day (by `atMs`, then `recordedAtMs`) — in the window holding that day.
 */
export function checkInSamples(
  checkIns: Iterable<{ readonly value: number; readonly atMs: number; readonly recordedAtMs: number }>,
  windows: EffectRunWindows,
  timeZone: string,
): { before: number[]; after: number[] } {
  const lastOfDay = new Map<string, { value: number; atMs: number; recordedAtMs: number }>();
  for (const checkIn of checkIns) {
    if (!Number.isFinite(checkIn.value)) continue;
    const day = localDate(checkIn.atMs, timeZone);
    const seen = lastOfDay.get(day);
    if (
      seen === undefined ||
      checkIn.atMs > seen.atMs ||
      (checkIn.atMs === seen.atMs && checkIn.recordedAtMs >= seen.recordedAtMs)
    )
      lastOfDay.set(day, checkIn);
  }
  const before: number[] = [];
  const after: number[] = [];
  for (const day of [...lastOfDay.keys()].sort()) {
    const value = lastOfDay.get(day)?.value ?? 0;
    if (day >= windows.before.from && day < windows.before.to) before.push(value);
    else if (day >= windows.after.from && day < windows.after.to) after.push(value);
  }
  return { before, after };
}

/**
 * At most `max` values of a sample for its chart, sorted ascending: the sample itself when it is small enough,
 * else `max` evenly spaced order statistics (ranks round(i · (n − 1) / (max − 1)), so the minimum and the maximum
 * stay), each rounded to 4 decimals to keep the stored run small.
 */
export function chartValues(values: readonly number[], max: number = EFFECT_CHART_MAX_VALUES): number[] {
  const sorted = [...values].sort((a, b) => a - b).map((x) => Math.round(x * 10_000) / 10_000);
  if (sorted.length <= max) return sorted;
  if (max <= 1) return sorted.slice(0, Math.max(0, max));
  const n = sorted.length;
  return Array.from({ length: max }, (_, i) => sorted[Math.round((i * (n - 1)) / (max - 1))] ?? 0);
}

/** Which way is better for a key result: its direction when it has one, else the configuration's. */
export function betterForKeyResult(
  direction: 'increase' | 'decrease' | 'stay-within',
  configured: 'lower' | 'higher',
): 'lower' | 'higher' {
  if (direction === 'increase') return 'higher';
  if (direction === 'decrease') return 'lower';
  return configured;
}

/** The language of the improvement's texts. */
export type EffectLanguage = 'de' | 'en';

/** German unless the CSI issue type is the English one ("Improvement (CSI)"). */
export function effectLanguageOfIssueType(issueTypeName: string | undefined): EffectLanguage {
  return issueTypeName?.trim().toLocaleLowerCase('en') === 'improvement (csi)' ? 'en' : 'de';
}

/** The name of what a target measures, e.g. "Durchlaufzeit (Median)" / "Lead time (median)". */
export function effectMetricName(
  target: EffectTarget,
  language: EffectLanguage,
  keyResultTitle: string | null = null,
): string {
  const de = language === 'de';
  switch (target.kind) {
    case 'flow':
      return target.metric === 'lead-time'
        ? de
          ? 'Durchlaufzeit (Median)'
          : 'Lead time (median)'
        : de
          ? 'Bearbeitungszeit (Median)'
          : 'Cycle time (median)';
    case 'issue-count':
      return de ? 'Neue Vorgänge pro Tag (Median)' : 'New issues per day (median)';
    case 'csat':
      return de ? 'Kundenzufriedenheit (CSAT, Median)' : 'Customer satisfaction (CSAT, median)';
    case 'key-result':
      return `${keyResultTitle ?? target.keyResultId} (${de ? 'Median' : 'median'})`;
  }
}

/** The unit of a target's values as the run stores it (`days`, `issues per day`, `rating`, the key result's). */
export function effectUnit(target: EffectTarget, keyResultUnit: string | null = null): string {
  switch (target.kind) {
    case 'flow':
      return 'days';
    case 'issue-count':
      return 'issues per day';
    case 'csat':
      return 'rating';
    case 'key-result':
      return keyResultUnit ?? '';
  }
}

/** A stored unit in the comment's language (`days` → `Tage`); a key result's own unit as it is. */
export function localUnit(unit: string, language: EffectLanguage): string {
  if (language === 'en') return unit;
  return unit === 'days'
    ? 'Tage'
    : unit === 'issues per day'
      ? 'Vorgänge pro Tag'
      : unit === 'rating'
        ? 'Bewertung'
        : unit;
}

/**
 * The measured result a run proposes for the record: p50 after (2 decimals) named after the target in the
 * improvement's language, measured on `measuredOn` (the run's local day). Null when the verdict is
 * `insufficient-data` or the after sample is empty: a median of a handful of values is no measured result.
 */
export function proposedEffectResult(
  result: EffectResult,
  name: string,
  unit: string,
  measuredOn: string,
  language: EffectLanguage,
): CsiKpiValue | null {
  if (result.verdict === 'insufficient-data' || result.after.p50 === null) return null;
  return {
    name: name.slice(0, 200),
    value: Math.round(result.after.p50 * 100) / 100,
    unit: localUnit(unit, language).slice(0, 50),
    measuredOn,
  };
}

/** Whole days from `from` to `to` (local dates; negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return toDayNumber(to) - toDayNumber(from);
}
