import { createFormatters } from '../../static/src/i18n/format';
import { loadI18n } from '../../static/src/i18n/load';
import {
  createTranslate,
  formattingLocaleOf,
  interpolate,
  uiLanguageOf,
  type UiLanguage,
} from '../../static/src/i18n/translator';

const dayMs = 86_400_000;
const nbsp = '\u00a0';

describe('uiLanguageOf', () => {
  it.each([
    ['de-DE', 'de'],
    ['de-AT', 'de'],
    ['de_CH', 'de'],
    ['de', 'de'],
    ['en-US', 'en'],
    ['fr-FR', 'en'],
    ['dex', 'en'],
  ])('%s → %s', (locale, language) => {
    expect(uiLanguageOf(locale)).toBe(language);
  });
});

describe('formattingLocaleOf', () => {
  it.each([
    ['de-DE', 'de-DE'],
    ['de-AT', 'de-AT'],
    ['de_DE', 'de-DE'],
    ['en-GB', 'en-GB'],
    ['fr-FR', 'en-US'],
    ['ja-JP', 'en-US'],
  ])('formats numbers for %s in %s', (locale, expected) => {
    expect(formattingLocaleOf(locale)).toBe(expected);
  });
});

describe('createFormatters', () => {
  const de = createFormatters('de-DE', 'Europe/Berlin');
  const en = createFormatters('en-US', 'America/New_York');

  it('formats durations in days with one decimal in the locale', () => {
    expect(de.days(3.5 * dayMs)).toBe('3,5 Tage');
    expect(en.days(3.5 * dayMs)).toBe('3.5 days');
    expect(de.days(dayMs)).toBe('1,0 Tage');
    expect(en.days(16 * 3_600_000)).toBe('0.7 days');
  });

  it('formats bare day numbers for table cells', () => {
    expect(de.dayNumber(1234.5 * dayMs)).toBe('1.234,5');
    expect(en.dayNumber(1234.5 * dayMs)).toBe('1,234.5');
  });

  it('formats flow efficiency as a whole percentage', () => {
    expect(de.percent(0.8)).toBe(`80${nbsp}%`);
    expect(en.percent(0.8)).toBe('80%');
    expect(en.percent(1 / 6)).toBe('17%');
  });

  it('shows instants in the given time zone', () => {
    // 2026-03-02T08:00Z is 09:00 in Berlin (CET) and 03:00 in New York (EST).
    expect(de.dateTime('2026-03-02T08:00:00.000Z')).toBe('02.03.2026, 09:00');
    // ICU versions differ in the space before AM (U+0020 or U+202F): compare with plain spaces.
    const plain = (s: string): string => s.replace(/\u202f/g, ' ');
    expect(plain(en.dateTime('2026-03-02T08:00:00.000Z'))).toBe('Mar 2, 2026, 3:00 AM');
    // New York switches to daylight saving time on 2026-03-08: 08:00Z is 04:00 EDT.
    expect(plain(en.dateTime('2026-03-08T08:00:00.000Z'))).toBe('Mar 8, 2026, 4:00 AM');
  });

  it('falls back to UTC for an unknown time zone and keeps an unparseable date as it is', () => {
    const formatters = createFormatters('de-DE', 'Mars/Olympus_Mons');
    expect(formatters.dateTime('2026-03-08T08:00:00.000Z')).toBe('08.03.2026, 08:00');
    expect(formatters.dateTime('yesterday')).toBe('yesterday');
  });
});

describe('interpolate', () => {
  it('replaces known placeholders and leaves unknown ones visible', () => {
    expect(interpolate('Flow of {issueKey} ({missing})', { issueKey: 'HD-42' })).toBe(
      'Flow of HD-42 ({missing})',
    );
  });
});

describe('createTranslate', () => {
  const bundled = { greeting: 'Hallo {name}', onlyBundled: 'aus dem Bündel' };

  it("prefers Forge's translation and interpolates it", () => {
    const forge = (key: string, fallback?: string): string =>
      key === 'greeting' ? 'Servus {name}' : (fallback ?? key);
    expect(createTranslate(forge, bundled)('greeting', { name: 'Ada' })).toBe('Servus Ada');
  });

  it('uses the bundled string when Forge lacks the key', () => {
    const forge = (key: string): string => key; // Forge answers a missing key with the key itself
    expect(createTranslate(forge, bundled)('onlyBundled')).toBe('aus dem Bündel');
  });

  it('shows a key missing everywhere as itself', () => {
    expect(createTranslate(null, bundled)('nowhere')).toBe('nowhere');
  });
});

describe('loadI18n', () => {
  it("uses Forge's translation function and does not fetch the bundled strings when Forge has one", async () => {
    const loaded: UiLanguage[] = [];
    const i18n = await loadI18n('de-DE', 'Europe/Berlin', {
      createForgeTranslate: () => Promise.resolve((key: string) => (key === 'k' ? 'von Forge' : key)),
      loadBundled: (language) => {
        loaded.push(language);
        return Promise.resolve({});
      },
    });
    expect(i18n.t('k')).toBe('von Forge');
    expect(loaded).toEqual([]);
    expect(i18n.language).toBe('de');
    expect(i18n.format.days(dayMs / 2)).toBe('0,5 Tage');
  });

  it('falls back to the bundled strings of the UI language when Forge has no translation function', async () => {
    const loaded: UiLanguage[] = [];
    const i18n = await loadI18n('fr-FR', 'Europe/Paris', {
      createForgeTranslate: () => Promise.resolve(null),
      loadBundled: (language) => {
        loaded.push(language);
        return Promise.resolve({ k: 'bundled English' });
      },
    });
    expect(loaded).toEqual(['en']);
    expect(i18n.t('k')).toBe('bundled English');
    expect(i18n.formattingLocale).toBe('en-US');
  });
});
