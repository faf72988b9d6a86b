/**
 * Automation action "Verbesserungsvorschlag registrieren" (manifest `action` `register-improvement`, function
 * `registerImprovementAction`): registers an improvement opportunity in a project with CSI, the rule's issue
 * (`{{issue.key}}`) linked as its feedback issue, e.g. on a CSAT rating ≤ 2 or the fifth incident with one label
 * in a week. As the rule's user; once per dedupe key (default: the project and the triggering issue), so a rule
 * run again for the same issue, or two rules firing on it, register one improvement.
 */
import * as v from 'valibot';
import type { JiraPort } from '../../application/ports/jira-port';
import type { StorePort } from '../../application/ports/store-port';
import type { TextsPort } from '../../application/ports/texts-port';
import {
  IMPROVEMENT_DEDUPE_KEY_MAX_CHARS,
  IMPROVEMENT_DESCRIPTION_MAX_CHARS,
  IMPROVEMENT_SUMMARY_MAX_CHARS,
  registerImprovement,
} from '../../application/register-improvement';
import { CSI_SOURCES, CSI_TEXT_LIMITS } from '../../domain/csi/record-types';
import {
  actorOf,
  answerOf,
  failure,
  optionalText,
  parseInputs,
  requiredText,
  type ActionAnswer,
} from './action-support';

/** The manifest key of the action. */
export const REGISTER_IMPROVEMENT_ACTION_KEY = 'register-improvement';

/** Longest dedupe key a rule may give: room is left for the namespace {@link ruleRegistrationKey} puts before it. */
const RULE_DEDUPE_KEY_MAX_CHARS = IMPROVEMENT_DEDUPE_KEY_MAX_CHARS - 200;

/** The inputs (manifest `inputs`), as Automation passes them. */
export const RegisterImprovementInputsSchema = v.object({
  projectKey: requiredText(100, 'projectKey (the project with CSI)'),
  summary: requiredText(IMPROVEMENT_SUMMARY_MAX_CHARS, 'summary'),
  source: v.picklist(CSI_SOURCES, `source must be one of ${CSI_SOURCES.join(', ')}`),
  service: requiredText(CSI_TEXT_LIMITS.service, 'service'),
  issueKey: optionalText(100, 'issueKey'),
  sourceDetail: optionalText(CSI_TEXT_LIMITS.sourceDetail, 'sourceDetail'),
  description: optionalText(IMPROVEMENT_DESCRIPTION_MAX_CHARS, 'description'),
  linkType: optionalText(100, 'linkType'),
  dedupeKey: optionalText(RULE_DEDUPE_KEY_MAX_CHARS, 'dedupeKey'),
});

export interface RegisterImprovementActionDeps {
  /** Jira as the rule's user. */
  readonly jira: (accountId: string | null) => JiraPort;
  readonly store: StorePort;
  readonly clock: () => number;
  readonly texts: TextsPort;
  readonly logError: (message: string, error: unknown) => void;
}

/** The dedupe key when the rule names none: one improvement per project and triggering issue. */
export function defaultRegistrationKey(projectKey: string, issueKey: string): string {
  return `automation:${REGISTER_IMPROVEMENT_ACTION_KEY}:${projectKey.toUpperCase()}:${issueKey.toUpperCase()}`;
}

/**
 * The registration key of a dedupe key the rule gives, in the action's own namespace per project: a rule's free
 * text is never the key another caller registers under (the feedback web trigger's `feedback-intake-ext:…`, another
 * project's rule), which would hand the rule that caller's improvement without linking the rule's issue to it.
 */
export function ruleRegistrationKey(projectKey: string, dedupeKey: string): string {
  return `automation:${REGISTER_IMPROVEMENT_ACTION_KEY}:${projectKey.toUpperCase()}:rule:${dedupeKey}`;
}

/** The action's function: outputs `issueKey`, `created`. */
export function createRegisterImprovementAction(deps: RegisterImprovementActionDeps) {
  return async (payload: unknown, context?: unknown): Promise<ActionAnswer> => {
    const parsed = parseInputs(RegisterImprovementInputsSchema, payload);
    if (!parsed.ok) return failure(deps.texts, 'invalidInputs', parsed.detail);
    const { projectKey, summary, source, service } = parsed.value;
    // Optional inputs: an absent one (or one a smart value left empty) is null.
    const issueKey = parsed.value.issueKey ?? null;
    const sourceDetail = parsed.value.sourceDetail ?? null;
    const description = parsed.value.description ?? null;
    const linkType = parsed.value.linkType ?? null;
    const ruleKey = parsed.value.dedupeKey ?? null;
    const dedupeKey =
      ruleKey !== null
        ? ruleRegistrationKey(projectKey, ruleKey)
        : issueKey === null
          ? null
          : defaultRegistrationKey(projectKey, issueKey);
    if (dedupeKey === null)
      return failure(
        deps.texts,
        'invalidInputs',
        'give issueKey ({{issue.key}}) or dedupeKey, so a rule that runs again registers no second improvement',
      );
    const accountId = actorOf(context);
    return answerOf(REGISTER_IMPROVEMENT_ACTION_KEY, deps, async () => {
      const registered = await registerImprovement(
        { store: deps.store, jira: deps.jira(accountId), clock: deps.clock, actingAccountId: accountId },
        {
          projectIdOrKey: projectKey,
          summary,
          ...(description === null ? {} : { description }),
          source,
          sourceDetail: sourceDetail ?? issueKey ?? '',
          service,
          feedbackIssue: issueKey,
          ...(linkType === null ? {} : { linkTypeName: linkType }),
          dedupeKey,
        },
      );
      return { issueKey: registered.issueKey, created: registered.created };
    });
  };
}
