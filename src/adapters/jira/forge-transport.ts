/**
 * The Forge transport: Jira requests through Forge's product fetch (`api.asUser()` / `api.asApp()`
 * `.requestJira`), which signs them for the app; no credentials in the app.
 *
 * Forge only lets an app call the Jira endpoints whose OAuth scopes its manifest declares, and `@forge/lint`
 * (`npm run forge:lint`) checks the scopes against the `requestJira(route\`…\`)` calls it finds in the code. So the
 * transport does not forward arbitrary paths: it matches each request against {@link FORGE_ENDPOINTS}, where every
 * endpoint the app may call on Forge is written out as a literal `route` template (which the linter reads). A
 * request to an endpoint not listed is refused before it leaves the app; to use one, add it there and its scope
 * to `manifest.yml` together (the linter reports a missing scope).
 */
import { NeedsAuthenticationError, NotAllowedError, asApp, asUser, route } from '@forge/api';
import type { APIResponse, RequestInit, RequestProductMethod } from '@forge/api';
import { JiraUnavailableError } from '../../application/errors';
import type {
  JiraHttpRequest,
  JiraHttpResponse,
  JiraMethod,
  JiraSendOptions,
  JiraTransport,
} from './transport';

/** One endpoint the app may call on Forge. */
interface ForgeEndpoint {
  readonly method: JiraMethod;
  /** Matches the (encoded) path without its query; the groups are the path parameters. */
  readonly pattern: RegExp;
  /** Whether the endpoint takes query parameters. */
  readonly query: boolean;
  readonly send: (
    requestJira: RequestProductMethod,
    params: readonly string[],
    query: URLSearchParams,
    init: RequestInit,
  ) => Promise<APIResponse>;
}

const SEGMENT = '([^/?#]+)';
const path = (template: string): RegExp => new RegExp(`^${template.replaceAll('{}', SEGMENT)}$`);

/**
 * Every Jira endpoint the app calls on Forge; the issue reads need `read:jira-work`, the configuration calls of the
 * CSI setup `manage:jira-configuration` (each entry's comment names its scope).
 * Path parameters arrive encoded by the client (`encodeURIComponent`), which is what `route` expects of them;
 * `route` itself still refuses `/`, `?`, `#` and `..` in them.
 */
