/**
 * The preview's Forge runtime for backend modules: it routes every function module of `manifest.yml` the way Forge
 * calls it (read by `backend-modules.ts`), to the handlers the app's composition root built (`index.<export>`).
 *
 * - resolvers: `invoke(name)` of a Custom UI module → the function its `resolver` names, in Forge's resolver shape
 *   (`{ call, context }` and the invocation's principal);
 * - product triggers: emulator events whose type a trigger lists and that pass its `filter` (an expression that
 *   fails for an event is received or ignored as its `onError` says);
 * - queue consumers: a push to a queue → its consumer function with Forge's async event (`queueName`, `jobId`,
 *   `eventId`, `body`, `retryContext` on redelivery); a push with `delaySeconds` (Forge's `delayInSeconds`, 0–900)
 *   is delivered that many real seconds later, or at once by {@link PreviewBackend.runDelayedNow};
 * - scheduled triggers: due on the preview clock (first about 5 minutes after start, as after a deploy, then every
 *   interval), run when the clock passes them (real time or the preview page's "advance");
 * - web triggers: Forge's request JSON in, the function's `{ statusCode, headers, body }` out (a 500 otherwise);
 * - workflow validators: the emulator's transitions call them;
 * - Automation actions: run with their inputs (required ones checked first).
 *
 * A trigger or consumer answering an `InvocationError` (`{ _retry: true, retryOptions }`) is delivered again after
 * its `retryAfter`, with `retryContext`, at most {@link MAX_PREVIEW_REDELIVERIES} times.
 */
import { randomUUID } from 'node:crypto';
import type { QueueMessage, QueuePort, QueuePushOptions } from '../../src/application/ports/queue-port';
import type { AppFunction, WebTriggerRequest, WebTriggerResponse } from '../../src/entry/composition-root';
import { checkQueueDelay, checkQueuePush } from '../../src/adapters/queue/memory-queue';
import { SCHEDULE_INTERVAL_MS, type BackendModules, type ManifestScheduledTrigger } from './backend-modules';
import { eventPassesFilter, FilterEvaluationError } from './trigger-filter';

/** Redeliveries of one event the preview makes at most when its function asks for them. */
export const MAX_PREVIEW_REDELIVERIES = 4;
/** Forge starts scheduled triggers about 5 minutes after a deployment; the preview after its start. */
export const FIRST_SCHEDULED_RUN_AFTER_MS = 5 * 60_000;

/** The preview's clock: real (or fixed) time plus what the preview page advanced it by. */
export interface PreviewClock {
  now(): number;
  advance(ms: number): void;
}

export function createPreviewClock(base: () => number): PreviewClock {
  let offsetMs = 0;
  return {
    now: () => base() + offsetMs,
    advance(ms) {
      if (!Number.isFinite(ms) || ms < 0) throw new Error('the preview clock only moves forward');
      offsetMs += ms;
    },
  };
}

