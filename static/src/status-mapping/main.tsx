/**
 * Entry of the status-mapping settings page (`jira:projectSettingsPage`). Applies Jira's theme, reads the
 * project from the view context and loads the translations.
 */
import { view } from '@forge/bridge';
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './status-mapping.css';
import { loadBundledMessages } from '../i18n/bundled';
import { loadI18n } from '../i18n/load';
import { createForgeTranslate, enableTheme } from '../platform/forge';
import { invokeMapping } from './mapping-api';
import { StatusMappingPage } from './status-mapping-page';

function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

async function start(container: HTMLElement): Promise<void> {
  const root = createRoot(container);
  container.setAttribute('aria-busy', 'true');
  void enableTheme();
  try {
    const context = await view.getContext();
    const extension = context.extension as { project?: { key?: unknown } } | undefined;
    const locale = (stringOrNull(context.locale) ?? 'en-US').replace('_', '-');
    const i18n = await loadI18n(locale, stringOrNull(context.timezone) ?? 'UTC', {
      createForgeTranslate,
      loadBundled: loadBundledMessages,
    });
    document.documentElement.lang = i18n.formattingLocale;
    container.removeAttribute('aria-busy');
    root.render(
      <StatusMappingPage
        projectKey={stringOrNull(extension?.project?.key)}
        invoke={invokeMapping}
        i18n={i18n}
      />,
    );
  } catch (error) {
    container.removeAttribute('aria-busy');
    root.render(
      <p role="alert" className="state-error">
        The status mapping could not start. / Die Statuszuordnung konnte nicht starten. ({String(error)})
      </p>,
    );
  }
}

const container = document.getElementById('root');
if (container !== null) void start(container);
