/**
 * Parsing of Jira timestamps.
 *
 * Jira Cloud writes instants as `2012-01-10T10:29:01.000-0500` (offset without colon); other exports use
 * `…Z` or `…+05:30`. `Date.parse` accepts only the ISO form with a colon reliably, so the engine parses the
 * string itself: faster on large histories and strict, so a malformed value becomes a warning instead of a
 * silently wrong number.
 */

const JIRA_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?\s*(Z|z|[+-]\d{2}(?::?\d{2})?)$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31] as const;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

/**
 * Parses a Jira timestamp into epoch milliseconds (UTC).
 *
 * Measures nothing; converts. The string's own UTC offset is applied (the result is an instant, independent of
 * the machine's time zone). Fractions of a second beyond milliseconds are truncated. A timestamp without an
 * offset is ambiguous and rejected.
 *
 * @returns epoch ms, or `null` when the string is not a valid timestamp with an offset.
 * @example parseJiraInstant('2012-01-10T10:29:01.000-0500') === Date.UTC(2012, 0, 10, 15, 29, 1)
 */
export function parseJiraInstant(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const m = JIRA_INSTANT.exec(value.trim());
  if (m === null) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  const hour = Number(m[4]);
  const minute = Number(m[5]);
  const second = m[6] === undefined ? 0 : Number(m[6]);
  const fraction = m[7] === undefined ? 0 : Number((m[7] + '00').slice(0, 3));
  if (month < 1 || month > 12 || day < 1) return null;
  const monthDays = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
  if (day > monthDays || hour > 23 || minute > 59 || second > 59) return null;
  const zone = m[8] ?? 'Z';
  let offsetMinutes = 0;
  if (zone !== 'Z' && zone !== 'z') {
    const sign = zone.startsWith('-') ? -1 : 1;
    const digits = zone.slice(1).replace(':', '');
    const offH = Number(digits.slice(0, 2));
    const offM = digits.length > 2 ? Number(digits.slice(2, 4)) : 0;
    if (offH > 18 || offM > 59) return null;
    offsetMinutes = sign * (offH * 60 + offM);
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, fraction) - offsetMinutes * 60_000;
}

/**
 * The wall-clock calendar date written in a Jira timestamp, ignoring its offset (`2012-01-10T23:30:00.000-0500`
 * → `2012-01-10`). This is how jira-agile-metrics dates stages (compatibility mode, FLOW-METRICS.md §4).
 *
 * @returns `YYYY-MM-DD`, or `null` when the timestamp is not valid.
 */
export function wallClockDate(value: unknown): string | null {
  if (parseJiraInstant(value) === null) return null;
  return (value as string).trim().slice(0, 10);
}

/** Formats epoch milliseconds as ISO-8601 UTC (`2020-01-03T15:00:00.000Z`). */
export function toIsoUtc(instantMs: number): string {
  return new Date(instantMs).toISOString();
}
