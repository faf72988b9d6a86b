/**
 * Resolvers of the CSI setup page (`CsiDefs['getCsiSetup']`, `CsiDefs['runCsiSetup']`): payloads validated with
 * valibot, typed failures turned into the contract's error codes. Running is refused unless the acting user is a
 * Jira administrator (checked against Jira here, whatever the UI shows).
 */
import { NeedsAuthenticationError } from '@forge/api';
import * as v from 'valibot';
import {
  CsiSetupConflictError,
  CsiSetupForbiddenError,
  CsiSetupStepError,
  getCsiSetup,
  runCsiSetup,
} from '../../application/csi-setup';
import type { JiraConfigPort, JiraPort } from '../../application/ports/jira-port';
import { StoreConflictError, type StorePort } from '../../application/ports/store-port';
import type { CsiDefs, CsiErrorCode, CsiResult } from '../../contract/csi';
import { ProjectRequestSchema } from './status-mapping-handlers';
import { describeIssues } from './describe-issues';
import { jiraFailure } from './jira-failure';

const RunCsiSetupRequestSchema = v.object(
  {
    ...ProjectRequestSchema.entries,
    planFingerprint: v.pipe(
      v.string('planFingerprint must be a string'),
      v.regex(/^[0-9a-f]{16}$/, 'planFingerprint must be the 16 hex digits of a plan'),
    ),
  },
  'the payload must be an object { projectKey, planFingerprint }',
);

function failure(code: CsiErrorCode, detail: string): CsiResult<never> {
  return { ok: false, error: { code, detail } };
}

/** What the handlers need from the outside world. */
export interface CsiSetupHandlerDeps {
  /** Jira as the user of this invocation (`asUser()` on Forge), with the configuration calls. */
  readonly jira: (context: Readonly<Record<string, unknown>>) => JiraPort & JiraConfigPort;
  readonly store: StorePort;
  /** Epoch milliseconds now. */
  readonly clock: () => number;
  /** Waits between polls of a Jira task; default a real timer. */
  readonly sleep?: (ms: number) => Promise<void>;
  /** Overrides the ~15 s a run call works. */
  readonly budgetMs?: number;
  readonly logError: (message: string, error: unknown) => void;
}

export type CsiSetupHandlers = {
  readonly [Name in 'getCsiSetup' | 'runCsiSetup']: (
    payload: unknown,
    context: Readonly<Record<string, unknown>>,
  ) => Promise<ReturnType<CsiDefs[Name]>>;
};

async function run<T>(
  name: string,
  deps: CsiSetupHandlerDeps,
  work: () => Promise<T>,
): Promise<CsiResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof NeedsAuthenticationError) throw error;
    if (error instanceof CsiSetupForbiddenError) return failure('forbidden', error.message);
    if (error instanceof CsiSetupConflictError) return failure('conflict', error.message);
    if (error instanceof CsiSetupStepError) return failure(error.code, error.message);
    if (error instanceof StoreConflictError) {
      return failure('conflict', 'Another run of the CSI setup wrote its progress at the same time. Reload.');
    }
    const jira = jiraFailure(error);
    if (jira !== null) return failure(jira.code, jira.detail);
    deps.logError(`${name} failed`, error);
    return failure('internal', 'Unexpected error in the CSI setup; see the app logs.');
  }
}

const realSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The handlers of `getCsiSetup` and `runCsiSetup` over `deps`. */
export function createCsiSetupHandlers(deps: CsiSetupHandlerDeps): CsiSetupHandlers {
  const setupDeps = (context: Readonly<Record<string, unknown>>) => ({
    jira: deps.jira(context),
    store: deps.store,
    clock: deps.clock,
    sleep: deps.sleep ?? realSleep,
    ...(deps.budgetMs === undefined ? {} : { budgetMs: deps.budgetMs }),
  });
  return {
    getCsiSetup: (payload, context) => {
      const request = v.safeParse(ProjectRequestSchema, payload);
      if (!request.success)
        return Promise.resolve(failure('invalid-payload', describeIssues(request.issues)));
      return run('getCsiSetup', deps, () => getCsiSetup(setupDeps(context), request.output.projectKey));
    },
    runCsiSetup: (payload, context) => {
      const request = v.safeParse(RunCsiSetupRequestSchema, payload);
      if (!request.success)
        return Promise.resolve(failure('invalid-payload', describeIssues(request.issues)));
      const { projectKey, planFingerprint } = request.output;
      return run('runCsiSetup', deps, () => runCsiSetup(setupDeps(context), projectKey, planFingerprint));
    },
  };
}
