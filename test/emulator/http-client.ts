/**
 * A minimal HTTP client for the emulator tests: basic auth as a seed user, JSON in and out, the raw status and
 * headers kept so tests can assert Jira's error answers exactly.
 */
import type { SeedUser } from '../../dev/emulator/seed';

export interface TestReply {
  readonly status: number;
  readonly headers: Headers;
  readonly text: string;
  /** The parsed JSON body; undefined for an empty body. */
  readonly body: unknown;
}

export function basicAuth(user: Pick<SeedUser, 'emailAddress' | 'apiToken'>): string {
  return `Basic ${Buffer.from(`${user.emailAddress}:${user.apiToken}`).toString('base64')}`;
}

export interface TestClient {
  request(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<TestReply>;
  get(path: string): Promise<TestReply>;
  post(path: string, body: unknown): Promise<TestReply>;
  put(path: string, body: unknown): Promise<TestReply>;
  del(path: string): Promise<TestReply>;
}

/** A client acting as `user` (null: no Authorization header). */
export function clientFor(
  baseUrl: string,
  user: Pick<SeedUser, 'emailAddress' | 'apiToken'> | null,
): TestClient {
  const request = async (
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<TestReply> => {
    const response = await fetch(`${baseUrl}${path}`, {
      method,
      // 303 See Other (Jira's asynchronous tasks) is asserted as answered, not followed.
      redirect: 'manual',
      headers: {
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(user === null ? {} : { authorization: basicAuth(user) }),
        ...headers,
      },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
    const text = await response.text();
    return {
      status: response.status,
      headers: response.headers,
      text,
      body: text === '' ? undefined : JSON.parse(text),
    };
  };
  return {
    request,
    get: (path) => request('GET', path),
    post: (path, body) => request('POST', path, body),
    put: (path, body) => request('PUT', path, body),
    del: (path) => request('DELETE', path),
  };
}

/** Narrows a JSON body to an object for property access in assertions. */
export function obj(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new Error(`Expected a JSON object, got ${JSON.stringify(value)}`);
  }
  return value as Record<string, unknown>;
}

/** Narrows a JSON value to an array of objects. */
export function objs(value: unknown): Record<string, unknown>[] {
  if (!Array.isArray(value)) throw new Error(`Expected a JSON array, got ${JSON.stringify(value)}`);
  return value.map(obj);
}
