/**
 * Resolver `measureKeyResult` (OKR page: "measure now"): validates the payload, authorises, delegates to
 * `application/okr-measure.ts` and answers the contract's envelope. The user is authorised as themselves (who may
 * measure is who may check in on the key result, `canEditKeyResult`: Jira admins, the OKR editor group, the
 * objective's and the key result's owners), but the key result is measured as the app, as the daily run does:
 * a measured value (and the baseline stored on the key result) is a shared aggregate, so it must not depend on
 * which issues the person who clicked "measure now" may browse. The answered view is read as the user again.
 */
import { NeedsAuthenticationError } from '@forge/api';
import * as v from 'valibot';
import { JiraForbiddenError, JiraUnavailableError } from '../../application/errors';
import { OkrDailyLimitError } from '../../application/okr-daily-limits';
import { KeyResultMeasureError, OkrPeriodEndedError, measureKeyResult } from '../../application/okr-measure';
import { canEditKeyResult } from '../../application/okr-permissions';
import { openOkrSession, type OkrJira } from '../../application/okr-session';
import { OkrStore } from '../../application/okr-store';
import { getKeyResultView } from '../../application/okr-views';
import { OkrBusyError, OkrNotFoundError, type OkrStorePort } from '../../application/ports/okr-store-port';
import type { StorePort } from '../../application/ports/store-port';
import type { MeasureKeyResultAnswer, OkrResult } from '../../contract/okr';
import { KEY_RESULT_ID_PATTERN } from '../../domain/okr/validation';
import { timeZoneFromContext } from './get-issue-flow';
import type { ResolverContext } from './handlers';
import type { FlowFactsReader } from '../../application/ports/flow-facts-port';
import { accountIdFromContext } from './project-flow-handlers';

export interface MeasureHandlerDeps {
  /** Jira as the user of the invocation: who they are and what they may do (authorisation, the view). */
  readonly jira: (context: ResolverContext) => OkrJira;
  /** Jira as the app (Forge `asApp()`): what the measurement counts, the same as the daily run's. */
  readonly jiraAsApp: () => OkrJira;
  readonly store: StorePort;
  /** The OKR store; default: one over `store`. */
  readonly okr?: OkrStorePort;
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
  /** The public URL of a web trigger module (the view does not need it; the session carries it). */
  readonly webTriggerUrl?: (moduleKey: string) => Promise<string>;
  /** The flow facts store (issue 13): flow-metric key results are measured from it. Absent: live from Jira. */
  readonly facts?: FlowFactsReader;
}

const MeasureKeyResultSchema = v.strictObject({
  keyResultId: v.pipe(
    v.string('keyResultId must be a string'),
    v.regex(KEY_RESULT_ID_PATTERN, 'keyResultId must look like KR-12'),
  ),
});

type Answer = OkrResult<MeasureKeyResultAnswer>;

function failure(code: Extract<Answer, { ok: false }>['error']['code'], detail: string): Answer {
  return { ok: false, error: { code, detail } };
}

/** The `measureKeyResult` resolver, to be spread into the OKR resolver map. */
export function createMeasureKeyResultHandler(deps: MeasureHandlerDeps): {
  readonly measureKeyResult: (payload: unknown, context: ResolverContext) => Promise<Answer>;
} {
  const okr = deps.okr ?? new OkrStore(deps.store, { clock: deps.clock });
  return {
    measureKeyResult: async (payload, context) => {
      const parsed = v.safeParse(MeasureKeyResultSchema, payload);
      if (!parsed.success)
        return failure(
          'invalid-payload',
          `The request is invalid: ${parsed.issues.map((issue) => issue.message).join('; ')}. Send { keyResultId: "KR-12" }.`,
        );
      const { keyResultId } = parsed.output;
      const jira = deps.jira(context);
      const nowMs = deps.clock();
      try {
        const session = await openOkrSession({
          jira,
          store: deps.store,
          okr,
          nowMs,
          accountId: accountIdFromContext(context),
          timeZone: timeZoneFromContext(context),
          webTriggerUrl:
            deps.webTriggerUrl ??
            ((moduleKey) => Promise.reject(new Error(`No URL of web trigger ${moduleKey} here`))),
        });
        const keyResult = await okr.getKeyResult(keyResultId);
        const objective = keyResult === null ? null : await okr.getObjective(keyResult.value.objectiveId);
        if (keyResult === null || objective === null || keyResult.value.archived)
          return failure('not-found', `${keyResultId} does not exist or is archived: reload the OKR page.`);
        if (objective.value.archived)
          return failure(
            'not-found',
            `The objective ${objective.value.id} of ${keyResultId} is archived, so its key results are not measured: restore the objective first, or reload the OKR page.`,
          );
        if (!canEditKeyResult(session.access, objective.value, keyResult.value))
          return failure(
            'forbidden',
            `Only the owners of ${keyResultId} or of its objective, the OKR editors and Jira admins may measure it.`,
          );
        // Measured as the app: the value is the same whoever asks for it (see the module comment).
        const measured = await measureKeyResult(
          {
            jira: deps.jiraAsApp(),
            store: deps.store,
            okr,
            ...(deps.facts === undefined ? {} : { facts: deps.facts }),
          },
          keyResultId,
          nowMs,
          'on-demand',
        );
        return {
          ok: true,
          value: {
            value: measured.value,
            baselineValue: measured.baselineValue,
            issueCount: measured.issueCount,
            view: await getKeyResultView(session, keyResultId),
          },
        };
      } catch (error) {
        // Forge asks the user to allow the app to act as them: its bridge needs the error itself.
        if (error instanceof NeedsAuthenticationError) throw error;
        return failureOf(error, keyResultId, deps.logError);
      }
    },
  };
}

function failureOf(error: unknown, keyResultId: string, logError: MeasureHandlerDeps['logError']): Answer {
  if (error instanceof KeyResultMeasureError) return failure('measure-failed', error.message);
  if (error instanceof OkrPeriodEndedError) return failure('period-closed', error.message);
  if (error instanceof OkrNotFoundError)
    return failure('not-found', `${error.entityId} does not exist or is archived: reload the OKR page.`);
  if (error instanceof OkrBusyError || error instanceof OkrDailyLimitError)
    return failure('busy', error.message);
  if (error instanceof JiraForbiddenError)
    return failure('forbidden', `Jira refused to let you measure ${keyResultId}: ${error.message}`);
  if (error instanceof JiraUnavailableError)
    return failure(
      'jira-unavailable',
      `Jira is busy or unreachable: measure ${keyResultId} again in a minute.`,
    );
  logError(`measureKeyResult ${keyResultId} failed`, error);
  return failure(
    'internal',
    `Measuring ${keyResultId} failed unexpectedly; try again, and tell the app admin if it persists.`,
  );
}
