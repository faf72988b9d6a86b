/**
 * Resolvers of the project flow page (`ProjectFlowDefs`): `getProjectFlow` and `getFlowJob`, plus the queue
 * consumer of large projects. Payloads are validated with valibot; Jira is read as the acting user (`asUser()`),
 * and cached views are per user, so nobody sees issues they may not browse.
 */
import { NeedsAuthenticationError } from '@forge/api';
import { InvocationError, InvocationErrorCode } from '@forge/events';
import * as v from 'valibot';
import {
  flowErrorCode,
  flowErrorDetail,
  getFlowJob,
  getProjectFlow,
  runProjectFlowJob,
} from '../../application/project-flow';
import type { JiraPort } from '../../application/ports/jira-port';
import type { FlowJobMessage, QueuePort } from '../../application/ports/queue-port';
import type { StorePort } from '../../application/ports/store-port';
import { markProjectChanged } from '../../application/flow-cache';
import type { ProjectFlowAnswer, ProjectFlowDefs, ProjectFlowRequest } from '../../contract/project-flow';
import type { ResolverErrorCode, ResolverResult } from '../../contract/resolvers';
import { DATE_PATTERN, MAX_JQL_LENGTH, PROJECT_KEY_PATTERN } from '../../domain/flow/jql-scope';
import { timeZoneFromContext } from './get-issue-flow';
import { describeIssues } from './describe-issues';

const DateSchema = v.pipe(
  v.string('dates must be strings'),
  v.regex(DATE_PATTERN, 'dates must look like 2026-03-31'),
);

export const ProjectFlowRequestSchema = v.strictObject(
  {
    projectKey: v.pipe(
      v.string('projectKey must be a string'),
      v.regex(PROJECT_KEY_PATTERN, 'projectKey must look like ABC'),
    ),
    from: v.exactOptional(DateSchema),
    to: v.exactOptional(DateSchema),
    issueTypes: v.exactOptional(
      v.pipe(
        v.array(
          v.pipe(v.string(), v.minLength(1), v.maxLength(60, 'issue type names are at most 60 characters')),
        ),
        v.maxLength(20, 'at most 20 issue types'),
      ),
    ),
    jql: v.exactOptional(
      v.pipe(
        v.string('jql must be a string'),
        v.maxLength(MAX_JQL_LENGTH, `jql is at most ${String(MAX_JQL_LENGTH)} characters`),
      ),
    ),
    percentiles: v.exactOptional(
      v.pipe(
        v.array(
          v.pipe(v.number(), v.integer('percentiles are whole numbers'), v.minValue(1), v.maxValue(99)),
        ),
        v.minLength(1),
        v.maxLength(5, 'at most 5 percentiles'),
      ),
    ),
    forecast: v.exactOptional(
      v.strictObject({
        byDate: v.exactOptional(DateSchema),
        items: v.exactOptional(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(100_000))),
      }),
    ),
    includeSummaries: v.exactOptional(v.boolean()),
    refresh: v.exactOptional(v.boolean()),
  },
  'the payload must be an object { projectKey, from?, to?, issueTypes?, jql?, percentiles?, forecast? }',
);

export const FlowJobRequestSchema = v.strictObject(
  { jobId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9-]{8,80}$/, 'jobId is not a job id')) },
  'the payload must be an object { jobId }',
);

/** What the project page's resolvers need; tests pass fakes, `index.ts` Forge's. */
export interface ProjectFlowDeps {
  /** Jira as the user of the invocation (`asUser()` on Forge). */
  readonly jira: (context: Readonly<Record<string, unknown>>) => JiraPort;
  readonly store: StorePort;
  /** Queue for large projects; absent: every view is computed in the call. */
  readonly queue?: QueuePort;
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
  readonly syncIssueLimit?: number;
  readonly maxAgeMs?: number;
  readonly forecastTrials?: number;
}

function failure(code: ResolverErrorCode, detail: string): ResolverResult<never> {
  return { ok: false, error: { code, detail } };
}

/** The acting account of a Forge context (null when absent, e.g. anonymous). */
export function accountIdFromContext(context: unknown): string | null {
  const id =
    typeof context === 'object' && context !== null
      ? (context as { accountId?: unknown }).accountId
      : undefined;
  return typeof id === 'string' && id !== '' ? id : null;
}

type Handler<Name extends keyof ProjectFlowDefs> = (
  payload: unknown,
  context: Readonly<Record<string, unknown>>,
) => Promise<ReturnType<ProjectFlowDefs[Name]>>;

