/**
 * Customer satisfaction (CSAT) of Jira Service Management requests as a measurement: the ratings (1–5) of the
 * requests a scope resolved in a period, summarised as count, mean and distribution. Pure: the application reads
 * the ratings (`src/application/csat.ts`).
 */
import { addDays, startOfLocalDayMs } from '../flow/calendar';
import { jqlString } from '../flow/jql-scope';
import { jqlDateTime, requiredJql } from '../okr/measure';

/** A CSAT rating: 1 (very unsatisfied) … 5 (very satisfied), as JSM's feedback API gives it. */
export type CsatRating = 1 | 2 | 3 | 4 | 5;

export const CSAT_RATINGS: readonly CsatRating[] = [1, 2, 3, 4, 5];

/** The ratings of a set of requests, summarised. */
export interface CsatSummary {
  /** Requests with a rating (requests without one are not counted: a missing rating is not a zero). */
  readonly n: number;
  /** Mean rating on the 1–5 scale, rounded to 3 decimals; null when no request was rated. */
  readonly mean: number | null;
  /** Requests per rating, index 0 = rating 1 … index 4 = rating 5. */
  readonly distribution: readonly [number, number, number, number, number];
}

/** Whether a value is a CSAT rating (an integer 1–5). */
export function isCsatRating(value: unknown): value is CsatRating {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 5;
}

/**
 * Count, mean and distribution of ratings. Requests without a rating are left out by the caller (pass only
 * ratings): the mean is of the ratings given, not of the requests resolved.
 *
 * @example summarizeCsat([5, 4, 4, 1]) // { n: 4, mean: 3.5, distribution: [1, 0, 0, 2, 1] }
 */
export function summarizeCsat(ratings: readonly CsatRating[]): CsatSummary {
  const distribution: [number, number, number, number, number] = [0, 0, 0, 0, 0];
  let sum = 0;
  for (const rating of ratings) {
    if (!isCsatRating(rating))
      throw new RangeError(`A CSAT rating is an integer from 1 to 5, not ${String(rating)}.`);
    distribution[rating - 1] = (distribution[rating - 1] ?? 0) + 1;
    sum += rating;
  }
  const n = ratings.length;
  return { n, mean: n === 0 ? null : Math.round((sum / n) * 1000) / 1000, distribution };
}

/**
 * A user's JQL restricted to issues resolved on the local days `[firstDate, lastDate]` (`YYYY-MM-DD`, inclusive)
 * of `periodTimeZone`: `(jql) AND resolved >= "…" AND resolved < "…"`. Jira reads JQL dates in the searching
 * user's time zone, so the bounds (the start of `firstDate` and of the day after `lastDate` in the period's zone)
 * are written as wall-clock minutes of `searcherTimeZone`.
 *
 * @throws JqlRefinementError for an empty JQL or one the app refuses.
 * @example resolvedWithinJql('project = HD', '2026-01-01', '2026-01-31', 'Europe/Berlin', 'UTC')
 * // '(project = HD) AND resolved >= "2025-12-31 23:00" AND resolved < "2026-01-31 23:00"'
 */
export function resolvedWithinJql(
  jql: string,
  firstDate: string,
  lastDate: string,
  periodTimeZone: string,
  searcherTimeZone: string,
): string {
  const condition = requiredJql(jql);
  const startMs = startOfLocalDayMs(firstDate, periodTimeZone);
  const endMs = startOfLocalDayMs(addDays(lastDate, 1), periodTimeZone);
  if (!(endMs > startMs)) throw new RangeError(`The period ${firstDate} … ${lastDate} has no days.`);
  return (
    `(${condition}) AND resolved >= ${jqlString(jqlDateTime(startMs, searcherTimeZone))}` +
    ` AND resolved < ${jqlString(jqlDateTime(endMs, searcherTimeZone))}`
  );
}
