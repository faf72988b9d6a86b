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
  if (value.length === 28) {
    const fast = parseCanonicalJiraInstant(value);
    if (fast !== null) return fast;
  }
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

const ZERO = 48;

/** Two ASCII digits at `i`, or -1. */
function digits2(s: string, i: number): number {
  const a = s.charCodeAt(i) - ZERO;
  const b = s.charCodeAt(i + 1) - ZERO;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : -1;
}

/**
 * Fast path for Jira Cloud's own 28-character form `YYYY-MM-DDTHH:mm:ss.SSS±hhmm`, which is nearly every
 * timestamp the engine reads (parsing dominated the engine's time on 100,000 issues). Returns null for anything
 * else, which then takes the general path; the range checks are the same.
 */
function parseCanonicalJiraInstant(s: string): number | null {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58)
    return null;
  if (s.charCodeAt(16) !== 58 || s.charCodeAt(19) !== 46) return null;
  const signCode = s.charCodeAt(23);
  if (signCode !== 43 && signCode !== 45) return null;
  const yearHi = digits2(s, 0);
  const yearLo = digits2(s, 2);
  const month = digits2(s, 5);
  const day = digits2(s, 8);
  const hour = digits2(s, 11);
  const minute = digits2(s, 14);
  const second = digits2(s, 17);
  const msHi = digits2(s, 20);
  const msLo = s.charCodeAt(22) - ZERO;
  const offH = digits2(s, 24);
  const offM = digits2(s, 26);
  if (yearHi < 0 || yearLo < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23) return null;
  if (minute < 0 || minute > 59 || second < 0 || second > 59 || msHi < 0 || msLo < 0 || msLo > 9) return null;
  if (offH < 0 || offH > 18 || offM < 0 || offM > 59) return null;
  const year = yearHi * 100 + yearLo;
  const monthDays = month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 31);
  if (day > monthDays) return null;
  const offsetMinutes = (signCode === 45 ? -1 : 1) * (offH * 60 + offM);
  return Date.UTC(year, month - 1, day, hour, minute, second, msHi * 10 + msLo) - offsetMinutes * 60_000;
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

const TWO_DIGITS = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0'));
const THREE_DIGITS = Array.from({ length: 1000 }, (_, i) => String(i).padStart(3, '0'));

/**
 * Formats epoch milliseconds as ISO-8601 UTC (`2020-01-03T15:00:00.000Z`), like `Date#toISOString` for years
 * 0000–9999. Integer arithmetic instead of a `Date` per call: the report formats three instants per issue, and
 * on 100,000 issues `toISOString` was a seventh of the engine's time.
 */
export function toIsoUtc(instantMs: number): string {
  const days = Math.floor(instantMs / 86_400_000);
  if (!Number.isFinite(days) || days < -719_162 || days > 2_932_896) return new Date(instantMs).toISOString();
  let msOfDay = instantMs - days * 86_400_000;
  const hour = Math.floor(msOfDay / 3_600_000);
  msOfDay -= hour * 3_600_000;
  const minute = Math.floor(msOfDay / 60_000);
  msOfDay -= minute * 60_000;
  const second = Math.floor(msOfDay / 1000);
  const ms = msOfDay - second * 1000;
  // Civil date from days since 1970-01-01 (H. Hinnant's days_from_civil inverse).
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  return `${String(year).padStart(4, '0')}-${TWO_DIGITS[month] ?? ''}-${TWO_DIGITS[day] ?? ''}T${TWO_DIGITS[hour] ?? ''}:${TWO_DIGITS[minute] ?? ''}:${TWO_DIGITS[second] ?? ''}.${THREE_DIGITS[ms] ?? ''}Z`;
}
