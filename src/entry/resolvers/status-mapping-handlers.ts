/**
 * Resolvers of the status-mapping settings page (`StatusMappingDefs`): payloads validated with valibot, typed
 * failures turned into the contract's error codes. Saving is refused unless the acting user administers the
 * project (checked here against Jira, whatever the UI shows).
 */
import { NeedsAuthenticationError } from '@forge/api';
import * as v from 'valibot';
import type { JiraPort } from '../../application/ports/jira-port';
import {
  StoreConflictError,
  StoreValueTooLargeError,
  type StorePort,
} from '../../application/ports/store-port';
import {
  getDataQuality,
  getStatusMapping,
  InvalidSettingsError,
  NotProjectAdminError,
  saveStatusMapping,
} from '../../application/status-mapping';
import type {
  StatusMappingDefs,
  StatusMappingErrorCode,
  StatusMappingResult,
} from '../../contract/status-mapping';
import { MappingError } from '../../domain/flow/mapping';
import { timeZoneFromContext } from './get-issue-flow';
import { describeIssues } from './describe-issues';
import { jiraFailure } from './jira-failure';

/** A Jira project key: an upper-case letter, then upper-case letters, digits or `_`. */
export const PROJECT_KEY_PATTERN = /^[A-Z][A-Z0-9_]{0,254}$/;

const ProjectKeySchema = v.pipe(
  v.string('projectKey must be a string'),
  v.regex(PROJECT_KEY_PATTERN, 'projectKey must look like ABC'),
);

export const ProjectRequestSchema = v.object(
  { projectKey: ProjectKeySchema },
  'the payload must be an object { projectKey }',
);

const NameSchema = v.pipe(v.string(), v.maxLength(255, 'names are at most 255 characters'));

/** Most stages a mapping may have (a value stream has a handful; 50 leaves room for every workflow). */
export const MAX_STAGES = 50;
/** Most statuses a mapping may name over all its stages (a site's workflows rarely use more than a few hundred). */
export const MAX_MAPPED_STATUSES = 1000;

export const SaveStatusMappingSchema = v.object(
  {
    projectKey: ProjectKeySchema,
    expectedVersion: v.nullable(
      v.pipe(v.number('expectedVersion must be null or a number'), v.integer(), v.minValue(1)),
    ),
    mapping: v.object({
      stages: v.pipe(
        v.array(
          v.object({
            name: NameSchema,
            kind: v.picklist(
              ['backlog', 'active', 'waiting', 'done'],
              'kind must be backlog, active, waiting or done',
            ),
            statuses: v.pipe(
              v.array(NameSchema),
              v.maxLength(MAX_MAPPED_STATUSES, `a stage has at most ${String(MAX_MAPPED_STATUSES)} statuses`),
            ),
          }),
        ),
        v.maxLength(MAX_STAGES, `at most ${String(MAX_STAGES)} stages`),
        v.check(
          (stages) => stages.reduce((sum, stage) => sum + stage.statuses.length, 0) <= MAX_MAPPED_STATUSES,
          `at most ${String(MAX_MAPPED_STATUSES)} statuses over all stages`,
        ),
      ),
      startStage: NameSchema,
      doneStage: NameSchema,
    }),
    calendar: v.object({
      timeZone: v.pipe(v.string(), v.maxLength(100)),
      workingWeekdays: v.pipe(
        v.array(v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(7))),
        v.maxLength(7),
      ),
      holidays: v.pipe(v.array(v.pipe(v.string(), v.maxLength(10))), v.maxLength(1000)),
    }),
    percentiles: v.pipe(v.array(v.number('percentiles must be numbers')), v.maxLength(10)),
  },
  'the payload must be an object { projectKey, expectedVersion, mapping, calendar, percentiles }',
);

function failure(code: StatusMappingErrorCode, detail: string): StatusMappingResult<never> {
  return { ok: false, error: { code, detail } };
}

/** What the handlers need from the outside world. */
export interface StatusMappingDeps {
  /** Jira as the user of this invocation (`asUser()` on Forge). */
  readonly jira: (context: Readonly<Record<string, unknown>>) => JiraPort;
  readonly store: StorePort;
  /** Epoch milliseconds now. */
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
}

export type StatusMappingHandlers = {
  readonly [Name in keyof StatusMappingDefs]: (
    payload: unknown,
    context: Readonly<Record<string, unknown>>,
  ) => Promise<ReturnType<StatusMappingDefs[Name]>>;
};

async function run<T>(
  name: string,
  deps: StatusMappingDeps,
  work: () => Promise<T>,
): Promise<StatusMappingResult<T>> {
  try {
    return { ok: true, value: await work() };
  } catch (error) {
    if (error instanceof NeedsAuthenticationError) throw error;
    if (error instanceof NotProjectAdminError) return failure('forbidden', error.message);
    if (error instanceof InvalidSettingsError) return failure('invalid-mapping', error.message);
    if (error instanceof MappingError) return failure('invalid-mapping', error.message);
    if (error instanceof StoreValueTooLargeError) {
      return failure(
        'invalid-mapping',
        `The settings are too large to store (${String(error.storedBytes)} of at most ${String(error.maxBytes)} ` +
          'bytes as stored): use fewer or shorter stage and status names, or fewer holidays.',
      );
    }
    if (error instanceof StoreConflictError) {
      return failure(
        'conflict',
        'The settings were changed by someone else after you loaded them. Reload to see their version.',
      );
    }
    const jira = jiraFailure(error);
    if (jira !== null) return failure(jira.code, jira.detail);
    deps.logError(`${name} failed`, error);
    return failure('internal', 'Unexpected error in the status mapping; see the app logs.');
  }
}

/** The handlers of `StatusMappingDefs` over `deps`. */
export function createStatusMappingHandlers(deps: StatusMappingDeps): StatusMappingHandlers {
  return {
    getStatusMapping: (payload, context) => {
      const request = v.safeParse(ProjectRequestSchema, payload);
      if (!request.success)
        return Promise.resolve(failure('invalid-payload', describeIssues(request.issues)));
      return run('getStatusMapping', deps, () =>
        getStatusMapping(deps.store, deps.jira(context), request.output.projectKey, {
          defaultTimeZone: timeZoneFromContext(context),
        }),
      );
    },
    saveStatusMapping: (payload, context) => {
      const request = v.safeParse(SaveStatusMappingSchema, payload);
      if (!request.success)
        return Promise.resolve(failure('invalid-payload', describeIssues(request.issues)));
      const { projectKey, expectedVersion, mapping, calendar, percentiles } = request.output;
      return run('saveStatusMapping', deps, () =>
        saveStatusMapping(
          deps.store,
          deps.jira(context),
          projectKey,
          { mapping, calendar, percentiles },
          expectedVersion,
          { defaultTimeZone: timeZoneFromContext(context) },
        ),
      );
    },
    getDataQuality: (payload, context) => {
      const request = v.safeParse(ProjectRequestSchema, payload);
      if (!request.success)
        return Promise.resolve(failure('invalid-payload', describeIssues(request.issues)));
      return run('getDataQuality', deps, () =>
        getDataQuality(deps.store, deps.jira(context), request.output.projectKey, deps.clock(), {
          defaultTimeZone: timeZoneFromContext(context),
        }),
      );
    },
  };
}
