/**
 * The app's one Jira client: every call of {@link JiraPort} over a {@link JiraTransport} (Forge or HTTP), with
 * Jira Cloud's paging, limits, rate-limit handling and typed errors in one place.
 *
 * The client is composed of a request core (`jira-request.ts`: retries, cool-downs, deadline, parsing) and four
 * groups of calls over it: issues (`jira-issue-calls.ts`), projects, users and dashboards
 * (`jira-project-calls.ts`), configuration (`jira-config-calls.ts`) and Jira Service Management
 * (`jira-service-desk-calls.ts`); `jira-routes.ts` names the endpoints.
 */
import type {
  JiraConfigPort,
  JiraDashboardPort,
  JiraPort,
  JiraUserAccessPort,
} from '../../application/ports/jira-port';
import type { JiraServiceDeskPort } from '../../application/ports/service-desk-port';
import { configurationCalls } from './jira-config-calls';
import { issueCalls } from './jira-issue-calls';
import { projectCalls } from './jira-project-calls';
import { serviceDeskCalls } from './jira-service-desk-calls';
import { createJiraRequester, type JiraClientOptions } from './jira-request';
import type { JiraTransport } from './transport';

export type { JiraClientOptions } from './jira-request';
export {
  BULK_CHANGELOG_ISSUES,
  BULK_CHANGELOG_PAGE_SIZE,
  CHANGELOG_PAGE_SIZE,
  JIRA_ROUTES,
  MAX_CHANGELOG_PAGES,
  MAX_PAGES,
  SEARCH_ID_PAGE_SIZE,
  SEARCH_PAGE_SIZE,
  USER_BULK_IDS,
} from './jira-routes';
export type { JiraRouteKey } from './jira-routes';

/** The Jira client: the port plus the request counter tests and benchmarks assert budgets with. */
export interface JiraClient
  extends JiraPort, JiraConfigPort, JiraDashboardPort, JiraUserAccessPort, JiraServiceDeskPort {
  /**
   * Requests sent (every attempt, retries included) to the route `routeKey` (one of {@link JIRA_ROUTES}), or to
   * all routes when absent.
   */
  requestCount(routeKey?: string): number;
}

/**
 * Creates the Jira client over `transport`.
 *
 * Retries: 429 and 503 (and 502/504 of requests that change nothing) are retried up to `retry.maxAttempts`
 * attempts in all, waiting Jira's `Retry-After` seconds when it sends one, else an exponential backoff with full
 * jitter (see `retry-policy.ts`); a 429 without `Retry-After` waits until its `X-RateLimit-Reset`. A 429 or 503 also
 * puts its endpoint in a cool-down: the next request to the same route key waits until then, requests to other
 * endpoints do not (Jira's burst limit is per endpoint) — unless the 429's `RateLimit-Reason` names a quota
 * (`jira-quota-tenant-based`, `jira-quota-global-based`): that limit is the app's on the whole site, so every
 * endpoint cools down.
 */
export function createJiraClient(transport: JiraTransport, options: JiraClientOptions = {}): JiraClient {
  const requester = createJiraRequester(transport, options);
  return {
    requestCount: requester.requestCount,
    ...issueCalls(requester),
    ...projectCalls(requester),
    ...configurationCalls(requester),
    ...serviceDeskCalls(requester),
  };
}
