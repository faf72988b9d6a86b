/**
 * The request core of the Jira client: sending a call over the transport with Jira Cloud's retries, per-endpoint
 * cool-downs, the invocation's deadline and typed errors, parsing answers with their valibot schema, and the
 * paging helpers every group of calls (issues, projects and users, configuration) shares.
 */
import * as v from 'valibot';
import { JiraAccessError, JiraUnavailableError } from '../../application/errors';
import { errorForStatus, jiraErrorMessages, rateLimitResetSeconds, retryAfterSeconds } from './jira-response';
import { JIRA_ROUTES, MAX_PAGES, type JiraRouteKey } from './jira-routes';
import { DEFAULT_RETRY_POLICY, fitsDeadline, isRetryableStatus, retryDelayMs } from './retry-policy';
import type { RetryPolicy } from './retry-policy';
import type { JiraMethod, JiraTransport } from './transport';

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

export interface Call {
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
  /**
   * Sending the call twice has the effect of sending it once (e.g. setting the same property values): when its
   * outcome is unknown (no answer, 502/504) it is retried like a read.
   */
  readonly idempotent?: boolean;
}

/** The cool-down key of every endpoint (no route key looks like it). */
const ALL_ROUTES = '*';

/** A successful answer: its status (2xx, or 303 where accepted), body text and `Location` header. */
export interface Answer {
  readonly status: number;
  readonly text: string;
  readonly location: string | null;
}

function sleepMs(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

export const enc = encodeURIComponent;

/** `?a=1&b=x,y`: each value encoded, list items joined by commas as Jira's list parameters expect. */
export function query(
  params: Readonly<Record<string, string | number | readonly string[] | undefined>>,
): string {
  const parts: string[] = [];
  for (const [name, value] of Object.entries(params)) {
    if (value === undefined) continue;
    const text = typeof value === 'object' ? value.map(enc).join(',') : enc(String(value));
    parts.push(`${enc(name)}=${text}`);
  }
  return parts.length === 0 ? '' : `?${parts.join('&')}`;
}

/** `METHOD /path` without the query: how errors name a request. */
export function describe(call: Call): string {
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
export function nextCursor(
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

export type RequestFn = <TSchema extends v.GenericSchema>(
  call: Call,
  schema: TSchema,
) => Promise<v.InferOutput<TSchema>>;

/** What the groups of calls send their requests with; one per client, so counts and cool-downs are the client's. */
export interface JiraRequester {
  /** Sends the call (retrying as the policy says) and parses the 2xx body with `schema`. */
  readonly request: RequestFn;
  /** Sends the call, retrying as the policy says; the body text of the 2xx answer. */
  readonly exchange: (call: Call) => Promise<string>;
  /** {@link JiraRequester.exchange} with the status and `Location` of the answer (a 303's task URL). */
  readonly exchangeAnswer: (call: Call) => Promise<Answer>;
  /** Requests sent (every attempt) to the route `routeKey`, or to all routes when absent. */
  readonly requestCount: (routeKey?: string) => number;
}

/**
 * Creates the request core of a Jira client over `transport`: the retries, cool-downs and deadline described at
 * `createJiraClient` (`jira-client.ts`), and the request counts.
 */
export function createJiraRequester(
  transport: JiraTransport,
  options: JiraClientOptions = {},
): JiraRequester {
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
      call.idempotent === true ||
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

  return {
    request,
    exchange,
    exchangeAnswer,
    requestCount: (routeKey?: string): number =>
      routeKey === undefined ? total : (counts.get(routeKey) ?? 0),
  };
}

export function isNotFound(error: unknown): boolean {
  return error instanceof JiraAccessError && error.status === 404;
}

/** `?name=a&name=b`: a list parameter Jira wants repeated (`projectId`, `id`, `issueTypeSchemeId`). */
export function repeated(name: string, values: readonly string[]): string {
  return values.map((value) => `${enc(name)}=${enc(value)}`).join('&');
}

/**
 * Reads every page of an offset-paged endpoint (`startAt`/`maxResults`, `values`, `isLast`/`total`); a page
 * with neither `isLast` nor `total` is followed by the next one until an empty page.
 */
export async function allOffsetPages<T>(
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
