import type { APIResponse } from '@forge/api';
import { IssueNotFoundError, JiraForbiddenError, JiraUnavailableError } from '../../application/errors';

/**
 * `Retry-After` in seconds (Jira sends delta-seconds; an HTTP date is converted against `nowMs`); null when
 * absent or unreadable.
 */
export function retryAfterSeconds(header: string | null, nowMs: number): number | null {
  if (header === null || header.trim() === '') return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds);
  const dateMs = Date.parse(header);
  return Number.isNaN(dateMs) ? null : Math.max(0, Math.ceil((dateMs - nowMs) / 1000));
}

/**
 * Throws the typed error a non-OK Jira response stands for: 404 → not found, 401/403 → forbidden,
 * 429/5xx → unavailable (retry later); any other status is a bug of the request, so a plain `Error`.
 * `what` names the request in the English detail, e.g. `GET /rest/api/3/issue/HD-1`.
 */
export function throwForStatus(
  response: Pick<APIResponse, 'status' | 'headers'>,
  what: string,
  nowMs: number,
): never {
  const { status } = response;
  const detail = `Jira answered ${status} to ${what}`;
  if (status === 404) throw new IssueNotFoundError(detail, status);
  if (status === 401 || status === 403) throw new JiraForbiddenError(detail, status);
  if (status === 429 || status >= 500) {
    throw new JiraUnavailableError(
      detail,
      status,
      retryAfterSeconds(response.headers.get('retry-after'), nowMs),
    );
  }
  throw new Error(detail);
}
