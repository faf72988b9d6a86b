/**
 * Entry of the OKR page (`jira:globalPage`, one per app): the subpage `settings` is the OKR settings (Jira admins),
 * every other route the OKRs. Applies Jira's theme, loads the translations and renders the page. Opening an issue
 * goes through `router.open('/browse/KEY')` as on the other pages.
 */
import { router } from '@forge/bridge';
import '../shared/base.css';
import 'uplot/dist/uPlot.min.css';
import '../charts/charts.css';
import './okr-page.css';
import { invokeResolver } from '../api/invoke';
import { startModule } from '../platform/start-module';
import { currentSubpageRoute } from '../platform/subpage';
import { OkrPage } from './okr-page';
import { OkrSettingsPage } from './okr-settings';

async function boot(): Promise<void> {
  const route = await currentSubpageRoute();
  startModule(
    'The OKR page could not start. / Die OKR-Seite konnte nicht starten.',
    ({ accountId, timeZone }) =>
      (i18n) =>
        route === 'settings' ? (
          <OkrSettingsPage invoke={invokeResolver} i18n={i18n} />
        ) : (
          <OkrPage
            invoke={invokeResolver}
            i18n={i18n}
            accountId={accountId}
            timeZone={timeZone}
            openIssue={(key) => {
              void router.open(`/browse/${encodeURIComponent(key)}`);
            }}
          />
        ),
  );
}

void boot();
