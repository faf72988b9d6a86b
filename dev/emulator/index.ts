/**
 * A local Jira Cloud for exactly what the app uses: an HTTP server (node:http, 127.0.0.1 only by default) that
 * answers the REST v3 endpoints of the Jira adapter with Jira's shapes, paging, limits and errors, from an
 * in-memory copy of a {@link JiraSeed}. Tests and the preview drive it through {@link RunningEmulator}: a request
 * log keyed by route key, fault injection (429 with `Retry-After`, 5xx) and latency, and the product events its
 * writes cause (issue created/updated/deleted, issue link created/deleted), delivered to subscribers after each
 * response; {@link RunningEmulator.issues} changes issues the REST API cannot (a move to another project).
 *
 * Auth is HTTP basic `email:apiToken` of a seed user; that user's permissions apply (issues of projects they may
 * not browse, and issues whose security level they are not a member of (`security.ts`), are invisible: 404 on
 * get, left out of search).
 *
 * Configuration (see `config.ts`): issue types and issue type schemes, statuses, workflows (new API, with
 * transitions and validators), workflow schemes (classic and new API, asynchronous switch/update with tasks).
 * A transition runs its Forge validators through the handlers given to
 * {@link RunningEmulator.onWorkflowValidator}; `/workflows/capabilities` lists {@link EmulatorOptions.forgeRules};
 * JQL searches and sorts the indexed issue properties of {@link EmulatorOptions.entityPropertyIndexes}.
 */
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type {
  EmulatorFeatures,
  EntityPropertyIndex,
  ForgeRuleDefinition,
  ProductEvent,
  Reply,
  RequestContext,
  WorkflowValidatorPayload,
  WorkflowValidatorResult,
} from './context';
import { JiraHttpError } from './errors';
import { issueUpdatedEvent } from './events';
import { matchRoute, routeKeyOf } from './routes';
import type { JiraSeed, SeedUser } from './seed';
import { EmulatorStore } from './store';

export type {
  EntityPropertyIndex,
  EntityPropertyValueIndex,
  ForgeProjectType,
  ForgeRuleDefinition,
  ProductEvent,
  WorkflowValidatorPayload,
  WorkflowValidatorResult,
} from './context';

/** A Forge workflow validator: `result: false` refuses the transition with `errorMessage`. */
export type WorkflowValidatorHandler = (
  payload: WorkflowValidatorPayload,
) => WorkflowValidatorResult | Promise<WorkflowValidatorResult>;

export interface FaultRule {
  /** Route key like `POST /rest/api/3/search/jql`; absent: every request. */
  readonly endpoint?: string;
  /** The status answered, or `reset`: the connection is dropped without an answer (a flaky network). */
  readonly status: 429 | 500 | 502 | 503 | 504 | 'reset';
  /** Sent as the `Retry-After` header (seconds) when given. */
  readonly retryAfterSeconds?: number;
  /** How many matching requests fail before the endpoint answers normally again. */
  readonly times: number;
}

export interface RunningEmulator {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  stop(): Promise<void>;
  readonly requests: {
    /** Requests answered so far (faults included), all or for one route key. */
    count(routeKey?: string): number;
    reset(): void;
    log(): readonly { routeKey: string; status: number }[];
  };
  readonly faults: { inject(rule: FaultRule): void; latency(ms: number): void; clear(): void };
  /** Subscribes to product events; returns the unsubscribe function. */
  onProductEvent(handler: (event: ProductEvent) => void | Promise<void>): () => void;
  /**
   * Registers the function behind the app's Forge workflow validator: a transition whose validators include a
   * `forge:*` rule with `parameters.key` = `extensionKey` (any key when omitted) calls it before moving the
   * issue. Returns the unregister function.
   */
  onWorkflowValidator(handler: WorkflowValidatorHandler, extensionKey?: string): () => void;
  /** Changes to issues that Jira's REST API does not offer (tests and benchmarks). */
  readonly issues: {
    /**
     * Moves an issue to another project as Jira's Move does: a new key there (the old key still finds the issue,
     * as Jira redirects it), a changelog history with Jira's `project` and `Key` items, and an
     * `avi:jira:updated:issue` event carrying that history, delivered to subscribers right after.
     *
     * @throws Error for an unknown issue or project, or a move into the issue's own project.
     */
    move(
      issueIdOrKey: string,
      targetProjectKey: string,
      options?: { readonly actorAccountId?: string },
    ): { readonly id: string; readonly key: string; readonly previousKey: string };
  };
}

