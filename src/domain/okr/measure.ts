/**
 * The pure arithmetic of key results that measure themselves (OKR.md "How key results get their values"): which
 * part of a period a measurement covers, per-interval rates, the JQL date bounds of a period, measurement ids,
 * and the flow metrics of a period from the engine's facts. No Jira, no store, no clock: instants are passed in.
 *
 * Units: instants epoch ms (UTC); calendar dates `YYYY-MM-DD` in the period's IANA time zone; durations in days
 * (ms ÷ 86,400,000); throughput in issues per week; WIP in issues; flow efficiency a share 0..1; rates in issues
 * per week, per month or per period.
 */
import { tzOffset } from '@date-fns/tz';
import { localDate, toDayNumber } from '../flow/calendar';
import { JqlRefinementError, jqlString, validateJqlRefinement } from '../flow/jql-scope';
import { percentile, sortNumbers } from '../flow/percentiles';
import type { FlowFacts } from '../flow/types';
import { periodBounds, periodDates } from './period';
import type { FlowKrMetric, OkrPeriod } from './types';

const MS_PER_DAY = 86_400_000;
const MS_PER_MINUTE = 60_000;
/** Days of a mean Gregorian month (365.2425 ÷ 12): a rate "per month" does not depend on which months elapsed. */
export const MEAN_DAYS_PER_MONTH = 365.2425 / 12;

/**
 * The part of a period a measurement covers at `nowMs`: from the period's first local day to today (in the
 * period's zone) or its last day, whichever is earlier.
 */
export interface MeasuredSpan {
  /** First local day, `YYYY-MM-DD` (the period's first day). */
  readonly firstDate: string;
  /** Last local day measured, inclusive: today, or the period's last day once it has ended. */
  readonly lastDate: string;
  /** First instant (the period's start, epoch ms). */
  readonly startMs: number;
  /** First instant not measured (exclusive): now, or the period's end once it has ended. */
  readonly endMs: number;
  /** Local days from `firstDate` to `lastDate`, both inclusive (today counts as a whole day). */
  readonly days: number;
  /** Local days of the whole period. */
  readonly periodDays: number;
  /** True once the period has ended at `nowMs`. */
  readonly complete: boolean;
}

/**
 * The span of `period` measured at `nowMs` (epoch ms); null before the period begins (nothing to measure yet).
 *
 * @example measuredSpan({ kind: 'quarter', quarter: '2026-Q1', timeZone: 'Europe/Berlin' }, Date.UTC(2026, 2, 2, 11))
 * // { firstDate: '2026-01-01', lastDate: '2026-03-02', days: 61, periodDays: 90, complete: false, … }
 */
export function measuredSpan(period: OkrPeriod, nowMs: number): MeasuredSpan | null {
  const { startMs, endMs } = periodBounds(period);
  if (nowMs < startMs) return null;
  const { firstDate, lastDate } = periodDates(period);
  const complete = nowMs >= endMs;
  const today = localDate(nowMs, period.timeZone);
  const last = complete || today > lastDate ? lastDate : today;
  return {
    firstDate,
    lastDate: last,
    startMs,
    endMs: complete ? endMs : nowMs,
    days: toDayNumber(last) - toDayNumber(firstDate) + 1,
    periodDays: toDayNumber(lastDate) - toDayNumber(firstDate) + 1,
    complete,
  };
}

/**
 * Issues per interval from `count` issues over `days` local days: per week `count ÷ days × 7`, per month
 * `count ÷ days × 30.436875` ({@link MEAN_DAYS_PER_MONTH}), per period `count ÷ days × periodDays` (the count of
 * a finished period; within a running period the count so far scaled to the whole period, so an early value is
 * comparable with the baseline's). Rounded to 3 decimals.
 *
 * @example ratePerInterval(30, 61, 'week', 90) === 3.443 // 30 issues in 61 days
 * @throws RangeError when `days` is not positive.
 */
