/**
 * Finds the backend modules of `manifest.yml` (functions and every module that runs one) so the preview routes them
 * as Forge does, without a wiring of its own: a module added to the manifest is live in `npm start`. A module the
 * preview cannot run as Forge would is refused when it starts, naming the module and what to do.
 */
import { parse } from 'yaml';
import { parseTriggerFilter, type TriggerFilter } from './trigger-filter';

/** `function` module: the handler Forge runs (`index.<export>`). */
export interface ManifestFunction {
  readonly key: string;
  readonly handler: string;
  readonly timeoutSeconds?: number;
}

/** A Custom UI module's resolver: the function its `invoke` calls reach. */
export interface ManifestResolverBinding {
  readonly moduleKey: string;
  readonly moduleType: string;
  readonly functionKey: string;
}

/** `trigger` module: product events delivered to a function. */
export interface ManifestTrigger {
  readonly key: string;
  readonly functionKey: string;
  readonly events: readonly string[];
  readonly filter: TriggerFilter | null;
  /** What happens when the filter cannot be evaluated for an event (Forge's default: IGNORE_AND_LOG). */
  readonly onError: 'IGNORE_AND_LOG' | 'RECEIVE_AND_LOG';
}

/** `consumer` module: the function that consumes a queue's events. */
export interface ManifestConsumer {
  readonly key: string;
  readonly queue: string;
  readonly functionKey: string;
}

/** Intervals of `scheduledTrigger`, in milliseconds. */
export const SCHEDULE_INTERVAL_MS = {
  fiveMinute: 5 * 60_000,
  hour: 60 * 60_000,
  day: 24 * 60 * 60_000,
  week: 7 * 24 * 60 * 60_000,
} as const;
export type ScheduleInterval = keyof typeof SCHEDULE_INTERVAL_MS;

/** `scheduledTrigger` module. */
export interface ManifestScheduledTrigger {
  readonly key: string;
  readonly functionKey: string;
  readonly interval: ScheduleInterval;
}

/** `webtrigger` module (dynamic responses only: the function's answer is the HTTP response). */
export interface ManifestWebTrigger {
  readonly key: string;
  readonly functionKey: string;
}

/** An input of an Automation action. */
export interface ManifestActionInput {
  readonly name: string;
  readonly type: string;
  readonly required: boolean;
}

/** `action` module offered to Automation by an `automation:actionProvider`. */
export interface ManifestAction {
  readonly key: string;
  readonly functionKey: string;
  readonly actionVerb: string;
  readonly inputs: readonly ManifestActionInput[];
  /** The `automation:actionProvider` that offers it (null: the action is not offered to Automation). */
  readonly providerKey: string | null;
}

/** `jira:workflowValidator` module's function (the rule itself is read by `readManifestAppFeatures`). */
export interface ManifestValidatorBinding {
  readonly key: string;
  readonly functionKey: string;
}

export interface BackendModules {
  readonly functions: readonly ManifestFunction[];
  readonly resolvers: readonly ManifestResolverBinding[];
  readonly triggers: readonly ManifestTrigger[];
  readonly consumers: readonly ManifestConsumer[];
  readonly scheduledTriggers: readonly ManifestScheduledTrigger[];
  readonly webTriggers: readonly ManifestWebTrigger[];
  readonly validators: readonly ManifestValidatorBinding[];
  readonly actions: readonly ManifestAction[];
}

type Entry = Readonly<Record<string, unknown>>;

function asRecord(value: unknown): Entry | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as Entry) : null;
}

function entriesOf(modules: Entry, type: string): Entry[] {
  const entries = modules[type];
  if (!Array.isArray(entries)) return [];
  return (entries as unknown[]).flatMap((entry): Entry[] => {
    const record = asRecord(entry);
    return record === null ? [] : [record];
  });
}

