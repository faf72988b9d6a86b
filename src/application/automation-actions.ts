/**
 * Use cases behind the Automation actions (issue 11) that are not a single call of another use case: closing an
 * improvement's feedback loop now ("Feedbackschleife schließen"), reporting a key result's value ("Kennzahl
 * melden") and the permission check the effect check needs before it runs as the app ("Wirkung prüfen").
 *
 * Automation invokes an action as the user of the rule's connection (Forge's automation-action reference:
 * "Automation will always invoke your action as a particular user … use asUser()"), so each use case first asks
 * Jira, as that user, whether they may do it; the work itself then runs as the app where the feature does
 * (replies through the queue, the effect check's comment).
 */
import {
  isCsiIssueTypeName,
  NotCsiIssueError,
  CSI_EDIT_PERMISSION,
  CsiEditForbiddenError,
} from './csi-record';
import { enqueueFeedbackReplies, type FeedbackFanOut, type FeedbackReplyMessage } from './feedback-replies';
import { recordExternalValue, type ExternalValueOutcome } from './okr-external-values';
import { canEditKeyResult, loadOkrAccess, OkrForbiddenError } from './okr-permissions';
import { readOkrSettings } from './okr-settings';
import type { JiraPort, JiraUserAccessPort } from './ports/jira-port';
import type { OkrStorePort } from './ports/okr-store-port';
import type { QueuePort } from './ports/queue-port';
import type { StorePort } from './ports/store-port';
import { CSI_ISSUE_TYPE_NAMES, csiStatusKeyOfName } from '../domain/csi/workflow';
import type { FeedbackReplyStep } from '../domain/feedback/replies';

/** The improvement (CSI issue) an action works on, as the acting user sees it. */
export interface ActionImprovement {
  readonly id: string;
  readonly key: string;
  readonly summary: string;
  readonly projectId: string;
  readonly projectKey: string;
  /** The CSI status key of its status; null for a status the CSI workflow does not have. */
  readonly statusKey: ReturnType<typeof csiStatusKeyOfName>;
  readonly statusName: string;
}

/** The action's inputs do not fit the improvement (e.g. a step its status does not allow). */
export class ActionInputError extends Error {
  override readonly name = 'ActionInputError';
}

/**
 * The CSI issue `issueKey` as the acting user sees it, provided they may edit it (Jira's Edit Issues in its
 * project: what changing the record, running its effect check or telling its feedback givers requires).
 *
 * @throws NotCsiIssueError; CsiEditForbiddenError; Jira's typed errors (404 for an issue the user cannot see).
 */
export async function readEditableImprovement(jira: JiraPort, issueKey: string): Promise<ActionImprovement> {
  const issue = await jira.getIssue(issueKey, ['summary', 'status', 'project', 'issuetype']);
  const key = issue.key ?? issueKey;
  const typeName = issue.fields?.issuetype?.name;
  if (!isCsiIssueTypeName(typeName))
    throw new NotCsiIssueError(
      `${key} is of the issue type "${typeName ?? '?'}", not "${CSI_ISSUE_TYPE_NAMES.de}" / "${CSI_ISSUE_TYPE_NAMES.en}": ` +
        'give the action the key of an improvement.',
    );
  const project = issue.fields?.['project'] as { id?: unknown; key?: unknown } | undefined;
  if (issue.id === undefined || typeof project?.id !== 'string' || typeof project.key !== 'string')
    throw new Error(`Jira returned ${key} without its id or project`);
  const granted = await jira.getMyPermissions([CSI_EDIT_PERMISSION], project.key);
  if (granted[CSI_EDIT_PERMISSION] !== true)
    throw new CsiEditForbiddenError(
      `the rule's user may not edit ${key} (Jira's "Edit Issues" in project ${project.key}); ` +
        "give the rule's connection a user who may, or grant the permission",
    );
  const statusName = issue.fields?.status?.name ?? '';
  return {
    id: issue.id,
    key,
    summary: issue.fields?.summary ?? '',
    projectId: project.id,
    projectKey: project.key,
    statusKey: csiStatusKeyOfName(statusName),
    statusName,
  };
}

