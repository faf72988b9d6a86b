/**
 * Automation action "Kennzahl melden" (manifest `action` `report-key-result-value`, function
 * `reportKeyResultValueAction`): a value for an external key result, e.g. a rule counting the week's failed
 * sign-ins. Recorded exactly as a signed value of the `okr-values` web trigger is (idempotent by the measurement
 * id, refused for a closed period, an archived or non-external key result, over the rate limits), as the rule's
 * user, who must be allowed to check in on the key result.
 */
import * as v from 'valibot';
import { reportKeyResultValue } from '../../application/automation-actions';
import type { JiraPort, JiraUserAccessPort } from '../../application/ports/jira-port';
import type { OkrStorePort } from '../../application/ports/okr-store-port';
import type { StorePort } from '../../application/ports/store-port';
import type { TextsPort } from '../../application/ports/texts-port';
import { KEY_RESULT_ID_PATTERN, MEASUREMENT_ID_PATTERN } from '../../domain/okr/validation';
import { actorOf, answerOf, failure, optionalText, parseInputs, type ActionAnswer } from './action-support';

/** The manifest key of the action. */
export const REPORT_KEY_RESULT_VALUE_ACTION_KEY = 'report-key-result-value';

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})$/;

/** The inputs (manifest `inputs`); a number may arrive as text (a smart value). */
export const ReportValueInputsSchema = v.object({
  keyResultId: v.pipe(
    v.string('keyResultId is required'),
    v.trim(),
    v.regex(KEY_RESULT_ID_PATTERN, 'keyResultId must look like KR-12 (shown with the key result)'),
  ),
  measurementId: v.pipe(
    v.string('measurementId is required'),
    v.trim(),
    v.regex(
      MEASUREMENT_ID_PATTERN,
      'measurementId must be 1-128 letters, digits or . _ : - (e.g. mail-{{now.format("yyyy-MM-dd")}})',
    ),
  ),
  value: v.pipe(
    v.union(
      [v.number(), v.pipe(v.string(), v.trim(), v.regex(/^-?\d+(\.\d+)?$/), v.transform(Number))],
      'value must be a number, e.g. 42 or 3.5',
    ),
    v.finite('value must be a finite number'),
  ),
  at: v.pipe(
    optionalText(40, 'at'),
    v.check(
      (at) => at === null || (ISO_INSTANT.test(at) && Number.isFinite(Date.parse(at))),
      'at must be empty (now) or an ISO 8601 instant with a zone, e.g. 2026-12-04T23:59:00Z',
    ),
  ),
});

export interface ReportValueActionDeps {
  readonly jira: (accountId: string | null) => JiraPort & JiraUserAccessPort;
  readonly store: StorePort;
  readonly okr: OkrStorePort;
  readonly clock: () => number;
  readonly texts: TextsPort;
  readonly logError: (message: string, error: unknown) => void;
}

/** The action's function: outputs `result` (`recorded` or `duplicate`) and `checkInId`. */
export function createReportKeyResultValueAction(deps: ReportValueActionDeps) {
  return async (payload: unknown, context?: unknown): Promise<ActionAnswer> => {
    const parsed = parseInputs(ReportValueInputsSchema, payload);
    if (!parsed.ok) return failure(deps.texts, 'invalidInputs', parsed.detail);
    const inputs = parsed.value;
    const accountId = actorOf(context);
    return answerOf(REPORT_KEY_RESULT_VALUE_ACTION_KEY, deps, async () => {
      const outcome = await reportKeyResultValue(
        { store: deps.store, okr: deps.okr, clock: deps.clock },
        deps.jira(accountId),
        accountId,
        {
          keyResultId: inputs.keyResultId,
          measurementId: inputs.measurementId,
          value: inputs.value,
          atMs: inputs.at === null || inputs.at === undefined ? deps.clock() : Date.parse(inputs.at),
        },
      );
      if ('error' in outcome.body)
        return failure(
          deps.texts,
          outcome.status === 404 ? 'notFound' : outcome.status === 429 ? 'tryAgain' : 'valueRefused',
          outcome.body.error.message,
        );
      return { result: outcome.body.result, checkInId: outcome.body.checkInId };
    });
  };
}
