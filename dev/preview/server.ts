/**
 * The preview's HTTP server: the host page, the built modules (under a Content-Security-Policy like Forge's), the
 * host page's data (`/__preview/*`, read from the emulator as the selected sample user), the host page's changes
 * (creating an issue, taking a workflow transition: `POST /__preview/*`, sent to the emulator as that user) and
 * the bridge shim's resolver calls (`POST /__invoke/<name>` → the resolver function of the calling module, through the
 * preview's backend, as Forge routes it), the preview clock (`GET`/`POST /__preview/clock`: read it, advance it and
 * run the scheduled triggers that fell due), Automation actions (`POST /__preview/actions/<key>`) and a second
 * delivery of an issue's last event (`POST /__preview/issues/<key>/redeliver`, Forge's at-least-once delivery),
 * the sample Automation rules and their runs (`GET /__preview/rules`) and a customer's CSAT rating of a request
 * (`POST /__preview/requests/<key>/csat`, given as the request's reporter; answers the rule runs it caused).
 * Every request must come from the preview's own page (its own Host; an Origin, when sent, its own origin): the
 * sample user's account id travels in the request, so no other page may send one.
 */
import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import {
  JiraAccessError,
  JiraBadRequestError,
  JiraForbiddenError,
  JiraUnavailableError,
} from '../../src/application/errors';
import type { JiraPort } from '../../src/application/ports/jira-port';
import type { JiraTransport } from '../../src/adapters/jira/transport';
import type { ResolverContext } from '../../src/entry/resolvers/handlers';
import { PreviewRequestError, type PreviewBackend, type PreviewClock } from './backend';
import type { StaticAsset } from './build-host';
import type { RuleRunner } from './rule-runner';
import { ratingOf, submitCsatRating } from './rule-runner-csat';
import {
  createIssue,
  JiraRefusal,
  listCreatableIssueTypes,
  listTransitions,
  transitionIssue,
} from './jira-actions';
import {
  ISSUE_KEY_PATTERN,
  listProjects,
  PROJECT_KEY_PATTERN,
  readIssueDetails,
  searchIssueList,
} from './jira-views';
import type {
  PreviewConfig,
  PreviewCreateIssueRequest,
  PreviewError,
  PreviewRedelivery,
  PreviewTransitionRequest,
} from './preview-api';

export interface PreviewServerDeps {
  readonly config: PreviewConfig;
  /** The host page's bundle, by file name under `/__host/`. */
  readonly hostAssets: ReadonlyMap<string, StaticAsset>;
  /** Absolute directory of the built modules (`<resource dir>/index.html`), served at `/modules/`. */
  readonly modulesDir: string;
  /** The app's backend modules as the preview routes them (resolvers, actions, scheduled triggers). */
  readonly backend: Pick<
    PreviewBackend,
    | 'invokeResolver'
    | 'advanceClock'
    | 'scheduleStatus'
    | 'runAction'
    | 'routes'
    | 'redeliverLastIssueEvent'
    | 'idle'
  >;
  /** The preview clock the page reads and advances. */
  readonly clock: Pick<PreviewClock, 'now'>;
  /** The Jira client acting as the sample user `accountId`; null for an unknown user. */
  readonly jiraFor: (accountId: string) => JiraPort | null;
  /** Jira's REST API as the sample user `accountId` (for what the app's client does not do); null for an unknown user. */
  readonly jiraTransportFor: (accountId: string) => JiraTransport | null;
  readonly logError: (message: string, error: unknown) => void;
  /** The preview's Automation stand-in (`GET /__preview/rules`, `POST /__preview/requests/<key>/csat`). */
  readonly rules?: Pick<RuleRunner, 'view' | 'idle' | 'nextRunId'>;
}

/** Issues the list shows at most. */
export const ISSUE_LIST_LIMIT = 50;
/** The most the page may advance the preview clock by at once: four weeks. */
export const MAX_CLOCK_ADVANCE_MS = 28 * 24 * 60 * 60_000;
/** How long a redelivery request waits for the deliveries it caused (queue consumers included) to finish. */
export const REDELIVERY_SETTLE_MS = 20_000;
/** Largest request body the server reads (resolver payloads are small). */
const MAX_BODY_BYTES = 1_000_000;