/**
 * The reply step for an improvement's status: `closed` for Closed, `in-implementation` for In Implementation and
 * Verifying (the change is made, its effect not yet known); the step asked for must fit the status likewise.
 *
 * @throws ActionInputError for a status that tells nobody yet, or a step it does not allow.
 */
export function replyStepFor(
  improvement: ActionImprovement,
  asked: FeedbackReplyStep | null,
): FeedbackReplyStep {
  const allowed: readonly FeedbackReplyStep[] =
    improvement.statusKey === 'closed'
      ? ['closed', 'in-implementation']
      : improvement.statusKey === 'implementing' || improvement.statusKey === 'verifying'
        ? ['in-implementation']
        : [];
  const step = asked ?? allowed[0];
  if (step === undefined || !allowed.includes(step))
    throw new ActionInputError(
      `${improvement.key} is in status "${improvement.statusName}": feedback givers are told when an improvement ` +
        `is in implementation (step in-implementation) or closed (step closed)${asked === null ? '' : `, so step ${asked} does not fit`}; ` +
        'run the action after the improvement reached that status',
    );
  return step;
}

/**
 * Closes an improvement's feedback loop now: one reply per feedback issue of its record is queued (exactly once
 * each, as for the status trigger: the consumer dedupes by improvement, issue and step).
 *
 * @throws as {@link readEditableImprovement} and {@link replyStepFor}.
 */
export async function closeFeedbackLoopNow(
  deps: { readonly store: StorePort; readonly queue: QueuePort<FeedbackReplyMessage> },
  jira: JiraPort,
  issueKey: string,
  asked: FeedbackReplyStep | null,
): Promise<FeedbackFanOut & { readonly improvementKey: string; readonly step: FeedbackReplyStep }> {
  const improvement = await readEditableImprovement(jira, issueKey);
  const step = replyStepFor(improvement, asked);
  const fanOut = await enqueueFeedbackReplies(deps, {
    improvementIssueId: improvement.id,
    improvementKey: improvement.key,
    improvementSummary: improvement.summary,
    projectId: improvement.projectId,
    step,
  });
  return { ...fanOut, improvementKey: improvement.key, step };
}

/** What reporting a value needs. */
export interface ReportValueDeps {
  readonly store: StorePort;
  readonly okr: OkrStorePort;
  readonly clock: () => number;
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Reports a value of an external key result as the acting user: allowed for whoever may check in on it (Jira
 * admins, the OKR editor group, the objective's and the key result's owners), then recorded exactly as a signed
 * web trigger value is (idempotent by `measurementId`; refused for a closed period, an archived or non-external key
 * result, values before the period or over the rate limits).
 *
 * @throws OkrForbiddenError when the user may not check in on it (nothing is written).
 */
export async function reportKeyResultValue(
  deps: ReportValueDeps,
  jira: Pick<JiraPort, 'getMyPermissions'> & Pick<JiraUserAccessPort, 'getMyGroupNames'>,
  accountId: string | null,
  input: {
    readonly keyResultId: string;
    readonly measurementId: string;
    readonly value: number;
    readonly atMs: number;
  },
): Promise<ExternalValueOutcome> {
  const keyResult = await deps.okr.getKeyResult(input.keyResultId);
  const objective = keyResult === null ? null : await deps.okr.getObjective(keyResult.value.objectiveId);
  if (keyResult !== null && objective !== null) {
    const { settings } = await readOkrSettings(deps.store);
    const access = await loadOkrAccess(jira, settings.editorGroupName, accountId);
    if (!canEditKeyResult(access, objective.value, keyResult.value))
      throw new OkrForbiddenError(
        `the rule's user may not check in on ${input.keyResultId}: Jira administrators, the OKR editor group and ` +
          "the owners of the key result or its objective may; give the rule's connection such a user",
      );
  }
  // An unknown key result is answered by the recording itself (404, nothing written).
  return recordExternalValue(deps, input, accountId ?? 'automation');
}
