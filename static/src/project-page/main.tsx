/**
 * Entry of the project flow page (`jira:projectPage`). Applies Jira's theme, reads the project from the view
 * context (`extension.project.key`), loads the translations and renders the page. Opening an issue goes through
 * `router.open('/browse/KEY')` (a new tab in Jira, the host page's navigation in the preview).
 */
import { router, view } from '@forge/bridge';
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import 'uplot/dist/uPlot.min.css';
import '../charts/charts.css';
import './project-page.css';
import { loadBundledMessages } from '../i18n/bundled';
import { loadI18n } from '../i18n/load';
import { createForgeTranslate, enableTheme, getUiContext } from '../platform/forge';
import { flowInvoke } from './flow-invoke';
import { ProjectFlowPage } from './project-flow-page';

async function projectKeyOfContext(): Promise<string | null> {
  const context = await view.getContext();
  const extension = context.extension as { project?: { key?: unknown } } | undefined;
  const key = extension?.project?.key;
  return typeof key === 'string' && key !== '' ? key : null;
}

async function start(container: HTMLElement): Promise<void> {
  const root = createRoot(container);
  container.setAttribute('aria-busy', 'true');
  void enableTheme();
  try {
    const [context, projectKey] = await Promise.all([getUiContext(), projectKeyOfContext()]);
    const i18n = await loadI18n(context.locale, context.timeZone, {
      createForgeTranslate,
      loadBundled: loadBundledMessages,
    });
    document.documentElement.lang = i18n.formattingLocale;
    container.removeAttribute('aria-busy');
    if (projectKey === null) {
      root.render(
        <p role="alert" className="state-error">
          {i18n.t('projectPage.noProject')}
        </p>,
      );
      return;
    }
    root.render(
      <ProjectFlowPage
        projectKey={projectKey}
        invoke={flowInvoke}
        i18n={i18n}
        openIssue={(key) => {
          void router.open(`/browse/${encodeURIComponent(key)}`);
        }}
      />,
    );
  } catch (error) {
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