/** Forge's policy for Custom UI: no inline scripts or styles, only the app's own files. */
export const MODULE_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-ancestors 'self'";
const HOST_CONTENT_SECURITY_POLICY =
  "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; frame-src 'self'";

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
};

const HOST_PAGE = `<!doctype html>
<html lang="de" data-color-mode="light">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>Three Ways for Jira – Vorschau / preview</title>
    <link rel="stylesheet" href="/__host/preview.css" />
    <script type="module" src="/__host/main.js"></script>
  </head>
  <body>
    <div id="app" aria-busy="true"><p class="boot">Vorschau wird geladen … / Loading the preview…</p></div>
    <noscript><p class="boot">Die Vorschau braucht JavaScript. / The preview needs JavaScript.</p></noscript>
  </body>
</html>
`;

class HttpError extends Error {
  readonly status: number;
  constructor(status: number, message: string) {
    super(message);
    this.status = status;
  }
}

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string | Uint8Array,
  headers: Readonly<Record<string, string>> = {},
): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store', ...headers });
  response.end(body);
}

function sendJson(response: ServerResponse, status: number, value: unknown): void {
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));
}

/** The HTTP status a failure of a `/__preview/*` request answers with, like Jira's own for its errors. */
function statusOf(error: unknown): number {
  if (error instanceof HttpError) return error.status;
  if (error instanceof PreviewRequestError) return error.status;
  if (error instanceof JiraRefusal) return error.status;
  if (error instanceof JiraForbiddenError) return 403;
  if (error instanceof JiraBadRequestError) return 400;
  if (error instanceof JiraUnavailableError) return 503;
  if (error instanceof JiraAccessError) return error.status === 404 ? 404 : (error.status ?? 502);
  return 500;
}

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new HttpError(413, 'request body too large');
    chunks.push(buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'request body is not JSON');
  }
}

