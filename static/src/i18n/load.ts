/** Loads the UI's strings and formatters for the user's locale. */
import { createFormatters, type Formatters } from './format';
import {
  createTranslate,
  formattingLocaleOf,
  uiLanguageOf,
  type ForgeTranslate,
  type Messages,
  type Translate,
  type UiLanguage,
} from './translator';

export interface UiI18n {
  readonly language: UiLanguage;
  /** The locale numbers and dates are formatted in. */
  readonly formattingLocale: string;
  readonly t: Translate;
  readonly format: Formatters;
}

export interface I18nSources {
  /** Forge's translation function for a locale, or null when the host has none. */
  readonly createForgeTranslate: (locale: string) => Promise<ForgeTranslate | null>;
  /** The bundled strings of a language (English fills keys German lacks). */
  readonly loadBundled: (language: UiLanguage) => Promise<Messages>;
}

/**
 * Strings from Forge's translation function when it is available, otherwise from the bundled locale files;
 * numbers and dates in the user's locale and time zone.
 */
export async function loadI18n(locale: string, timeZone: string, sources: I18nSources): Promise<UiI18n> {
  const language = uiLanguageOf(locale);
  const forge = await sources.createForgeTranslate(locale);
  // Bundled strings are only fetched when Forge cannot translate: they are a separate chunk.
  const bundled = forge === null ? await sources.loadBundled(language) : {};
  const formattingLocale = formattingLocaleOf(locale);
  return {
    language,
    formattingLocale,
    t: createTranslate(forge, bundled),
    format: createFormatters(formattingLocale, timeZone),
  };
}
