/**
 * The issue-event trigger (manifest `trigger` `flow-issue-events` → function `issue-events`): Jira's issue
 * created/updated/deleted events tell the flow facts store which issues to read again (issue 13: `recordIssueEvent`,
 * coalesced through the `flow-facts` queue). Pure over its ports; the composition root (`entry/composition-root.ts`)
 * gives it the facts recorder. (Change stamps `flow-cache-changed:<projectId>` of the per-user view cache, written
 * by earlier versions, are no longer written or read: they expire with their TTL.)
 *
 * Forge's events reference documents the same payload for the three events: `{ eventType, issue: { id, key,
 * fields: { project, … } }, atlassianId?, … }` (a deleted issue's event still carries its id and project), plus
 * `changelog` on updates.
 */
import { InvocationError, InvocationErrorCode } from '@forge/events';

function field(value: unknown, name: string): unknown {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[name] : undefined;
}

function idText(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : typeof value === 'number' ? String(value) : null;
}

/** A Jira project id (digits only): the only thing that may go into the facts store's keys. */
function projectIdText(value: unknown): string | null {
  const id = idText(value);
  return id !== null && /^[0-9]{1,18}$/.test(id) ? id : null;
}

/** The issue id of a Jira issue event (`event.issue.id`, digits only), or null. */
export function issueIdOfIssueEvent(event: unknown): string | null {
  return projectIdText(field(field(event, 'issue'), 'id'));
}

/** The project id of a Jira issue event (`event.issue.fields.project.id`), or null. */
export function projectIdOfIssueEvent(event: unknown): string | null {
  return projectIdText(field(field(field(field(event, 'issue'), 'fields'), 'project'), 'id'));
}

/**
 * Whether a changelog item is Jira's own project field (a move), not a custom field that happens to be named
 * "Project" (custom items carry `fieldtype: custom` and any text in `from`/`to`).
 */
function isProjectItem(item: unknown): boolean {
  if (field(item, 'fieldtype') === 'custom') return false;
  const fieldId = field(item, 'fieldId');
  return fieldId === undefined ? field(item, 'field') === 'project' : fieldId === 'project';
}

/** Changelog items of an updated-issue event (empty for other events). */
function changeItems(event: unknown): readonly unknown[] {
  const items = field(field(event, 'changelog'), 'items');
  return Array.isArray(items) ? items : [];
}

/**
 * Fields whose change can change a flow view: status and Flagged (the engine), issue type, resolution and summary
 * (shown), project and key (a moved issue), and the security level (who may see the issue: the facts store re-reads
 * it as the app; each view filters by the user's own search). Matched on the changelog item's `field` (Jira's field name; Flagged is a custom
 * field named "Flagged") and `fieldId`.
 */
export const FLOW_RELEVANT_FIELDS: readonly string[] = [
  'status',
  'flagged',
  'issuetype',
  'project',
  'key',
  'resolution',
  'summary',
  'security',
];

/**
 * Whether an issue event can change a flow view: a created or deleted issue always; an update only when its
 * changelog touches {@link FLOW_RELEVANT_FIELDS} (or carries no changelog or one that cannot be read, to be safe).
 * The manifest's trigger `filter` applies the same rule on Forge's side, so most irrelevant events never start the
 * function; an event its expression cannot evaluate is received (`onError: RECEIVE_AND_LOG`) and must count here.
 */
export function isFlowRelevantIssueEvent(event: unknown): boolean {
  if (field(event, 'eventType') !== 'avi:jira:updated:issue') return true;
  const changelog = field(event, 'changelog');
  // null as well as missing: the filter's `event.changelog == null` lets both through.
  if (typeof changelog !== 'object' || changelog === null) return true;
  const items = field(changelog, 'items');
  if (!Array.isArray(items)) return true;
  return (items as unknown[]).some(
    (item) =>
      typeof item !== 'object' ||
      item === null ||
      [field(item, 'field'), field(item, 'fieldId')].some(
        (name) => typeof name === 'string' && FLOW_RELEVANT_FIELDS.includes(name.toLowerCase()),
      ),
  );
}

/**
 * The projects whose flow facts an issue event concerns: the issue's project and, for an issue moved between
 * projects, the project it left (the updated event's changelog item `project` names the old project's id in
 * `from`).
 */
export function projectIdsOfIssueEvent(event: unknown): string[] {
  const ids = new Set<string>();
  const current = projectIdOfIssueEvent(event);
  if (current !== null) ids.add(current);
  for (const item of changeItems(event)) {
    if (!isProjectItem(item)) continue;
    for (const side of ['from', 'to'] as const) {
      const id = projectIdText(field(item, side));
      if (id !== null) ids.add(id);
    }
  }
  return [...ids];
}

/** Longest wait Forge allows before a retried event is delivered again, seconds. */
const MAX_EVENT_RETRY_AFTER_SECONDS = 900;

/**
 * Seconds until Forge should deliver a failed event again: exponential in the retries so far (10 s, 20 s, 40 s, …)
 * with up to 50 % jitter, so a bulk edit's many events do not hit a rate-limited store again at the same moment.
 */
export function eventRetryAfterSeconds(retryCount: number, random: () => number = Math.random): number {
  const base = 10 * 2 ** Math.max(0, Math.min(retryCount, 6));
  return Math.min(MAX_EVENT_RETRY_AFTER_SECONDS, Math.ceil(base * (1 + random() / 2)));
}

/** What the trigger tells the flow facts store: this issue of this project may have changed. */
export interface IssueFactsEvent {
  readonly issueId: string;
  readonly projectId: string;
}

/**
 * The issue-event trigger's handler (`avi:jira:created|updated|deleted:issue`): records the issue as pending in the
 * flow facts of each of the event's projects (`recordFacts`: the issue's project and, for a moved issue, the
 * project it left, whose facts must drop it). Events that cannot change a view, and events without a project or
 * issue id, cost nothing. When a write fails (e.g. the store's rate limit during a bulk edit) the failure is logged
 * and Forge is asked to deliver the event again (`InvocationError`, with backoff): a lost pending mark would leave
 * facts stale until the nightly reconcile. Repeating it is harmless: a pending mark is a set entry and the flush
 * re-reads the issue from Jira.
 */
export function createIssueEventInvalidator(deps: {
  readonly logError: (message: string, error: unknown) => void;
  /** The flow facts store's event intake (`recordIssueEvent`). */
  readonly recordFacts: (event: IssueFactsEvent) => Promise<void>;
}): (event: unknown) => Promise<InvocationError | undefined> {
  const { recordFacts } = deps;
  return async (event) => {
    if (!isFlowRelevantIssueEvent(event)) return undefined;
    const issueId = issueIdOfIssueEvent(event);
    if (issueId === null) return undefined;
    const attempt = async (what: string, work: () => Promise<void>): Promise<boolean> => {
      try {
        await work();
        return true;
      } catch (error) {
        deps.logError(`${what} failed; asking for a retry`, error);
        return false;
      }
    };
    const results = await Promise.all(
      projectIdsOfIssueEvent(event).map((projectId) =>
        attempt(`recording issue ${issueId} for the flow facts of project ${projectId}`, () =>
          recordFacts({ issueId, projectId }),
        ),
      ),
    );
    if (results.every(Boolean)) return undefined;
    const retryCount = field(field(event, 'retryContext'), 'retryCount');
    return new InvocationError({
      retryAfter: eventRetryAfterSeconds(typeof retryCount === 'number' ? retryCount : 0),
      retryReason: InvocationErrorCode.FUNCTION_RETRY_REQUEST,
    });
  };
}
