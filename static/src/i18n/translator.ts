/**
 * Translation for the Custom UI. Strings come from Forge's own i18n (`locales/*.json` declared under the
 * manifest's `translations`) and, where that is not available (local preview, an old host), from the same
 * files bundled with the module. German for `de*` locales, English for every other locale.
 */

/** Forge's `TranslationFunction`: returns `defaultValue` (or the key itself) when the key is missing. */
export type ForgeTranslate = (i18nKey: string, defaultValue?: string) => string;

/** A flat key → string map, the format of `locales/<locale>.json`. */
export type Messages = Readonly<Record<string, string>>;

/** The languages the app's strings exist in. */
export type UiLanguage = 'de' | 'en';

/** Translates `key`, replacing `{name}` placeholders with `values[name]`. */
export type Translate = (key: string, values?: Readonly<Record<string, string | number>>) => string;

/** The locale file of each UI language (`locales/<file>.json`). */
export const localeFileOf: Readonly<Record<UiLanguage, string>> = { de: 'de-DE', en: 'en-US' };

/**
 * The UI language for a BCP-47 locale: German for any `de` locale, English otherwise.
 * @example uiLanguageOf('de-AT') // 'de'
 */
export function uiLanguageOf(locale: string): UiLanguage {
  return /^de(?:[-_]|$)/i.test(locale) ? 'de' : 'en';
}

/**
 * The locale numbers and dates are formatted in: the user's own locale when it speaks the UI language (so
 * `de-CH` and `en-GB` keep their regional formats), else the UI language's default locale — a French user
 * reads English text, so "3.5 days", not "3,5 jours" inside an English sentence.
 * @example formattingLocaleOf('en-GB') // 'en-GB'
 * @example formattingLocaleOf('fr-FR') // 'en-US'
 */
export function formattingLocaleOf(locale: string): string {
  const language = uiLanguageOf(locale);
  const normalised = locale.replace('_', '-');
  try {
    const [supported] = Intl.NumberFormat.supportedLocalesOf([normalised]);
    const speaksUiLanguage = supported?.split('-')[0]?.toLowerCase() === language;
    if (supported !== undefined && speaksUiLanguage) return supported;
  } catch {
    // A malformed locale tag: fall through to the language default.
  }
  return localeFileOf[language];
}

/** Replaces `{name}` placeholders; unknown placeholders stay visible so a missing value is noticed. */
export function interpolate(template: string, values?: Readonly<Record<string, string | number>>): string {
  if (values === undefined) return template;
  return template.replace(/\{(\w+)\}/g, (match, name: string) => {
    const value = values[name];
    return value === undefined ? match : String(value);
  });
}

/**
 * A `Translate` over Forge's translation function (first choice) and bundled messages (when Forge has no
 * translation function or lacks the key). A key missing everywhere is shown as itself.
 */
export function createTranslate(forge: ForgeTranslate | null, bundled: Messages): Translate {
  return (key, values) => {
    const fromForge = forge === null ? undefined : forge(key, bundled[key]);
    const text = fromForge !== undefined && fromForge !== key ? fromForge : (bundled[key] ?? key);
    return interpolate(text, values);
  };
}
