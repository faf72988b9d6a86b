/**
 * The HTTP transport: `fetch` to a Jira Cloud site (or the local emulator) with e-mail + API token basic auth,
 * for the command line, the preview and the integration tests.
 */
import { JiraUnavailableError } from '../../application/errors';
import type { JiraHttpRequest, JiraHttpResponse, JiraSendOptions, JiraTransport } from './transport';

/** The part of `fetch` the transport uses (Node's global `fetch` fits). */
export type FetchFunction = (
  url: string,
  init: {
    method: string;
    headers: Record<string, string>;
    body?: string;
    redirect?: 'manual';
    signal?: AbortSignal;
  },
) => Promise<{ status: number; headers: { get(name: string): string | null }; text(): Promise<string> }>;

export interface HttpTransportOptions {
  /** Site URL, e.g. `https://example.atlassian.net` or the emulator's `http://127.0.0.1:4567`. */
  readonly baseUrl: string;
  /** E-mail address of the Atlassian account. */
  readonly email: string;
  /** API token of that account (id.atlassian.com → Security → API tokens). */
  readonly apiToken: string;
  /** Defaults to the global `fetch`. */
  readonly fetch?: FetchFunction;
}

/** A string property of an error-like value (duck-typed: `fetch` errors may come from another realm). */
function stringProperty(value: unknown, name: 'message' | 'code'): string | null {
  if (typeof value !== 'object' || value === null) return null;
  const property: unknown = (value as Record<string, unknown>)[name];
  return typeof property === 'string' && property !== '' ? property : null;
}

/** The reason of a failed `fetch`, with its cause's code (Node puts `ECONNREFUSED` & co. there). */
function networkReason(error: unknown): string {
  const message = stringProperty(error, 'message') ?? String(error);
  const cause: unknown =
    typeof error === 'object' && error !== null ? (error as { cause?: unknown }).cause : undefined;
  const causeText = stringProperty(cause, 'code') ?? stringProperty(cause, 'message');
  return causeText !== null && causeText !== message ? `${message} (${causeText})` : message;
}

/**
 * Creates the HTTP transport. Requests carry `Authorization: Basic base64(email:apiToken)`,
 * `Accept: application/json` and, with a body, `Content-Type: application/json`. A request that gets no answer
 * (unknown host, refused connection, TLS failure) throws a {@link JiraUnavailableError} naming the URL.
 *
 * @throws Error at creation when `baseUrl` is not an http(s) URL.
 */
export function createHttpTransport(options: HttpTransportOptions): JiraTransport {
  let base: URL;
  try {
    base = new URL(options.baseUrl);
  } catch {
    throw new Error(
      `Not a Jira site URL: "${options.baseUrl}" (expected e.g. https://example.atlassian.net)`,
    );
  }
  if (base.protocol !== 'https:' && base.protocol !== 'http:') {
    throw new Error(`Not a Jira site URL: "${options.baseUrl}" (expected http:// or https://)`);
  }
  // A site may live under a context path (Jira behind a proxy): keep it, without the trailing slash.
  const root = `${base.origin}${base.pathname.replace(/\/+$/, '')}`;
  const authorization = `Basic ${Buffer.from(`${options.email}:${options.apiToken}`, 'utf8').toString('base64')}`;
  const fetchFn: FetchFunction = options.fetch ?? fetch;

  return {
    async send(request: JiraHttpRequest, options: JiraSendOptions = {}): Promise<JiraHttpResponse> {
      const url = `${root}${request.path}`;
      const headers: Record<string, string> = { Authorization: authorization, Accept: 'application/json' };
      // `manual`: Jira answers `303 See Other` with the task of an asynchronous change (workflow scheme switch);
      // the client keeps that answer and its task id and polls the task itself, instead of fetch following the
      // redirect and a failure there losing the task.
      const init: Parameters<FetchFunction>[1] = { method: request.method, headers, redirect: 'manual' };
      if (request.body !== undefined) {
        headers['Content-Type'] = 'application/json';
        init.body = JSON.stringify(request.body);
      }
      // The client's deadline: fetch stops the request (and the reading of its body) when it is reached.
      if (options.signal !== undefined) init.signal = options.signal;
      try {
        return await fetchFn(url, init);
      } catch (error) {
        throw new JiraUnavailableError(`Cannot reach Jira at ${url}: ${networkReason(error)}`, null);
      }
    },
  };
}
