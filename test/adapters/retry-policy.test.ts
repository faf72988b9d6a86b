/** The retry policy's arithmetic: which statuses are retried, the full-jitter bounds, the cap and Retry-After. */
import {
  backoffDelayMs,
  CONSUMER_JIRA_BUDGET_MS,
  DEFAULT_RETRY_POLICY,
  fitsDeadline,
  isRetryableStatus,
  RESOLVER_JIRA_BUDGET_MS,
  retryDelayMs,
} from '../../src/adapters/jira/retry-policy';

describe('retry policy', () => {
  it('defaults to 4 attempts, 500 ms base, 30 s cap', () => {
    expect(DEFAULT_RETRY_POLICY).toEqual({
      maxAttempts: 4,
      baseDelayMs: 500,
      maxDelayMs: 30_000,
      maxRetryAfterMs: 60_000,
    });
  });

  it('retries 429 and 503 always, 502 and 504 only for requests that change nothing, never 500 or 4xx', () => {
    expect([429, 503, 502, 504, 500, 400, 404].map((s) => isRetryableStatus(s, true))).toEqual([
      true,
      true,
      true,
      true,
      false,
      false,
      false,
    ]);
    expect([429, 503, 502, 504].map((s) => isRetryableStatus(s, false))).toEqual([true, true, false, false]);
  });

  it('draws the backoff uniformly below a bound that doubles per retry up to the cap', () => {
    const almostOne = () => 0.999_999;
    expect(
      [1, 2, 3, 4, 5, 6, 7, 8].map((retry) => backoffDelayMs(DEFAULT_RETRY_POLICY, retry, almostOne)),
    ).toEqual([499, 999, 1999, 3999, 7999, 15_999, 29_999, 29_999]);
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 3, () => 0)).toBe(0);
    expect(backoffDelayMs(DEFAULT_RETRY_POLICY, 3, () => 0.25)).toBe(500);
  });

  it('waits exactly Retry-After when Jira sends it, up to the longest wait allowed', () => {
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, 7, () => 0.5)).toBe(7000);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, 0.5, () => 0.5)).toBe(500);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, 60, () => 0.5)).toBe(60_000);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 1, 61, () => 0.5)).toBeNull();
  });

  it('stops once the attempts are used up', () => {
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 3, null, () => 0.5)).toBe(1000);
    expect(retryDelayMs(DEFAULT_RETRY_POLICY, 4, null, () => 0.5)).toBeNull();
    expect(retryDelayMs({ ...DEFAULT_RETRY_POLICY, maxAttempts: 1 }, 1, 1, () => 0.5)).toBeNull();
  });

  it('lets a wait end at the deadline but not after it; no deadline lets every wait', () => {
    expect(fitsDeadline(20_000, 20_000)).toBe(true);
    expect(fitsDeadline(20_001, 20_000)).toBe(false);
    expect(fitsDeadline(Number.MAX_SAFE_INTEGER, undefined)).toBe(true);
  });

  it('leaves room within Forge’s limits: 25 s per resolver, 900 s per queue consumer', () => {
    expect(RESOLVER_JIRA_BUDGET_MS).toBeLessThan(25_000);
    expect(CONSUMER_JIRA_BUDGET_MS).toBeLessThan(900_000);
  });
});
