/**
 * Translated text for the backend, pure: a {@link Translate} over one language's messages from `locales/` (Forge's
 * i18n serves them on Forge, the preview and tests read the same files). Placeholders are `{name}`, as in the UI.
 */

/** Values for a message's `{name}` placeholders. */
export type TextValues = Readonly<Record<string, string | number>>;

/** The message `key` in one language with its placeholders filled; the key itself when no message has it. */
export type Translate = (key: string, values?: TextValues) => string;

/**
 * A {@link Translate} over `messages` (one locale file's content). A placeholder without a value stays as written,
 * so a missing value shows rather than vanishes.
 * @example translatorOf({ hi: 'Hallo {name}' })('hi', { name: 'Anna' }) // 'Hallo Anna'
 */
export function translatorOf(messages: Readonly<Record<string, unknown>>): Translate {
  return (key, values = {}) => {
    const message = messages[key];
    if (typeof message !== 'string') return key;
    return message.replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      return value === undefined ? whole : String(value);
    });
  };
}
