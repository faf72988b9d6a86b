/** Number and date formats of the project page and gadget in the user's locale (on top of `i18n/format.ts`). */
import type { UiI18n } from '../i18n/load';

export interface PageFormat {
  /** A number with one decimal: `3,5` / `3.5`. */
  readonly decimal: (value: number) => string;
  /** A whole number with grouping: `20.000` / `20,000`. */
  readonly integer: (value: number) => string;
  /** A ratio 0..1 as a whole percentage. */
  readonly percent: (ratio: number) => string;
  /** Days with unit and one decimal: `3,5 Tage` / `3.5 days`. */
  readonly days: (days: number) => string;
  /** A `YYYY-MM-DD` calendar date, medium style: `2. März 2026` / `Mar 2, 2026`. */
  readonly date: (date: string) => string;
  /** An instant as a medium date in `timeZone`. */
  readonly dateOfMs: (ms: number, timeZone: string) => string;
  /** An instant as date and time in `timeZone`. */
  readonly dateTimeOfMs: (ms: number, timeZone: string) => string;
}

function safeZone(timeZone: string): string {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone });
    return timeZone;
  } catch {
    return 'UTC';
  }
}

/** Formats for the locale of `i18n`. */
export function createPageFormat(i18n: Pick<UiI18n, 'formattingLocale'>): PageFormat {
  const locale = i18n.formattingLocale;
  const decimal = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  const integer = new Intl.NumberFormat(locale, { maximumFractionDigits: 0 });
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const days = new Intl.NumberFormat(locale, {
    style: 'unit',
    unit: 'day',
    unitDisplay: 'long',
    minimumFractionDigits: 1,
    maximumFractionDigits: 1,
  });
  const utcDate = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  return {
    decimal: (value) => decimal.format(value),
    integer: (value) => integer.format(value),
    percent: (ratio) => percent.format(ratio),
    days: (value) => days.format(value),
    date: (date) => {
      const ms = Date.parse(`${date}T00:00:00Z`);
      return Number.isNaN(ms) ? date : utcDate.format(ms);
    },
    dateOfMs: (ms, timeZone) =>
      new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: safeZone(timeZone) }).format(ms),
    dateTimeOfMs: (ms, timeZone) =>
      new Intl.DateTimeFormat(locale, {
        dateStyle: 'medium',
        timeStyle: 'short',
        timeZone: safeZone(timeZone),
      }).format(ms),
  };
}