export function ratePerInterval(
  count: number,
  days: number,
  per: 'week' | 'month' | 'period',
  periodDays: number,
): number {
  if (!(days > 0)) throw new RangeError(`A rate needs at least one day, not ${String(days)}.`);
  const intervalDays = per === 'week' ? 7 : per === 'month' ? MEAN_DAYS_PER_MONTH : periodDays;
  return round((count / days) * intervalDays, 3);
}

/**
 * The local wall-clock minute of an instant in an IANA zone, as JQL takes it: `YYYY-MM-DD HH:mm`.
 *
 * @example jqlDateTime(Date.UTC(2025, 11, 31, 23), 'Europe/Berlin') === '2026-01-01 00:00'
 */
export function jqlDateTime(instantMs: number, timeZone: string): string {
  const offsetMinutes = tzOffset(timeZone, new Date(instantMs));
  if (!Number.isFinite(offsetMinutes)) throw new RangeError(`Unknown time zone: ${timeZone}`);
  // Rounded up to the minute: a bound is never earlier than the instant (JQL has no seconds).
  const localMs = Math.ceil((instantMs + offsetMinutes * MS_PER_MINUTE) / MS_PER_MINUTE) * MS_PER_MINUTE;
  const iso = new Date(localMs).toISOString();
  return `${iso.slice(0, 10)} ${iso.slice(11, 16)}`;
}

/**
 * A user's JQL restricted to issues created in `[startMs, endMs)`:
 * `(jql) AND created >= "…" AND created < "…"`. Jira reads JQL dates in the time zone of the user who searches,
 * not in the period's: the bounds are therefore the period's instants written as wall-clock minutes of
 * `searcherTimeZone` (the acting user's Jira time zone), so the count covers exactly the period's local days in
 * the key result's zone whoever searches.
 *
 * @throws JqlRefinementError for an empty JQL or one the app refuses (unbalanced, ORDER BY, control characters).
 * @example createdWithinJql('labels = login', Date.UTC(2025, 11, 31, 23), Date.UTC(2026, 2, 31, 22), 'UTC')
 * // '(labels = login) AND created >= "2025-12-31 23:00" AND created < "2026-03-31 22:00"'
 */
export function createdWithinJql(
  jql: string,
  startMs: number,
  endMs: number,
  searcherTimeZone: string,
): string {
  const condition = requiredJql(jql);
  return (
    `(${condition}) AND created >= ${jqlString(jqlDateTime(startMs, searcherTimeZone))}` +
    ` AND created < ${jqlString(jqlDateTime(endMs, searcherTimeZone))}`
  );
}

/**
 * A user's JQL condition as the measurement searches it: trimmed and checked ({@link validateJqlRefinement}); an
 * empty one is refused, since it would count every issue of the site.
 *
 * @throws JqlRefinementError naming the problem.
 */
export function requiredJql(jql: string): string {
  const condition = validateJqlRefinement(jql);
  if (condition === '')
    throw new JqlRefinementError(
      'The JQL is empty: name the issues to count (e.g. project = MAIL AND labels = login).',
    );
  return condition;
}

/** Who asked for a measurement: the daily scheduled run, or a person on the OKR page. */
export type MeasurementTrigger = 'daily' | 'on-demand';

/**
 * The measurement id of a measured value (the OKR store records one measurement id once):
 * - daily: `measured:YYYY-MM-DD` (the local day in the period's zone), so the scheduled run and its retries record
 *   one value per key result and day;
 * - on demand: `measured:YYYY-MM-DDTHH:mm` (the local minute), so a person's measurement lands even after the
 *   day's scheduled one, and a double click within the same minute is recorded once.
 *
 * @example measurementIdFor('daily', Date.UTC(2026, 11, 5, 9), 'Europe/Berlin') === 'measured:2026-12-05'
 * @example measurementIdFor('on-demand', Date.UTC(2026, 11, 5, 9, 7), 'Europe/Berlin') === 'measured:2026-12-05T10:07'
 */
export function measurementIdFor(trigger: MeasurementTrigger, nowMs: number, timeZone: string): string {
  if (trigger === 'daily') return `measured:${localDate(nowMs, timeZone)}`;
  const minute = jqlDateTime(Math.floor(nowMs / MS_PER_MINUTE) * MS_PER_MINUTE, timeZone);
  return `measured:${minute.replace(' ', 'T')}`;
}

