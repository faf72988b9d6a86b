/**
 * The preview's web trigger endpoint: `http://127.0.0.1:<port>/x1/<webtrigger key>[/<more path>]` (Forge's URLs end
 * in `/x1/<id>` too). Each request is handed to the module's function as Forge serialises it (`method`, `path`,
 * `userPath`, `headers` and `queryParameters` as lists of strings, `body` as text) and the function's
 * `{ statusCode, headers, body }` is the answer. Like Forge's URL it has no authentication of its own: the function
 * validates and authenticates every request. It listens on the loopback interface only.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { WebTriggerRequest } from '../../src/entry/composition-root';
import { PreviewRequestError, type PreviewBackend } from './backend';

/** Largest request body handed to a web trigger function. */
export const WEBTRIGGER_MAX_BODY_BYTES = 1_000_000;

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > WEBTRIGGER_MAX_BODY_BYTES) throw new PreviewRequestError(413, 'request body too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Forge's request JSON of an HTTP request to `/x1/<key>…`. */
export async function webTriggerRequestOf(
  request: IncomingMessage,
  url: URL,
  userPath: string,
): Promise<WebTriggerRequest> {
  const headers: Record<string, string[]> = {};
  for (const [name, value] of Object.entries(request.headers)) {
    if (value === undefined) continue;
    headers[name] = Array.isArray(value) ? value : [value];
  }
  const queryParameters: Record<string, string[]> = {};
  for (const [name, value] of url.searchParams) (queryParameters[name] ??= []).push(value);
  const body = await readBody(request);
  return {
    method: request.method ?? 'GET',
    path: url.pathname,
    userPath,
    headers,
    queryParameters,
    ...(body === '' ? {} : { body }),
  };
}

/** The request listener of the web trigger server. */
export function createWebTriggerListener(
  backend: PreviewBackend,
  logError: (message: string, error: unknown) => void,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const match = /^\/x1\/([\w-]+)(\/.*)?$/.exec(url.pathname);
    const answer = async (): Promise<void> => {
      if (match === null)
        throw new PreviewRequestError(404, 'web triggers are served at /x1/<webtrigger key>');
      const forgeRequest = await webTriggerRequestOf(request, url, match[2] ?? '');
      const result = await backend.handleWebTrigger(match[1] ?? '', forgeRequest);
      for (const [name, values] of Object.entries(result.headers ?? {}))
        response.setHeader(name, [...values]);
      response.statusCode = result.statusCode;
      response.end(result.body ?? '');
    };
    answer().catch((error: unknown) => {
      const status = error instanceof PreviewRequestError ? error.status : 500;
      if (status >= 500)
        logError(`preview web trigger: ${request.method ?? ''} ${url.pathname} failed`, error);
      if (response.headersSent) {
        response.destroy();
        return;
      }
      response.writeHead(status, { 'content-type': 'text/plain; charset=utf-8' });
      response.end(error instanceof Error ? error.message : String(error));
    });
  };
}
