/**
 * Entry of the project flow page (`jira:projectPage`). Applies Jira's theme, reads the project from the view
 * context (`extension.project.key`), loads the translations and renders the page. Opening an issue goes through
 * `router.open('/browse/KEY')` (a new tab in Jira, the host page's navigation in the preview).
 */
import { router } from '@forge/bridge';
import '../shared/base.css';
import 'uplot/dist/uPlot.min.css';
import '../charts/charts.css';
import './backfill-progress.css';
import './project-page.css';
import { startModule } from '../platform/start-module';
import { invokeResolver } from '../api/invoke';
import { ProjectFlowPage } from './project-flow-page';

startModule(
  'Flow metrics could not start. / Flussmetriken konnten nicht starten.',
  ({ projectKey }) =>
    (i18n) =>
      projectKey === null ? (
        <p role="alert" className="state-error">
          {i18n.t('projectPage.noProject')}
        </p>
      ) : (
        <ProjectFlowPage
          projectKey={projectKey}
          invoke={invokeResolver}
          i18n={i18n}
          openIssue={(key) => {
            void router.open(`/browse/${encodeURIComponent(key)}`);
          }}
        />
      ),
);
