/**
 * The emulator's route table: every endpoint by its method and its path as the Jira platform OpenAPI description
 * names it. A route key (`POST /rest/api/3/search/jql`) names an endpoint in the request log and in fault rules.
 */
import type { Route } from './context';
import { bulkPropertyRoutes } from './endpoints/bulk-properties';
import { changelogRoutes } from './endpoints/changelog';
import { commentRoutes } from './endpoints/comments';
import { dashboardRoutes } from './endpoints/dashboards';
import { issueTypeConfigRoutes } from './endpoints/config-issuetypes';
import { statusConfigRoutes } from './endpoints/config-statuses';
import { workflowRoutes } from './endpoints/config-workflows';
import { workflowSchemeRoutes } from './endpoints/config-workflowschemes';
import { issueRoutes } from './endpoints/issue';
import { issueDeleteRoutes } from './endpoints/issue-delete';
import { linkRoutes } from './endpoints/links';
import { metadataRoutes } from './endpoints/metadata';
import { myselfRoutes } from './endpoints/myself';
import { propertyRoutes } from './endpoints/properties';
import { searchRoutes } from './endpoints/search';
import { serviceDeskRoutes } from './endpoints/servicedesk';
import { userRoutes } from './endpoints/users';

/** The Jira platform (`/rest/api/3`) routes: those the platform OpenAPI description documents. */
const PLATFORM_ROUTES: readonly Route[] = [
  ...searchRoutes,
  ...changelogRoutes,
  ...issueRoutes,
  ...issueDeleteRoutes,
  ...commentRoutes,
  ...propertyRoutes,
  ...bulkPropertyRoutes,
  ...linkRoutes,
  ...metadataRoutes,
  ...myselfRoutes,
  ...userRoutes,
  ...issueTypeConfigRoutes,
  ...statusConfigRoutes,
  ...workflowRoutes,
  ...workflowSchemeRoutes,
  ...dashboardRoutes,
];

export const ROUTES: readonly Route[] = [...PLATFORM_ROUTES, ...serviceDeskRoutes];

export function routeKeyOf(route: Pick<Route, 'method' | 'path'>): string {
  return `${route.method} ${route.path}`;
}

/**
 * Every Jira platform route key the emulator serves (the contract test checks each against the platform OpenAPI
 * description, which has no Jira Service Management paths).
 */
export const EMULATOR_ROUTE_KEYS: readonly string[] = PLATFORM_ROUTES.map(routeKeyOf);

/**
 * The Jira Service Management route keys (`/rest/servicedeskapi`): documented in the Service Management REST API,
 * not in the platform description; `test/emulator/servicedesk.test.ts` checks their shapes.
 */
export const SERVICE_DESK_ROUTE_KEYS: readonly string[] = serviceDeskRoutes.map(routeKeyOf);

interface CompiledRoute {
  readonly route: Route;
  readonly segments: readonly string[];
  readonly literalCount: number;
}

const COMPILED: readonly CompiledRoute[] = ROUTES.map((route) => {
  const segments = route.path.split('/');
  return { route, segments, literalCount: segments.filter((s) => !s.startsWith('{')).length };
});

export type RouteMatch =
  | { readonly kind: 'found'; readonly route: Route; readonly params: Readonly<Record<string, string>> }
  | { readonly kind: 'method-not-allowed'; readonly path: string }
  | { readonly kind: 'not-found' };

function matchSegments(pattern: readonly string[], actual: readonly string[]): Record<string, string> | null {
  if (pattern.length !== actual.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < pattern.length; i++) {
    const p = pattern[i] ?? '';
    const a = actual[i] ?? '';
    if (p.startsWith('{') && p.endsWith('}')) {
      if (a === '') return null;
      try {
        params[p.slice(1, -1)] = decodeURIComponent(a);
      } catch {
        return null;
      }
    } else if (p !== a) {
      return null;
    }
  }
  return params;
}

/** The route for a request; literal path segments win over parameters (`/project/search` over `/project/{key}`). */
export function matchRoute(method: string, pathname: string): RouteMatch {
  const actual = pathname.replace(/\/+$/, '').split('/');
  let best: { compiled: CompiledRoute; params: Record<string, string> } | undefined;
  let pathOnly: CompiledRoute | undefined;
  for (const compiled of COMPILED) {
    const params = matchSegments(compiled.segments, actual);
    if (params === null) continue;
    if (compiled.route.method !== method) {
      pathOnly ??= compiled;
      continue;
    }
    if (best === undefined || compiled.literalCount > best.compiled.literalCount) best = { compiled, params };
  }
  if (best !== undefined) return { kind: 'found', route: best.compiled.route, params: best.params };
  if (pathOnly !== undefined) return { kind: 'method-not-allowed', path: pathOnly.route.path };
  return { kind: 'not-found' };
}