async function serveModuleFile(
  modulesDir: string,
  relativeUrlPath: string,
  response: ServerResponse,
): Promise<void> {
  const relative = decodeURIComponent(relativeUrlPath);
  const root = path.resolve(modulesDir);
  const file = path.resolve(root, relative);
  if (!file.startsWith(root + path.sep)) throw new HttpError(403, 'outside the modules directory');
  const info = await stat(file).catch(() => null);
  if (info === null || !info.isFile()) throw new HttpError(404, `not found: /modules/${relativeUrlPath}`);
  response.writeHead(200, {
    'content-type': CONTENT_TYPES[path.extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
    'content-security-policy': MODULE_CONTENT_SECURITY_POLICY,
  });
  createReadStream(file).pipe(response);
}

/** Jira's own URLs a module may open (`router.open`), redirected to the preview page that shows them. */
function jiraRedirect(pathname: string): string | null {
  const issueKey = /^\/browse\/([^/]+)$/.exec(pathname)?.[1]?.toUpperCase();
  if (issueKey !== undefined && ISSUE_KEY_PATTERN.test(issueKey)) {
    return `/?${new URLSearchParams({ project: issueKey.split('-')[0] ?? '', issue: issueKey }).toString()}`;
  }
  const settings = /^\/plugins\/servlet\/project-config\/([A-Za-z0-9_]+)/.exec(pathname)?.[1];
  if (settings !== undefined)
    return `/?${new URLSearchParams({ view: 'project-settings', project: settings.toUpperCase() }).toString()}`;
  if (pathname.startsWith('/jira/dashboards')) return '/?view=dashboard';
  return null;
}

function jiraOf(deps: PreviewServerDeps, url: URL): JiraPort {
  const jira = deps.jiraFor(url.searchParams.get('user') ?? '');
  if (jira === null) throw new HttpError(403, 'unknown sample user: pick a user of the preview');
  return jira;
}

function transportOf(deps: PreviewServerDeps, url: URL): JiraTransport {
  const transport = deps.jiraTransportFor(url.searchParams.get('user') ?? '');
  if (transport === null) throw new HttpError(403, 'unknown sample user: pick a user of the preview');
  return transport;
}

function stringField(body: unknown, name: string): string {
  const value =
    typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  if (typeof value !== 'string') throw new HttpError(400, `the request body needs the string "${name}"`);
  return value;
}

function issueKeyOf(segment: string): string {
  const key = decodeURIComponent(segment).toUpperCase();
  if (!ISSUE_KEY_PATTERN.test(key)) throw new HttpError(400, `not an issue key: ${key}`);
  return key;
}

/** The host page's changes (`POST /__preview/*`): create an issue, take a transition. */
async function previewChange(deps: PreviewServerDeps, url: URL, request: IncomingMessage): Promise<unknown> {
  const route = url.pathname.slice('/__preview/'.length);
  if (route === 'issues') {
    const body = await readJsonBody(request);
    const create: PreviewCreateIssueRequest = {
      projectKey: stringField(body, 'projectKey').toUpperCase(),
      issueTypeId: stringField(body, 'issueTypeId'),
      summary: stringField(body, 'summary'),
    };
    return createIssue(transportOf(deps, url), create);
  }
  if (route === 'clock') {
    const advanceMs = (await readJsonBody(request)) as { advanceMs?: unknown } | null;
    const ms = advanceMs?.advanceMs;
    if (typeof ms !== 'number' || !Number.isFinite(ms) || ms <= 0 || ms > MAX_CLOCK_ADVANCE_MS)
      throw new HttpError(
        400,
        `advanceMs must be a number of milliseconds from 1 to ${String(MAX_CLOCK_ADVANCE_MS)}`,
      );
    const ran = await deps.backend.advanceClock(ms);
    return { ...clockState(deps), ran };
  }
  const actionKey = /^actions\/([\w-]+)$/.exec(route)?.[1];
  if (actionKey !== undefined) {
    const body = await readJsonBody(request);
    const inputs =
      typeof body === 'object' && body !== null ? (body as { inputs?: unknown }).inputs : undefined;
    const user = url.searchParams.get('user');
    if (user === null || deps.jiraTransportFor(user) === null)
      throw new HttpError(403, 'unknown sample user: pick a user of the preview');
    return { result: (await deps.backend.runAction(actionKey, inputs ?? {}, user)) ?? null };
  }
  const csatKey = /^requests\/([^/]+)\/csat$/.exec(route)?.[1];
  if (csatKey !== undefined) {
    const rating = ratingOf(await readJsonBody(request));
    const { rules } = deps;
    if (rules === undefined) throw new HttpError(404, 'this preview runs no Automation rules');
    return submitCsatRating(
      {
        jira: jiraOf(deps, url),
        jiraTransportFor: deps.jiraTransportFor,
        rules,
      },
      issueKeyOf(csatKey),
      rating,
    );
  }
  const redeliverKey = /^issues\/([^/]+)\/redeliver$/.exec(route)?.[1];
  if (redeliverKey !== undefined) return redeliver(deps, issueKeyOf(redeliverKey));
  const transitionKey = /^issues\/([^/]+)\/transitions$/.exec(route)?.[1];
  if (transitionKey !== undefined) {
    const body = await readJsonBody(request);
    const transition: PreviewTransitionRequest = { transitionId: stringField(body, 'transitionId') };
    return transitionIssue(transportOf(deps, url), issueKeyOf(transitionKey), transition.transitionId);
  }
  throw new HttpError(404, `no preview change at ${url.pathname}`);
}

async function previewData(deps: PreviewServerDeps, url: URL): Promise<unknown> {
  const route = url.pathname.slice('/__preview/'.length);
  if (route === 'config') return deps.config;
  if (route === 'clock') return clockState(deps);
  if (route === 'backend') return deps.backend.routes();
  if (route === 'rules') {
    if (deps.rules === undefined) throw new HttpError(404, 'this preview runs no Automation rules');
    return deps.rules.view();
  }
  const typesOf = /^projects\/([^/]+)\/issuetypes$/.exec(route)?.[1];
  if (typesOf !== undefined) {
    const projectKey = decodeURIComponent(typesOf).toUpperCase();
    if (!PROJECT_KEY_PATTERN.test(projectKey)) throw new HttpError(400, `not a project key: ${projectKey}`);
    return listCreatableIssueTypes(transportOf(deps, url), projectKey);
  }
  const transitionsOf = /^issues\/([^/]+)\/transitions$/.exec(route)?.[1];
  if (transitionsOf !== undefined) return listTransitions(transportOf(deps, url), issueKeyOf(transitionsOf));
  if (route === 'projects') return listProjects(jiraOf(deps, url));
  if (route === 'issues') {
    return searchIssueList(jiraOf(deps, url), {
      projectKey: (url.searchParams.get('project') ?? '').toUpperCase(),
      query: url.searchParams.get('q') ?? '',
      limit: ISSUE_LIST_LIMIT,
    });
  }
  const issueKey = /^issues\/([^/]+)$/.exec(route)?.[1];
  if (issueKey !== undefined) return readIssueDetails(jiraOf(deps, url), issueKeyOf(issueKey));
  throw new HttpError(404, `no preview data at ${url.pathname}`);
}

/**
 * Delivers the issue's last event again, as Forge may (at least once): `POST /__preview/issues/<key>/redeliver`.
 * Answers once the deliveries it caused have finished (`settled`), or after {@link REDELIVERY_SETTLE_MS} with
 * `settled: false` (a delivery waiting for a retry).
 */
async function redeliver(deps: PreviewServerDeps, issueKey: string): Promise<PreviewRedelivery> {
  const redelivered = await deps.backend.redeliverLastIssueEvent(issueKey);
  if (redelivered === null)
    throw new HttpError(
      404,
      `${issueKey} has had no event since the preview started: change it first (e.g. take a transition)`,
    );
  let timer: NodeJS.Timeout | undefined;
  const settled = await Promise.race([
    deps.backend.idle().then(() => true),
    new Promise<boolean>((resolve) => {
      timer = setTimeout(() => {
        resolve(false);
      }, REDELIVERY_SETTLE_MS);
    }),
  ]);
  clearTimeout(timer);
  return { issueKey, ...redelivered, settled };
}

/** The preview clock and when each scheduled trigger is due next. */
function clockState(deps: PreviewServerDeps): { nowMs: number; scheduled: unknown } {
  return { nowMs: deps.clock.now(), scheduled: deps.backend.scheduleStatus() };
}

/** Forge's resolver refuses a name it has no definition for with this message (`@forge/resolver`). */
const NO_DEFINITION = /^Resolver has no definition for '/;

async function invokeResolver(
  deps: PreviewServerDeps,
  name: string,
  request: IncomingMessage,
): Promise<unknown> {
  const body = await readJsonBody(request);
  const { payload, context } = (typeof body === 'object' && body !== null ? body : {}) as {
    payload?: unknown;
    context?: unknown;
  };
  const invocationContext: ResolverContext =
    typeof context === 'object' && context !== null ? (context as ResolverContext) : {};
  const moduleKey =
    typeof invocationContext['moduleKey'] === 'string' ? invocationContext['moduleKey'] : null;
  try {
    return await deps.backend.invokeResolver(moduleKey, name, payload, invocationContext);
  } catch (error) {
    if (error instanceof Error && NO_DEFINITION.test(error.message)) throw new HttpError(404, error.message);
    throw error;
  }
}

/** Host names under which the preview's own page reaches it (it listens on the loopback interface). */
const OWN_HOST_NAMES: ReadonlySet<string> = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Refuses a request that does not come from the preview's own page, before anything runs: the `Host` header must
 * name this server (a loopback name with the port the request arrived on), so a page of another site that points
 * its own host name at 127.0.0.1 (DNS rebinding) gets nothing; and an `Origin` header, which browsers send with
 * every cross-origin and every POST request, must be this server's own origin, so another site's page cannot post
 * to `/__invoke` or `/__preview` (and pick a sample user) from the user's browser.
 *
 * @throws HttpError 403 naming the header that did not match.
 */
function requireOwnPage(request: IncomingMessage): void {
  const port = request.socket.localPort;
  const host = (request.headers.host ?? '').toLowerCase();
  const ownHosts = [...OWN_HOST_NAMES].map((name) => `${name}:${String(port)}`);
  if (port === undefined || !ownHosts.includes(host))
    throw new HttpError(
      403,
      `refused: the Host header "${host}" is not this preview (open ${ownHosts[0] ?? ''})`,
    );
  const origin = request.headers.origin;
  if (origin !== undefined && origin.toLowerCase() !== `http://${host}`)
    throw new HttpError(403, `refused: requests from ${origin} are not from the preview's own page`);
}

async function route(
  deps: PreviewServerDeps,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  requireOwnPage(request);
  const url = new URL(request.url ?? '/', 'http://localhost');
  const method = request.method ?? 'GET';
  const invoke = /^\/__invoke\/([\w-]+)$/.exec(url.pathname);
  if (invoke !== null) {
    if (method !== 'POST') throw new HttpError(405, 'resolvers are invoked with POST');
    sendJson(response, 200, await invokeResolver(deps, invoke[1] ?? '', request));
    return;
  }
  if (url.pathname.startsWith('/__preview/')) {
    try {
      if (method === 'POST') sendJson(response, 200, await previewChange(deps, url, request));
      else if (method === 'GET' || method === 'HEAD') sendJson(response, 200, await previewData(deps, url));
      else throw new HttpError(405, 'method not allowed');
    } catch (error) {
      const status = statusOf(error);
      if (status >= 500) deps.logError(`preview: ${method} ${url.pathname} failed`, error);
      const message = error instanceof Error ? error.message : String(error);
      const body: PreviewError =
        error instanceof JiraRefusal ? { status, message, messages: error.messages } : { status, message };
      sendJson(response, status, body);
    }
    return;
  }
  if (method !== 'GET' && method !== 'HEAD') throw new HttpError(405, 'method not allowed');
  if (url.pathname === '/' || url.pathname === '/index.html') {
    send(response, 200, 'text/html; charset=utf-8', HOST_PAGE, {
      'content-security-policy': HOST_CONTENT_SECURITY_POLICY,
    });
    return;
  }
  if (url.pathname.startsWith('/__host/')) {
    const asset = deps.hostAssets.get(url.pathname.slice('/__host/'.length));
    if (asset === undefined) throw new HttpError(404, `not found: ${url.pathname}`);
    send(response, 200, asset.contentType, asset.body);
    return;
  }
  if (url.pathname.startsWith('/modules/')) {
    await serveModuleFile(deps.modulesDir, url.pathname.slice('/modules/'.length), response);
    return;
  }
  if (url.pathname === '/favicon.ico') {
    send(response, 204, 'image/x-icon', ''); // no 404 noise in the browser console
    return;
  }
  const redirect = jiraRedirect(url.pathname);
  if (redirect !== null) {
    response.writeHead(302, { location: redirect, 'cache-control': 'no-store' });
    response.end();
    return;
  }
  throw new HttpError(404, `not found: ${url.pathname}`);
}

/** The request listener of the preview server. */
export function createPreviewRequestListener(
  deps: PreviewServerDeps,
): (request: IncomingMessage, response: ServerResponse) => void {
  return (request, response) => {
    route(deps, request, response).catch((error: unknown) => {
      const status = statusOf(error);
      if (status >= 500) deps.logError(`preview: ${request.method ?? ''} ${request.url ?? ''} failed`, error);
      if (response.headersSent) {
        response.destroy();
        return;
      }
      send(
        response,
        status,
        'text/plain; charset=utf-8',
        error instanceof Error ? error.message : String(error),
      );
    });
  };
}
