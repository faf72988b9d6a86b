/**
 * The app's one Jira client: every call of {@link JiraPort} over a {@link JiraTransport} (Forge or HTTP), with
 * Jira Cloud's paging, limits, rate-limit handling and typed errors in one place.
 */
import * as v from 'valibot';
import { JiraAccessError, JiraUnavailableError } from '../../application/errors';
import type {
  AdfDocument,
  JiraComment,
  JiraConfigPort,
  JiraDashboard,
  JiraDashboardPort,
  JiraField,
  JiraConfigScope,
  JiraIssueTypeDetails,
  JiraIssueTypeScheme,
  JiraStatusDetails,
  JiraTask,
  JiraTaskStart,
  JiraWorkflowSchemeDetails,
  JiraIssueLink,
  JiraIssueType,
  JiraIssueTypeStatuses,
  JiraPort,
  JiraProject,
  JiraSearchIssue,
  JiraSearchOptions,
  JiraUser,
} from '../../application/ports/jira-port';
import type { JiraHistory, JiraIssueInput, JiraStatusRef } from '../../domain/flow/types';
import {
  BulkChangelogPageSchema,
  CreatedStatusesSchema,
  CreatedWorkflowSchemeSchema,
  IssueTypeDetailsListSchema,
  IssueTypeDetailsSchema,
  IssueTypeSchemeIdSchema,
  IssueTypeSchemeMappingPageSchema,
  IssueTypeSchemePageSchema,
  IssueTypeSchemeProjectsPageSchema,
  StatusDetailsPageSchema,
  TaskSchema,
  WorkflowCapabilitiesSchema,
  WorkflowSchemeAssociationsSchema,
  WorkflowSchemeProjectUsagesSchema,
  WorkflowSchemeReadSchema,
  WorkflowsResponseSchema,
  WorkflowStatusesResponseSchema,
  WorkflowValidationSchema,
  ChangelogPageSchema,
  CommentPageSchema,
  CommentSchema,
  DashboardSchema,
  EntityPropertySchema,
  FieldListSchema,
  IssueLinksSchema,
  IssueTypesSchema,
  MyPermissionsSchema,
  MyselfSchema,
  ProjectPageSchema,
  ProjectSchema,
  ProjectStatusesSchema,
  SearchPageSchema,
  SingleIssueSchema,
  StatusSearchPageSchema,
  UserPageSchema,
} from './jira-schemas';
import { errorForStatus, jiraErrorMessages, rateLimitResetSeconds, retryAfterSeconds } from './jira-response';
import { DEFAULT_RETRY_POLICY, fitsDeadline, isRetryableStatus, retryDelayMs } from './retry-policy';
import type { RetryPolicy } from './retry-policy';
import type { JiraMethod, JiraTransport } from './transport';

/** Route keys (`METHOD /path/{param}`, as in Jira's OpenAPI description) of the endpoints the client calls. */
export const JIRA_ROUTES = {
  searchJql: 'POST /rest/api/3/search/jql',
  bulkFetchChangelogs: 'POST /rest/api/3/changelog/bulkfetch',
  getIssue: 'GET /rest/api/3/issue/{issueIdOrKey}',
  getIssueChangelog: 'GET /rest/api/3/issue/{issueIdOrKey}/changelog',
  getComments: 'GET /rest/api/3/issue/{issueIdOrKey}/comment',
  addComment: 'POST /rest/api/3/issue/{issueIdOrKey}/comment',
  getIssueProperty: 'GET /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
  setIssueProperty: 'PUT /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
  deleteIssueProperty: 'DELETE /rest/api/3/issue/{issueIdOrKey}/properties/{propertyKey}',
  listProjectStatuses: 'GET /rest/api/3/project/{projectIdOrKey}/statuses',
  searchStatuses: 'GET /rest/api/3/statuses/search',
  listIssueTypesForProject: 'GET /rest/api/3/issuetype/project',
  searchProjects: 'GET /rest/api/3/project/search',
  getProject: 'GET /rest/api/3/project/{projectIdOrKey}',
  getDashboard: 'GET /rest/api/3/dashboard/{id}',
  getMyself: 'GET /rest/api/3/myself',
  getMyPermissions: 'GET /rest/api/3/mypermissions',
  getUsers: 'GET /rest/api/3/user/bulk',
  listFields: 'GET /rest/api/3/field',
  // Jira configuration (CSI setup; Forge scope manage:jira-configuration).
  listAllIssueTypes: 'GET /rest/api/3/issuetype',
  createIssueType: 'POST /rest/api/3/issuetype',
  createStatuses: 'POST /rest/api/3/statuses',
  readWorkflows: 'POST /rest/api/3/workflows',
  workflowCapabilities: 'GET /rest/api/3/workflows/capabilities',
  validateCreateWorkflows: 'POST /rest/api/3/workflows/create/validation',
  createWorkflows: 'POST /rest/api/3/workflows/create',
  issueTypeSchemeOfProject: 'GET /rest/api/3/issuetypescheme/project',
  searchIssueTypeSchemes: 'GET /rest/api/3/issuetypescheme',
  issueTypeSchemeMapping: 'GET /rest/api/3/issuetypescheme/mapping',
  createIssueTypeScheme: 'POST /rest/api/3/issuetypescheme',
  addIssueTypesToScheme: 'PUT /rest/api/3/issuetypescheme/{issueTypeSchemeId}/issuetype',
  assignIssueTypeScheme: 'PUT /rest/api/3/issuetypescheme/project',
  workflowSchemeOfProject: 'GET /rest/api/3/workflowscheme/project',
  readWorkflowSchemes: 'POST /rest/api/3/workflowscheme/read',
  workflowSchemeProjectUsages: 'GET /rest/api/3/workflowscheme/{workflowSchemeId}/projectUsages',
  createWorkflowScheme: 'POST /rest/api/3/workflowscheme',
  updateWorkflowScheme: 'POST /rest/api/3/workflowscheme/update',
  switchWorkflowScheme: 'POST /rest/api/3/workflowscheme/project/switch',
  getTask: 'GET /rest/api/3/task/{taskId}',
} as const;

export type JiraRouteKey = (typeof JIRA_ROUTES)[keyof typeof JIRA_ROUTES];

