/**
 * The OKR gadget's logic without rendering: loading its one answer (`getOkrGadget`), naming a period, the points
 * of a key result's sparkline, and the edit form (period, project filter, layout, title) checked into an
 * `OkrGadgetConfig`. No bridge imports: tests and a later dashboard widget use it as the module does.
 */
import type {
  KeyResult,
  KeyResultView,
  OkrErrorCode,
  OkrGadgetConfig,
  OkrGadgetView,
  OkrHistoryPoint,
  OkrOverview,
  OkrPeriod,
  OkrPeriodOption,
  OkrResult,
} from '../../../src/contract/okr';

/** The resolver call the gadget's view needs, as a plain function (the module passes the bridge, tests a fake). */
export interface OkrGadgetApi {
  readonly getGadget: () => Promise<OkrResult<OkrGadgetView>>;
}

export type OkrGadgetState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'unconfigured' }
  | { readonly phase: 'error'; readonly code: OkrErrorCode; readonly detail: string }
  | {
      readonly phase: 'loaded';
      readonly config: OkrGadgetConfig;
      /** Null when the resolver found no OKRs for the configured period (shown as the empty state). */
      readonly overview: OkrOverview | null;
      readonly linkedIssues: OkrGadgetView['linkedIssues'];
    };

/** Loads the gadget's answer; a gadget without stored configuration is `unconfigured`, not an error. */
export async function loadOkrGadget(api: OkrGadgetApi): Promise<OkrGadgetState> {
  // The invoke never rejects: a failed bridge call arrives as an `internal` error like a resolver's own.
  const result = await api.getGadget();
  if (!result.ok) return { phase: 'error', ...result.error };
  const { config, overview, linkedIssues } = result.value;
  if (config === null) return { phase: 'unconfigured' };
  return { phase: 'loaded', config, overview, linkedIssues };
}

/** True when the period has no objective to show (the empty state names the period and links the OKR page). */
export function isEmptyOverview(overview: OkrOverview | null): boolean {
  return overview === null || overview.objectives.length === 0;
}

/**
 * A period key (or quarter) as people read it: a quarter `2026-Q1` as `Q1 2026`; any other key as it is.
 * @example periodKeyLabel('2026-Q4') // 'Q4 2026'
 */
export function periodKeyLabel(periodKey: string): string {
  const match = /^(\d{4})-Q([1-4])$/.exec(periodKey);
  return match === null ? periodKey : `Q${match[2] ?? ''} ${match[1] ?? ''}`;
}

/**
 * A period as people read it: a quarter `2026-Q1` as `Q1 2026`, a custom period as its first and last day in
 * `formatDate` (a `YYYY-MM-DD` day formatter of the viewer's locale).
 * @example periodLabel({ kind: 'quarter', quarter: '2026-Q1', timeZone: 'UTC' }, String) // 'Q1 2026'
 */
export function periodLabel(period: OkrPeriod, formatDate: (isoDate: string) => string): string {
  return period.kind === 'quarter'
    ? periodKeyLabel(period.quarter)
    : `${formatDate(period.startDate)} – ${formatDate(period.endDate)}`;
}

/** A formatter of calendar days `YYYY-MM-DD` (the day itself, whatever the viewer's time zone). */
export function calendarDayFormatter(locale: string): (isoDate: string) => string {
  const format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  return (isoDate) => {
    const instant = Date.parse(`${isoDate}T00:00:00Z`);
    return Number.isNaN(instant) ? isoDate : format.format(instant);
  };
}

/** One point of a sparkline in SVG user units (x right, y down), rounded to 0.1. */
export interface SparkPoint {
  readonly x: number;
  readonly y: number;
}

/**
 * The sparkline of a key result's history in a `widthPx` × `heightPx` box with 2 units of padding: x by time (values
 * are checked in at irregular times; equal times spread by order), y from the lowest value (bottom) to the highest
 * (top), a flat history in the middle. Fewer than two points draw no line (an empty array).
 */
export function sparkPoints(
  history: readonly OkrHistoryPoint[],
  widthPx: number,
  heightPx: number,
): SparkPoint[] {
  if (history.length < 2) return [];
  const pad = 2;
  const first = history[0]?.atMs ?? 0;
  const last = history[history.length - 1]?.atMs ?? 0;
  const spanMs = last - first;
  const values = history.map((point) => point.value);
  const min = Math.min(...values);
  const max = Math.max(...values);
  const round = (n: number): number => Math.round(n * 10) / 10;
  return history.map((point, index) => {
    const share = spanMs > 0 ? (point.atMs - first) / spanMs : index / (history.length - 1);
    const level = max > min ? (point.value - min) / (max - min) : 0.5;
    return {
      x: round(pad + share * (widthPx - 2 * pad)),
      y: round(heightPx - pad - level * (heightPx - 2 * pad)),
    };
  });
}