function text(entry: Entry, name: string): string | null {
  const value = entry[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

function required(entry: Entry, name: string, where: string): string {
  const value = text(entry, name);
  if (value === null) throw new Error(`manifest.yml: ${where} needs "${name}"`);
  return value;
}

/** Whether `value` names a function or remote endpoint (`function:`/`endpoint:` at any depth). */
function namesBackend(value: unknown): boolean {
  if (Array.isArray(value)) return (value as unknown[]).some(namesBackend);
  const record = asRecord(value);
  if (record === null) return false;
  if (text(record, 'function') !== null || text(record, 'endpoint') !== null) return true;
  return Object.values(record).some(namesBackend);
}

/** Module types the preview routes (besides Custom UI modules with a `resolver`). */
const ROUTED_TYPES = new Set([
  'function',
  'trigger',
  'consumer',
  'scheduledTrigger',
  'webtrigger',
  'jira:workflowValidator',
  'action',
  'automation:actionProvider',
]);

/**
 * The manifest's backend modules.
 *
 * @throws Error for a module the preview cannot route as Forge would: a function module a module names but the
 *   manifest does not define, a module type that runs a function the preview does not know, a trigger filter it
 *   cannot evaluate or `ignoreSelf` (the preview cannot tell the app's own changes), a consumer in the old resolver
 *   form, two consumers of one queue, an unknown schedule interval, a static web trigger, an action without inputs.
 */
export function readBackendModules(manifestYaml: string): BackendModules {
  const manifest = asRecord(parse(manifestYaml) as unknown) ?? {};
  const modules = asRecord(manifest['modules']) ?? {};

  const functions = entriesOf(modules, 'function').map((entry) => {
    const key = required(entry, 'key', 'a function module');
    const timeout = entry['timeoutSeconds'];
    return {
      key,
      handler: required(entry, 'handler', `function ${key}`),
      ...(typeof timeout === 'number' ? { timeoutSeconds: timeout } : {}),
    };
  });
  const functionKeys = new Set(functions.map((fn) => fn.key));
  const functionOf = (entry: Entry, where: string): string => {
    const key = required(entry, 'function', where);
    if (!functionKeys.has(key))
      throw new Error(`manifest.yml: ${where} names function "${key}", which the manifest does not define`);
    return key;
  };

  const resolvers: ManifestResolverBinding[] = [];
  for (const [type, entries] of Object.entries(modules)) {
    if (!Array.isArray(entries)) continue;
    for (const entry of entries as unknown[]) {
      const record = asRecord(entry);
      if (record === null) continue;
      const key = text(record, 'key') ?? '?';
      const resolver = asRecord(record['resolver']);
      if (resolver !== null && type !== 'consumer') {
        resolvers.push({
          moduleKey: key,
          moduleType: type,
          functionKey: functionOf(resolver, `${type} ${key}`),
        });
      }
      // Any other function or remote endpoint such a module names, at any depth (e.g. a custom field's
      // `value.function`), would run on Forge but never in the preview.
      const besidesResolver = Object.entries(record).filter(([name]) => name !== 'resolver');
      if (!ROUTED_TYPES.has(type) && namesBackend(Object.fromEntries(besidesResolver))) {
        throw new Error(
          `manifest.yml: the preview does not route ${type} modules (${key}); add the kind to dev/preview/backend-modules.ts and backend.ts`,
        );
      }
    }
  }

  const triggers = entriesOf(modules, 'trigger').map((entry): ManifestTrigger => {
    const key = required(entry, 'key', 'a trigger');
    const events = Array.isArray(entry['events'])
      ? (entry['events'] as unknown[]).filter((event): event is string => typeof event === 'string')
      : [];
    if (events.length === 0) throw new Error(`manifest.yml: trigger ${key} lists no events`);
    const filter = asRecord(entry['filter']);
    if (filter?.['ignoreSelf'] === true)
      throw new Error(
        `manifest.yml: trigger ${key}: the preview cannot tell the app's own changes from a user's, so it cannot apply ignoreSelf`,
      );
    const expression = filter === null ? null : text(filter, 'expression');
    const onError = filter === null ? null : text(filter, 'onError');
    if (onError !== null && onError !== 'IGNORE_AND_LOG' && onError !== 'RECEIVE_AND_LOG')
      throw new Error(`manifest.yml: trigger ${key}: filter.onError "${onError}" is not a Forge value`);
    return {
      key,
      functionKey: functionOf(entry, `trigger ${key}`),
      events,
      filter: expression === null ? null : parseTriggerFilter(expression, key),
      onError: onError ?? 'IGNORE_AND_LOG',
    };
  });

  const consumers = entriesOf(modules, 'consumer').map((entry): ManifestConsumer => {
    const key = required(entry, 'key', 'a consumer');
    if (entry['resolver'] !== undefined)
      throw new Error(
        `manifest.yml: consumer ${key} uses the resolver form of @forge/events 1.x; name a function (2.x), as the preview and Forge now expect`,
      );
    return {
      key,
      queue: required(entry, 'queue', `consumer ${key}`),
      functionKey: functionOf(entry, `consumer ${key}`),
    };
  });
  const queues = new Set<string>();
  for (const consumer of consumers) {
    if (queues.has(consumer.queue))
      throw new Error(`manifest.yml: queue ${consumer.queue} has more than one consumer`);
    queues.add(consumer.queue);
  }

  const scheduledTriggers = entriesOf(modules, 'scheduledTrigger').map((entry): ManifestScheduledTrigger => {
    const key = required(entry, 'key', 'a scheduledTrigger');
    const interval = text(entry, 'interval');
    if (interval === null || !Object.hasOwn(SCHEDULE_INTERVAL_MS, interval))
      throw new Error(
        `manifest.yml: scheduledTrigger ${key}: interval "${String(interval)}" is not one of ${Object.keys(SCHEDULE_INTERVAL_MS).join(', ')}`,
      );
    return {
      key,
      functionKey: functionOf(entry, `scheduledTrigger ${key}`),
      interval: interval as ScheduleInterval,
    };
  });

  const webTriggers = entriesOf(modules, 'webtrigger').map((entry): ManifestWebTrigger => {
    const key = required(entry, 'key', 'a webtrigger');
    const responseType = text(asRecord(entry['response']) ?? {}, 'type');
    if (responseType !== null && responseType !== 'dynamic')
      throw new Error(
        `manifest.yml: webtrigger ${key}: the preview serves dynamic responses only (response.type "${responseType}")`,
      );
    return { key, functionKey: functionOf(entry, `webtrigger ${key}`) };
  });

  const validators = entriesOf(modules, 'jira:workflowValidator').map((entry) => {
    const key = required(entry, 'key', 'a jira:workflowValidator');
    return { key, functionKey: functionOf(entry, `jira:workflowValidator ${key}`) };
  });

  const providerOf = new Map<string, string>();
  for (const provider of entriesOf(modules, 'automation:actionProvider')) {
    const providerKey = required(provider, 'key', 'an automation:actionProvider');
    const listed = Array.isArray(provider['actions']) ? (provider['actions'] as unknown[]) : [];
    for (const action of listed) if (typeof action === 'string') providerOf.set(action, providerKey);
  }
  const actions = entriesOf(modules, 'action').map((entry): ManifestAction => {
    const key = required(entry, 'key', 'an action');
    const rawInputs = asRecord(entry['inputs']);
    if (rawInputs === null) throw new Error(`manifest.yml: action ${key} needs "inputs"`);
    const inputs = Object.entries(rawInputs).map(([name, value]) => {
      const input = asRecord(value) ?? {};
      return { name, type: text(input, 'type') ?? 'string', required: input['required'] === true };
    });
    return {
      key,
      functionKey: functionOf(entry, `action ${key}`),
      actionVerb: text(entry, 'actionVerb') ?? 'GET',
      inputs,
      providerKey: providerOf.get(key) ?? null,
    };
  });
  for (const [actionKey, providerKey] of providerOf)
    if (!actions.some((action) => action.key === actionKey))
      throw new Error(
        `manifest.yml: automation:actionProvider ${providerKey} offers action ${actionKey}, which the manifest does not define`,
      );

  return { functions, resolvers, triggers, consumers, scheduledTriggers, webTriggers, validators, actions };
}
