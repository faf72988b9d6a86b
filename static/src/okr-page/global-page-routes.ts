/**
 * The route table of the app's global page (`jira:globalPage` `okr-page`, one per app; manifest `sections`): which
 * chunk shows which subpage. Each entry loads its page's code on demand, so the OKR pages do not carry the FitSM
 * pages and the other way round. A FitSM page adds its route here with its own loader (one line).
 */

/** Loads the chunk of a subpage; the chunk starts its module itself (reading the route where it needs to). */
export type GlobalPageLoader = () => Promise<unknown>;

/** The route the page shows at its top level, or for a route it does not know (Jira opens the first page). */
export const DEFAULT_GLOBAL_PAGE_ROUTE = 'okrs';

/** Every subpage route of the manifest's `okr-page` with the chunk that shows it. */
export const GLOBAL_PAGE_ROUTES: Readonly<Record<string, GlobalPageLoader>> = {
  okrs: () => import('./okr-main'),
  settings: () => import('./okr-main'),
  'fitsm-assessment': () => import('../fitsm/assessment/main'),
  'fitsm-schedule': () => import('../fitsm/schedule/main'),
  'fitsm-audits': () => import('../fitsm/audits/main'),
  'fitsm-meeting': () => import('../fitsm/meeting/main'),
};

/**
 * The loader for `route` (the first segment of the page's path, `fitsm-assessment`); the OKRs for the top level
 * and for a route the table does not know.
 */
export function globalPageLoaderOf(route: string): GlobalPageLoader {
  return Object.hasOwn(GLOBAL_PAGE_ROUTES, route)
    ? (GLOBAL_PAGE_ROUTES[route] as GlobalPageLoader)
    : (GLOBAL_PAGE_ROUTES[DEFAULT_GLOBAL_PAGE_ROUTE] as GlobalPageLoader);
}
