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

export interface JiraTransport {
  send(request: JiraHttpRequest): Promise<JiraHttpResponse>;
}
