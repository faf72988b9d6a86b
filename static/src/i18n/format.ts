/**
 * Number, duration and date formatting with `Intl` in the user's locale (see `formattingLocaleOf`).
 * Durations are elapsed calendar time (24-hour days), shown in days with one decimal.
 */

const msPerDay = 86_400_000;

export interface Formatters {
  /** Duration with unit, one decimal: `3,5 Tage` (de) / `3.5 days` (en). */
  readonly days: (ms: number) => string;
  /** Duration in days as a bare number with one decimal (for table cells headed "Days"). */
  readonly dayNumber: (ms: number) => string;
  /** Ratio 0..1 as a whole percentage: `42 %` (de) / `42%` (en). */
  readonly percent: (ratio: number) => string;
  /** An ISO instant as a medium date and short time in the user's time zone. */
  readonly dateTime: (iso: string) => string;
}

function safeTimeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC'; // an unknown zone name: UTC is at least unambiguous
  }
}

/**
 * Formatters for `locale` (BCP-47) and the IANA `timeZone` dates are shown in.
 * @example createFormatters('de-DE', 'Europe/Berlin').days(302_400_000) // '3,5 Tage'
 */
export function createFormatters(locale: string, timeZone: string): Formatters {
  const daysWithUnit = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'day',
    unitDisplay: 'long',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const dayNumber = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: safeTimeZone(timeZone),
  });
  return {
    days: (ms) => daysWithUnit.format(ms / msPerDay),
    dayNumber: (ms) => dayNumber.format(ms / msPerDay),
    percent: (ratio) => percent.format(ratio),
    dateTime: (iso) => {
      const instant = Date.parse(iso);
      return Number.isNaN(instant) ? iso : dateTime.format(instant);
    },
  };
}