/** Issues per `search/jql` page when only ids are asked for: Jira Cloud's cap. */
export const SEARCH_ID_PAGE_SIZE = 5000;
/** Issues per `search/jql` page when fields are asked for: Jira Cloud's cap. */
export const SEARCH_PAGE_SIZE = 100;
/** Issues per `changelog/bulkfetch` request: Jira Cloud's cap. */
export const BULK_CHANGELOG_ISSUES = 1000;
/** Changelog entries per `changelog/bulkfetch` page: Jira Cloud's cap. */
export const BULK_CHANGELOG_PAGE_SIZE = 10_000;
/** Changelog page size: the maximum `/rest/api/3/issue/{key}/changelog` accepts. */
export const CHANGELOG_PAGE_SIZE = 100;
/** Account ids per `user/bulk` request (keeps the URL short; Jira pages by `maxResults`). */
export const USER_BULK_IDS = 50;
/** Comments and projects per page. */
const OFFSET_PAGE_SIZE = 100;
/** Statuses per `statuses/search` page: Jira Cloud's cap. */
const STATUS_PAGE_SIZE = 200;
/** Upper bound on changelog pages (100 000 histories), so a misbehaving server cannot keep the loop going. */
export const MAX_CHANGELOG_PAGES = 1000;
/** Upper bound on the pages of any other paged call (5 · 10⁷ issue ids), for the same reason. */
export const MAX_PAGES = 10_000;

export interface JiraClientOptions {
  /** Waits `ms` milliseconds (tests pass one that returns at once and advances their clock). */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Uniform random number in `[0, 1)` for the backoff jitter. */
  readonly random?: () => number;
  /** Epoch milliseconds now. */
  readonly now?: () => number;
  /** Overrides of {@link DEFAULT_RETRY_POLICY}. */
  readonly retry?: Partial<RetryPolicy>;
  /**
   * Epoch ms by which the invocation using the client must be done with Jira (e.g. `now + RESOLVER_JIRA_BUDGET_MS`
   * for a resolver, which Forge stops after 25 s). No retry or cool-down wait may end after it: when one would,
   * the call fails at once with a {@link JiraUnavailableError} saying how long to wait, and a call started after
   * the deadline fails without being sent. Absent: no deadline (the command line).
   */
  readonly deadlineMs?: number;
  /**
   * The same as a deadline of `now() + budgetMs` taken when the client is created (clients are created per
   * invocation): e.g. `RESOLVER_JIRA_BUDGET_MS`. With both, the earlier one counts.
   */
  readonly budgetMs?: number;
}

/** The Jira client: the port plus the request counter tests and benchmarks assert budgets with. */
export interface JiraClient extends JiraPort, JiraConfigPort, JiraDashboardPort {
  /**
   * Requests sent (every attempt, retries included) to the route `routeKey` (one of {@link JIRA_ROUTES}), or to
   * all routes when absent.
   */
  requestCount(routeKey?: string): number;
}

interface Call {
  readonly routeKey: JiraRouteKey;
  readonly method: JiraMethod;
  /** Encoded path with query. */
  readonly path: string;
  readonly body?: unknown;
  /**
   * Jira answers `303 See Other` with a task body when it starts an asynchronous task (workflow scheme switch and
   * update); such a call takes that answer as success. (Both transports ask fetch not to follow redirects; one that
   * still does ends in a 200 with the same task body.)
   */
  readonly acceptSeeOther?: boolean;
}

/** The cool-down key of every endpoint (no route key looks like it). */
const ALL_ROUTES = '*';

/** A successful answer: its status (2xx, or 303 where accepted), body text and `Location` header. */
interface Answer {
  readonly status: number;
  readonly text: string;
  readonly location: string | null;
}

function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

const enc = encodeURIComponent;

/** `?a=1&b=x,y`: each value encoded, list items joined by commas as Jira's list parameters expect. */
function query(params: Readonly<Record<string, string | number | readonly string[] | undefined>>): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const text = typeof value === 'object' ? value.map(enc).join(',') : enc(String(value));
    parts.push(`${enc(name)}=${text}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** `METHOD /path` without the query: how errors name a request. */
function describe(call: Call): string {
  const q = call.path.indexOf('?');
  return `${call.method} ${q < 0 ? call.path : call.path.slice(0, q)}`;
}

/** The first problems of a rejected body on one line, e.g. `issues.0.id: Invalid type: Expected string …`. */
function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  const shown = issues.slice(0, 3).map((issue) => `${v.getDotPath(issue) ?? '(body)'}: ${issue.message}`);
  return issues.length > 3 ? `${shown.join('; ')}; and ${issues.length - 3} more` : shown.join('; ');
}

function parseJson<TSchema extends v.GenericSchema>(
  text: string,
  schema: TSchema,
  call: Call,
): v.InferOutput<TSchema> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(
      `Unexpected response to ${describe(call)}: not JSON (${JSON.stringify(text.slice(0, 80))})`,
    );
  }
  const parsed = v.safeParse(schema, json);
  if (!parsed.success) {
    throw new Error(`Unexpected response to ${describe(call)}: ${describeIssues(parsed.issues)}`);
  }
  return parsed.output;
}

/** Why the next attempt of a call has to wait: Jira's status (null: no answer, the network failed) and until when. */
interface WaitCause {
  readonly status: number | null;
  readonly waitUntilMs: number;
}

/**
 * The failure of a call whose next wait would end after the deadline: Jira's cause (rate limit, outage, no answer)
 * and the seconds to wait, so the user is told to try again then rather than the invocation being stopped by Forge.
 */
function deadlineFailure(call: Call, cause: WaitCause | null, nowMs: number): JiraUnavailableError {
  if (cause === null) {
    return new JiraUnavailableError(
      `Jira took too long to answer: no time was left for ${describe(call)} before the platform's time limit; try again`,
      null,
    );
  }
  const waitSeconds = Math.max(1, Math.ceil((cause.waitUntilMs - nowMs) / 1000));
  const what =
    cause.status === 429
      ? 'Jira rate-limited the app'
      : cause.status === null
        ? 'Jira could not be reached'
        : `Jira is unavailable (${cause.status})`;
  return new JiraUnavailableError(
    `${what}; try again in ${waitSeconds} s (${describe(call)}; waiting would run past the platform's time limit)`,
    cause.status,
    waitSeconds,
  );
}

