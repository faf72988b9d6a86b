/**
 * The app's one Jira client: every call of {@link JiraPort} over a {@link JiraTransport} (Forge or HTTP), with
 * Jira Cloud's paging, limits, rate-limit handling and typed errors in one place.
 */
import * as v from 'valibot';
import { JiraAccessError } from '../../application/errors';
import { FLOW_CHANGELOG_FIELD_IDS } from '../../application/load-flow-issues';
import type {
  AdfDocument,
  JiraComment,
  JiraIssueLink,
  JiraIssueType,
  JiraIssueTypeStatuses,
  JiraPort,
  JiraProject,
  JiraUser,
} from '../../application/ports/jira-port';
import type { JiraHistory, JiraIssueInput, JiraStatusRef } from '../../domain/flow/types';
import {
  BulkChangelogPageSchema,
  ChangelogPageSchema,
  CommentPageSchema,
  CommentSchema,
  EntityPropertySchema,
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
} from './jira-schemas';
import { errorForStatus, jiraErrorMessages, retryAfterSeconds } from './jira-response';
import { DEFAULT_RETRY_POLICY, isRetryableStatus, retryDelayMs } from './retry-policy';
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
  getMyself: 'GET /rest/api/3/myself',
  getMyPermissions: 'GET /rest/api/3/mypermissions',
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
}

/** The Jira client: the port plus the request counter tests and benchmarks assert budgets with. */
export interface JiraClient extends JiraPort {
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
 * jitter (see `retry-policy.ts`). A 429 or 503 also puts its endpoint in a cool-down: the next request to the same
 * route key waits until then, requests to other endpoints do not.
 */
export function createJiraClient(transport: JiraTransport, options: JiraClientOptions = {}): JiraClient {
  const sleep = options.sleep ?? sleepMs;
  const random = options.random ?? Math.random;
  const now = options.now ?? Date.now;
  const policy: RetryPolicy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
  const counts = new Map<string, number>();
  let total = 0;
  /** Route key → epoch ms before which no request goes to that endpoint. */
  const coolDownUntilMs = new Map<string, number>();

  async function waitUntil(untilMs: number): Promise<void> {
    const waitMs = untilMs - now();
    if (waitMs > 0) await sleep(waitMs);
  }

  /** Sends the call, retrying as the policy says; the body text of the 2xx answer. */
  async function exchange(call: Call): Promise<string> {
    const changesNothing =
      call.method === 'GET' ||
      call.routeKey === JIRA_ROUTES.searchJql ||
      call.routeKey === JIRA_ROUTES.bulkFetchChangelogs;
    let retryAtMs = 0;
    for (let attempt = 1; ; attempt++) {
      await waitUntil(Math.max(retryAtMs, coolDownUntilMs.get(call.routeKey) ?? 0));
      counts.set(call.routeKey, (counts.get(call.routeKey) ?? 0) + 1);
      total++;
      const response = await transport.send({
        method: call.method,
        path: call.path,
        ...(call.body === undefined ? {} : { body: call.body }),
      });
      const { status } = response;
      if (status >= 200 && status < 300) return response.text();

      // Read the body even when retrying: an unread body keeps the HTTP connection busy.
      const bodyText = await response.text().catch(() => '');
      const retryAfter = retryAfterSeconds(response.headers.get('retry-after'), now());
      const delayMs = isRetryableStatus(status, changesNothing)
        ? retryDelayMs(policy, attempt, retryAfter, random)
        : null;
      if (status === 429 || status === 503) {
        const coolDownMs = Math.min(delayMs ?? (retryAfter ?? 0) * 1000, policy.maxRetryAfterMs);
        const untilMs = now() + coolDownMs;
        coolDownUntilMs.set(call.routeKey, Math.max(untilMs, coolDownUntilMs.get(call.routeKey) ?? 0));
      }
      if (delayMs !== null) {
        retryAtMs = now() + delayMs;
        continue;
      }
      throw errorForStatus({
        status,
        what: describe(call),
        retryAfterSeconds: retryAfter,
        jiraMessages: jiraErrorMessages(bodyText),
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

  async function* searchPages(jql: string, fields: readonly string[], pageSize: number) {
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

    searchIssues(jql: string, fields: readonly string[]): AsyncIterable<readonly JiraIssueInput[]> {
      return searchPages(jql, fields, SEARCH_PAGE_SIZE);
    },

    async bulkFetchChangelogs(
      issueIds: readonly string[],
      fieldIds: readonly string[] = FLOW_CHANGELOG_FIELD_IDS,
    ): Promise<ReadonlyMap<string, readonly JiraHistory[]>> {
      const byIssue = new Map<string, JiraHistory[]>();
      for (let start = 0; start < issueIds.length; start += BULK_CHANGELOG_ISSUES) {
        await bulkFetchBatch(issueIds.slice(start, start + BULK_CHANGELOG_ISSUES), fieldIds, byIssue);
      }
      return byIssue;
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
      const statuses: JiraStatusRef[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await request(
          {
            routeKey: JIRA_ROUTES.searchStatuses,
            method: 'GET',
            path: `/rest/api/3/statuses/search${query({ projectId, startAt: statuses.length, maxResults: STATUS_PAGE_SIZE })}`,
          },
          StatusSearchPageSchema,
        );
        statuses.push(...result.values);
        const finished =
          result.isLast === true ||
          result.values.length === 0 ||
          (result.isLast === undefined && result.total !== undefined && statuses.length >= result.total);
        if (finished) return statuses;
      }
      throw new Error(`GET /rest/api/3/statuses/search did not finish within ${MAX_PAGES} pages`);
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
      const projects: JiraProject[] = [];
      for (let page = 0; page < MAX_PAGES; page++) {
        const result = await request(
          {
            routeKey: JIRA_ROUTES.searchProjects,
            method: 'GET',
            path: `/rest/api/3/project/search${query({ startAt: projects.length, maxResults: OFFSET_PAGE_SIZE })}`,
          },
          ProjectPageSchema,
        );
        projects.push(...result.values);
        const finished =
          result.isLast === true ||
          result.values.length === 0 ||
          (result.isLast === undefined && result.total !== undefined && projects.length >= result.total);
        if (finished) return projects;
      }
      throw new Error(`GET /rest/api/3/project/search did not finish within ${MAX_PAGES} pages`);
    },

    async getProject(projectIdOrKey: string): Promise<JiraProject> {
      return request(
        {
          routeKey: JIRA_ROUTES.getProject,
          method: 'GET',
          path: `/rest/api/3/project/${enc(projectIdOrKey)}`,
        },
        ProjectSchema,
      );
    },

    async getMyself(): Promise<JiraUser> {
      return request(
        { routeKey: JIRA_ROUTES.getMyself, method: 'GET', path: '/rest/api/3/myself' },
        MyselfSchema,
      );
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
  };
}

function isNotFound(error: unknown): boolean {
  return error instanceof JiraAccessError && error.status === 404;
}
