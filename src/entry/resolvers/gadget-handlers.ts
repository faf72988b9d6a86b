/**
 * Resolvers of the flow gadget (`GadgetDefs`): `getGadgetFlow`, `getGadgetConfig`, `saveGadgetConfig`. Payloads
 * are validated with valibot (scope, metric, bounded JQL); Jira is read as the acting user.
 */
import { NeedsAuthenticationError } from '@forge/api';
import * as v from 'valibot';
import {
  GadgetNotConfiguredError,
  getGadgetConfig,
  getGadgetFlow,
  saveGadgetConfig,
} from '../../application/gadget-flow';
import { flowErrorCode, flowErrorDetail } from '../../application/project-flow';
import type { JiraPort } from '../../application/ports/jira-port';
import type { StorePort } from '../../application/ports/store-port';
import type { GadgetDefs } from '../../contract/gadget';
import type { ResolverErrorCode, ResolverResult } from '../../contract/resolvers';
import { MAX_JQL_LENGTH, PROJECT_KEY_PATTERN } from '../../domain/flow/jql-scope';
import { timeZoneFromContext } from './get-issue-flow';
import { accountIdFromContext } from './project-flow-handlers';
import { describeIssues } from './describe-issues';

const ProjectKeySchema = v.pipe(
  v.string('projectKey must be a string'),
  v.regex(PROJECT_KEY_PATTERN, 'projectKey must look like ABC'),
);
const GadgetIdSchema = v.pipe(
  v.string('gadgetId must be a string'),
  v.regex(/^[A-Za-z0-9._:/-]{1,200}$/, 'gadgetId is not a gadget id'),
);

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

export const GadgetFlowRequestSchema = v.strictObject({
  gadgetId: GadgetIdSchema,
  config: v.exactOptional(GadgetConfigSchema),
});
export const GadgetConfigRequestSchema = v.strictObject({ gadgetId: GadgetIdSchema });
export const SaveGadgetConfigSchema = v.strictObject({
  gadgetId: GadgetIdSchema,
  config: GadgetConfigSchema,
  expectedVersion: v.nullable(v.pipe(v.number(), v.integer(), v.minValue(1))),
});

/** What the gadget's resolvers need; tests pass fakes, `index.ts` Forge's. */
export interface GadgetDeps {
  readonly jira: (context: Readonly<Record<string, unknown>>) => JiraPort;
  readonly store: StorePort;
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
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
      const { gadgetId, config } = parsed.output;
      return guarded(`getGadgetFlow(${gadgetId})`, () =>
        getGadgetFlow(deps.jira(context), deps.store, gadgetId, config, deps.clock, {
          accountId: accountIdFromContext(context),
          defaultTimeZone: timeZoneFromContext(context),
        }),
      );
    },
    getGadgetConfig: (payload) => {
      const parsed = v.safeParse(GadgetConfigRequestSchema, payload);
      if (!parsed.success) return Promise.resolve(failure('invalid-payload', describeIssues(parsed.issues)));
      const { gadgetId } = parsed.output;
      return guarded(`getGadgetConfig(${gadgetId})`, () => getGadgetConfig(deps.store, gadgetId));
    },
    saveGadgetConfig: (payload) => {
      const parsed = v.safeParse(SaveGadgetConfigSchema, payload);
      if (!parsed.success) return Promise.resolve(failure('invalid-payload', describeIssues(parsed.issues)));
      const { gadgetId, config, expectedVersion } = parsed.output;
      return guarded(`saveGadgetConfig(${gadgetId})`, () =>
        saveGadgetConfig(deps.store, gadgetId, config, expectedVersion),
      );
    },
  };
}