/** The project page's resolvers over `deps`. */
export function createProjectFlowHandlers(deps: ProjectFlowDeps): {
  readonly getProjectFlow: Handler<'getProjectFlow'>;
  readonly getFlowJob: Handler<'getFlowJob'>;
} {
  async function guarded(
    name: string,
    run: () => Promise<ResolverResult<ProjectFlowAnswer>>,
  ): Promise<ResolverResult<ProjectFlowAnswer>> {
    try {
      return await run();
    } catch (error) {
      if (error instanceof NeedsAuthenticationError) throw error;
      const code = flowErrorCode(error);
      if (code === 'internal') {
        deps.logError(`${name} failed`, error);
        return failure('internal', 'Unexpected error while computing the project flow; see the app logs.');
      }
      return failure(code, flowErrorDetail(error));
    }
  }

  return {
    getProjectFlow: (payload, context) => {
      const parsed = v.safeParse(ProjectFlowRequestSchema, payload);
      if (!parsed.success) return Promise.resolve(failure('invalid-payload', describeIssues(parsed.issues)));
      const request: ProjectFlowRequest = parsed.output;
      return guarded(`getProjectFlow(${request.projectKey})`, async () => {
        const answer = await getProjectFlow(
          deps.jira(context),
          deps.store,
          request.projectKey,
          request,
          deps.clock,
          {
            ...(deps.queue === undefined ? {} : { queue: deps.queue }),
            accountId: accountIdFromContext(context),
            defaultTimeZone: timeZoneFromContext(context),
            ...(deps.syncIssueLimit === undefined ? {} : { syncIssueLimit: deps.syncIssueLimit }),
            ...(deps.maxAgeMs === undefined ? {} : { maxAgeMs: deps.maxAgeMs }),
            ...(deps.forecastTrials === undefined ? {} : { forecastTrials: deps.forecastTrials }),
            onCacheError: (error) => {
              deps.logError(`getProjectFlow(${request.projectKey}): the view could not be cached`, error);
            },
          },
        );
        return { ok: true, value: answer };
      });
    },
    getFlowJob: (payload, context) => {
      const parsed = v.safeParse(FlowJobRequestSchema, payload);
      if (!parsed.success) return Promise.resolve(failure('invalid-payload', describeIssues(parsed.issues)));
      const { jobId } = parsed.output;
      return guarded(`getFlowJob(${jobId})`, async () => {
        const answer = await getFlowJob(deps.store, jobId, accountIdFromContext(context), deps.clock);
        return answer === null ? failure('not-found', `No flow job ${jobId}.`) : { ok: true, value: answer };
      });
    },
  };
}

/**
 * The queue consumer of flow jobs (manifest `consumer` → function). It runs as the app: Forge documents no user
 * for async-event consumers (offline impersonation would need `allowImpersonation` scopes), so the job carries the
 * ids of the issues its user may browse, read as that user in the resolver, and `jiraApp` loads only those.
 */
export function createFlowJobConsumer(deps: {
  /** Jira as the app (`asApp()` on Forge). */
  readonly jiraApp: () => JiraPort;
  readonly store: StorePort;
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
  readonly forecastTrials?: number;
}): (message: FlowJobMessage) => Promise<void> {
  return async (message) => {
    try {
      await runProjectFlowJob(message, {
        jira: deps.jiraApp(),
        store: deps.store,
        clock: deps.clock,
        ...(deps.forecastTrials === undefined ? {} : { forecastTrials: deps.forecastTrials }),
      });
    } catch (error) {
      deps.logError(`flow job ${message.jobId} failed`, error);
    }
  };
}

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function idText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
}

/** A Jira project id (digits only): the only thing that may go into a stamp's store key. */
function projectIdText(value: unknown): string | null {
  const id = idText(value);
  return id !== null && /^[0-9]{1,18}$/.test(id) ? id : null;
}

/** The project id of a Jira issue event (`event.issue.fields.project.id`), or null. */
export function projectIdOfIssueEvent(event: unknown): string | null {
  return projectIdText(field(field(field(field(event, 'issue'), 'fields'), 'project'), 'id'));
}

/**
 * Whether a changelog item is Jira's own project field (a move), not a custom field that happens to be named
 * "Project" (custom items carry `fieldtype: custom` and any text in `from`/`to`).
 */
function isProjectItem(item: unknown): boolean {
  if (field(item, 'fieldtype') === 'custom') return false;
  const fieldId = field(item, 'fieldId');
  return fieldId === undefined ? field(item, 'field') === 'project' : fieldId === 'project';
}

