/** The host page's calls to the preview server (`/__preview/*`), acting as the selected sample user. */
import type {
  PreviewConfig,
  PreviewError,
  PreviewIssueDetails,
  PreviewIssueList,
  PreviewProject,
} from '../preview-api';

/** A failed preview request, with Jira's (English) message. */
export class PreviewRequestError extends Error {
  override readonly name = 'PreviewRequestError';
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

async function getJson<T>(path: string, signal?: AbortSignal): Promise<T> {
  const response = await fetch(path, {
    headers: { accept: 'application/json' },
    ...(signal ? { signal } : {}),
  });
  const body = (await response.json().catch(() => null)) as unknown;
  if (!response.ok) {
    const message = (body as Partial<PreviewError> | null)?.message;
    throw new PreviewRequestError(
      response.status,
      typeof message === 'string' ? message : `HTTP ${response.status}`,
    );
  }
  return body as T;
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
