/**
 * A small HTTP server for the browser tests: serves a built Custom UI directory and answers the bridge shim's
 * `POST /__invoke/<name>` (body `{ payload, context }`) with the named resolver handler's return value.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';

/** A resolver as the server calls it: the payload and the context the shim sent. */
export type InvokeHandler = (payload: unknown, context: unknown) => Promise<unknown>;

export interface PanelServer {
  /** Origin, e.g. `http://127.0.0.1:41234`. */
  readonly origin: string;
  /** Names of the resolvers called so far, in order. */
  readonly invocations: string[];
  close(): Promise<void>;
}

export interface PanelServerOptions {
  /** Directory served at `/`. */
  readonly rootDir: string;
  readonly handlers: Readonly<Record<string, InvokeHandler>>;
  /** Awaited before each resolver call (tests hold requests here to see the loading state). */
  readonly beforeInvoke?: (name: string, payload: unknown) => Promise<void>;
}

const contentTypes: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/** The policy the served files run under (Forge Custom UI: `script-src 'self'`, `style-src 'self'`). */
export const contentSecurityPolicy =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:";

async function readBody(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  response.end(body);
}

async function serveFile(rootDir: string, urlPath: string, response: ServerResponse): Promise<void> {
  const relative = decodeURIComponent(urlPath).replace(/^\/+/, '');
  const file = path.resolve(rootDir, relative === '' ? 'index.html' : relative);
  if (!file.startsWith(path.resolve(rootDir) + path.sep)) {
    send(response, 403, 'text/plain', 'outside root');
    return;
  }
  const info = await stat(file).catch(() => null);
  if (info === null || !info.isFile()) {
    send(response, 404, 'text/plain', `not found: ${urlPath}`);
    return;
  }
  response.writeHead(200, {
    'content-type': contentTypes[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
    // Like Forge's Custom UI policy: no inline scripts or <style>/style="" markup. A violation shows up as a
    // console error, which the tests fail on.
    'content-security-policy': contentSecurityPolicy,
  });
  createReadStream(file).pipe(response);
}

async function handle(
  options: PanelServerOptions,
  invocations: string[],
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const url = new URL(request.url ?? '/', 'http://localhost');
  const invoke = /^\/__invoke\/([\w-]+)$/.exec(url.pathname);
  if (invoke === null) {
    if (request.method !== 'GET') send(response, 405, 'text/plain', 'method not allowed');
    else if (url.pathname === '/favicon.ico')
      send(response, 204, 'image/x-icon', ''); // no 404 noise in the console
    else await serveFile(options.rootDir, url.pathname, response);
    return;
  }
  const name = invoke[1] ?? '';
  const handler = options.handlers[name];
  if (request.method !== 'POST' || handler === undefined) {
    send(response, 404, 'text/plain', `no resolver ${name}`);
    return;
  }
  const body = JSON.parse(await readBody(request)) as { payload?: unknown; context?: unknown };
  invocations.push(name);
  await options.beforeInvoke?.(name, body.payload);
  const result = await handler(body.payload, body.context);
  send(response, 200, 'application/json; charset=utf-8', JSON.stringify(result));
}

/** Starts the server on a free port of 127.0.0.1. */
export async function startPanelServer(options: PanelServerOptions): Promise<PanelServer> {
  const invocations: string[] = [];
  const server = createServer((request, response) => {
    handle(options, invocations, request, response).catch((error: unknown) => {
      send(
        response,
        500,
        'text/plain',
        error instanceof Error ? (error.stack ?? error.message) : String(error),
      );
    });
  });
  await new Promise<void>((resolve) => {
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    invocations,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
      }),
  };
}
