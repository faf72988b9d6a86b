/**
 * The start of every Custom UI module: mounts React on `#root` (busy until the translations are there), applies
 * Jira's theme, reads the view context, loads the translations for the user's locale and time zone, sets the
 * page's `lang` and renders the module. A module that cannot start says so in both languages (without a context
 * there are no translations to say it with).
 */
import type { ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import { loadBundledMessages } from '../i18n/bundled';
import { loadI18n, type UiI18n } from '../i18n/load';
import { createForgeTranslate, enableTheme, getUiContext, type UiContext } from './forge';

/**
 * What a module shows: called with the view context as soon as it is read (a module may start its first request
 * here, while the translations load), it returns the function that renders the module with the translations.
 */
export type ModuleView = (context: UiContext) => (i18n: UiI18n) => ReactNode;

/**
 * Starts the module on the page's `#root` element (nothing happens without one).
 * @param failure - bilingual sentence shown when the module cannot start, e.g. `X could not start. / X konnte
 *   nicht starten.`; the cause is appended in parentheses.
 */
export function startModule(failure: string, moduleView: ModuleView): void {
  const container = document.getElementById('root');
  if (container !== null) void start(container, failure, moduleView);
}

async function start(container: HTMLElement, failure: string, moduleView: ModuleView): Promise<void> {
  const root = createRoot(container);
  container.setAttribute('aria-busy', 'true'); // until the translations are there: no words to say yet
  void enableTheme();
  try {
    const context = await getUiContext();
    const render = moduleView(context);
    const i18n = await loadI18n(context.locale, context.timeZone, {
      createForgeTranslate,
      loadBundled: loadBundledMessages,
    });
    document.documentElement.lang = i18n.formattingLocale;
    container.removeAttribute('aria-busy');
    root.render(render(i18n));
  } catch (error) {
    container.removeAttribute('aria-busy');
    root.render(
      <p role="alert" className="state-error">
        {failure} ({String(error)})
      </p>,
    );
  }
}
