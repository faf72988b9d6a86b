/**
 * The locale files (`locales/*.json`, the same files the manifest's `translations` point at) as lazily loaded
 * chunks: only fetched when Forge's own translation function is unavailable.
 */
import type { Messages, UiLanguage } from './translator';

/** The bundled strings of `language`; German is laid over English so a key German lacks still reads. */
export async function loadBundledMessages(language: UiLanguage): Promise<Messages> {
  const english: Messages = (await import('../../../locales/en-US.json')).default;
  if (language === 'en') return english;
  const german: Messages = (await import('../../../locales/de-DE.json')).default;
  return { ...english, ...german };
}
