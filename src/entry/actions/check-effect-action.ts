/**
 * Automation action "Wirkung prüfen" (manifest `action` `check-effect`, function `checkEffectAction`): runs an
 * improvement's effect check now (FLOW-METRICS.md §6 on its configured target metric, before and after the change
 * date), posts the result on the improvement once per configuration and updates the linked key result, as the daily
 * run does (`application/effect-check.ts`, trigger `automation`). The rule's user must be allowed to edit the
 * improvement; the check itself runs as the app, as the daily run.
 */
import * as v from 'valibot';
import { readEditableImprovement } from '../../application/automation-actions';
import { EffectCheckFailedError, runEffectCheck, type EffectCheckDeps } from '../../application/effect-check';
import type { JiraPort } from '../../application/ports/jira-port';
import type { TextsPort } from '../../application/ports/texts-port';
import { actorOf, answerOf, failure, parseInputs, requiredText, type ActionAnswer } from './action-support';

/** The manifest key of the action. */
export const CHECK_EFFECT_ACTION_KEY = 'check-effect';

/** The inputs (manifest `inputs`). */
export const CheckEffectInputsSchema = v.object({
  issueKey: requiredText(100, 'issueKey (the improvement)'),
});

export interface CheckEffectActionDeps {
  /** Jira as the rule's user (the permission check). */
  readonly jira: (accountId: string | null) => JiraPort;
  /** The effect check's own dependencies, as the app. */
  readonly effect: () => EffectCheckDeps;
  readonly texts: TextsPort;
  readonly logError: (message: string, error: unknown) => void;
}

/** The action's function: outputs `verdict` (§6: improved, worsened, no-change, insufficient-data), `posted`. */
export function createCheckEffectAction(deps: CheckEffectActionDeps) {
  return async (payload: unknown, context?: unknown): Promise<ActionAnswer> => {
    const parsed = parseInputs(CheckEffectInputsSchema, payload);
    if (!parsed.ok) return failure(deps.texts, 'invalidInputs', parsed.detail);
    const accountId = actorOf(context);
    return answerOf(
      CHECK_EFFECT_ACTION_KEY,
      deps,
      async () => {
        const improvement = await readEditableImprovement(deps.jira(accountId), parsed.value.issueKey);
        const outcome = await runEffectCheck(deps.effect(), improvement.id, 'automation');
        return {
          issueKey: improvement.key,
          verdict: outcome.run?.result.verdict ?? '',
          posted: outcome.posted,
        };
      },
      (error) => (error instanceof EffectCheckFailedError ? 'effectFailed' : null),
    );
  };
}