/** A request the preview refuses before running anything (HTTP status and message for the caller). */
export class PreviewRequestError extends Error {
  override readonly name = 'PreviewRequestError';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** One module of the manifest and the function that serves it. */
export interface BackendRoute {
  readonly kind: 'resolver' | 'trigger' | 'consumer' | 'scheduled' | 'webtrigger' | 'validator' | 'action';
  readonly moduleKey: string;
  readonly functionKey: string;
  readonly handler: string;
}

/** What became of an emulator event for one trigger. */
export interface TriggerDelivery {
  readonly triggerKey: string;
  readonly delivered: boolean;
  /** Why it was (not) delivered: `filter`, `filter-error-received`, `filter-error-ignored`. */
  readonly reason: 'filter' | 'filter-error-received' | 'filter-error-ignored' | 'no-filter';
}

/** An issue event delivered once more. */
export interface RedeliveredEvent {
  readonly eventType: string;
  readonly deliveries: readonly TriggerDelivery[];
}

/** The issue key of an issue event's payload (`issue.key`); null for other events (e.g. a link's). */
function issueKeyOfEvent(payload: unknown): string | null {
  if (typeof payload !== 'object' || payload === null) return null;
  const issue = (payload as { issue?: unknown }).issue;
  const key = typeof issue === 'object' && issue !== null ? (issue as { key?: unknown }).key : undefined;
  return typeof key === 'string' ? key.toUpperCase() : null;
}

/** A scheduled trigger's run on the preview clock. */
export interface ScheduledRun {
  readonly triggerKey: string;
  readonly functionKey: string;
  /** The due instant it ran for (epoch ms). */
  readonly dueMs: number;
  /** Due instants passed over since (a clock advanced by a week runs an hourly trigger once, not 168 times). */
  readonly skipped: number;
  readonly ok: boolean;
}

/** A workflow validator's answer as Jira reads it. */
export interface ValidatorAnswer {
  readonly result: boolean;
  readonly errorMessage?: string;
}

export interface ScheduleStatus {
  readonly triggerKey: string;
  readonly interval: ManifestScheduledTrigger['interval'];
  readonly nextDueMs: number;
}

export interface PreviewBackendOptions {
  readonly modules: BackendModules;
  readonly clock: PreviewClock;
  readonly logError: (message: string, error: unknown) => void;
  /** The site's cloud id in the contexts Forge passes. */
  readonly cloudId?: string;
  /** Runs `run` after `delayMs` (a redelivery); default a timer that does not keep the process alive. */
  readonly later?: (delayMs: number, run: () => void) => void;
}

export interface PreviewBackend {
  readonly modules: BackendModules;
  /** Binds the handlers (by `index.<export>`); every function module must find its handler. */
  bind(handlers: ReadonlyMap<string, AppFunction>): void;
  /** The queue named `queueKey` (the composition root's queue port). */
  queue(queueKey: string): QueuePort;
  /** Every backend module and the function serving it (after {@link PreviewBackend.bind}). */
  routes(): readonly BackendRoute[];
  /** The handler bound to a function module. */
  functionHandler(functionKey: string): AppFunction;
  invokeResolver(
    moduleKey: string | null,
    name: string,
    payload: unknown,
    context: Readonly<Record<string, unknown>>,
  ): Promise<unknown>;
  deliverProductEvent(eventType: string, payload: unknown): Promise<readonly TriggerDelivery[]>;
  /**
   * Delivers the last issue event of `issueKey` again, unchanged, to the triggers it went to (Forge delivers an
   * event at least once, so a trigger may see it twice); null when the issue had no event since the start.
   */
  redeliverLastIssueEvent(issueKey: string): Promise<RedeliveredEvent | null>;
  runDueScheduled(): Promise<readonly ScheduledRun[]>;
  advanceClock(ms: number): Promise<readonly ScheduledRun[]>;
  scheduleStatus(): readonly ScheduleStatus[];
  handleWebTrigger(key: string, request: WebTriggerRequest): Promise<WebTriggerResponse>;
  validator(moduleKey: string): (event: unknown) => Promise<ValidatorAnswer>;
  runAction(key: string, inputs: unknown, accountId: string | null): Promise<unknown>;
  /**
   * Resolves when no delivery is running or waiting to be redelivered. Delayed queue pushes whose delay has not
   * passed are not waited for (a coalescing delay of seconds would hold every caller): see
   * {@link PreviewBackend.runDelayedNow}.
   */
  idle(): Promise<void>;
  /** Queue pushes waiting for their delay. */
  delayedCount(): number;
  /** Delivers every queue push still waiting for its delay now, and resolves when all deliveries are done. */
  runDelayedNow(): Promise<number>;
  /** Drops waiting redeliveries and delayed pushes. */
  stop(): void;
}

/** An `InvocationError` as `@forge/events` returns it (its constructor returns the plain JSON shape). */
function retryRequest(result: unknown): { retryAfterSeconds: number; reason: string; data: unknown } | null {
  if (typeof result !== 'object' || result === null) return null;
  const { _retry: retry, retryOptions } = result as { _retry?: unknown; retryOptions?: unknown };
  if (retry !== true) return null;
  const options = (typeof retryOptions === 'object' && retryOptions !== null ? retryOptions : {}) as Record<
    string,
    unknown
  >;
  const after = options['retryAfter'];
  return {
    retryAfterSeconds: typeof after === 'number' && after > 0 ? after : 1,
    reason: typeof options['retryReason'] === 'string' ? options['retryReason'] : 'FUNCTION_RETRY_REQUEST',
    data: options['retryData'],
  };
}

function isStringList(value: unknown): value is readonly string[] {
  return Array.isArray(value) && value.every((item) => typeof item === 'string');
}

/** Forge's check of a web trigger's answer: a status code, headers as lists of strings, a string body. */
function webTriggerResponseOf(result: unknown): WebTriggerResponse | null {
  if (typeof result !== 'object' || result === null) return null;
  const { statusCode, headers, body } = result as Record<string, unknown>;
  if (typeof statusCode !== 'number' || !Number.isInteger(statusCode) || statusCode < 100 || statusCode > 599)
    return null;
  if (body !== undefined && typeof body !== 'string') return null;
  if (headers !== undefined) {
    if (typeof headers !== 'object' || headers === null) return null;
    if (!Object.values(headers).every(isStringList)) return null;
  }
  return {
    statusCode,
    ...(headers === undefined ? {} : { headers: headers as Record<string, readonly string[]> }),
    ...(body === undefined ? {} : { body }),
  };
}

/** The preview's backend over the manifest's modules; call {@link PreviewBackend.bind} before routing. */
export function createPreviewBackend(options: PreviewBackendOptions): PreviewBackend {
  const { modules, clock, logError } = options;
  const cloudId = options.cloudId ?? '00000000-0000-4000-8000-000000000000';
  const installContext = `ari:cloud:jira::site/${cloudId}`;
  const timers = new Set<NodeJS.Timeout>();
  const later =
    options.later ??
    ((delayMs: number, run: () => void) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        run();
      }, delayMs);
      timer.unref();
      timers.add(timer);
    });
  const running = new Set<Promise<void>>();
  let waiting = 0;
  /** Delayed queue pushes not yet delivered, each with its delivery. */
  const delayed = new Set<() => void>();
  let handlers: ReadonlyMap<string, AppFunction> | null = null;
  /** The last event of each issue (by key), for {@link PreviewBackend.redeliverLastIssueEvent}. */
  const lastIssueEvents = new Map<string, { eventType: string; payload: unknown }>();
  const startMs = clock.now();
  const nextDue = new Map(
    modules.scheduledTriggers.map((trigger) => [trigger.key, startMs + FIRST_SCHEDULED_RUN_AFTER_MS]),
  );

  const handlerName = (functionKey: string): string => {
    const fn = modules.functions.find((candidate) => candidate.key === functionKey);
    if (fn === undefined) throw new Error(`no function module ${functionKey}`);
    return fn.handler;
  };
  const functionHandler = (functionKey: string): AppFunction => {
    if (handlers === null) throw new Error('the preview backend has no handlers yet (bind them first)');
    const handler = handlers.get(handlerName(functionKey));
    if (handler === undefined) throw new Error(`function ${functionKey} has no handler`);
    return handler;
  };
  const call = (functionKey: string, ...args: unknown[]): Promise<unknown> =>
    Promise.resolve().then(() => (functionHandler(functionKey) as (...a: unknown[]) => unknown)(...args));

  /** Runs a delivery in the background, tracked for {@link PreviewBackend.idle}. */
  const track = (work: () => Promise<void>): void => {
    const run = work().catch((error: unknown) => {
      logError('preview: a background delivery failed', error);
    });
    running.add(run);
    void run.finally(() => running.delete(run));
  };

  /** Delivers `event(retryContext)` to `functionKey`, again when the function asks for a retry. */
  const deliverWithRetries = async (
    what: string,
    functionKey: string,
    event: (retryContext: Record<string, unknown> | null) => unknown,
    retryCount = 0,
    retryContext: Record<string, unknown> | null = null,
  ): Promise<void> => {
    let result: unknown;
    try {
      result = await call(functionKey, event(retryContext), { installContext });
    } catch (error) {
      // Forge logs a failed invocation; the preview does not retry thrown errors (only requested retries).
      logError(`preview: ${what} (function ${functionKey}) failed`, error);
      return;
    }
    const retry = retryRequest(result);
    if (retry === null) return;
    if (retryCount >= MAX_PREVIEW_REDELIVERIES) {
      logError(`preview: ${what} asked for retry ${String(retryCount + 1)}; the preview gives up`, retry);
      return;
    }
    waiting++;
    later(retry.retryAfterSeconds * 1000, () => {
      waiting--;
      track(() =>
        deliverWithRetries(what, functionKey, event, retryCount + 1, {
          retryCount: retryCount + 1,
          retryReason: retry.reason,
          retryData: retry.data,
        }),
      );
    });
  };

  const queue = (queueKey: string): QueuePort => ({
    async push(message: QueueMessage, options?: QueuePushOptions): Promise<void> {
      await Promise.resolve(); // checked and queued on a later tick, like a real push
      const consumer = modules.consumers.find((candidate) => candidate.queue === queueKey);
      if (consumer === undefined)
        throw new Error(`No consumer module in manifest.yml consumes the queue "${queueKey}"`);
      const delaySeconds = checkQueueDelay(options);
      checkQueuePush({ ...message });
      const body = JSON.parse(JSON.stringify(message)) as Record<string, unknown>;
      const jobId = randomUUID();
      const eventId = randomUUID();
      const deliver = (): void => {
        track(() =>
          deliverWithRetries(`queue ${queueKey} event`, consumer.functionKey, (retryContext) => ({
            queueName: queueKey,
            jobId,
            eventId,
            body,
            ...(delaySeconds > 0 ? { delayInSeconds: delaySeconds } : {}),
            ...(retryContext === null ? {} : { retryContext }),
          })),
        );
      };
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (delaySeconds === 0) {
        deliver();
        return;
      }
      // Delivered once: by the timer after the delay, or earlier by runDelayedNow.
      const once = (): void => {
        if (delayed.delete(once)) deliver();
      };
      delayed.add(once);
      later(delaySeconds * 1000, once);
    },
  });

  const idle = async (): Promise<void> => {
    for (;;) {
      if (running.size > 0) await Promise.all([...running]);
      else if (waiting > 0) await new Promise((resolve) => setTimeout(resolve, 10));
      else return;
    }
  };

  const runScheduled = async (trigger: ManifestScheduledTrigger): Promise<ScheduledRun | null> => {
    const due = nextDue.get(trigger.key);
    const nowMs = clock.now();
    if (due === undefined || nowMs < due) return null;
    const intervalMs = SCHEDULE_INTERVAL_MS[trigger.interval];
    const passed = Math.floor((nowMs - due) / intervalMs);
    nextDue.set(trigger.key, due + (passed + 1) * intervalMs);
    let ok = true;
    try {
      // Forge's scheduled trigger event; the function's answer is ignored and a failure is not retried.
      await call(
        trigger.functionKey,
        { context: { cloudId, moduleKey: trigger.key }, contextToken: 'preview' },
        { installContext },
      );
    } catch (error) {
      ok = false;
      logError(`preview: scheduled trigger ${trigger.key} failed`, error);
    }
    return { triggerKey: trigger.key, functionKey: trigger.functionKey, dueMs: due, skipped: passed, ok };
  };

  const runDueScheduled = async (): Promise<readonly ScheduledRun[]> => {
    const runs = await Promise.all(modules.scheduledTriggers.map(runScheduled));
    return runs.filter((run): run is ScheduledRun => run !== null);
  };

  const deliverProductEvent = async (
    eventType: string,
    payload: unknown,
  ): Promise<readonly TriggerDelivery[]> => {
    const issueKey = issueKeyOfEvent(payload);
    if (issueKey !== null) lastIssueEvents.set(issueKey, { eventType, payload });
    const deliveries: TriggerDelivery[] = [];
    for (const trigger of modules.triggers) {
      if (!trigger.events.includes(eventType)) continue;
      let delivery: TriggerDelivery;
      if (trigger.filter === null) {
        delivery = { triggerKey: trigger.key, delivered: true, reason: 'no-filter' };
      } else {
        try {
          delivery = {
            triggerKey: trigger.key,
            delivered: eventPassesFilter(trigger.filter, payload),
            reason: 'filter',
          };
        } catch (error) {
          if (!(error instanceof FilterEvaluationError)) throw error;
          const received = trigger.onError === 'RECEIVE_AND_LOG';
          logError(`preview: trigger ${trigger.key}: filter failed for ${eventType}`, error);
          delivery = {
            triggerKey: trigger.key,
            delivered: received,
            reason: received ? 'filter-error-received' : 'filter-error-ignored',
          };
        }
      }
      deliveries.push(delivery);
      if (!delivery.delivered) continue;
      const event = typeof payload === 'object' && payload !== null ? payload : {};
      await deliverWithRetries(
        `trigger ${trigger.key} (${eventType})`,
        trigger.functionKey,
        (retryContext) => (retryContext === null ? event : { ...event, retryContext }),
      );
    }
    return deliveries;
  };

  return {
    modules,
    bind(table) {
      for (const fn of modules.functions) {
        if (!table.has(fn.handler))
          throw new Error(
            `manifest.yml: function ${fn.key} names handler ${fn.handler}, which the composition root ` +
              '(src/entry/composition-root.ts) does not build: add it there and export it from src/index.ts',
          );
      }
      handlers = table;
    },
    queue,
    routes() {
      const route = (kind: BackendRoute['kind'], moduleKey: string, functionKey: string): BackendRoute => ({
        kind,
        moduleKey,
        functionKey,
        handler: handlerName(functionKey),
      });
      return [
        ...modules.resolvers.map((r) => route('resolver', r.moduleKey, r.functionKey)),
        ...modules.triggers.map((t) => route('trigger', t.key, t.functionKey)),
        ...modules.consumers.map((c) => route('consumer', c.key, c.functionKey)),
        ...modules.scheduledTriggers.map((s) => route('scheduled', s.key, s.functionKey)),
        ...modules.webTriggers.map((w) => route('webtrigger', w.key, w.functionKey)),
        ...modules.validators.map((v) => route('validator', v.key, v.functionKey)),
        ...modules.actions.map((a) => route('action', a.key, a.functionKey)),
      ];
    },
    functionHandler,
    async invokeResolver(moduleKey, name, payload, context) {
      const bound = modules.resolvers.find((resolver) => resolver.moduleKey === moduleKey);
      const functionKeys = [...new Set(modules.resolvers.map((resolver) => resolver.functionKey))];
      const functionKey = bound?.functionKey ?? (functionKeys.length === 1 ? functionKeys[0] : undefined);
      if (functionKey === undefined)
        throw new PreviewRequestError(
          400,
          `no resolver for module "${String(moduleKey)}": the context names no Custom UI module of manifest.yml`,
        );
      const accountId = typeof context['accountId'] === 'string' ? context['accountId'] : undefined;
      // Forge's shape: the call and the browser's context; the invocation's principal is Forge's own.
      return call(
        functionKey,
        { call: { functionKey: name, payload }, context },
        { installContext, ...(accountId === undefined ? {} : { principal: { accountId } }) },
      );
    },
    deliverProductEvent,
    async redeliverLastIssueEvent(issueKey) {
      const last = lastIssueEvents.get(issueKey.toUpperCase());
      if (last === undefined) return null;
      return {
        eventType: last.eventType,
        deliveries: await deliverProductEvent(last.eventType, last.payload),
      };
    },
    runDueScheduled,
    async advanceClock(ms) {
      clock.advance(ms);
      return runDueScheduled();
    },
    scheduleStatus() {
      return modules.scheduledTriggers.map((trigger) => ({
        triggerKey: trigger.key,
        interval: trigger.interval,
        nextDueMs: nextDue.get(trigger.key) ?? startMs,
      }));
    },
    async handleWebTrigger(key, request) {
      const trigger = modules.webTriggers.find((candidate) => candidate.key === key);
      if (trigger === undefined)
        throw new PreviewRequestError(404, `no web trigger "${key}" in manifest.yml`);
      let result: unknown;
      try {
        result = await call(trigger.functionKey, request, { installContext });
      } catch (error) {
        logError(`preview: web trigger ${key} failed`, error);
        return { statusCode: 500, body: 'The web trigger function failed; see the preview log.' };
      }
      const response = webTriggerResponseOf(result);
      if (response === null) {
        logError(`preview: web trigger ${key} answered no { statusCode, headers, body }`, result);
        return { statusCode: 500, body: 'The web trigger function answered an invalid response.' };
      }
      return response;
    },
    validator(moduleKey) {
      const validator = modules.validators.find((candidate) => candidate.key === moduleKey);
      if (validator === undefined) throw new Error(`no jira:workflowValidator ${moduleKey}`);
      return async (event) => {
        let answer: unknown;
        try {
          answer = await call(validator.functionKey, event, { installContext });
        } catch (error) {
          logError(`preview: workflow validator ${moduleKey} failed`, error);
          return {
            result: false,
            errorMessage: `The app's validator ${moduleKey} failed; see the preview log.`,
          };
        }
        const { result, errorMessage } = (
          typeof answer === 'object' && answer !== null ? answer : {}
        ) as Record<string, unknown>;
        if (typeof result !== 'boolean' || (errorMessage !== undefined && typeof errorMessage !== 'string')) {
          logError(`preview: workflow validator ${moduleKey} answered no { result, errorMessage? }`, answer);
          return { result: false, errorMessage: `The app's validator ${moduleKey} answered invalidly.` };
        }
        return { result, ...(errorMessage === undefined ? {} : { errorMessage }) };
      };
    },
    async runAction(key, inputs, accountId) {
      const action = modules.actions.find((candidate) => candidate.key === key);
      if (action === undefined) throw new PreviewRequestError(404, `no action "${key}" in manifest.yml`);
      if (action.providerKey === null)
        throw new PreviewRequestError(
          409,
          `action ${key} is not offered to Automation: no automation:actionProvider lists it`,
        );
      const given = typeof inputs === 'object' && inputs !== null ? (inputs as Record<string, unknown>) : {};
      const missing = action.inputs.filter((input) => input.required && given[input.name] === undefined);
      if (missing.length > 0)
        throw new PreviewRequestError(
          400,
          `action ${key} needs the input(s) ${missing.map((input) => input.name).join(', ')}`,
        );
      return call(
        action.functionKey,
        { ...given, context: { cloudId, moduleKey: key } },
        { installContext, ...(accountId === null ? {} : { principal: { accountId } }) },
      );
    },
    delayedCount: () => delayed.size,
    async runDelayedNow() {
      const due = [...delayed];
      for (const run of due) run();
      await idle();
      return due.length;
    },
    idle,
    stop() {
      for (const timer of timers) clearTimeout(timer);
      timers.clear();
      waiting = 0;
      delayed.clear();
    },
  };
}