/** A flow metric over some local days, with the number of issues it was computed from. */
export interface FlowMetricValue {
  /** In the metric's unit (days, issues per week, issues, share 0..1); null when the days give no value. */
  readonly value: number | null;
  /** Issues the value counts: finished in the days (times, throughput, efficiency) or the mean WIP's issues. */
  readonly sampleSize: number;
}

/**
 * A flow metric over the local days `[firstDate, lastDate]` of the facts' time zone, as the project page computes
 * its summary (FLOW-METRICS.md §3):
 * - `leadTimeP50/P85`, `cycleTimeP50/P85`: the percentile (type 7) of the lead or cycle times of the issues whose
 *   done instant falls on those days, days (2 decimals); null when none finished;
 * - `throughputPerWeek`: issues done on those days ÷ days × 7 (2 decimals);
 * - `wip`: the mean of the days' end-of-day WIP (stages from the start stage up to, not including, done; today's
 *   as of now), issues (2 decimals); a day before the first loaded issue counts 0. The mean, not one day's WIP,
 *   so the value does not hinge on the hour of the measurement and the baseline period compares like with like;
 * - `flowEfficiency`: active time ÷ cycle time summed over the issues done on those days (each issue weighted by its
 *   cycle time), share 0..1 (3 decimals); null when none finished with a cycle time.
 */
export function flowMetricValue(
  facts: FlowFacts,
  metric: FlowKrMetric,
  firstDate: string,
  lastDate: string,
): FlowMetricValue {
  const tz = facts.timeZone;
  const finished = facts.issues.filter((issue) => {
    if (issue.doneMs === null) return false;
    const day = localDate(issue.doneMs, tz);
    return day >= firstDate && day <= lastDate;
  });
  const days = toDayNumber(lastDate) - toDayNumber(firstDate) + 1;
  switch (metric) {
    case 'leadTimeP50':
    case 'leadTimeP85':
    case 'cycleTimeP50':
    case 'cycleTimeP85': {
      const lead = metric.startsWith('lead');
      const values = finished.flatMap((issue) => {
        const ms = lead ? issue.leadTimeMs : issue.cycleTimeMs;
        return ms === null ? [] : [ms];
      });
      const p = percentile(sortNumbers(values), metric.endsWith('P50') ? 50 : 85);
      return { value: p === null ? null : round(p / MS_PER_DAY, 2), sampleSize: values.length };
    }
    case 'throughputPerWeek':
      return { value: round((finished.length / days) * 7, 2), sampleSize: finished.length };
    case 'wip': {
      // The engine's series begins with the earliest loaded issue: days before it had no work in progress.
      const rows = facts.daily.filter((row) => row.date >= firstDate && row.date <= lastDate);
      const total = rows.reduce((sum, row) => sum + row.wip, 0);
      return { value: round(total / days, 2), sampleSize: Math.max(0, ...rows.map((row) => row.wip)) };
    }
    case 'flowEfficiency': {
      let activeMs = 0;
      let cycleMs = 0;
      let sample = 0;
      for (const issue of finished) {
        if (issue.flowEfficiency === null || issue.cycleTimeMs === null || issue.cycleTimeMs <= 0) continue;
        activeMs += issue.flowEfficiency * issue.cycleTimeMs;
        cycleMs += issue.cycleTimeMs;
        sample += 1;
      }
      return { value: cycleMs > 0 ? round(activeMs / cycleMs, 3) : null, sampleSize: sample };
    }
  }
}

/**
 * The unit a flow metric's values are in (for messages and the key result's default unit).
 * @example flowMetricUnit('leadTimeP50') === 'days'
 */
export function flowMetricUnit(metric: FlowKrMetric): 'days' | 'issues/week' | 'issues' | 'share' {
  if (metric === 'throughputPerWeek') return 'issues/week';
  if (metric === 'wip') return 'issues';
  if (metric === 'flowEfficiency') return 'share';
  return 'days';
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}
