/**
 * The backend's {@link TextsPort} outside Forge (local preview, tests): the very locale files Forge serves
 * (`locales/*.json`, named in the manifest's `translations`), read directly.
 */
import germanMessages from '../../../locales/de-DE.json';
import englishMessages from '../../../locales/en-US.json';
import type { TextsPort } from '../../application/ports/texts-port';
import { translatorOf } from '../../domain/shared/texts';

/** German falls back to English for a missing key, as Forge's `fallback.default: en-US` does. */
const german = translatorOf({ ...englishMessages, ...germanMessages });
const english = translatorOf(englishMessages);

export const localeFileTexts: TextsPort = {
  translate: (language) => Promise.resolve(language === 'de' ? german : english),
};
