/**
 * The UI's German and English translation and formatting as the modules set them up, for rendering tests:
 * German falls back to English for a missing key, as the bundled loader does.
 */
import germanMessages from '../../../locales/de-DE.json';
import englishMessages from '../../../locales/en-US.json';
import { createFormatters } from '../../../static/src/i18n/format';
import type { UiI18n } from '../../../static/src/i18n/load';
import { createTranslate } from '../../../static/src/i18n/translator';

/** German in Europe/Berlin. */
export const germanUi: UiI18n = {
  language: 'de',
  formattingLocale: 'de-DE',
  t: createTranslate(null, { ...englishMessages, ...germanMessages }),
  format: createFormatters('de-DE', 'Europe/Berlin'),
};

/** English in UTC. */
export const englishUi: UiI18n = {
  language: 'en',
  formattingLocale: 'en-US',
  t: createTranslate(null, englishMessages),
  format: createFormatters('en-US', 'UTC'),
};
