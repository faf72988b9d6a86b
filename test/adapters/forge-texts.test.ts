/**
 * Forge's i18n as the backend's texts: `i18n.getTranslations` hands over one locale file as a whole (the first of
 * the lookup order that exists), with no per-key fallback. The adapter must still answer a key the German file
 * lacks in English, as the preview's texts (`localeFileTexts`) and the UI do, and must not pass off a missing
 * translation file as messages (every key would come back as its own name).
 */
import { i18n } from '@forge/api';
import { createForgeTexts } from '../../src/adapters/texts/forge-texts';

jest.mock('@forge/api', () => ({ i18n: { getTranslations: jest.fn() } }));

const getTranslations = i18n.getTranslations as unknown as jest.Mock;

const FILES: Record<string, Record<string, string>> = {
  'en-US': { 'a.hello': 'Hello {name}', 'a.only': 'Only in English' },
  'de-DE': { 'a.hello': 'Hallo {name}' },
};

beforeEach(() => {
  getTranslations.mockReset();
  // Forge's TranslationsGetter: the requested locale's file when the manifest lists it, else the default's.
  getTranslations.mockImplementation((locale: string) =>
    Promise.resolve({ translations: FILES[locale] ?? FILES['en-US'], locale }),
  );
});

it('answers in German, and in English for a key the German file lacks (not the key itself)', async () => {
  const texts = createForgeTexts();
  const german = await texts.translate('de');
  expect(german('a.hello', { name: 'Anna' })).toBe('Hallo Anna');
  expect(german('a.only')).toBe('Only in English');
  expect((await texts.translate('en'))('a.hello', { name: 'Ann' })).toBe('Hello Ann');
});

it('refuses translations Forge could not find instead of answering every key with its name, and asks again later', async () => {
  const forge = getTranslations.getMockImplementation() as (locale: string) => Promise<unknown>;
  getTranslations.mockImplementation((locale: string) =>
    locale === 'de-DE' ? Promise.resolve({ translations: null, locale }) : forge(locale),
  );
  const texts = createForgeTexts();
  await expect(texts.translate('de')).rejects.toThrow(/no translations for de-DE/);
  getTranslations.mockImplementation(forge);
  expect((await texts.translate('de'))('a.hello', { name: 'Anna' })).toBe('Hallo Anna');
});
