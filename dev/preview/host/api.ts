/** The host page's calls to the preview server (`/__preview/*`), acting as the selected sample user. */
import type {
  PreviewConfig,
  PreviewCreatedIssue,
  PreviewCsatResult,
  PreviewCreateIssueRequest,
  PreviewError,
  PreviewIssueDetails,
  PreviewIssueList,
  PreviewIssueType,
  PreviewProject,
  PreviewRedelivery,
  PreviewRulesView,
  PreviewTransition,
  PreviewTransitionRequest,
  PreviewTransitionResult,
} from '../preview-api';

/** A failed preview request, with Jira's (English) message and, when Jira refused a change, Jira's messages. */
export class PreviewRequestError extends Error {
  override readonly name = 'PreviewRequestError';
  readonly status: number;
  /** Jira's own messages (e.g. a workflow validator's text); empty when the failure was not Jira's refusal. */
  readonly jiraMessages: readonly string[];
  constructor(status: number, message: string, jiraMessages: readonly string[] = []) {
    super(message);
    this.status = status;
    this.jiraMessages = jiraMessages;
  }
}

async function requestJson<T>(path: string, init: RequestInit): Promise<T> {
  const response = await fetch(path, {
    ...init,
    headers: {
      accept: 'application/json',
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
  });
  const body = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const error = body as Partial<PreviewError> | null;
    const messages = Array.isArray(error?.messages)
      ? error.messages.filter((message): message is string => typeof message === 'string')
      : [];
    throw new PreviewRequestError(
      response.status,
      typeof error?.message === 'string' ? error.message : `HTTP ${String(response.status)}`,
      messages,
    );
  }
  return body as T;
}

function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  return requestJson(path, signal ? { signal } : {});
}

function postJson<T>(path: string, body: unknown): Promise<T> {
  return requestJson(path, { method: 'POST', body: JSON.stringify(body) });
}

function userQuery(accountId: string): string {
  return new URLSearchParams({ user: accountId }).toString();
}

export function fetchConfig(): Promise<PreviewConfig> {
  return getJson('/__preview/config');
}

export function fetchProjects(accountId: string): Promise<readonly PreviewProject[]> {
  return getJson(`/__preview/projects?${new URLSearchParams({ user: accountId }).toString()}`);
}

export function fetchIssues(
  accountId: string,
  projectKey: string,
  query: string,
  signal: AbortSignal,
): Promise<PreviewIssueList> {
  const params = new URLSearchParams({ user: accountId, project: projectKey, q: query });
  return getJson(`/__preview/issues?${params.toString()}`, signal);
}

export function fetchIssue(
  accountId: string,
  issueKey: string,
  signal: AbortSignal,
): Promise<PreviewIssueDetails> {
  const params = new URLSearchParams({ user: accountId });
  return getJson(`/__preview/issues/${encodeURIComponent(issueKey)}?${params.toString()}`, signal);
}

/** The issue types the user may create in the project (the "Create issue" dialog). */
export function fetchIssueTypes(accountId: string, projectKey: string): Promise<readonly PreviewIssueType[]> {
  return getJson(`/__preview/projects/${encodeURIComponent(projectKey)}/issuetypes?${userQuery(accountId)}`);
}

/** Creates an issue as the user; Jira's refusal as a {@link PreviewRequestError} with Jira's messages. */
export function createIssue(
  accountId: string,
  request: PreviewCreateIssueRequest,
): Promise<PreviewCreatedIssue> {
  return postJson(`/__preview/issues?${userQuery(accountId)}`, request);
}

/** The workflow transitions the user may take on the issue now. */
export function fetchTransitions(
  accountId: string,
  issueKey: string,
  signal: AbortSignal,
): Promise<readonly PreviewTransition[]> {
  return getJson(
    `/__preview/issues/${encodeURIComponent(issueKey)}/transitions?${userQuery(accountId)}`,
    signal,
  );
}

/** Takes a transition as the user; a validator's refusal as a {@link PreviewRequestError} with its messages. */
export function transitionIssue(
  accountId: string,
  issueKey: string,
  transitionId: string,
): Promise<PreviewTransitionResult> {
  const body: PreviewTransitionRequest = { transitionId };
  return postJson(
    `/__preview/issues/${encodeURIComponent(issueKey)}/transitions?${userQuery(accountId)}`,
    body,
  );
}

/** Delivers the issue's last event again (Forge delivers at least once); answers when its deliveries settled. */
export function redeliverLastEvent(issueKey: string): Promise<PreviewRedelivery> {
  return postJson(`/__preview/issues/${encodeURIComponent(issueKey)}/redeliver`, {});
}

/** The preview clock and the scheduled triggers' next runs (`GET /__preview/clock`). */
export interface PreviewClockState {
  readonly nowMs: number;
  readonly scheduled: readonly {
    readonly triggerKey: string;
    readonly interval: string;
    readonly nextDueMs: number;
  }[];
  /** After an advance: the scheduled triggers that ran. */
  readonly ran?: readonly { readonly triggerKey: string; readonly ok: boolean }[];
}

export function fetchClock(): Promise<PreviewClockState> {
  return getJson('/__preview/clock');
}

/** Advances the preview clock by `advanceMs`; the scheduled triggers that fall due run before it answers. */
export function advanceClock(advanceMs: number): Promise<PreviewClockState> {
  return postJson('/__preview/clock', { advanceMs });
}

/** The preview's sample Automation rules and their runs, newest first (`GET /__preview/rules`). */
export function fetchRules(signal?: AbortSignal): Promise<PreviewRulesView> {
  return getJson('/__preview/rules', signal);
}

/** Rates a request as its reporter (1–5); answers when the rule runs it caused are done. */
export function submitCsatRating(
  accountId: string,
  issueKey: string,
  rating: number,
): Promise<PreviewCsatResult> {
  return postJson(`/__preview/requests/${encodeURIComponent(issueKey)}/csat?${userQuery(accountId)}`, {
    rating,
  });
}
