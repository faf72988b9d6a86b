/**
 * Planning of the project flow page: a request resolved against the project's settings and the clock (range,
 * bounded JQL), and the errors a computation answers with.
 */
import type { ProjectFlowRequest } from '../contract/project-flow';
import { addDays, localDate, startOfLocalDayMs, toDayNumber } from '../domain/flow/calendar';
import { DEFAULT_WINDOW_DAYS } from '../domain/flow/engine';
import { isValidDate, JqlRefinementError } from '../domain/flow/jql-scope';
import {
  IssueNotFoundError,
  JiraBadRequestError,
  JiraForbiddenError,
  JiraNotFoundError,
  JiraUnavailableError,
} from './errors';
import { scopeJql } from './flow-measurement';
import type { ProjectFlowSettings } from './project-settings';

/** Days shown when the request names no `from`. */
export const DEFAULT_RANGE_DAYS = 180;
/** Longest range accepted, days. */
export const MAX_RANGE_DAYS = 3 * 366;

/** A request the app cannot serve as asked (bad dates, bad JQL): answered as `invalid-payload`. */
export class FlowRequestError extends Error {
  override readonly name = 'FlowRequestError';
}

/** A request resolved against the project's settings and the clock: everything a computation needs. */
export interface FlowPlan {
  readonly projectId: string;
  readonly projectKey: string;
  readonly request: ProjectFlowRequest;
  readonly from: string;
  readonly to: string;
  readonly asOfMs: number;
  readonly jql: string;
  readonly percentiles: readonly number[];
}

/** Resolves the request's dates and JQL against the settings; throws {@link FlowRequestError} for bad input. */
export function planProjectFlow(
  settings: ProjectFlowSettings,
  request: ProjectFlowRequest,
  nowMs: number,
): FlowPlan {
  const tz = settings.calendar.timeZone;
  const today = localDate(nowMs, tz);
  for (const date of [request.from, request.to, request.forecast?.byDate])
    if (date !== undefined && !isValidDate(date)) throw new FlowRequestError(`Not a date: ${date}`);
  const to = request.to === undefined || request.to > today ? today : request.to;
  const from = request.from ?? addDays(to, -DEFAULT_RANGE_DAYS);
  if (from > to) throw new FlowRequestError(`The range starts (${from}) after it ends (${to}).`);
  if (toDayNumber(to) - toDayNumber(from) > MAX_RANGE_DAYS)
    throw new FlowRequestError(`The range is longer than ${String(MAX_RANGE_DAYS)} days.`);
  const byDate = request.forecast?.byDate;
  if (byDate !== undefined && (byDate <= to || toDayNumber(byDate) - toDayNumber(to) > MAX_RANGE_DAYS))
    throw new FlowRequestError(`The forecast date ${byDate} must be after ${to} and at most 3 years ahead.`);
  const asOfMs = Math.min(nowMs, startOfLocalDayMs(addDays(to, 1), tz));
  const windowStart = addDays(localDate(asOfMs, tz), -DEFAULT_WINDOW_DAYS);
  let jql: string;
  try {
    jql =
      scopeJql(
        {
          kind: 'project',
          projectKey: settings.projectKey,
          refinement: request.jql ?? '',
          issueTypes: request.issueTypes ?? [],
        },
        { activeSince: from < windowStart ? from : windowStart, to },
      ) ?? '';
  } catch (error) {
    if (error instanceof JqlRefinementError) throw new FlowRequestError(error.message);
    throw error;
  }
  const percentiles = request.percentiles ?? settings.percentiles;
  return {
    projectId: settings.projectId,
    projectKey: settings.projectKey,
    request,
    from,
    to,
    asOfMs,
    jql,
    percentiles,
  };
}

/** Error code of the resolver contract for a failure of the computation. */
export function flowErrorCode(
  error: unknown,
): 'invalid-payload' | 'not-found' | 'forbidden' | 'jira-unavailable' | 'internal' {
  if (error instanceof FlowRequestError || error instanceof JiraBadRequestError) return 'invalid-payload';
  if (error instanceof JiraNotFoundError || error instanceof IssueNotFoundError) return 'not-found';
  if (error instanceof JiraForbiddenError) return 'forbidden';
  if (error instanceof JiraUnavailableError) return 'jira-unavailable';
  return 'internal';
}

/** English detail of a failure; Jira's own messages for a rejected JQL. */
export function flowErrorDetail(error: unknown): string {
  if (error instanceof JiraBadRequestError && error.jiraMessages.length > 0)
    return error.jiraMessages.join('; ');
  return error instanceof Error ? error.message : String(error);
}