export interface EmulatorOptions {
  readonly seed: JiraSeed;
  /** 0 (default): any free port. */
  readonly port?: number;
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** The emulator clock (epoch ms) for writes and relative JQL dates; default `Date.now`. */
  readonly now?: () => number;
  /** The Forge rules `/workflows/capabilities` lists (the app's workflow validator). */
  readonly forgeRules?: readonly ForgeRuleDefinition[];
  /** The app's `jira:entityProperty` modules: indexed issue property values JQL can search and sort by. */
  readonly entityPropertyIndexes?: readonly EntityPropertyIndex[];
  /** The site's cloud id in validator payloads (default a fixed UUID). */
  readonly cloudId?: string;
}

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const JSON_CONTENT_TYPE = 'application/json;charset=UTF-8';

interface Outcome {
  readonly status: number;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

function errorOutcome(error: JiraHttpError): Outcome {
  return { status: error.status, body: error.body, headers: error.headers };
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => {
      resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', reject);
  });
}

function authenticate(store: EmulatorStore, header: string | undefined): SeedUser | null {
  if (header?.startsWith('Basic ') !== true) return null;
  const decoded = Buffer.from(header.slice('Basic '.length).trim(), 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 0) return null;
  const user = store.userByEmail(decoded.slice(0, colon));
  return user !== undefined && user.apiToken === decoded.slice(colon + 1) ? user : null;
}

/** The logged status of a request whose connection a `reset` fault dropped. */
export const RESET_STATUS = 0;

function faultMessage(status: number): string {
  if (status === 429) return 'Rate limit exceeded. Retry after the time given in the Retry-After header.';
  if (status === 503) return 'The service is temporarily unavailable. Try again later.';
  return 'Internal server error (injected by the local Jira emulator).';
}

function send(res: ServerResponse, outcome: Outcome): void {
  const headers: Record<string, string> = { ...outcome.headers };
  if (outcome.body === undefined) {
    res.writeHead(outcome.status, { ...headers, 'content-length': '0' });
    res.end();
    return;
  }
  const text = JSON.stringify(outcome.body);
  res.writeHead(outcome.status, {
    ...headers,
    'content-type': JSON_CONTENT_TYPE,
    'content-length': String(Buffer.byteLength(text)),
  });
  res.end(text);
}