/** The longest delay setTimeout keeps, ms. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** Failures of requests not answered before the deadline (not retried, unlike a failed connection). */
const unanswered = new WeakSet<Error>();
const isUnanswered = (error: Error): boolean => unanswered.has(error);

/** A request that was sent but not answered (status line and body) before the deadline. */
function unansweredFailure(call: Call): JiraUnavailableError {
  const error = new JiraUnavailableError(
    `Jira did not answer ${describe(call)} before the platform's time limit; try again ` +
      '(a change may or may not have been made: reload before repeating it)',
    null,
  );
  unanswered.add(error);
  return error;
}

/**
 * Runs `work` (send a request and read its answer) but gives up at `deadlineMs`: the signal handed to `work` is
 * aborted then (Node's fetch stops the request; a transport that ignores it is no longer waited for) and the call
 * fails with {@link unansweredFailure}. Without a deadline, `work` runs as long as it takes.
 */
async function beforeDeadline<T>(
  call: Call,
  deadlineMs: number | undefined,
  nowMs: number,
  work: (signal: AbortSignal | undefined) => Promise<T>,
): Promise<T> {
  if (deadlineMs === undefined) return work(undefined);
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const expired = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () => {
        // The deadline's failure first: the transport's own abort error must not pass for a failed connection.
        reject(unansweredFailure(call));
        controller.abort();
      },
      // setTimeout takes at most 2³¹−1 ms (a longer delay fires at once).
      Math.min(MAX_TIMER_MS, Math.max(0, deadlineMs - nowMs)),
    );
  });
  const running = work(controller.signal);
  // The request may still fail after the deadline was declared: that late failure is nobody's to handle.
  running.catch(() => undefined);
  try {
    return await Promise.race([running, expired]);
  } finally {
    clearTimeout(timer);
  }
}

