/**
 * Resolvers of the flow gadget (`GadgetDefs`): `getGadgetFlow`, `getGadgetConfig`, `saveGadgetConfig`. Payloads
 * are validated with valibot (scope, metric, bounded JQL); Jira is read as the acting user. Which gadget is meant
 * comes from Forge's invocation context (`extension.dashboard.id`, `extension.gadget.id`), never from the payload,
 * and saving needs edit rights on the dashboard (Jira's `isWritable`).
 */
import { NeedsAuthenticationError } from '@forge/api';
import * as v from 'valibot';
import {
  GadgetEditForbiddenError,
  GadgetNotConfiguredError,
  getGadgetConfig,
  getGadgetFlow,
  saveGadgetConfig,
  type GadgetRef,
} from '../../application/gadget-flow';
import { flowErrorCode, flowErrorDetail, type FlowFactsViews } from '../../application/project-flow';
import type { JiraDashboardPort, JiraPort } from '../../application/ports/jira-port';
import type { StorePort } from '../../application/ports/store-port';
import type { GadgetDefs } from '../../contract/gadget';
import type { ResolverErrorCode, ResolverResult } from '../../contract/resolvers';
import { MAX_JQL_LENGTH, PROJECT_KEY_PATTERN } from '../../domain/flow/jql-scope';
import { timeZoneFromContext } from './get-issue-flow';
import { describeIssues } from './describe-issues';

const ProjectKeySchema = v.pipe(
  v.string('projectKey must be a string'),
  v.regex(PROJECT_KEY_PATTERN, 'projectKey must look like ABC'),
);
/**
 * A dashboard's or gadget's id as Forge's context carries it (Jira's are numeric; no `:`, which keys the store).
 * Never only dots: the dashboard id becomes a path segment of `GET /rest/api/3/dashboard/{id}`, where `.` and `..`
 * would name another resource (`@forge/api`'s `route` refuses `..` only, and only on Forge).
 */
const ContextIdSchema = v.pipe(v.string(), v.regex(/^(?!\.+$)[A-Za-z0-9._-]{1,100}$/));

/** The part of Forge's context of a `jira:dashboardGadget` that names the gadget. */
const GadgetContextSchema = v.object({
  extension: v.object({
    dashboard: v.object({ id: ContextIdSchema }),
    gadget: v.object({ id: ContextIdSchema }),
  }),
});

/**
 * The gadget of this invocation, from Forge's context (`context.extension.dashboard.id` and
 * `context.extension.gadget.id`); null outside a dashboard gadget.
 */
export function gadgetOfContext(context: Readonly<Record<string, unknown>>): GadgetRef | null {
  const parsed = v.safeParse(GadgetContextSchema, context);
  if (!parsed.success) return null;
  return { dashboardId: parsed.output.extension.dashboard.id, gadgetId: parsed.output.extension.gadget.id };
}

const NOT_A_GADGET =
  'This resolver serves a dashboard gadget only: the invocation context has no extension.dashboard.id and ' +
  'extension.gadget.id (open the gadget on a Jira dashboard).';

export const GadgetConfigSchema = v.strictObject(
  {
    scope: v.variant('kind', [
      v.strictObject({ kind: v.literal('project'), projectKey: ProjectKeySchema }),
      v.strictObject({
        kind: v.literal('jql'),
        jql: v.pipe(v.string(), v.minLength(1, 'jql must not be empty'), v.maxLength(MAX_JQL_LENGTH)),
        projectKey: v.exactOptional(ProjectKeySchema),
      }),
    ]),
    metric: v.picklist(
      ['leadTime', 'cycleTime', 'throughput', 'wip', 'aging'],
      'metric must be leadTime, cycleTime, throughput, wip or aging',
    ),
    percentile: v.pipe(v.number(), v.integer(), v.minValue(50), v.maxValue(95)),
    periodDays: v.pipe(v.number(), v.integer(), v.minValue(7), v.maxValue(365)),
    refreshMinutes: v.pipe(
      v.number(),
      v.integer(),
      v.check((n) => n === 0 || (n >= 5 && n <= 1440), 'refreshMinutes must be 0 or 5..1440'),
    ),
    title: v.exactOptional(v.pipe(v.string(), v.maxLength(80))),
  },
  'config must be { scope, metric, percentile, periodDays, refreshMinutes, title? }',
);

