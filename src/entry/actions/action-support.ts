/**
 * What every Automation action shares: reading Forge's invocation (the configured inputs as `payload`, the rule's
 * user as `context.principal`), validating the inputs, and answering as Automation expects.
 *
 * Forge's automation-action reference (developer.atlassian.com/platform/forge/manifest-reference/modules/
 * automation-action, "Action execution" and "Communicating errors"): the function gets the configured inputs as its
 * payload (smart values such as `{{issue.key}}` already resolved); it answers `{ errors: [{ message }] }` to fail
 * the rule with messages the rule owner reads in the audit log (a thrown exception fails it with a generic message
 * only); anything else is success, and its values are the action's declared `outputs`. The audit log is not
 * translated, so a message is German and English, " / " between them (as the workflow validator does without a
 * configured language); the English technical detail names cause and fix.
 */
import * as v from 'valibot';
import { CsiEditForbiddenError, NotCsiIssueError } from '../../application/csi-record';
import {
  IssueNotFoundError,
  JiraAccessError,
  JiraBadRequestError,
  JiraForbiddenError,
  JiraNotFoundError,
  JiraUnavailableError,
} from '../../application/errors';
import { ActionInputError } from '../../application/automation-actions';
import { OkrForbiddenError } from '../../application/okr-permissions';
import type { TextsPort } from '../../application/ports/texts-port';
import {
  CsiNotSetUpError,
  ImprovementRegistrationBusyError,
  InvalidImprovementRequestError,
} from '../../application/register-improvement';

/** A failed action as Automation reads it. */
export interface ActionFailure {
  readonly errors: readonly { readonly message: string }[];
}

/** What an action answers: its outputs, or the failure. */
export type ActionAnswer = Readonly<Record<string, string | number | boolean | null>> | ActionFailure;

/** The message kinds an action fails with (locale keys `automationAction.error.<kind>`). */
export type ActionFailureKind =
  | 'invalidInputs'
  | 'csiNotSetUp'
  | 'notCsi'
  | 'notFound'
  | 'forbidden'
  | 'tryAgain'
  | 'jiraRefused'
  | 'effectFailed'
  | 'valueRefused'
  | 'unexpected';

/** The Forge function context's user (`principal.accountId`): the rule's connection user; null when absent. */
export function actorOf(context: unknown): string | null {
  const principal =
    typeof context === 'object' && context !== null
      ? (context as { principal?: unknown }).principal
      : undefined;
  const accountId =
    typeof principal === 'object' && principal !== null
      ? (principal as { accountId?: unknown }).accountId
      : undefined;
  return typeof accountId === 'string' && accountId !== '' ? accountId : null;
}

/** A text input: trimmed; an empty one (an unset field, a smart value resolving to nothing) counts as absent. */
export const optionalText = (maxChars: number, name: string) =>
  v.pipe(
    v.optional(v.nullable(v.string(`${name} must be text`))),
    v.transform((text) => (text === undefined || text === null || text.trim() === '' ? null : text.trim())),
    v.check(
      (text) => text === null || text.length <= maxChars,
      `${name}: at most ${String(maxChars)} characters`,
    ),
  );

/** A required text input, trimmed. */
export const requiredText = (maxChars: number, name: string) =>
  v.pipe(
    v.string(`${name} is required`),
    v.trim(),
    v.minLength(1, `${name} is required`),
    v.maxLength(maxChars, `${name}: at most ${String(maxChars)} characters`),
  );

/** The inputs parsed with `schema`, or the problems in one line (`name: reason; …`). */
export function parseInputs<TSchema extends v.GenericSchema>(
  schema: TSchema,
  payload: unknown,
):
  | { readonly ok: true; readonly value: v.InferOutput<TSchema> }
  | { readonly ok: false; readonly detail: string } {
  const parsed = v.safeParse(schema, typeof payload === 'object' && payload !== null ? payload : {});
  if (parsed.success) return { ok: true, value: parsed.output };
  const describe = (issue: v.BaseIssue<unknown>): string =>
    // An input the rule's configuration lacks altogether: name it, not valibot's object check.
    issue.type === 'object' && issue.received === 'undefined'
      ? `${v.getDotPath(issue) ?? 'an input'} is required`
      : issue.message;
  return { ok: false, detail: parsed.issues.map(describe).join('; ') };
}

/** The failure of kind `kind` in German and English, with the English `detail`. */
export async function failure(
  texts: TextsPort,
  kind: ActionFailureKind,
  detail: string,
): Promise<ActionFailure> {
  const [de, en] = await Promise.all([texts.translate('de'), texts.translate('en')]);
  const key = `automationAction.error.${kind}`;
  return { errors: [{ message: `${de(key, { detail })} / ${en(key, { detail })}` }] };
}

/** The failure kind of an error the use cases throw (null: an unexpected one, to be logged). */
export function failureKindOf(error: unknown): ActionFailureKind | null {
  if (error instanceof InvalidImprovementRequestError || error instanceof ActionInputError)
    return 'invalidInputs';
  if (error instanceof CsiNotSetUpError) return 'csiNotSetUp';
  if (error instanceof NotCsiIssueError) return 'notCsi';
  if (error instanceof CsiEditForbiddenError || error instanceof OkrForbiddenError) return 'forbidden';
  if (error instanceof ImprovementRegistrationBusyError || error instanceof JiraUnavailableError)
    return 'tryAgain';
  if (error instanceof IssueNotFoundError || error instanceof JiraNotFoundError) return 'notFound';
  if (error instanceof JiraForbiddenError) return 'forbidden';
  if (error instanceof JiraBadRequestError || error instanceof JiraAccessError) return 'jiraRefused';
  return null;
}

/**
 * Runs an action's work and answers its outputs, or the failure of what it threw; an unexpected error is logged
 * and answered as such (never thrown: Automation would show only a generic message).
 */
export async function answerOf(
  actionKey: string,
  deps: { readonly texts: TextsPort; readonly logError: (message: string, error: unknown) => void },
  work: () => Promise<ActionAnswer>,
  extraKind: (error: unknown) => ActionFailureKind | null = () => null,
): Promise<ActionAnswer> {
  try {
    return await work();
  } catch (error) {
    const kind = extraKind(error) ?? failureKindOf(error);
    const detail = error instanceof Error ? error.message : String(error);
    if (kind !== null) return failure(deps.texts, kind, detail);
    deps.logError(`Automation action ${actionKey} failed`, error);
    return failure(
      deps.texts,
      'unexpected',
      `${actionKey}: ${error instanceof Error ? error.name : 'error'}`,
    );
  }
}
