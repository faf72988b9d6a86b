/**
 * Chunk of the global page for the FitSM subpages that are not part of this version yet (global-page-routes.ts):
 * renders their shared empty state, titled by the route.
 */
import '../shared/base.css';
import './fitsm.css';
import { startModule } from '../platform/start-module';
import { currentSubpageRoute } from '../platform/subpage';
import { FitsmNotAvailable } from './not-available';

async function boot(): Promise<void> {
  const route = await currentSubpageRoute();
  startModule('The FitSM page could not start. / Die FitSM-Seite konnte nicht starten.', () => (i18n) => (
    <FitsmNotAvailable route={route} i18n={i18n} />
  ));
}

void boot();