// Strict: a payload naming a gadget (`gadgetId`) is refused, so no caller can believe it chooses one.
export const GadgetFlowRequestSchema = v.strictObject({
  config: v.exactOptional(GadgetConfigSchema),
});
export const GadgetConfigRequestSchema = v.strictObject({});
export const SaveGadgetConfigSchema = v.strictObject({
  config: GadgetConfigSchema,
  expectedVersion: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
});

/** What the gadget's resolvers need; tests pass fakes, `index.ts` Forge's. */
export interface GadgetDeps {
  readonly jira: (context: Readonly<Record<string, unknown>>) => JiraPort & JiraDashboardPort;
  readonly store: StorePort;
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
  /** The flow facts store and the backfill starter (issue 13). */
  readonly facts: FlowFactsViews;
}

function failure(code: ResolverErrorCode, detail: string): ResolverResult<never> {
  return { ok: false, error: { code, detail } };
}

type Handler<Name extends keyof GadgetDefs> = (
  payload: unknown,
  context: Readonly<Record<string, unknown>>,
) => Promise<ReturnType<GadgetDefs[Name]>>;

/** The gadget's resolvers over `deps`. */
export function createGadgetHandlers(deps: GadgetDeps): {
  readonly getGadgetFlow: Handler<'getGadgetFlow'>;
  readonly getGadgetConfig: Handler<'getGadgetConfig'>;
  readonly saveGadgetConfig: Handler<'saveGadgetConfig'>;
} {
  async function guarded<T>(name: string, run: () => Promise<T>): Promise<ResolverResult<T>> {
    try {
      return { ok: true, value: await run() };
    } catch (error) {
      if (error instanceof NeedsAuthenticationError) throw error;
      if (error instanceof GadgetNotConfiguredError) return failure('not-found', error.message);
      if (error instanceof GadgetEditForbiddenError) return failure('forbidden', error.message);
      const code = flowErrorCode(error);
      if (code === 'internal') {
        deps.logError(`${name} failed`, error);
        return failure('internal', 'Unexpected error in the flow gadget; see the app logs.');
      }
      return failure(code, flowErrorDetail(error));
    }
  }

  return {
    getGadgetFlow: (payload, context) => {
      const parsed = v.safeParse(GadgetFlowRequestSchema, payload);
      if (!parsed.success) return Promise.resolve(failure('invalid-payload', describeIssues(parsed.issues)));
      const gadget = gadgetOfContext(context);
      if (gadget === null) return Promise.resolve(failure('invalid-payload', NOT_A_GADGET));
      const { config } = parsed.output;
      return guarded(`getGadgetFlow(${gadget.dashboardId}/${gadget.gadgetId})`, () =>
        getGadgetFlow(deps.jira(context), deps.store, gadget, config, deps.clock, deps.facts, {
          defaultTimeZone: timeZoneFromContext(context),
        }),
      );
    },
    getGadgetConfig: (payload, context) => {
      const parsed = v.safeParse(GadgetConfigRequestSchema, payload ?? {});
      if (!parsed.success) return Promise.resolve(failure('invalid-payload', describeIssues(parsed.issues)));
      const gadget = gadgetOfContext(context);
      if (gadget === null) return Promise.resolve(failure('invalid-payload', NOT_A_GADGET));
      return guarded(`getGadgetConfig(${gadget.dashboardId}/${gadget.gadgetId})`, () =>
        getGadgetConfig(deps.store, gadget),
      );
    },
    saveGadgetConfig: (payload, context) => {
      const parsed = v.safeParse(SaveGadgetConfigSchema, payload);
      if (!parsed.success) return Promise.resolve(failure('invalid-payload', describeIssues(parsed.issues)));
      const gadget = gadgetOfContext(context);
      if (gadget === null) return Promise.resolve(failure('invalid-payload', NOT_A_GADGET));
      const { config, expectedVersion } = parsed.output;
      return guarded(`saveGadgetConfig(${gadget.dashboardId}/${gadget.gadgetId})`, () =>
        saveGadgetConfig(deps.store, deps.jira(context), gadget, config, expectedVersion),
      );
    },
  };
}