/** Follows a cursor; throws instead of looping when Jira hands the same cursor back or pages never end. */
function nextCursor(
  token: string | null | undefined,
  previous: string | undefined,
  call: Call,
  page: number,
) {
  if (token === undefined || token === null || token === '') return undefined;
  if (token === previous) throw new Error(`${describe(call)} returned the same nextPageToken twice`);
  if (page + 1 >= MAX_PAGES) throw new Error(`${describe(call)} did not finish within ${MAX_PAGES} pages`);
  return token;
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
  const sleep = options.sleep ?? sleepMs;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const deadlines = [
    ...(options.deadlineMs === undefined ? [] : [options.deadlineMs]),
    ...(options.budgetMs === undefined ? [] : [now() + options.budgetMs]),
  ];
  const deadlineMs = deadlines.length === 0 ? undefined : Math.min(...deadlines);
  const counts = new Map<string, number>();
  let total = 0;
  /**
   * Route key → epoch ms before which no request goes to that endpoint, and the status that asked for it;
   * {@link ALL_ROUTES} for a cool-down of every endpoint (a used-up quota).
   */
  const coolDowns = new Map<string, { readonly untilMs: number; readonly status: number }>();

  /** The later of the endpoint's own cool-down and the all-endpoint one, when one still runs. */
  function coolDownOf(routeKey: string): WaitCause | null {
    let latest: WaitCause | null = null;
    for (const key of [routeKey, ALL_ROUTES]) {
      const entry = coolDowns.get(key);
      if (
        entry !== undefined &&
        entry.untilMs > now() &&
        (latest === null || entry.untilMs > latest.waitUntilMs)
      )
        latest = { status: entry.status, waitUntilMs: entry.untilMs };
    }
    return latest;
  }

  async function waitUntil(untilMs: number): Promise<void> {
    const waitMs = untilMs - now();
    if (waitMs > 0) await sleep(waitMs);
  }

  /** Sends the call and reads its answer, giving up at the deadline; a network failure is a `null` status. */
  async function attempt(call: Call): Promise<{
    readonly status: number | null;
    readonly retryAfter: number | null;
    readonly text: string;
    readonly location: string | null;
    /** A 429 of a used-up quota of the app (`RateLimit-Reason`), not of one endpoint's burst limit. */
    readonly quotaLimited: boolean;
  }> {
    try {
      return await beforeDeadline(call, deadlineMs, now(), async (signal) => {
        const response = await transport.send(
          {
            method: call.method,
            path: call.path,
            ...(call.body === undefined ? {} : { body: call.body }),
          },
          signal === undefined ? undefined : { signal },
        );
        const { status } = response;
        const ok = (status >= 200 && status < 300) || (status === 303 && call.acceptSeeOther === true);
        // Read the body even when failing: an unread body keeps the HTTP connection busy.
        const text = ok
          ? await response.text().catch((error: unknown) => {
              // The connection broke off in the body: no answer, as when it failed before the status line.
              throw new JiraUnavailableError(
                `Jira's answer to ${describe(call)} broke off: ${error instanceof Error ? error.message : String(error)}`,
                null,
              );
            })
          : await response.text().catch(() => '');
        const header = (name: string): string | null => response.headers.get(name);
        return {
          status,
          // Jira's rate limits may send only the reset instant (ISO 8601) instead of Retry-After.
          retryAfter:
            retryAfterSeconds(header('retry-after'), now()) ??
            (status === 429 ? rateLimitResetSeconds(header('x-ratelimit-reset'), now()) : null),
          text,
          location: header('location'),
          quotaLimited: status === 429 && /quota/i.test(header('ratelimit-reason') ?? ''),
        };
      });
    } catch (error) {
      // No answer at all (refused, reset, DNS): the transport's JiraUnavailableError without a status.
      if (error instanceof JiraUnavailableError && error.status === null && !isUnanswered(error)) {
        return { status: null, retryAfter: null, text: error.message, location: null, quotaLimited: false };
      }
      throw error;
    }
  }

  /** Sends the call, retrying as the policy says; the body text of the 2xx answer. */
  async function exchange(call: Call): Promise<string> {
    return (await exchangeAnswer(call)).text;
  }

  /** {@link exchange} with the status and `Location` of the answer (a 303's task URL). */
  async function exchangeAnswer(call: Call): Promise<Answer> {
    const changesNothing =
      call.method === 'GET' ||
      call.routeKey === JIRA_ROUTES.searchJql ||
      call.routeKey === JIRA_ROUTES.bulkFetchChangelogs;
    let retry: WaitCause | null = null;
    for (let attemptNo = 1; ; attemptNo++) {
      const coolDownCause = coolDownOf(call.routeKey);
      const cause =
        coolDownCause !== null && (retry === null || coolDownCause.waitUntilMs > retry.waitUntilMs)
          ? coolDownCause
          : retry;
      const startMs = Math.max(cause?.waitUntilMs ?? 0, now());
      if (!fitsDeadline(startMs, deadlineMs)) throw deadlineFailure(call, cause, now());
      await waitUntil(startMs);
      // The wait may have ended a little late (timers are not exact): nothing is sent after the deadline.
      if (!fitsDeadline(now(), deadlineMs)) throw deadlineFailure(call, null, now());
      counts.set(call.routeKey, (counts.get(call.routeKey) ?? 0) + 1);
      total++;
      const { status, retryAfter, text, location, quotaLimited } = await attempt(call);
      if (status === null) {
        // The request may or may not have reached Jira: only one that changes nothing is sent again.
        const delayMs = changesNothing ? retryDelayMs(policy, attemptNo, null, random) : null;
        if (delayMs === null) throw new JiraUnavailableError(text, null);
        retry = { status: null, waitUntilMs: now() + delayMs };
        continue;
      }
      if ((status >= 200 && status < 300) || (status === 303 && call.acceptSeeOther === true))
        return { status, text, location };

      const delayMs = isRetryableStatus(status, changesNothing)
        ? retryDelayMs(policy, attemptNo, retryAfter, random)
        : null;
      if (status === 429 || status === 503) {
        const coolDownMs = Math.min(delayMs ?? (retryAfter ?? 0) * 1000, policy.maxRetryAfterMs);
        const untilMs = now() + coolDownMs;
        const key = status === 429 && quotaLimited ? ALL_ROUTES : call.routeKey;
        const previous = coolDowns.get(key);
        if (previous === undefined || untilMs >= previous.untilMs) coolDowns.set(key, { untilMs, status });
      }
      if (delayMs !== null) {
        retry = { status, waitUntilMs: now() + delayMs };
        continue;
      }
      throw errorForStatus({
        status,
        what: describe(call),
        retryAfterSeconds: retryAfter,
        jiraMessages: jiraErrorMessages(text),
        resource: call.routeKey.includes('{issueIdOrKey}') ? 'issue' : 'other',
      });
    }
  }

  async function request<TSchema extends v.GenericSchema>(
    call: Call,
    schema: TSchema,
  ): Promise<v.InferOutput<TSchema>> {
    return parseJson(await exchange(call), schema, call);
  }

  const issuePath = (issueIdOrKey: string): string => `/rest/api/3/issue/${enc(issueIdOrKey)}`;
  const propertyPath = (issueIdOrKey: string, propertyKey: string): string =>
    `${issuePath(issueIdOrKey)}/properties/${enc(propertyKey)}`;

  async function* searchPages(
    jql: string,
    fields: readonly string[],
    pageSize: number,
    properties: readonly string[] = [],
  ) {
    let nextPageToken: string | undefined;
    for (let page = 0; ; page++) {
      const call: Call = {
        routeKey: JIRA_ROUTES.searchJql,
        method: 'POST',
        path: '/rest/api/3/search/jql',
        body: {
          jql,
          fields,
          maxResults: pageSize,
          ...(properties.length === 0 ? {} : { properties }),
          ...(nextPageToken === undefined ? {} : { nextPageToken }),
        },
      };
      const result = await request(call, SearchPageSchema);
      yield result.issues;
      nextPageToken =
        result.isLast === true ? undefined : nextCursor(result.nextPageToken, nextPageToken, call, page);
      if (nextPageToken === undefined) return;
    }
  }

  async function bulkFetchBatch(
    issueIds: readonly string[],
    fieldIds: readonly string[],
    into: Map<string, JiraHistory[]>,
  ): Promise<void> {
    let nextPageToken: string | undefined;
    for (let page = 0; ; page++) {
      const call: Call = {
        routeKey: JIRA_ROUTES.bulkFetchChangelogs,
        method: 'POST',
        path: '/rest/api/3/changelog/bulkfetch',
        body: {
          issueIdsOrKeys: issueIds,
          fieldIds,
          maxResults: BULK_CHANGELOG_PAGE_SIZE,
          ...(nextPageToken === undefined ? {} : { nextPageToken }),
        },
      };
      const result = await request(call, BulkChangelogPageSchema);
      for (const log of result.issueChangeLogs) {
        const histories = into.get(log.issueId);
        // An issue's histories may continue on the next page.
        if (histories === undefined) into.set(log.issueId, log.changeHistories);
        else histories.push(...log.changeHistories);
      }
      nextPageToken = nextCursor(result.nextPageToken, nextPageToken, call, page);
      if (nextPageToken === undefined) return;
    }
  }

  /** The site's fields, asked once per client (a client serves one invocation; fields change rarely). */
  let fieldList: Promise<readonly JiraField[]> | null = null;
  async function readFields(): Promise<readonly JiraField[]> {
    const list = await request(
      { routeKey: JIRA_ROUTES.listFields, method: 'GET', path: '/rest/api/3/field' },
      FieldListSchema,
    );
    return list.map((field) => ({
      id: field.id,
      name: field.name ?? field.id,
      ...(field.untranslatedName === undefined ? {} : { untranslatedName: field.untranslatedName }),
      custom: field.custom === true,
      clauseNames: field.clauseNames ?? [],
      customType: field.schema?.custom ?? null,
    }));
  }

  return {
    requestCount(routeKey?: string): number {
      return routeKey === undefined ? total : (counts.get(routeKey) ?? 0);
    },

    async searchIssueIds(jql: string): Promise<readonly string[]> {
      const ids: string[] = [];
      for await (const issues of searchPages(jql, ['id'], SEARCH_ID_PAGE_SIZE)) {
        for (const issue of issues) ids.push(issue.id);
      }
      return ids;
    },

    searchIssues(
      jql: string,
      fields: readonly string[],
      options: JiraSearchOptions = {},
    ): AsyncIterable<readonly JiraSearchIssue[]> {
      return searchPages(jql, fields, SEARCH_PAGE_SIZE, options.properties);
    },

    async bulkFetchChangelogs(
      issueIds: readonly string[],
      fieldIds: readonly string[],
    ): Promise<ReadonlyMap<string, readonly JiraHistory[]>> {
      const byIssue = new Map<string, JiraHistory[]>();
      for (let start = 0; start < issueIds.length; start += BULK_CHANGELOG_ISSUES) {
        await bulkFetchBatch(issueIds.slice(start, start + BULK_CHANGELOG_ISSUES), fieldIds, byIssue);
      }
      return byIssue;
    },

    listFields(): Promise<readonly JiraField[]> {
      // A failed read is not kept: the next call asks again.
      fieldList ??= readFields().catch((error: unknown) => {
        fieldList = null;
        throw error;
      });
      return fieldList;
    },

    async getIssue(issueIdOrKey: string, fields: readonly string[]): Promise<JiraIssueInput> {
      return request(
        {
          routeKey: JIRA_ROUTES.getIssue,
          method: 'GET',
          path: `${issuePath(issueIdOrKey)}${query({ fields })}`,
        },
        SingleIssueSchema,
      );
    },

    async getIssueChangelog(issueIdOrKey: string): Promise<readonly JiraHistory[]> {
      const histories: JiraHistory[] = [];
      let startAt = 0;
      for (let page = 0; ; page++) {
        if (page >= MAX_CHANGELOG_PAGES) {
          throw new Error(`The changelog of ${issueIdOrKey} has more than ${MAX_CHANGELOG_PAGES} pages`);
        }
        const changelog = await request(
          {
            routeKey: JIRA_ROUTES.getIssueChangelog,
            method: 'GET',
            path: `${issuePath(issueIdOrKey)}/changelog${query({ startAt, maxResults: CHANGELOG_PAGE_SIZE })}`,
          },
          ChangelogPageSchema,
        );
        histories.push(...changelog.values);
        startAt += changelog.values.length;
        const finished =
          changelog.isLast === true ||
          changelog.values.length === 0 ||
          (changelog.isLast === undefined && changelog.total !== undefined && startAt >= changelog.total);
        if (finished) return histories;
      }
    },

    async getIssueLinks(issueIdOrKey: string): Promise<readonly JiraIssueLink[]> {
      const issue = await request(
        {
          routeKey: JIRA_ROUTES.getIssue,
          method: 'GET',
          path: `${issuePath(issueIdOrKey)}${query({ fields: ['issuelinks'] })}`,
        },
        IssueLinksSchema,
      );
      return issue.fields.issuelinks ?? [];
    },

    async getComments(issueIdOrKey: string): Promise<readonly JiraComment[]> {
      const comments: JiraComment[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await request(
          {
            routeKey: JIRA_ROUTES.getComments,
            method: 'GET',
            path: `${issuePath(issueIdOrKey)}/comment${query({ startAt: comments.length, maxResults: OFFSET_PAGE_SIZE, orderBy: 'created' })}`,
          },
          CommentPageSchema,
        );
        comments.push(...result.comments);
        const finished =
          result.comments.length === 0 || (result.total !== undefined && comments.length >= result.total);
        if (finished) return comments;
      }
      throw new Error(`The comments of ${issueIdOrKey} did not finish within ${MAX_PAGES} pages`);
    },

    async addComment(issueIdOrKey: string, body: AdfDocument): Promise<JiraComment> {
      return request(
        {
          routeKey: JIRA_ROUTES.addComment,
          method: 'POST',
          path: `${issuePath(issueIdOrKey)}/comment`,
          body: { body },
        },
        CommentSchema,
      );
    },

    async getIssueProperty(issueIdOrKey: string, propertyKey: string): Promise<unknown> {
      try {
        const property = await request(
          {
            routeKey: JIRA_ROUTES.getIssueProperty,
            method: 'GET',
            path: propertyPath(issueIdOrKey, propertyKey),
          },
          EntityPropertySchema,
        );
        return property.value ?? null;
      } catch (error) {
        if (isNotFound(error)) return null;
        throw error;
      }
    },

    async setIssueProperty(issueIdOrKey: string, propertyKey: string, value: unknown): Promise<void> {
      await exchange({
        routeKey: JIRA_ROUTES.setIssueProperty,
        method: 'PUT',
        path: propertyPath(issueIdOrKey, propertyKey),
        body: value,
      });
    },

    async deleteIssueProperty(issueIdOrKey: string, propertyKey: string): Promise<boolean> {
      try {
        await exchange({
          routeKey: JIRA_ROUTES.deleteIssueProperty,
          method: 'DELETE',
          path: propertyPath(issueIdOrKey, propertyKey),
        });
        return true;
      } catch (error) {
        if (isNotFound(error)) return false;
        throw error;
      }
    },

    async listProjectStatuses(projectIdOrKey: string): Promise<readonly JiraIssueTypeStatuses[]> {
      return request(
        {
          routeKey: JIRA_ROUTES.listProjectStatuses,
          method: 'GET',
          path: `/rest/api/3/project/${enc(projectIdOrKey)}/statuses`,
        },
        ProjectStatusesSchema,
      );
    },

    async searchStatuses(projectId: string): Promise<readonly JiraStatusRef[]> {
      return allOffsetPages('GET /rest/api/3/statuses/search', (startAt) =>
        request(
          {
            routeKey: JIRA_ROUTES.searchStatuses,
            method: 'GET',
            path: `/rest/api/3/statuses/search${query({ projectId, startAt, maxResults: STATUS_PAGE_SIZE })}`,
          },
          StatusSearchPageSchema,
        ),
      );
    },

    async listIssueTypesForProject(projectId: string): Promise<readonly JiraIssueType[]> {
      return request(
        {
          routeKey: JIRA_ROUTES.listIssueTypesForProject,
          method: 'GET',
          path: `/rest/api/3/issuetype/project${query({ projectId })}`,
        },
        IssueTypesSchema,
      );
    },

    async searchProjects(): Promise<readonly JiraProject[]> {
      const projects = await allOffsetPages('GET /rest/api/3/project/search', (startAt) =>
        request(
          {
            routeKey: JIRA_ROUTES.searchProjects,
            method: 'GET',
            path: `/rest/api/3/project/search${query({ startAt, maxResults: OFFSET_PAGE_SIZE })}`,
          },
          ProjectPageSchema,
        ),
      );
      return projects.map(projectOf);
    },

    async getProject(projectIdOrKey: string): Promise<JiraProject> {
      return projectOf(
        await request(
          {
            routeKey: JIRA_ROUTES.getProject,
            method: 'GET',
            path: `/rest/api/3/project/${enc(projectIdOrKey)}`,
          },
          ProjectSchema,
        ),
      );
    },

    async getDashboard(dashboardId: string): Promise<JiraDashboard> {
      const dashboard = await request(
        {
          routeKey: JIRA_ROUTES.getDashboard,
          method: 'GET',
          path: `/rest/api/3/dashboard/${enc(dashboardId)}`,
        },
        DashboardSchema,
      );
      return { id: dashboard.id, isWritable: dashboard.isWritable === true };
    },

    async getMyself(): Promise<JiraUser> {
      return request(
        { routeKey: JIRA_ROUTES.getMyself, method: 'GET', path: '/rest/api/3/myself' },
        MyselfSchema,
      );
    },

    async getUsers(accountIds: readonly string[]): Promise<readonly JiraUser[]> {
      const users: JiraUser[] = [];
      const unique = [...new Set(accountIds)];
      for (let start = 0; start < unique.length; start += USER_BULK_IDS) {
        const batch = unique.slice(start, start + USER_BULK_IDS);
        // `accountId` repeats per id (not comma-joined like Jira's other list parameters).
        const ids = batch.map((id) => `accountId=${enc(id)}`).join('&');
        // Jira may answer fewer users per page than asked for (its page limits change over time): follow the pages.
        const page = await allOffsetPages('GET /rest/api/3/user/bulk', (startAt) =>
          request(
            {
              routeKey: JIRA_ROUTES.getUsers,
              method: 'GET',
              path: `/rest/api/3/user/bulk?${startAt === 0 ? '' : `startAt=${startAt}&`}maxResults=${USER_BULK_IDS}&${ids}`,
            },
            UserPageSchema,
          ),
        );
        users.push(...page);
      }
      return users;
    },

    async getMyPermissions(
      permissions: readonly string[],
      projectKey?: string,
    ): Promise<Readonly<Record<string, boolean>>> {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.getMyPermissions,
          method: 'GET',
          path: `/rest/api/3/mypermissions${query({ permissions, projectKey })}`,
        },
        MyPermissionsSchema,
      );
      // Every permission asked for gets an answer; one Jira does not list is not held.
      return Object.fromEntries(
        permissions.map((key) => [key, result.permissions[key]?.havePermission === true]),
      );
    },

    ...configurationCalls(request, exchange, exchangeAnswer),
  };
}

