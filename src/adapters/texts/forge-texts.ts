/**
 * Forge's i18n as the backend's {@link TextsPort}: `i18n.getTranslations(locale)` from `@forge/api` reads the
 * translation files the manifest names (`translations.resources`: `locales/en-US.json`, `locales/de-DE.json`).
 * It hands over one file as a whole (the first of the locale's lookup order that exists), with no per-key fallback,
 * so German is laid over English here: a key the German file lacks answers in English, as in the preview
 * (`locale-file-texts.ts`) and the UI, never with its own name. Forge's own translation function does not fill
 * placeholders, so the messages are filled here (`translatorOf`, `{name}` as in the UI). Loaded once per locale and
 * function container (the files belong to the deployment, not to a user or site; Forge caches them as well).
 */
import { i18n } from '@forge/api';
import type { TextLanguage, TextsPort } from '../../application/ports/texts-port';
import { translatorOf, type Translate } from '../../domain/shared/texts';

const LOCALE_OF: Readonly<Record<TextLanguage, string>> = { de: 'de-DE', en: 'en-US' };
/** The manifest's `translations.fallback.default`. */
const DEFAULT_LOCALE = 'en-US';

/**
 * One locale file's messages.
 *
 * @throws Error when Forge has none for it (no translation file deployed): answering every key with its name would
 *   pass for messages.
 */
async function messagesOf(locale: string): Promise<Readonly<Record<string, unknown>>> {
  const result = await i18n.getTranslations(locale, { fallback: true });
  if (result.translations === null || typeof result.translations !== 'object')
    throw new Error(`Forge's i18n has no translations for ${locale}; deploy the app with its locales/ files`);
  return result.translations;
}

async function loadTranslate(language: TextLanguage): Promise<Translate> {
  const locale = LOCALE_OF[language];
  if (locale === DEFAULT_LOCALE) return translatorOf(await messagesOf(locale));
  const [fallback, own] = await Promise.all([messagesOf(DEFAULT_LOCALE), messagesOf(locale)]);
  return translatorOf({ ...fallback, ...own });
}

export function createForgeTexts(): TextsPort {
  const loaded = new Map<TextLanguage, Promise<Translate>>();
  return {
    translate: (language) => {
      let translate = loaded.get(language);
      if (translate === undefined) {
        translate = loadTranslate(language);
        // A failed read is not kept: the next call asks again.
        translate.catch(() => loaded.delete(language));
        loaded.set(language, translate);
      }
      return translate;
    },
  };
}
