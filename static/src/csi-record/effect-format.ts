/**
 * The effect check's logic without React: the configuration form's draft (what the inputs hold, as text) and how
 * it becomes an `EffectCheckConfig` or the problems that block saving; a run's figures in plain language (verdict,
 * warnings, units) and the five-number summary the before/after chart draws. Pure: no clock, no I/O.
 */
import {
  EFFECT_CHECK_DEFAULTS,
  type EffectCheckConfig,
  type EffectTarget,
  type EffectTargetKind,
} from '../../../src/contract/feedback';
import type { Translate } from '../i18n/translator';

/** The kinds of target metric in the order the form offers them. */
export const EFFECT_TARGET_KINDS: readonly EffectTargetKind[] = ['flow', 'issue-count', 'csat', 'key-result'];

/** Allowed range of N (days in Verifying, the after window) and B (days of the before window). */
export const EFFECT_DAYS_RANGE = { min: 7, max: 365 } as const;

/** What the configuration form holds: every input as typed. */
export interface EffectConfigDraft {
  readonly kind: EffectTargetKind;
  readonly metric: 'lead-time' | 'cycle-time';
  readonly jql: string;
  readonly keyResultId: string;
  readonly better: 'lower' | 'higher';
  /** `verifying`: the day the improvement entered Verifying; `date`: {@link changeDate}. */
  readonly changeDateMode: 'verifying' | 'date';
  readonly changeDate: string;
  readonly verifyAfterDays: string;
  readonly beforeDays: string;
}

/** A field of the draft that breaks a rule (the form marks it and says why). */
export type EffectConfigProblem =
  'jql-missing' | 'key-result-missing' | 'change-date-invalid' | 'verify-days-range' | 'before-days-range';

/** The input id a problem belongs to (the problem list links there). */
export const EFFECT_PROBLEM_FIELD: Readonly<Record<EffectConfigProblem, string>> = {
  'jql-missing': 'effect-jql',
  'key-result-missing': 'effect-key-result',
  'change-date-invalid': 'effect-change-date',
  'verify-days-range': 'effect-verify-days',
  'before-days-range': 'effect-before-days',
};

/** Which way is better by default: higher for CSAT and key results, lower for times and counts. */
export function defaultBetterOf(kind: EffectTargetKind): 'lower' | 'higher' {
  return kind === 'csat' || kind === 'key-result' ? 'higher' : 'lower';
}

/** The draft of a stored configuration; the defaults (`EFFECT_CHECK_DEFAULTS`, lead time, lower) for none. */
export function draftOfEffectConfig(config: EffectCheckConfig | null): EffectConfigDraft {
  const target = config?.target;
  return {
    kind: target?.kind ?? 'flow',
    metric: target?.kind === 'flow' ? target.metric : 'lead-time',
    jql: target !== undefined && target.kind !== 'key-result' ? target.jql : '',
    keyResultId: target?.kind === 'key-result' ? target.keyResultId : '',
    better: config?.better ?? defaultBetterOf(target?.kind ?? 'flow'),
    changeDateMode: config?.changeDate == null ? 'verifying' : 'date',
    changeDate: config?.changeDate ?? '',
    verifyAfterDays: String(config?.verifyAfterDays ?? EFFECT_CHECK_DEFAULTS.verifyAfterDays),
    beforeDays: String(config?.beforeDays ?? EFFECT_CHECK_DEFAULTS.beforeDays),
  };
}

/** True for a real calendar day `YYYY-MM-DD`. */
export function isCalendarDay(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const ms = Date.parse(`${text}T00:00:00Z`);
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 10) === text;
}

function daysOf(text: string): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const days = Number(trimmed);
  return days >= EFFECT_DAYS_RANGE.min && days <= EFFECT_DAYS_RANGE.max ? days : null;
}

