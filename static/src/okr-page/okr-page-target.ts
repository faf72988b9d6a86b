/**
 * Deep links into the OKR page (the `jira:globalPage` `okr-page`, subpage `okrs`): what a click in the gadget or
 * the issue panel asks to show, carried as the path Forge's `router.navigate({ target: 'module', moduleKey, path })`
 * appends to the page's URL, and read back by the page from `view.createHistory()`'s location (Jira hands a
 * subpage's own routes to the app: "handle routes inside your app using view.createHistory()").
 *
 * Path: `/okrs[/periods/<periodKey>][/objectives/<id> | /key-results/<id>]`, e.g.
 * `/okrs/periods/2026-Q1/key-results/KR-12`. No imports: the gadget's and panel's bundles carry it.
 */

/** What the OKR page opens at: a period, and in it an objective or a key result (its detail). */
export interface OkrPageTarget {
  /** `periodKey` of the period to show (`2026-Q1`); absent: the page's default (the current quarter). */
  readonly periodKey?: string;
  /** The objective to scroll to. */
  readonly objectiveId?: string;
  /** The key result whose detail to open (and scroll to). */
  readonly keyResultId?: string;
}

/** The route of the OKRs subpage in the manifest (`pages[].route`). */
export const OKRS_ROUTE = 'okrs';

/**
 * Ids and period keys as the app writes them (`KR-12`, `O-3`, `2026-Q1`, `2026-10-01..2026-12-31`); never a dot
 * segment (`.`, `..`), which a browser would resolve.
 */
const SEGMENT = /^(?!\.+$)[A-Za-z0-9_.~-]{1,80}$/;

/**
 * The module path of `target`.
 * @example okrPagePath({ periodKey: '2026-Q1', keyResultId: 'KR-12' }) // '/okrs/periods/2026-Q1/key-results/KR-12'
 */
export function okrPagePath(target: OkrPageTarget): string {
  const parts = [OKRS_ROUTE];
  const add = (name: string, value: string | undefined): void => {
    if (value !== undefined && SEGMENT.test(value)) parts.push(name, encodeURIComponent(value));
  };
  add('periods', target.periodKey);
  if (target.keyResultId !== undefined) add('key-results', target.keyResultId);
  else add('objectives', target.objectiveId);
  return `/${parts.join('/')}`;
}

/**
 * The target a module path names (the inverse of {@link okrPagePath}); `{}` for the plain page or anything it
 * does not recognise (a hand-edited URL opens the default view rather than failing).
 */
export function okrPageTargetOf(pathname: string): OkrPageTarget {
  const segments = pathname
    .split(/[?#]/)[0]
    ?.split('/')
    .filter((segment) => segment !== '')
    .map((segment) => {
      try {
        return decodeURIComponent(segment);
      } catch {
        return '';
      }
    });
  if (segments === undefined || segments[0] !== OKRS_ROUTE) return {};
  const target: { periodKey?: string; objectiveId?: string; keyResultId?: string } = {};
  for (let index = 1; index + 1 < segments.length; index += 2) {
    const name = segments[index];
    const value = segments[index + 1] ?? '';
    if (!SEGMENT.test(value)) continue;
    if (name === 'periods') target.periodKey = value;
    else if (name === 'objectives') target.objectiveId = value;
    else if (name === 'key-results') target.keyResultId = value;
  }
  return target;
}
