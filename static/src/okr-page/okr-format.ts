/** Number formats of the OKR page in the user's locale: values with their unit, shares, grades, confidence. */
import { keyResultValue, type ValuedKeyResult } from '../okr-gadget/okr-gadget-model';
import type { UiI18n } from '../i18n/load';

export interface OkrFormat {
  /**
   * A key result's value: a share (issue progress, flow efficiency) as percent, `80 %`; any other with up to two
   * decimals and the key result's unit, `8,5 Tage` / `8.5 days`; `–` for none.
   */
  readonly value: (value: number | null, keyResult: ValuedKeyResult) => string;
  /** A share 0..1 as a whole percentage. */
  readonly percent: (share: number) => string;
  /** A grade 0..1 with one decimal: `0,7` / `0.7`. */
  readonly grade: (grade: number) => string;
  /** An instant as date and time in the user's time zone. */
  readonly dateTime: (ms: number) => string;
  /** An instant as a medium date in the user's time zone. */
  readonly date: (ms: number) => string;
}

export function createOkrFormat(i18n: Pick<UiI18n, 'formattingLocale'>, timeZone: string): OkrFormat {
  const locale = i18n.formattingLocale;
  const percent = new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: 0 });
  const grade = new Intl.NumberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 });
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    zone = 'UTC';
  }
  const dateTime = new Intl.DateTimeFormat(locale, {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: zone,
  });
  const date = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: zone });
  return {
    value: (value, keyResult) => (value === null ? '–' : keyResultValue(value, keyResult, locale)),
    percent: (share) => percent.format(share),
    grade: (value) => grade.format(value),
    dateTime: (ms) => dateTime.format(ms),
    date: (ms) => date.format(ms),
  };
}