/** The configuration a draft describes, or the problems that block saving it (nothing is sent then). */
export function effectConfigOfDraft(
  draft: EffectConfigDraft,
):
  | { readonly ok: true; readonly config: EffectCheckConfig }
  | { readonly ok: false; readonly problems: readonly EffectConfigProblem[] } {
  const problems: EffectConfigProblem[] = [];
  const jql = draft.jql.trim();
  const keyResultId = draft.keyResultId.trim();
  if (draft.kind === 'key-result' ? keyResultId === '' : jql === '')
    problems.push(draft.kind === 'key-result' ? 'key-result-missing' : 'jql-missing');
  if (draft.changeDateMode === 'date' && !isCalendarDay(draft.changeDate.trim()))
    problems.push('change-date-invalid');
  const verifyAfterDays = daysOf(draft.verifyAfterDays);
  if (verifyAfterDays === null) problems.push('verify-days-range');
  const beforeDays = daysOf(draft.beforeDays);
  if (beforeDays === null) problems.push('before-days-range');
  if (problems.length > 0 || verifyAfterDays === null || beforeDays === null) return { ok: false, problems };
  const target: EffectTarget =
    draft.kind === 'flow'
      ? { kind: 'flow', metric: draft.metric, jql }
      : draft.kind === 'key-result'
        ? { kind: 'key-result', keyResultId }
        : { kind: draft.kind, jql };
  return {
    ok: true,
    config: {
      target,
      better: draft.better,
      changeDate: draft.changeDateMode === 'date' ? draft.changeDate.trim() : null,
      verifyAfterDays,
      beforeDays,
    },
  };
}

/** The name of a run's target in words, e.g. "Durchlaufzeit (lead time) von project = HD". */
export function targetText(target: EffectTarget, t: Translate): string {
  switch (target.kind) {
    case 'flow':
      return t('effectCheck.target.flowOf', {
        metric: t(`effectCheck.metric.${target.metric}`),
        jql: target.jql,
      });
    case 'issue-count':
      return t('effectCheck.target.countOf', { jql: target.jql });
    case 'csat':
      return t('effectCheck.target.csatOf', { jql: target.jql });
    case 'key-result':
      return t('effectCheck.target.keyResultOf', { id: target.keyResultId });
  }
}

/** The unit of a run's values in the user's language (`days`, `issues per day`, `rating`; others as given). */
export function unitText(unit: string, t: Translate): string {
  const key = `effectCheck.unit.${unit.trim().replace(/\s+/g, '-')}`;
  const text = t(key);
  return text === key ? unit : text;
}

/**
 * A warning of the analysis in words: its code (`before-too-small`, `after-window-open`, …) names the text, the
 * part in parentheses is the detail; an unknown code is shown as it came.
 */
export function warningText(warning: string, t: Translate): string {
  const match = /^([a-z][a-z-]*)(?: \((.*)\))?$/.exec(warning);
  const code = match?.[1] ?? '';
  const detail = match?.[2] ?? '';
  const key = `effectCheck.warning.${code}`;
  const text = t(key, { detail });
  return match === null || text === key ? t('effectCheck.warning.other', { warning }) : text;
}

/** Quantile (type 7, as the analysis computes p50/p85) of an ascending sample; null for an empty one. */
export function quantileOfSorted(sorted: readonly number[], q: number): number | null {
  if (sorted.length === 0) return null;
  const position = (sorted.length - 1) * q;
  const low = Math.floor(position);
  const high = Math.ceil(position);
  const a = sorted[low] ?? 0;
  const b = sorted[high] ?? a;
  return a + (b - a) * (position - low);
}

/** Five numbers of a sample for a box plot. */
export interface FiveNumbers {
  readonly n: number;
  readonly min: number;
  readonly q1: number;
  readonly median: number;
  readonly q3: number;
  readonly max: number;
}

/** The five-number summary of an ascending sample; null for an empty one. */
export function fiveNumbersOf(sorted: readonly number[]): FiveNumbers | null {
  if (sorted.length === 0) return null;
  return {
    n: sorted.length,
    min: sorted[0] ?? 0,
    q1: quantileOfSorted(sorted, 0.25) ?? 0,
    median: quantileOfSorted(sorted, 0.5) ?? 0,
    q3: quantileOfSorted(sorted, 0.75) ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
  };
}

/**
 * Where the chart's axis ends: the largest value, or — when that lies more than 1.5 times beyond the larger of the
 * two windows' 95th percentiles (a long tail) — that percentile, so the bulk of the values stays readable.
 */
export function axisTopOf(before: readonly number[], after: readonly number[]): number {
  const high = Math.max(0, ...before, ...after);
  const p95 = Math.max(quantileOfSorted(before, 0.95) ?? 0, quantileOfSorted(after, 0.95) ?? 0);
  return p95 > 0 && high > p95 * 1.5 ? p95 : high;
}
