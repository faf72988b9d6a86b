/**
 * Entry of the app's global page (`jira:globalPage` `okr-page`, one per app, titled with the app's name): its
 * subpages are grouped in the sections OKR and FitSM (manifest `sections`). The entry only reads the route and loads
 * that page's chunk (global-page-routes.ts), so each page's code is fetched for its route only.
 */
import { currentSubpageRoute } from '../platform/subpage';
import { globalPageLoaderOf } from './global-page-routes';

async function boot(): Promise<void> {
  await globalPageLoaderOf(await currentSubpageRoute())();
}

void boot();
