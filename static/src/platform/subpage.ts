/**
 * Subpages of one Forge module. Jira allows an app a single `jira:projectPage` and a single
 * `jira:projectSettingsPage`; the app's pages are subpages of them (manifest `pages` with a `route`), and Jira
 * gives the Custom UI the route as the path of `view.createHistory()`'s location (`/csi-register`).
 */
import { view } from '@forge/bridge';

/**
 * The route of the subpage this module instance shows, without slashes (`csi-register`); `''` for the module's
 * top level or when the host has no history (then the module's first page is shown).
 */
export async function currentSubpageRoute(): Promise<string> {
  try {
    const history = await view.createHistory();
    return history.location.pathname.replace(/^\/+|\/+$/g, '').split('/')[0] ?? '';
  } catch {
    return '';
  }
}
