/**
 * The backend's translations (user-facing messages such as the workflow validator's refusals), from `locales/`:
 * Forge's i18n on Forge (`src/adapters/texts/forge-texts.ts`), the same files read directly in the preview and
 * tests (`src/adapters/texts/locale-file-texts.ts`).
 */
import type { Translate } from '../../domain/shared/texts';

export type { Translate, TextValues } from '../../domain/shared/texts';

/** The languages the app speaks (`de-DE.json`, `en-US.json`). */
export type TextLanguage = 'de' | 'en';

export interface TextsPort {
  /** The messages of `language`. */
  readonly translate: (language: TextLanguage) => Promise<Translate>;
}