/** Starts the emulator; resolves once it listens. */
export async function startEmulator(options: EmulatorOptions): Promise<RunningEmulator> {
  const store = new EmulatorStore(options.seed);
  const now = options.now ?? Date.now;
  const host = options.host ?? '127.0.0.1';
  const log: { routeKey: string; status: number }[] = [];
  const faultRules: { rule: FaultRule; remaining: number }[] = [];
  const subscribers = new Set<(event: ProductEvent) => void | Promise<void>>();
  let latencyMs = 0;
  let baseUrl = '';
  const validators: { handler: WorkflowValidatorHandler; extensionKey: string | undefined }[] = [];
  const cloudId = options.cloudId ?? '0b4c8d6e-0000-4000-8000-000000000001';
  const features: EmulatorFeatures = {
    forgeRules: options.forgeRules ?? [],
    entityPropertyIndexes: options.entityPropertyIndexes ?? [],
    runValidator: async (extensionKey, payload) => {
      const matching = validators.filter(
        (v) => v.extensionKey === undefined || v.extensionKey === extensionKey,
      );
      if (matching.length === 0) return null;
      for (const { handler } of matching) {
        const outcome = await handler({ ...payload, context: { ...payload.context, cloudId } });
        if (!outcome.result) return outcome;
      }
      return { result: true };
    },
  };

  const deliver = (events: readonly ProductEvent[]): void => {
    for (const event of events) {
      for (const handler of [...subscribers]) {
        const report = (error: unknown): void => {
          console.error(`[jira-emulator] product event handler failed for ${event.eventType}:`, error);
        };
        try {
          const result = handler(event);
          if (result instanceof Promise) result.catch(report);
        } catch (error) {
          report(error);
        }
      }
    }
  };

  const takeFault = (routeKey: string): FaultRule | undefined => {
    const entry = faultRules.find(
      (f) => f.remaining > 0 && (f.rule.endpoint === undefined || f.rule.endpoint === routeKey),
    );
    if (entry === undefined) return undefined;
    entry.remaining--;
    return entry.rule;
  };

  const dispatch = async (
    req: IncomingMessage,
    url: URL,
    rawBody: string,
    events: ProductEvent[],
  ): Promise<Outcome & { routeKey: string }> => {
    const method = req.method ?? 'GET';
    const match = matchRoute(method, url.pathname);
    const routeKey = match.kind === 'found' ? routeKeyOf(match.route) : `${method} ${url.pathname}`;
    const fault = takeFault(routeKey);
    if (fault?.status === 'reset') return { routeKey, status: RESET_STATUS };
    if (fault !== undefined) {
      return {
        routeKey,
        status: fault.status,
        body: { errorMessages: [faultMessage(fault.status)], errors: {} },
        headers:
          fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
      };
    }
    try {
      if (match.kind === 'not-found') {
        throw new JiraHttpError(404, [
          `The local Jira emulator does not implement ${method} ${url.pathname}.`,
        ]);
      }
      if (match.kind === 'method-not-allowed') {
        throw new JiraHttpError(405, [`Method ${method} is not allowed on ${match.path}.`]);
      }
      const user = authenticate(store, req.headers.authorization);
      if (user === null) {
        throw new JiraHttpError(401, ['Client must be authenticated to access this resource.']);
      }
      let body: unknown = undefined;
      if (rawBody.trim() !== '') {
        try {
          body = JSON.parse(rawBody);
        } catch (error) {
          throw new JiraHttpError(400, [`The request body is not valid JSON: ${(error as Error).message}`]);
        }
      }
      const ctx: RequestContext = {
        store,
        features,
        baseUrl,
        method,
        params: match.params,
        query: url.searchParams,
        body,
        rawBody,
        user,
        now,
        emit: (event) => events.push(event),
      };
      const reply: Reply = await match.route.handler(ctx);
      return { routeKey, ...reply };
    } catch (error) {
      if (error instanceof JiraHttpError) return { routeKey, ...errorOutcome(error) };
      console.error('[jira-emulator] handler failed:', error);
      return {
        routeKey,
        status: 500,
        body: { errorMessages: [`Internal error of the local Jira emulator: ${String(error)}`], errors: {} },
      };
    }
  };

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const rawBody = await readBody(req);
    if (latencyMs > 0) await new Promise((resolve) => setTimeout(resolve, latencyMs));
    const url = new URL(req.url ?? '/', baseUrl);
    const events: ProductEvent[] = [];
    const outcome = await dispatch(req, url, rawBody, events);
    log.push({ routeKey: outcome.routeKey, status: outcome.status });
    if (outcome.status === RESET_STATUS) {
      // No status line, no body: the client sees a connection reset, as when a network or a proxy drops it.
      req.socket.destroy();
      return;
    }
    if (events.length > 0) {
      // After the response: a trigger sees the write already answered, as with Jira's asynchronous events.
      res.on('finish', () => {
        setImmediate(() => {
          deliver(events);
        });
      });
    }
    send(res, outcome);
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      console.error('[jira-emulator] request failed:', error);
      if (!res.headersSent) send(res, { status: 500, body: { errorMessages: [String(error)], errors: {} } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  baseUrl = `http://${host.includes(':') ? `[${host}]` : host}:${address.port}`;

  return {
    url: baseUrl,
    stop: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error === undefined) resolve();
          else reject(error);
        });
        server.closeAllConnections();
      }),
    requests: {
      count: (routeKey) =>
        routeKey === undefined ? log.length : log.filter((e) => e.routeKey === routeKey).length,
      reset: () => {
        log.length = 0;
      },
      log: () => log.map((e) => ({ ...e })),
    },
    faults: {
      inject: (rule) => {
        faultRules.push({ rule, remaining: rule.times });
      },
      latency: (ms) => {
        latencyMs = Math.max(0, ms);
      },
      clear: () => {
        faultRules.length = 0;
        latencyMs = 0;
      },
    },
    onWorkflowValidator: (handler, extensionKey) => {
      const entry = { handler, extensionKey };
      validators.push(entry);
      return () => {
        const index = validators.indexOf(entry);
        if (index >= 0) validators.splice(index, 1);
      };
    },
    issues: {
      move: (issueIdOrKey, targetProjectKey, moveOptions = {}) => {
        const issue = store.issue(issueIdOrKey);
        if (issue === undefined) throw new Error(`No issue ${issueIdOrKey} to move`);
        const target = store.project(targetProjectKey);
        if (target === undefined) throw new Error(`No project ${targetProjectKey} to move ${issue.key} to`);
        if (target.id === issue.projectId) throw new Error(`${issue.key} is already in ${target.key}`);
        const actor =
          moveOptions.actorAccountId === undefined
            ? (store.users.find((u) => u.jiraAdmin) ?? store.users[0])
            : store.userByAccountId(moveOptions.actorAccountId);
        if (actor === undefined) throw new Error('No user to move the issue as');
        const previousKey = issue.key;
        const history = store.moveIssue(issue, target, actor.accountId, now());
        const event = issueUpdatedEvent({ store, baseUrl, user: actor }, issue, history);
        // After the caller's turn, as Jira's events arrive after the change.
        setImmediate(() => {
          deliver([event]);
        });
        return { id: issue.id, key: issue.key, previousKey };
      },
    },
    onProductEvent: (handler) => {
      subscribers.add(handler);
      return () => {
        subscribers.delete(handler);
      };
    },
  };
}
