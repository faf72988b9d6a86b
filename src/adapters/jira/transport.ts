/**
 * The one way the app's Jira client reaches Jira: a transport that sends a request to a Jira REST path and hands
 * back the raw response. Two implementations: Forge (`api.asUser()/asApp().requestJira`) in the app, HTTP
 * (`fetch` + basic auth) for the CLI, the local emulator and a real Jira Cloud site.
 */

export type JiraMethod = 'GET' | 'POST' | 'PUT' | 'DELETE';

export interface JiraHttpRequest {
  readonly method: JiraMethod;
  /** Path and query, already encoded, starting with `/rest/`, e.g. `/rest/api/3/issue/HD-1?fields=status`. */
  readonly path: string;
  /** JSON body (serialised by the transport). */
  readonly body?: unknown;
}

export interface JiraHttpResponse {
  readonly status: number;
  readonly headers: { get(name: string): string | null };
  text(): Promise<string>;
}

/** How a request is sent. */
export interface JiraSendOptions {
  /**
   * Aborted when the client stops waiting for the answer (the invocation's deadline): the transport should stop
   * the request and the reading of its body. A transport that cannot is simply no longer waited for.
   */
  readonly signal?: AbortSignal;
}

export interface JiraTransport {
  /**
   * Sends the request. A request that gets no answer at all (connection refused or reset, unknown host) throws a
   * `JiraUnavailableError` without a status; the client then retries requests that change nothing.
   */
  send(request: JiraHttpRequest, options?: JiraSendOptions): Promise<JiraHttpResponse>;
}
