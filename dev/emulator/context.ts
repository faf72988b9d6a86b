/**
 * What an endpoint handler gets (the authenticated user, the parsed request, the store) and what it returns.
 * Handlers throw {@link JiraHttpError} for Jira error answers.
 */
import { badRequest } from './errors';
import type { RenderContext } from './render';

export type ProductEventType =
  | 'avi:jira:created:issue'
  | 'avi:jira:updated:issue'
  | 'avi:jira:deleted:issue'
  | 'avi:jira:created:issuelink'
  | 'avi:jira:deleted:issuelink';

export interface ProductEvent {
  readonly eventType: ProductEventType;
  /** The Forge product event payload (what a trigger handler receives as its `event` argument). */
  readonly payload: unknown;
}

/** The kinds of project a Forge workflow module can declare in its manifest (`projectTypes`). */
export type ForgeProjectType = 'company-managed' | 'team-managed';

/** What a Forge workflow module without `projectTypes` is offered to (the manifest schema's default). */
export const DEFAULT_FORGE_PROJECT_TYPES: readonly ForgeProjectType[] = ['company-managed'];

/** A Forge app's workflow rule as `/workflows/capabilities` lists it (`AvailableWorkflowForgeRule`). */
export interface ForgeRuleDefinition {
  /** The extension ARI: `ari:cloud:ecosystem::extension/<appId>/<envId>/static/<moduleKey>`. */
  readonly id: string;
  readonly name: string;
  readonly description?: string;
  readonly ruleKey: string;
  readonly ruleType: 'Condition' | 'Validator' | 'Function' | 'Screen';
  /**
   * The module's `projectTypes` from the manifest: the workflows Jira offers (and runs) the rule in. Absent:
   * {@link DEFAULT_FORGE_PROJECT_TYPES}, company-managed only, as on Jira Cloud. Not part of Jira's answer.
   */
  readonly projectTypes?: readonly ForgeProjectType[];
}

/** Whether Jira offers and runs the rule in a workflow of a team-managed (`PROJECT` scope) or company-managed one. */
export function forgeRuleAvailableIn(rule: ForgeRuleDefinition, teamManaged: boolean): boolean {
  const types = rule.projectTypes ?? DEFAULT_FORGE_PROJECT_TYPES;
  return types.includes(teamManaged ? 'team-managed' : 'company-managed');
}

/** One indexed value of a `jira:entityProperty` module (the manifest's `values` entries). */
export interface EntityPropertyValueIndex {
  /** Dot path inside the property value, e.g. `score` or `owner.accountId`. */
  readonly path: string;
  readonly type: 'number' | 'string' | 'text' | 'user' | 'date';
  /** The JQL name (`csiScore`); without it only `issue.property[key].path` reaches the value. */
  readonly searchAlias?: string;
}

/** A `jira:entityProperty` module: which values of an issue property Jira indexes for JQL. */
export interface EntityPropertyIndex {
  readonly propertyKey: string;
  readonly entityType: 'issue';
  readonly values: readonly EntityPropertyValueIndex[];
}

/** The payload a Forge workflow validator function receives. */
export interface WorkflowValidatorPayload {
  readonly issue: { readonly id: string; readonly key: string };
  readonly transition: {
    readonly id: string;
    readonly name: string;
    readonly from: { readonly id: string };
    readonly to: { readonly id: string };
  };
  readonly workflow: { readonly id: string; readonly name: string };
  /** The rule's `config` parameter, parsed from JSON (the raw string when it is not JSON; null when absent). */
  readonly configuration: unknown;
  /** The same value as `configuration` (Forge passes a configured validator's config under both names). */
  readonly config: unknown;
  readonly context: { readonly accountId: string; readonly cloudId: string };
  /** The validator's extension ARI (its `parameters.key`). */
  readonly extensionKey: string;
}

export interface WorkflowValidatorResult {
  readonly result: boolean;
  readonly errorMessage?: string;
}