export const FORGE_ENDPOINTS: readonly ForgeEndpoint[] = [
  {
    method: 'POST',
    pattern: path('/rest/api/3/search/jql'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/search/jql`, { ...init, method: 'POST' }),
  },
  {
    method: 'POST',
    pattern: path('/rest/api/3/changelog/bulkfetch'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/changelog/bulkfetch`, { ...init, method: 'POST' }),
  },
  {
    method: 'GET',
    pattern: path('/rest/api/3/issue/{}'),
    query: true,
    send: (requestJira, [issue = ''], query, init) =>
      requestJira(route`/rest/api/3/issue/${issue}?${query}`, { ...init, method: 'GET' }),
  },
  {
    method: 'GET',
    pattern: path('/rest/api/3/issue/{}/changelog'),
    query: true,
    send: (requestJira, [issue = ''], query, init) =>
      requestJira(route`/rest/api/3/issue/${issue}/changelog?${query}`, { ...init, method: 'GET' }),
  },
  {
    method: 'GET',
    pattern: path('/rest/api/3/issue/{}/comment'),
    query: true,
    send: (requestJira, [issue = ''], query, init) =>
      requestJira(route`/rest/api/3/issue/${issue}/comment?${query}`, { ...init, method: 'GET' }),
  },
  {
    // write:jira-work: the feedback replies (one comment per feedback issue when an improvement is closed).
    method: 'POST',
    pattern: path('/rest/api/3/issue/{}/comment'),
    query: false,
    send: (requestJira, [issue = ''], _query, init) =>
      requestJira(route`/rest/api/3/issue/${issue}/comment`, { ...init, method: 'POST' }),
  },
  {
    // write:jira-work: an improvement opportunity registered by an Automation action or the feedback web trigger.
    method: 'POST',
    pattern: path('/rest/api/3/issue'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/issue`, { ...init, method: 'POST' }),
  },
  {
    // write:jira-work: the feedback issue linked to the improvement registered for it.
    method: 'POST',
    pattern: path('/rest/api/3/issueLink'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/issueLink`, { ...init, method: 'POST' }),
  },
  {
    method: 'GET',
    pattern: path('/rest/api/3/issue/{}/properties/{}'),
    query: false,
    send: (requestJira, [issue = '', property = ''], _query, init) =>
      requestJira(route`/rest/api/3/issue/${issue}/properties/${property}`, { ...init, method: 'GET' }),
  },
  {
    // write:jira-work: the CSI improvement record (issue property `three-ways-csi`).
    method: 'PUT',
    pattern: path('/rest/api/3/issue/{}/properties/{}'),
    query: false,
    send: (requestJira, [issue = '', property = ''], _query, init) =>
      requestJira(route`/rest/api/3/issue/${issue}/properties/${property}`, { ...init, method: 'PUT' }),
  },
  {
    // write:jira-work: the flow facts property (`three-ways-flow`) of up to 100 issues per request, as the app.
    method: 'POST',
    pattern: path('/rest/api/3/issue/properties/multi'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/issue/properties/multi`, { ...init, method: 'POST' }),
  },
  {
    // read:jira-work: whether the user may edit a dashboard (the gadget's configuration check).
    method: 'GET',
    pattern: path('/rest/api/3/dashboard/{}'),
    query: false,
    send: (requestJira, [dashboard = ''], _query, init) =>
      requestJira(route`/rest/api/3/dashboard/${dashboard}`, { ...init, method: 'GET' }),
  },
  {
    // read:jira-work: the site's fields, to find the id of the Flagged custom field for the changelog fetch.
    method: 'GET',
    pattern: path('/rest/api/3/field'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/field`, { ...init, method: 'GET' }),
  },
  {
    // read:jira-user: display names of the people named in CSI records.
    method: 'GET',
    pattern: path('/rest/api/3/user/bulk'),
    query: true,
    send: (requestJira, _params, query, init) =>
      requestJira(route`/rest/api/3/user/bulk?${query}`, { ...init, method: 'GET' }),
  },
  {
    method: 'GET',
    pattern: path('/rest/api/3/project/{}/statuses'),
    query: false,
    send: (requestJira, [project = ''], _query, init) =>
      requestJira(route`/rest/api/3/project/${project}/statuses`, { ...init, method: 'GET' }),
  },
  {
    method: 'GET',
    pattern: path('/rest/api/3/issuetype/project'),
    query: true,
    send: (requestJira, _params, query, init) =>
      requestJira(route`/rest/api/3/issuetype/project?${query}`, { ...init, method: 'GET' }),
  },
  {
    method: 'GET',
    pattern: path('/rest/api/3/project/search'),
    query: true,
    send: (requestJira, _params, query, init) =>
      requestJira(route`/rest/api/3/project/search?${query}`, { ...init, method: 'GET' }),
  },
  {
    method: 'GET',
    pattern: path('/rest/api/3/project/{}'),
    query: false,
    send: (requestJira, [project = ''], _query, init) =>
      requestJira(route`/rest/api/3/project/${project}`, { ...init, method: 'GET' }),
  },
  {
    method: 'GET',
    pattern: path('/rest/api/3/mypermissions'),
    query: true,
    send: (requestJira, _params, query, init) =>
      requestJira(route`/rest/api/3/mypermissions?${query}`, { ...init, method: 'GET' }),
  },
  // CSI setup, OKR editor group (`expand=groups`); scope read:jira-user.
  {
    method: 'GET',
    pattern: path('/rest/api/3/myself'),
    query: true,
    send: (requestJira, _params, query, init) =>
      query.size === 0
        ? requestJira(route`/rest/api/3/myself`, { ...init, method: 'GET' })
        : requestJira(route`/rest/api/3/myself?${query}`, { ...init, method: 'GET' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'GET',
    pattern: path('/rest/api/3/statuses/search'),
    query: true,
    send: (requestJira, _params, query, init) =>
      requestJira(route`/rest/api/3/statuses/search?${query}`, { ...init, method: 'GET' }),
  },
  // CSI setup; scope read:jira-work.
  {
    method: 'GET',
    pattern: path('/rest/api/3/issuetype'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/issuetype`, { ...init, method: 'GET' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'POST',
    pattern: path('/rest/api/3/issuetype'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/issuetype`, { ...init, method: 'POST' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'POST',
    pattern: path('/rest/api/3/statuses'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/statuses`, { ...init, method: 'POST' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'POST',
    pattern: path('/rest/api/3/workflows'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/workflows`, { ...init, method: 'POST' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'GET',
    pattern: path('/rest/api/3/workflows/capabilities'),
    query: true,
    send: (requestJira, _params, query, init) =>
      requestJira(route`/rest/api/3/workflows/capabilities?${query}`, { ...init, method: 'GET' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'POST',
    pattern: path('/rest/api/3/workflows/create/validation'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/workflows/create/validation`, { ...init, method: 'POST' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'POST',
    pattern: path('/rest/api/3/workflows/create'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/workflows/create`, { ...init, method: 'POST' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'GET',
    pattern: path('/rest/api/3/issuetypescheme/project'),
    query: true,
    send: (requestJira, _params, query, init) =>
      requestJira(route`/rest/api/3/issuetypescheme/project?${query}`, { ...init, method: 'GET' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'GET',
    pattern: path('/rest/api/3/issuetypescheme/mapping'),
    query: true,
    send: (requestJira, _params, query, init) =>
      requestJira(route`/rest/api/3/issuetypescheme/mapping?${query}`, { ...init, method: 'GET' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'GET',
    pattern: path('/rest/api/3/issuetypescheme'),
    query: true,
    send: (requestJira, _params, query, init) =>
      requestJira(route`/rest/api/3/issuetypescheme?${query}`, { ...init, method: 'GET' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'POST',
    pattern: path('/rest/api/3/issuetypescheme'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/issuetypescheme`, { ...init, method: 'POST' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'PUT',
    pattern: path('/rest/api/3/issuetypescheme/{}/issuetype'),
    query: false,
    send: (requestJira, [scheme = ''], _query, init) =>
      requestJira(route`/rest/api/3/issuetypescheme/${scheme}/issuetype`, { ...init, method: 'PUT' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'PUT',
    pattern: path('/rest/api/3/issuetypescheme/project'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/issuetypescheme/project`, { ...init, method: 'PUT' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'GET',
    pattern: path('/rest/api/3/workflowscheme/project'),
    query: true,
    send: (requestJira, _params, query, init) =>
      requestJira(route`/rest/api/3/workflowscheme/project?${query}`, { ...init, method: 'GET' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'POST',
    pattern: path('/rest/api/3/workflowscheme/read'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/workflowscheme/read`, { ...init, method: 'POST' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'GET',
    pattern: path('/rest/api/3/workflowscheme/{}/projectUsages'),
    query: true,
    send: (requestJira, [scheme = ''], query, init) =>
      requestJira(route`/rest/api/3/workflowscheme/${scheme}/projectUsages?${query}`, {
        ...init,
        method: 'GET',
      }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'POST',
    pattern: path('/rest/api/3/workflowscheme'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/workflowscheme`, { ...init, method: 'POST' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'POST',
    pattern: path('/rest/api/3/workflowscheme/update'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/workflowscheme/update`, { ...init, method: 'POST' }),
  },
  // CSI setup; scope manage:jira-configuration.
  {
    method: 'POST',
    pattern: path('/rest/api/3/workflowscheme/project/switch'),
    query: false,
    send: (requestJira, _params, _query, init) =>
      requestJira(route`/rest/api/3/workflowscheme/project/switch`, { ...init, method: 'POST' }),
  },
  // Jira Service Management (CSAT of requests: the feedback loop and the csat key result); scope
  // read:servicedesk-request. A site without JSM answers 404, which the client reads as "no rating".
  {
    method: 'GET',
    pattern: path('/rest/servicedeskapi/request/{}/feedback'),
    query: false,
    send: (requestJira, [request = ''], _query, init) =>
      requestJira(route`/rest/servicedeskapi/request/${request}/feedback`, { ...init, method: 'GET' }),
  },
  {
    method: 'GET',
    pattern: path('/rest/servicedeskapi/servicedesk'),
    query: true,
    send: (requestJira, _params, query, init) =>
      requestJira(route`/rest/servicedeskapi/servicedesk?${query}`, { ...init, method: 'GET' }),
  },
  // CSI setup; scope read:jira-work.
  {
    method: 'GET',
    pattern: path('/rest/api/3/task/{}'),
    query: false,
    send: (requestJira, [task = ''], _query, init) =>
      requestJira(route`/rest/api/3/task/${task}`, { ...init, method: 'GET' }),
  },
];

function findEndpoint(
  method: JiraMethod,
  pathname: string,
  hasQuery: boolean,
): { endpoint: ForgeEndpoint; params: readonly string[] } | null {
  for (const endpoint of FORGE_ENDPOINTS) {
    if (endpoint.method !== method || (hasQuery && !endpoint.query)) continue;
    const match = endpoint.pattern.exec(pathname);
    if (match !== null) return { endpoint, params: match.slice(1) };
  }
  return null;
}

/** A failed product fetch in one line: its name (`FUNCTION_FETCH_ERR`, `PROXY_ERR`) and message. */
function forgeReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  return error.name !== '' && error.name !== 'Error' ? `${error.name}: ${error.message}` : error.message;
}

/**
 * A transport over any `requestJira` (Forge's `asUser().requestJira`, `asApp().requestJira`, or a test's fake),
 * restricted to {@link FORGE_ENDPOINTS}. `productFetch` hands out that function per request. (It is not called
 * `requestJira()` here: @forge/lint takes every call of a function of that name for a Jira request.)
 *
 * @throws Error (from `send`) for a request to an endpoint not in the list, before anything is sent.
 */
export function createRequestJiraTransport(productFetch: () => RequestProductMethod): JiraTransport {
  return {
    async send(request: JiraHttpRequest, options: JiraSendOptions = {}): Promise<JiraHttpResponse> {
      const q = request.path.indexOf('?');
      const pathname = q < 0 ? request.path : request.path.slice(0, q);
      const search = q < 0 ? '' : request.path.slice(q + 1);
      const found = findEndpoint(request.method, pathname, search !== '');
      if (found === null) {
        throw new Error(
          `${request.method} ${pathname} is not among the Jira endpoints the app may call on Forge ` +
            '(FORGE_ENDPOINTS in src/adapters/jira/forge-transport.ts; add it there with its scope in manifest.yml)',
        );
      }
      const headers: Record<string, string> = { Accept: 'application/json' };
      // Jira answers a workflow-scheme switch or update with `303 See Other` and the task in the body; the
      // client takes that answer itself. Following the redirect would send a second request (a GET of the task)
      // that can fail on its own and lose the task id, so the product fetch leaves 3xx answers alone.
      const init: RequestInit = { headers, redirect: 'manual' };
      if (request.body !== undefined) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(request.body);
      }
      // The client's deadline (`RequestInit.signal` of @forge/api, passed on to the runtime's fetch as it is).
      if (options.signal !== undefined) init.signal = options.signal;
      let response: APIResponse;
      try {
        response = await found.endpoint.send(productFetch(), found.params, new URLSearchParams(search), init);
      } catch (error) {
        // The user must grant access first (Forge's UI handles this error), or the manifest lacks a permission:
        // neither is helped by trying again, so they pass unchanged.
        if (error instanceof NeedsAuthenticationError || error instanceof NotAllowedError) throw error;
        // No answer from Jira (Forge's FUNCTION_FETCH_ERR, a proxy failure, a reset connection): the same typed
        // failure as the HTTP transport's, so the client retries reads and the user is told to try again.
        throw new JiraUnavailableError(
          `Jira did not answer ${request.method} ${pathname} on Forge: ${forgeReason(error)}; try again`,
          null,
        );
      }
      return { status: response.status, headers: response.headers, text: () => response.text() };
    },
  };
}

/**
 * The Forge transport acting as the user of the current invocation (`'user'`: Jira applies that user's
 * permissions) or as the app (`'app'`: for triggers and scheduled work without a user).
 */
export function createForgeTransport(actor: 'user' | 'app'): JiraTransport {
  // asUser()/asApp() are bound to the running invocation, so they are called per request, not once here.
  return createRequestJiraTransport(() => (actor === 'user' ? asUser() : asApp()).requestJira);
}