/** Changelog items of an updated-issue event (empty for other events). */
function changeItems(event: unknown): readonly unknown[] {
  const items = field(field(event, 'changelog'), 'items');
  return Array.isArray(items) ? items : [];
}

/**
 * Fields whose change can change a flow view: status and Flagged (the engine), issue type, resolution and summary
 * (shown), project and key (a moved issue), and the security level (who may see the issue: views holding it must
 * be recomputed as each user). Matched on the changelog item's `field` (Jira's field name; Flagged is a custom
 * field named "Flagged") and `fieldId`.
 */
export const FLOW_RELEVANT_FIELDS: readonly string[] = [
  'status',
  'flagged',
  'issuetype',
  'project',
  'key',
  'resolution',
  'summary',
  'security',
];

/**
 * Whether an issue event can change a cached flow view: a created or deleted issue always; an update only when its
 * changelog touches {@link FLOW_RELEVANT_FIELDS} (or carries no changelog, to be safe). The manifest's trigger
 * `filter` applies the same rule on Forge's side, so most irrelevant events never start the function.
 */
export function isFlowRelevantIssueEvent(event: unknown): boolean {
  if (field(event, 'eventType') !== 'avi:jira:updated:issue') return true;
  if (field(event, 'changelog') === undefined) return true;
  return changeItems(event).some((item) =>
    [field(item, 'field'), field(item, 'fieldId')].some(
      (name) => typeof name === 'string' && FLOW_RELEVANT_FIELDS.includes(name.toLowerCase()),
    ),
  );
}

/**
 * The projects whose cached views an issue event makes stale: the issue's project and, for an issue moved between
 * projects, the project it left (the updated event's changelog item `project` names the old project's id in
 * `from`).
 */
export function projectIdsOfIssueEvent(event: unknown): string[] {
  const ids = new Set<string>();
  const current = projectIdOfIssueEvent(event);
  if (current !== null) ids.add(current);
  for (const item of changeItems(event)) {
    if (!isProjectItem(item)) continue;
    for (const side of ['from', 'to'] as const) {
      const id = projectIdText(field(item, side));
      if (id !== null) ids.add(id);
    }
  }
  return [...ids];
}

/** Longest wait Forge allows before a retried event is delivered again, seconds. */
const MAX_EVENT_RETRY_AFTER_SECONDS = 900;

/**
 * Seconds until Forge should deliver a failed event again: exponential in the retries so far (10 s, 20 s, 40 s, …)
 * with up to 50 % jitter, so a bulk edit's many events do not hit a rate-limited store again at the same moment.
 */
export function eventRetryAfterSeconds(retryCount: number, random: () => number = Math.random): number {
  const base = 10 * 2 ** Math.max(0, Math.min(retryCount, 6));
  return Math.min(MAX_EVENT_RETRY_AFTER_SECONDS, Math.ceil(base * (1 + random() / 2)));
}

/**
 * The issue-event trigger's handler (`avi:jira:created|updated|deleted:issue`): marks the cached flow views (page
 * and gadgets) of the event's projects stale with one blind store write each, so concurrent events never conflict.
 * Events that cannot change a view, and events without a project, cost nothing. When a write fails (e.g. the
 * store's rate limit during a bulk edit) the failure is logged and Forge is asked to deliver the event again
 * (`InvocationError`, with backoff): a lost stamp would let stale views pass as fresh. Repeating a stamp is
 * harmless, it only moves the change time forward.
 */
export function createIssueEventInvalidator(deps: {
  readonly store: StorePort;
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
}): (event: unknown) => Promise<InvocationError | undefined> {
  return async (event) => {
    if (!isFlowRelevantIssueEvent(event)) return undefined;
    const nowMs = deps.clock();
    const results = await Promise.all(
      projectIdsOfIssueEvent(event).map(async (projectId) => {
        try {
          await markProjectChanged(deps.store, projectId, nowMs);
          return true;
        } catch (error) {
          deps.logError(
            `marking the flow cache of project ${projectId} stale failed; asking for a retry`,
            error,
          );
          return false;
        }
      }),
    );
    if (results.every(Boolean)) return undefined;
    const retryCount = field(field(event, 'retryContext'), 'retryCount');
    return new InvocationError({
      retryAfter: eventRetryAfterSeconds(typeof retryCount === 'number' ? retryCount : 0),
      retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
    });
  };
}