export interface EmulatorFeatures {
  readonly forgeRules: readonly ForgeRuleDefinition[];
  readonly entityPropertyIndexes: readonly EntityPropertyIndex[];
  /**
   * Runs the validator handlers registered for an extension key; null when none is registered (the app that
   * provides the validator is not installed).
   */
  runValidator(
    extensionKey: string,
    payload: WorkflowValidatorPayload,
  ): Promise<WorkflowValidatorResult | null>;
}

export interface RequestContext extends RenderContext {
  readonly features: EmulatorFeatures;
  readonly method: string;
  /** Path parameters by their OpenAPI names (`issueIdOrKey`, `propertyKey`, …), URL-decoded. */
  readonly params: Readonly<Record<string, string>>;
  readonly query: URLSearchParams;
  /** Parsed JSON body; undefined when the request had none. */
  readonly body: unknown;
  /** The body as sent (issue properties limit the length of the JSON text). */
  readonly rawBody: string;
  /** The emulator clock (epoch ms). */
  now(): number;
  /** Queues a product event, dispatched to subscribers after the response has been sent. */
  emit(event: ProductEvent): void;
}

export interface Reply {
  readonly status: number;
  /** JSON body; undefined for an empty body (201/204 without content). */
  readonly body?: unknown;
  /** Extra response headers (e.g. `location` of a 303 See Other). */
  readonly headers?: Readonly<Record<string, string>>;
}

/** Handlers are synchronous except where Jira calls out (a transition runs Forge validators). */
export type Handler = (ctx: RequestContext) => Reply | Promise<Reply>;

export interface Route {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** The path as the OpenAPI description names it, e.g. `/rest/api/3/issue/{issueIdOrKey}`. */
  readonly path: string;
  readonly handler: Handler;
}

export function param(ctx: RequestContext, name: string): string {
  const value = ctx.params[name];
  if (value === undefined) throw new Error(`Route has no path parameter '${name}'`);
  return value;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The JSON object body, or a 400 like Jira's when the body is missing or not an object. */
export function objectBody(ctx: RequestContext): Record<string, unknown> {
  if (!isRecord(ctx.body)) throw badRequest('The request body must be a JSON object.');
  return ctx.body;
}

/**
 * A non-negative integer query or body parameter with a default; non-numbers are a 400, values above `cap` are
 * silently capped (as Jira does for page sizes).
 */
export function intParam(
  raw: unknown,
  name: string,
  options: { readonly defaultValue: number; readonly min: number; readonly cap?: number },
): number {
  if (raw === undefined || raw === null || raw === '') return options.defaultValue;
  const value = typeof raw === 'number' ? raw : typeof raw === 'string' ? Number(raw) : Number.NaN;
  if (!Number.isInteger(value)) throw badRequest(`The '${name}' parameter must be an integer.`);
  if (value < options.min) throw badRequest(`The '${name}' parameter must be at least ${options.min}.`);
  return options.cap === undefined ? value : Math.min(value, options.cap);
}

/** A JSON array of strings, or a 400 naming the parameter. */
export function stringArray(raw: unknown, name: string): string[] {
  if (!Array.isArray(raw)) throw badRequest(`The '${name}' parameter must be an array of strings.`);
  return raw.map((item: unknown) => {
    if (typeof item !== 'string') throw badRequest(`The '${name}' parameter must be an array of strings.`);
    return item;
  });
}

/**
 * Rejects body members the operation's request bean does not define: Jira's request beans are strict, so e.g. a
 * `startAt` sent to `/search/jql` (which pages by token only) is a 400, not silently ignored.
 */
export function rejectUnknownMembers(body: Record<string, unknown>, allowed: readonly string[]): void {
  const unknown = Object.keys(body).find((key) => !allowed.includes(key));
  if (unknown !== undefined) {
    throw badRequest(`Unrecognized field "${unknown}": this request accepts only ${allowed.join(', ')}.`);
  }
}