/** A project as the port gives it: its issue types as ids. */
function projectOf(raw: v.InferOutput<typeof ProjectSchema>): JiraProject {
  const { issueTypes, ...project } = raw;
  return issueTypes === undefined ? project : { ...project, issueTypeIds: issueTypes.map((type) => type.id) };
}

function isNotFound(error: unknown): boolean {
  return error instanceof JiraAccessError && error.status === 404;
}

type RequestFn = <TSchema extends v.GenericSchema>(
  call: Call,
  schema: TSchema,
) => Promise<v.InferOutput<TSchema>>;

/** `?name=a&name=b`: a list parameter Jira wants repeated (`projectId`, `id`, `issueTypeSchemeId`). */
function repeated(name: string, values: readonly string[]): string {
  return values.map((value) => `${enc(name)}=${enc(value)}`).join('&');
}

/** Issue type schemes, mappings and schemes-of-projects per page: Jira's maximum. */
const SCHEME_PAGE_SIZE = 50;
/** Workflow scheme project usages per page: Jira's maximum. */
const USAGE_PAGE_SIZE = 200;

/**
 * Reads every page of an offset-paged endpoint (`startAt`/`maxResults`, `values`, `isLast`/`total`); a page
 * with neither `isLast` nor `total` is followed by the next one until an empty page.
 */