/** A value in the key result's unit: `34 sign-ins/day`, `12.5 %`; at most two decimals. */
export function valueWithUnit(value: number, unit: string, locale: string): string {
  const number = new Intl.NumberFormat(locale, { maximumFractionDigits: 2 }).format(value);
  return unit.trim() === '' ? number : `${number} ${unit}`;
}

/** What decides how a key result's values read: its kind and unit. */
export type ValuedKeyResult = Pick<KeyResult, 'kind' | 'unit'>;

/**
 * True when the key result's values are shares 0..1 (issue progress: the share of issues done; the flow
 * efficiency metric): they read as percent, whatever unit was typed, while the wire and the store keep the share.
 */
export function isShareKeyResult(keyResult: ValuedKeyResult): boolean {
  const { kind } = keyResult;
  return kind.type === 'issueProgress' || (kind.type === 'flowMetric' && kind.metric === 'flowEfficiency');
}

/**
 * A key result's value as people read it: a share as percent (`80 %`, `12,5 %`), any other value with up to two
 * decimals and the key result's unit (`4,4 Tage`).
 */
export function keyResultValue(value: number, keyResult: ValuedKeyResult, locale: string): string {
  if (isShareKeyResult(keyResult))
    return new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 1 }).format(value);
  return valueWithUnit(value, keyResult.unit, locale);
}

/** A key result's linked issues the answer lists, and how many more it has (hidden or beyond the first ten). */
export function linkedIssuesOf(
  view: KeyResultView,
  linkedIssues: OkrGadgetView['linkedIssues'],
): { readonly shown: NonNullable<OkrGadgetView['linkedIssues'][string]>; readonly more: number } {
  const shown = linkedIssues[view.keyResult.id] ?? [];
  return { shown, more: Math.max(0, view.linkedIssueCount - shown.length) };
}

// ---------------------------------------------------------------------------------------------------------------
// Edit form

/** The form's fields as typed in. `periodKey` is `''` for the current quarter. */
export interface OkrGadgetForm {
  readonly periodKey: string;
  readonly projectKey: string;
  readonly layout: OkrGadgetConfig['layout'];
  readonly title: string;
}

export const DEFAULT_OKR_GADGET_CONFIG: OkrGadgetConfig = { period: { kind: 'current' }, layout: 'compact' };

export function okrFormOf(config: OkrGadgetConfig): OkrGadgetForm {
  return {
    periodKey: config.period.kind === 'fixed' ? config.period.periodKey : '',
    projectKey: config.projectKey ?? '',
    layout: config.layout,
    title: config.title ?? '',
  };
}

export type OkrGadgetFormError = 'projectKey' | 'title';

export const OKR_GADGET_TITLE_MAX = 80;

/** The configuration of a valid form, or the fields that are wrong (the resolver checks again). */
export function okrConfigOf(
  form: OkrGadgetForm,
): { readonly config: OkrGadgetConfig } | { readonly errors: OkrGadgetFormError[] } {
  const errors: OkrGadgetFormError[] = [];
  const projectKey = form.projectKey.trim().toUpperCase();
  if (projectKey !== '' && !/^[A-Z][A-Z0-9_]{0,49}$/.test(projectKey)) errors.push('projectKey');
  const title = form.title.trim();
  if (title.length > OKR_GADGET_TITLE_MAX) errors.push('title');
  if (errors.length > 0) return { errors };
  return {
    config: {
      period: form.periodKey === '' ? { kind: 'current' } : { kind: 'fixed', periodKey: form.periodKey },
      ...(projectKey === '' ? {} : { projectKey }),
      layout: form.layout,
      ...(title === '' ? {} : { title }),
    },
  };
}

/**
 * The periods the period picker offers: the known ones, newest first, plus a fixed period the configuration names
 * that the list no longer has (so opening the edit view never changes the choice by itself).
 */
export function periodChoices(
  periods: readonly OkrPeriodOption[],
  configuredKey: string,
): readonly { readonly periodKey: string; readonly option: OkrPeriodOption | null }[] {
  const known: { readonly periodKey: string; readonly option: OkrPeriodOption | null }[] = [...periods]
    .sort((a, b) => b.periodKey.localeCompare(a.periodKey))
    .map((option) => ({ periodKey: option.periodKey, option }));
  if (configuredKey !== '' && !known.some((choice) => choice.periodKey === configuredKey))
    known.push({ periodKey: configuredKey, option: null });
  return known;
}
