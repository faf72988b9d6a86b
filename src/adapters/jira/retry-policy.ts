/**
 * When the Jira client tries a request again, and how long it waits first.
 *
 * Jira Cloud answers 429 (rate limited) and 503 (overloaded) with a `Retry-After` in seconds; the client waits
 * exactly that long. Without the header it backs off exponentially with "full jitter" (a uniformly random delay
 * between 0 and the exponential bound), which spreads the retries of many clients instead of synchronising them.
 */

export interface RetryPolicy {
  /** Attempts per request, the first one included (≥ 1). */
  readonly maxAttempts: number;
  /** Bound of the first backoff, ms; doubles with every retry. */
  readonly baseDelayMs: number;
  /** Largest backoff bound, ms. */
  readonly maxDelayMs: number;
  /**
   * Longest `Retry-After` the client waits for, ms. Jira asking for more fails the request at once with the
   * requested wait in the error, so that a command line or a resolver does not hang for minutes.
   */
  readonly maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 4,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
  maxRetryAfterMs: 60_000,
};

/**
 * Whether a response status is worth another attempt. 429 and 503 mean Jira did not do the work, so any request
 * may be repeated; 502 and 504 come from a gateway that may have passed the request on, so only requests that
 * change nothing are repeated. Everything else (4xx, 500) will fail the same way again.
 */
export function isRetryableStatus(status: number, changesNothing: boolean): boolean {
  if (status === 429 || status === 503) return true;
  return changesNothing && (status === 502 || status === 504);
}

/**
 * The full-jitter backoff before retry number `retry` (1 for the first retry), ms: uniform in
 * `[0, min(maxDelayMs, baseDelayMs · 2^(retry−1)))`. `random` returns a number in `[0, 1)`.
 *
 * @example backoffDelayMs(DEFAULT_RETRY_POLICY, 3, () => 0.5) === 1000 // bound 2000 ms, half of it
 */
export function backoffDelayMs(policy: RetryPolicy, retry: number, random: () => number): number {
  const boundMs = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.floor(random() * boundMs);
}

/**
 * How long to wait before retry number `retry` after a retryable status, ms: Jira's `Retry-After` when it sent
 * one, else {@link backoffDelayMs}. Null when the request must not be retried: the attempts are used up, or the
 * `Retry-After` is longer than `maxRetryAfterMs`.
 *
 * @example retryDelayMs(DEFAULT_RETRY_POLICY, 1, 7, Math.random) === 7000
 */
export function retryDelayMs(
  policy: RetryPolicy,
  retry: number,
  retryAfterSeconds: number | null,
  random: () => number,
): number | null {
  if (retry >= policy.maxAttempts) return null;
  if (retryAfterSeconds !== null) {
    const waitMs = Math.ceil(retryAfterSeconds * 1000);
    return waitMs > policy.maxRetryAfterMs ? null : waitMs;
  }
  return backoffDelayMs(policy, retry, random);
}

/**
 * Jira time of one resolver invocation, ms. Forge stops a resolver after 25 s; the rest is left for reading and
 * writing storage and for answering, so a rate-limited Jira is reported as "try again" instead of the call being
 * cut off by the platform.
 */
export const RESOLVER_JIRA_BUDGET_MS = 20_000;

/** Jira time of one queue-consumer invocation, ms: Forge allows a consumer up to 900 s; 50 s stay for the rest. */
export const CONSUMER_JIRA_BUDGET_MS = 850_000;

/**
 * Whether a wait that ends at `untilMs` still fits before `deadlineMs` (epoch ms; no deadline: always). A retry
 * or cool-down wait that does not fit is not started: the call fails at once with the wait in its error.
 *
 * @example fitsDeadline(19_000, 20_000) === true; fitsDeadline(50_000, 20_000) === false
 */
export function fitsDeadline(untilMs: number, deadlineMs: number | undefined): boolean {
  return deadlineMs === undefined || untilMs <= deadlineMs;
}