async function allOffsetPages<T>(
  what: string,
  fetchPage: (startAt: number) => Promise<{ values: readonly T[]; isLast?: boolean; total?: number }>,
): Promise<T[]> {
  const all: T[] = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const result = await fetchPage(all.length);
    all.push(...result.values);
    const finished =
      result.isLast === true ||
      result.values.length === 0 ||
      (result.isLast === undefined && result.total !== undefined && all.length >= result.total);
    if (finished) return all;
  }
  throw new Error(`${what} did not finish within ${MAX_PAGES} pages`);
}

function taskOf(parsed: v.InferOutput<typeof TaskSchema>): JiraTask {
  return {
    id: parsed.id,
    status: parsed.status,
    message: parsed.message ?? null,
    progress: parsed.progress ?? 0,
  };
}

/** A task's id in its URL (`…/rest/api/3/task/10641`), as a 303's `Location` names it. */
const TASK_URL = /\/rest\/api\/[23]\/task\/([^/?#]+)\/?(?:[?#].*)?$/;

/**
 * The task in a workflow-scheme change's answer: the 303's task body (or the 200 of a fetch that followed the
 * redirect to the task); for a 303 whose body is not a task (a proxy that drops a redirect's body) the task its
 * `Location` names, so the setup polls it instead of taking the change as done. Null for a 200 without a task
 * (Jira changed the scheme at once). A 303 naming no task at all fails: the change runs, but nobody can tell when
 * it ends.
 */
function taskStartOf(answer: Answer, call: Call): JiraTaskStart {
  let json: unknown = null;
  try {
    json = answer.text.trim() === '' ? null : JSON.parse(answer.text);
  } catch {
    json = null;
  }
  const parsed = v.safeParse(TaskSchema, json);
  if (parsed.success) return { task: taskOf(parsed.output) };
  if (answer.status !== 303) return { task: null };
  const id = TASK_URL.exec(answer.location ?? '')?.[1];
  if (id === undefined) {
    throw new JiraUnavailableError(
      `Jira started a task for ${describe(call)} but named neither its id nor its URL; wait a minute and reload to see whether the change was made`,
      303,
    );
  }
  return { task: { id: decodeURIComponent(id), status: 'ENQUEUED', message: null, progress: 0 } };
}

function scopeBody(scope: JiraConfigScope): Record<string, unknown> {
  return scope.type === 'GLOBAL' ? { type: 'GLOBAL' } : { type: 'PROJECT', project: { id: scope.projectId } };
}

function schemeOf(
  raw: v.InferOutput<typeof IssueTypeSchemePageSchema>['values'][number],
): JiraIssueTypeScheme {
  return {
    id: raw.id,
    name: raw.name,
    isDefault: raw.isDefault === true,
    ...(raw.description === undefined ? {} : { description: raw.description }),
    ...(raw.defaultIssueTypeId === undefined ? {} : { defaultIssueTypeId: raw.defaultIssueTypeId }),
    ...(raw.projects === undefined ? {} : { projectIds: raw.projects.values.map((p) => p.id) }),
  };
}

/** The configuration calls of {@link JiraConfigPort} over the client's `request` and `exchange`. */
function configurationCalls(
  request: RequestFn,
  exchange: (call: Call) => Promise<string>,
  exchangeAnswer: (call: Call) => Promise<Answer>,
): JiraConfigPort {
  return {
    async listAllIssueTypes(): Promise<readonly JiraIssueTypeDetails[]> {
      return request(
        { routeKey: JIRA_ROUTES.listAllIssueTypes, method: 'GET', path: '/rest/api/3/issuetype' },
        IssueTypeDetailsListSchema,
      );
    },

    async createIssueType(input): Promise<JiraIssueTypeDetails> {
      return request(
        {
          routeKey: JIRA_ROUTES.createIssueType,
          method: 'POST',
          path: '/rest/api/3/issuetype',
          body: { name: input.name, description: input.description, hierarchyLevel: 0 },
        },
        IssueTypeDetailsSchema,
      );
    },

    async searchStatusDetails(options): Promise<readonly JiraStatusDetails[]> {
      return allOffsetPages('GET /rest/api/3/statuses/search', (startAt) =>
        request(
          {
            routeKey: JIRA_ROUTES.searchStatuses,
            method: 'GET',
            path: `/rest/api/3/statuses/search${query({
              projectId: options.projectId,
              searchString: options.searchString,
              startAt,
              maxResults: STATUS_PAGE_SIZE,
            })}`,
          },
          StatusDetailsPageSchema,
        ),
      );
    },

    async createStatuses(scope, statuses): Promise<readonly JiraStatusDetails[]> {
      return request(
        {
          routeKey: JIRA_ROUTES.createStatuses,
          method: 'POST',
          path: '/rest/api/3/statuses',
          body: { scope: scopeBody(scope), statuses },
        },
        CreatedStatusesSchema,
      );
    },

    async readWorkflows(q) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.readWorkflows,
          method: 'POST',
          path: '/rest/api/3/workflows',
          body: {
            ...(q.workflowNames === undefined ? {} : { workflowNames: q.workflowNames }),
            ...(q.workflowIds === undefined ? {} : { workflowIds: q.workflowIds }),
          },
        },
        WorkflowsResponseSchema,
      );
      return result.workflows ?? [];
    },

    async readWorkflowStatuses(workflowId) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.readWorkflows,
          method: 'POST',
          path: '/rest/api/3/workflows',
          body: { workflowIds: [workflowId] },
        },
        WorkflowStatusesResponseSchema,
      );
      const references = new Set(
        (result.workflows?.find((w) => w.id === workflowId)?.statuses ?? []).map((s) => s.statusReference),
      );
      return (result.statuses ?? [])
        .filter((s) => references.has(s.statusReference ?? s.id) || references.has(s.id))
        .map((s) => ({
          id: s.id,
          name: s.name,
          statusCategory: s.statusCategory,
          scopeProjectId: s.scope?.type === 'PROJECT' ? (s.scope.project?.id ?? null) : null,
        }));
    },

    async listForgeWorkflowRules(workflow) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.workflowCapabilities,
          method: 'GET',
          path: `/rest/api/3/workflows/capabilities${query(
            'workflowId' in workflow
              ? { workflowId: workflow.workflowId }
              : { projectId: workflow.projectId, issueTypeId: workflow.issueTypeId },
          )}`,
        },
        WorkflowCapabilitiesSchema,
      );
      return (result.forgeRules ?? []).map((rule) => ({
        id: rule.id ?? '',
        ruleKey: rule.ruleKey ?? '',
        ruleType: rule.ruleType ?? '',
        name: rule.name ?? '',
      }));
    },

    async validateCreateWorkflows(workflowRequest) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.validateCreateWorkflows,
          method: 'POST',
          path: '/rest/api/3/workflows/create/validation',
          body: { payload: workflowRequest, validationOptions: { levels: ['ERROR', 'WARNING'] } },
        },
        WorkflowValidationSchema,
      );
      return (result.errors ?? []).map((e) => ({
        level: e.level ?? 'ERROR',
        message: e.message ?? '(no message)',
        ...(e.code === undefined ? {} : { code: e.code }),
        ...(e.type === undefined ? {} : { type: e.type }),
      }));
    },

    async createWorkflows(workflowRequest) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.createWorkflows,
          method: 'POST',
          path: '/rest/api/3/workflows/create',
          body: workflowRequest,
        },
        WorkflowsResponseSchema,
      );
      return result.workflows ?? [];
    },

    async getIssueTypeSchemeOfProject(projectId) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.issueTypeSchemeOfProject,
          method: 'GET',
          path: `/rest/api/3/issuetypescheme/project${query({ projectId, maxResults: SCHEME_PAGE_SIZE })}`,
        },
        IssueTypeSchemeProjectsPageSchema,
      );
      const entry = result.values.find((value) => value.projectIds.includes(projectId)) ?? result.values[0];
      return entry === undefined ? null : schemeOf(entry.issueTypeScheme);
    },

    async searchIssueTypeSchemes(q) {
      const filter = [
        ...(q.ids === undefined ? [] : [repeated('id', q.ids)]),
        ...(q.queryString === undefined ? [] : [`queryString=${enc(q.queryString)}`]),
      ];
      const schemes = await allOffsetPages('GET /rest/api/3/issuetypescheme', (startAt) =>
        request(
          {
            routeKey: JIRA_ROUTES.searchIssueTypeSchemes,
            method: 'GET',
            path: `/rest/api/3/issuetypescheme?${[...filter, `expand=projects`, `startAt=${startAt}`, `maxResults=${SCHEME_PAGE_SIZE}`].join('&')}`,
          },
          IssueTypeSchemePageSchema,
        ),
      );
      return schemes.map(schemeOf);
    },

    async listIssueTypeSchemeItems(schemeId) {
      const items = await allOffsetPages('GET /rest/api/3/issuetypescheme/mapping', (startAt) =>
        request(
          {
            routeKey: JIRA_ROUTES.issueTypeSchemeMapping,
            method: 'GET',
            path: `/rest/api/3/issuetypescheme/mapping${query({ issueTypeSchemeId: schemeId, startAt, maxResults: SCHEME_PAGE_SIZE })}`,
          },
          IssueTypeSchemeMappingPageSchema,
        ),
      );
      return items.filter((item) => item.issueTypeSchemeId === schemeId).map((item) => item.issueTypeId);
    },

    async createIssueTypeScheme(input) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.createIssueTypeScheme,
          method: 'POST',
          path: '/rest/api/3/issuetypescheme',
          body: input,
        },
        IssueTypeSchemeIdSchema,
      );
      return result.issueTypeSchemeId;
    },

    async addIssueTypesToScheme(schemeId, issueTypeIds) {
      await exchange({
        routeKey: JIRA_ROUTES.addIssueTypesToScheme,
        method: 'PUT',
        path: `/rest/api/3/issuetypescheme/${enc(schemeId)}/issuetype`,
        body: { issueTypeIds },
      });
    },

    async assignIssueTypeSchemeToProject(schemeId, projectId) {
      await exchange({
        routeKey: JIRA_ROUTES.assignIssueTypeScheme,
        method: 'PUT',
        path: '/rest/api/3/issuetypescheme/project',
        body: { issueTypeSchemeId: schemeId, projectId },
      });
    },

    async getWorkflowSchemeOfProject(projectId) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.workflowSchemeOfProject,
          method: 'GET',
          path: `/rest/api/3/workflowscheme/project${query({ projectId })}`,
        },
        WorkflowSchemeAssociationsSchema,
      );
      const entry = result.values.find((value) => value.projectIds.includes(projectId)) ?? result.values[0];
      if (entry === undefined) return null;
      const scheme = entry.workflowScheme;
      return {
        id: scheme.id ?? null,
        name: scheme.name,
        description: scheme.description ?? '',
        defaultWorkflow: scheme.defaultWorkflow ?? null,
        issueTypeMappings: scheme.issueTypeMappings ?? {},
      };
    },

    async readWorkflowSchemes(q): Promise<readonly JiraWorkflowSchemeDetails[]> {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.readWorkflowSchemes,
          method: 'POST',
          path: '/rest/api/3/workflowscheme/read',
          body: {
            ...(q.workflowSchemeIds === undefined ? {} : { workflowSchemeIds: q.workflowSchemeIds }),
            ...(q.projectIds === undefined ? {} : { projectIds: q.projectIds }),
          },
        },
        WorkflowSchemeReadSchema,
      );
      return result.map((scheme) => ({
        id: scheme.id,
        name: scheme.name,
        description: scheme.description ?? '',
        version: {
          versionNumber: scheme.version.versionNumber,
          ...(scheme.version.id === undefined ? {} : { id: scheme.version.id }),
        },
        defaultWorkflow: scheme.defaultWorkflow ?? null,
        workflowsForIssueTypes: scheme.workflowsForIssueTypes,
        scopeProjectId: scheme.scope?.type === 'PROJECT' ? (scheme.scope.project?.id ?? null) : null,
        taskId: scheme.taskId ?? null,
      }));
    },

    async listWorkflowSchemeProjects(schemeId) {
      const ids: string[] = [];
      let nextPageToken: string | undefined;
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await request(
          {
            routeKey: JIRA_ROUTES.workflowSchemeProjectUsages,
            method: 'GET',
            path: `/rest/api/3/workflowscheme/${enc(schemeId)}/projectUsages${query({ nextPageToken, maxResults: USAGE_PAGE_SIZE })}`,
          },
          WorkflowSchemeProjectUsagesSchema,
        );
        ids.push(...(result.projects?.values ?? []).map((p) => p.id));
        const token = result.projects?.nextPageToken;
        if (token === undefined || token === null || token === '' || token === nextPageToken) return ids;
        nextPageToken = token;
      }
      throw new Error(
        `The project usages of workflow scheme ${schemeId} did not finish within ${MAX_PAGES} pages`,
      );
    },

    async createWorkflowScheme(input) {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.createWorkflowScheme,
          method: 'POST',
          path: '/rest/api/3/workflowscheme',
          body: {
            name: input.name,
            description: input.description,
            ...(input.defaultWorkflow === null ? {} : { defaultWorkflow: input.defaultWorkflow }),
            issueTypeMappings: input.issueTypeMappings,
          },
        },
        CreatedWorkflowSchemeSchema,
      );
      return result.id;
    },

    async updateWorkflowScheme(input) {
      const call: Call = {
        routeKey: JIRA_ROUTES.updateWorkflowScheme,
        method: 'POST',
        path: '/rest/api/3/workflowscheme/update',
        body: input,
        acceptSeeOther: true,
      };
      return taskStartOf(await exchangeAnswer(call), call);
    },

    async switchProjectWorkflowScheme(projectId, targetSchemeId, mappingsByIssueTypeOverride = []) {
      const call: Call = {
        routeKey: JIRA_ROUTES.switchWorkflowScheme,
        method: 'POST',
        path: '/rest/api/3/workflowscheme/project/switch',
        body: {
          projectId,
          targetSchemeId,
          ...(mappingsByIssueTypeOverride.length === 0 ? {} : { mappingsByIssueTypeOverride }),
        },
        acceptSeeOther: true,
      };
      return taskStartOf(await exchangeAnswer(call), call);
    },

    async getTask(taskId) {
      return taskOf(
        await request(
          { routeKey: JIRA_ROUTES.getTask, method: 'GET', path: `/rest/api/3/task/${enc(taskId)}` },
          TaskSchema,
        ),
      );
    },
  };
}
