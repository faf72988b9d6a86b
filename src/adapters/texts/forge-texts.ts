/**
 * Forge's i18n as the backend's {@link TextsPort}: `i18n.getTranslations(locale)` from `@forge/api` reads the
 * translation files the manifest names (`translations.resources`: `locales/en-US.json`, `locales/de-DE.json`),
 * falling back to the manifest's default. Forge's own translation function does not fill placeholders, so the
 * messages are filled here (`translatorOf`, `{name}` as in the UI). Loaded once per locale and invocation
 * container (Forge caches the files as well).
 */
import { i18n } from '@forge/api';
import type { TextLanguage, TextsPort } from '../../application/ports/texts-port';
import { translatorOf, type Translate } from '../../domain/shared/texts';

const LOCALE_OF: Readonly<Record<TextLanguage, string>> = { de: 'de-DE', en: 'en-US' };

export function createForgeTexts(): TextsPort {
  const loaded = new Map<TextLanguage, Promise<Translate>>();
  return {
    translate: (language) => {
      let translate = loaded.get(language);
      if (translate === undefined) {
        translate = i18n
          .getTranslations(LOCALE_OF[language], { fallback: true })
          .then((result) => translatorOf(result.translations ?? {}));
        // A failed read is not kept: the next call asks again.
        translate.catch(() => loaded.delete(language));
        loaded.set(language, translate);
      }
      return translate;
    },
  };
}
