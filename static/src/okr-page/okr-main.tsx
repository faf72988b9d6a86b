/**
 * The OKR section of the app's global page (`jira:globalPage`, one per app), loaded by main.tsx for its routes: the
 * subpage `settings` is the OKR settings (Jira admins), `okrs` (and the page's top level) the OKRs. Applies Jira's
 * theme, loads the translations and renders the page. Opening an issue goes through `router.open('/browse/KEY')` as
 * on the other pages. A deep link from the gadget or the issue panel (`router.navigate` with a module `path`,
 * okr-page-target.ts) arrives as the path of `view.createHistory()`.
 */
import { router, view } from '@forge/bridge';
import '../shared/base.css';
import 'uplot/dist/uPlot.min.css';
import '../charts/charts.css';
import './okr-page.css';
import { invokeResolver } from '../api/invoke';
import { startModule } from '../platform/start-module';
import { currentSubpageRoute } from '../platform/subpage';
import { OkrPage } from './okr-page';
import { okrPageTargetOf, type OkrPageTarget } from './okr-page-target';
import { OkrSettingsPage } from './okr-settings';

/** The deep link the page was opened with; `{}` (the default view) when the host has no history. */
async function currentTarget(): Promise<OkrPageTarget> {
  try {
    const history = await view.createHistory();
    return okrPageTargetOf(history.location.pathname);
  } catch {
    return {};
  }
}

async function boot(): Promise<void> {
  const [route, target] = await Promise.all([currentSubpageRoute(), currentTarget()]);
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
            target={target}
            openIssue={(key) => {
              void router.open(`/browse/${encodeURIComponent(key)}`);
            }}
          />
        ),
  );
}

void boot();
