/**
 * Resolvers of the improvement-record panel and the CSI register (`getCsiRecord`, `saveCsiRecord`,
 * `getCsiRegister` of `CsiDefs`): payloads validated with valibot, typed failures turned into the contract's
 * error codes. Saving is refused unless the acting user may edit the issue (checked here against Jira, whatever
 * the UI shows).
 */
import { NeedsAuthenticationError } from '@forge/api';
import * as v from 'valibot';
import {
  CsiEditForbiddenError,
  getCsiRecord,
  InvalidCsiRecordError,
  NotCsiIssueError,
  saveCsiRecord,
} from '../../application/csi-record';
import { getCsiRegister } from '../../application/csi-register';
import { IssueNotFoundError } from '../../application/errors';
import type { JiraPort } from '../../application/ports/jira-port';
import { StoreConflictError, type StorePort } from '../../application/ports/store-port';
import type { CsiDefs, CsiErrorCode, CsiResult } from '../../contract/csi';
import {
  CsiRecordInputSchema,
  describeRecordProblems,
  ISSUE_KEY_PATTERN,
  recordProblemsOf,
} from '../../domain/csi/record';
import { csiLanguageOfLocale } from '../../domain/csi/transition-rules';
import { timeZoneFromContext } from './get-issue-flow';
import { ProjectRequestSchema } from './status-mapping-handlers';
import { describeIssues } from './describe-issues';
import { jiraFailure } from './jira-failure';

const IssueKeySchema = v.pipe(
  v.string('issueKey must be a string'),
  v.regex(ISSUE_KEY_PATTERN, 'issueKey must look like CSI-12'),
);

export const CsiRecordRequestSchema = v.object(
  { issueKey: IssueKeySchema },
  'the payload must be an object { issueKey }',
);

/** The outer shape of a save; the record itself is checked with `CsiRecordInputSchema` (→ `invalid-record`). */
export const SaveCsiRecordRequestSchema = v.object(
  {
    issueKey: IssueKeySchema,
    expectedVersion: v.nullable(
      v.pipe(v.number('expectedVersion must be null or a number'), v.integer(), v.minValue(1)),
    ),
    record: v.unknown(),
  },
  'the payload must be an object { issueKey, record, expectedVersion }',
);

function failure(code: CsiErrorCode, detail: string): CsiResult<never> {
  return { ok: false, error: { code, detail } };
}

function accountIdFromContext(context: Readonly<Record<string, unknown>>): string | null {
  const id = context['accountId'];
  return typeof id === 'string' && id !== '' ? id : null;
}

/** What the handlers need from the outside world. */
export interface CsiRecordDeps {
  /** Jira as the user of this invocation (`asUser()` on Forge). */
  readonly jira: (context: Readonly<Record<string, unknown>>) => JiraPort;
  readonly store: StorePort;
  /** Epoch milliseconds now. */
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
  /** Records the app could not read (shown as empty); default: `logError`. */
  readonly logWarning?: (message: string) => void;
}

type CsiRecordHandlerNames = 'getCsiRecord' | 'saveCsiRecord' | 'getCsiRegister';

export type CsiRecordHandlers = {
  readonly [Name in CsiRecordHandlerNames]: (
    payload: unknown,
    context: Readonly<Record<string, unknown>>,
  ) => Promise<ReturnType<CsiDefs[Name]>>;
};

async function run<T>(name: string, deps: CsiRecordDeps, work: () => Promise<T>): Promise<CsiResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof NeedsAuthenticationError) throw error;
    if (error instanceof NotCsiIssueError) return failure('not-csi-issue', error.message);
    if (error instanceof CsiEditForbiddenError) return failure('forbidden', error.message);
    if (error instanceof InvalidCsiRecordError) return failure('invalid-record', error.message);
    if (error instanceof StoreConflictError) {
      return failure(
        'conflict',
        'The improvement record was saved by someone else after you loaded it. Reload to see their version; your input is kept.',
      );
    }
    if (error instanceof IssueNotFoundError) return failure('not-found', error.message);
    const jira = jiraFailure(error);
    if (jira !== null) return failure(jira.code, jira.detail);
    deps.logError(`${name} failed`, error);
    return failure(
      'internal',
      'Unexpected error in the CSI improvement record or register; see the app logs.',
    );
  }
}

/** The handlers of `getCsiRecord`, `saveCsiRecord` and `getCsiRegister` over `deps`. */
export function createCsiRecordHandlers(deps: CsiRecordDeps): CsiRecordHandlers {
  const logWarning =
    deps.logWarning ??
    ((message: string) => {
      deps.logError(message, null);
    });
  return {
    getCsiRecord: (payload, context) => {
      const request = v.safeParse(CsiRecordRequestSchema, payload);
      if (!request.success)
        return Promise.resolve(failure('invalid-payload', describeIssues(request.issues)));
      return run('getCsiRecord', deps, () =>
        getCsiRecord(deps.store, deps.jira(context), request.output.issueKey, { logWarning }),
      );
    },
    saveCsiRecord: (payload, context) => {
      const request = v.safeParse(SaveCsiRecordRequestSchema, payload);
      if (!request.success)
        return Promise.resolve(failure('invalid-payload', describeIssues(request.issues)));
      const record = v.safeParse(CsiRecordInputSchema, request.output.record);
      if (!record.success) {
        const problems = recordProblemsOf(record.issues).map((p) => ({ ...p, path: `record.${p.path}` }));
        return Promise.resolve(
          failure(
            'invalid-record',
            `The improvement record is invalid: ${describeRecordProblems(problems)}.`,
          ),
        );
      }
      const { issueKey, expectedVersion } = request.output;
      return run('saveCsiRecord', deps, () =>
        saveCsiRecord(deps.store, deps.jira(context), issueKey, record.output, expectedVersion, {
          nowMs: deps.clock(),
          actingAccountId: accountIdFromContext(context),
          logWarning,
        }),
      );
    },
    getCsiRegister: (payload, context) => {
      const request = v.safeParse(ProjectRequestSchema, payload);
      if (!request.success)
        return Promise.resolve(failure('invalid-payload', describeIssues(request.issues)));
      return run('getCsiRegister', deps, () =>
        getCsiRegister(deps.store, deps.jira(context), request.output.projectKey, {
          asOfMs: deps.clock(),
          userTimeZone: timeZoneFromContext(context),
          language: csiLanguageOfLocale(context['locale']),
          logWarning,
        }),
      );
    },
  };
}
