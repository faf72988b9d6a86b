/**
 * The HTTP side both signed web triggers share (`feedback-intake`, `okr-values`): reading a header in Forge's
 * request shape (names compared case-insensitively, values in lists), the signing headers, and JSON answers,
 * errors as `{ error: { code, message } }` and an application outcome with its `Retry-After`.
 */

/** Headers as Forge passes and expects them: each name with a list of values. */
export type WebHeaders = Readonly<Record<string, readonly string[]>>;

/** A JSON answer of a web trigger. */
export interface JsonWebResponse {
  readonly statusCode: number;
  readonly headers: WebHeaders;
  readonly body: string;
}

/** An application's answer to a signed request: a status and body, and when to retry after a refusal. */
export type WebTriggerOutcome =
  | { readonly status: number; readonly body: unknown }
  | { readonly status: number; readonly body: unknown; readonly retryAfterSeconds: number };

/** The first value of the header `name` (lower case), whatever case the sender used; undefined when absent. */
export function headerOf(headers: WebHeaders | undefined, name: string): string | undefined {
  const wanted = name.toLowerCase();
  for (const [key, values] of Object.entries(headers ?? {}))
    if (key.toLowerCase() === wanted) return values[0];
  return undefined;
}

/** The raw body and the two signing headers, as the application's signed-request check takes them. */
export function signedRequestOf(request: { readonly headers?: WebHeaders; readonly body?: string }): {
  readonly body: string;
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
} {
  return {
    body: request.body ?? '',
    signature: headerOf(request.headers, 'x-threeways-signature'),
    timestamp: headerOf(request.headers, 'x-threeways-timestamp'),
  };
}

export function jsonResponse(
  statusCode: number,
  body: unknown,
  extraHeaders: WebHeaders = {},
): JsonWebResponse {
  return {
    statusCode,
    headers: { 'Content-Type': ['application/json'], ...extraHeaders },
    body: JSON.stringify(body),
  };
}

export function errorResponse(
  statusCode: number,
  code: string,
  message: string,
  extra: WebHeaders = {},
): JsonWebResponse {
  return jsonResponse(statusCode, { error: { code, message } }, extra);
}

/** The outcome as an answer; a refusal that names a wait also says it in `Retry-After` (seconds). */
export function outcomeResponse(outcome: WebTriggerOutcome): JsonWebResponse {
  if ('retryAfterSeconds' in outcome)
    return jsonResponse(outcome.status, outcome.body, { 'Retry-After': [String(outcome.retryAfterSeconds)] });
  return jsonResponse(outcome.status, outcome.body);
}
