/**
 * Entry of the issue panel (`jira:issuePanel`). Applies Jira's theme, reads the view context, and loads the
 * translations and the issue's flow at the same time.
 */
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './issue-panel.css';
import { invokeResolver } from '../api/invoke';
import { loadBundledMessages } from '../i18n/bundled';
import { loadI18n } from '../i18n/load';
import { createForgeTranslate, enableTheme, getUiContext } from '../platform/forge';
import { IssuePanel } from './issue-panel';
import { loadIssueFlow } from './issue-flow-model';

async function start(container: HTMLElement): Promise<void> {
  const root = createRoot(container);
  container.setAttribute('aria-busy', 'true'); // until the translations are there: no words to say yet
  void enableTheme();
  try {
    const context = await getUiContext();
    const request = loadIssueFlow(invokeResolver, context.issueKey);
    const i18n = await loadI18n(context.locale, context.timeZone, {
      createForgeTranslate,
      loadBundled: loadBundledMessages,
    });
    document.documentElement.lang = i18n.formattingLocale;
    container.removeAttribute('aria-busy');
    root.render(
      <IssuePanel issueKey={context.issueKey} invoke={invokeResolver} i18n={i18n} initialRequest={request} />,
    );
  } catch (error) {
    // Without a context there are no translations either: a short bilingual message is all that can be said.
    container.removeAttribute('aria-busy');
    root.render(
      <p role="alert" className="state-error">
        Flow metrics could not start. / Flussmetriken konnten nicht starten. ({String(error)})
      </p>,
    );
  }
}

const container = document.getElementById('root');
if (container !== null) void start(container);
