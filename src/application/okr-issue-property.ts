/**
 * Issues ↔ key results from the issue's side (the issue panel's "Key Results"): which key results an issue serves,
 * linking and unlinking, and the indexed issue property `three-ways-okr` (`{ keyResults: ["KR-12", …] }`,
 * JQL `okrKeyResult = KR-12`) that mirrors the links.
 *
 * Linking edits the issue, so it needs Jira's Edit Issues on it (asked as the acting user). The store is written
 * first (it is authoritative), then the property with the issue's full current list of key results: a rewrite
 * converges whatever happened before, so when the property write fails the user is told to repeat the action,
 * which writes it again.
 */
import type { IssueKeyResults, KeyResultSearchHit } from '../contract/okr';
import { periodKey as keyOfPeriod } from '../domain/okr/period';
import { summarizeKeyResult } from '../domain/okr/progress';
import { KEY_RESULT_ID_PATTERN } from '../domain/okr/validation';
import { OKR_ISSUE_PROPERTY_KEY } from './okr-linked-issues';
import { canLinkIssue, requireAllowed } from './okr-permissions';
import { currentQuarter, periodOptions, requireOpenPeriod } from './okr-periods';
import type { OkrSession } from './okr-session';
import { loadKeyResult } from './okr-views';
import { OkrValidationError } from './ports/okr-store-port';

/** The links were stored but the issue property (what JQL searches) could not be written. */
export class OkrPropertyWriteError extends Error {
  override readonly name = 'OkrPropertyWriteError';
  constructor(
    readonly issueKey: string,
    override readonly cause: unknown,
  ) {
    super(
      `The link is saved, but ${issueKey}'s issue property for JQL (okrKeyResult) could not be written` +
        ` (${cause instanceof Error ? cause.message : String(cause)}): do the same again in a moment to write it.`,
    );
  }
}

/** The issue's id and key as the acting user sees it (IssueNotFoundError when they may not). */
async function issueRef(session: OkrSession, issueKey: string): Promise<{ id: string; key: string }> {
  const issue = await session.jira.getIssue(issueKey, ['summary']);
  if (issue.id === undefined) throw new Error(`Jira answered ${issueKey} without an id`);
  return { id: issue.id, key: issue.key ?? issueKey };
}

/** Most property writes of one link change while the issue's links keep changing under it. */
const MAX_PROPERTY_WRITES = 5;

/**
 * Writes the issue's property with every key result it serves now (the store's list, whole), then reads the list
 * again and writes once more when it changed meanwhile. Two people linking and unlinking one issue at once may
 * have their property writes reach Jira in the opposite order of their store writes; the one whose write lands
 * last then sees the store's newer list and writes that, so the property ends as the store says.
 */
export async function writeIssueKeyResultsProperty(session: OkrSession, issueId: string): Promise<void> {
  let keyResults = await session.okr.keyResultsOf(issueId);
  for (let write = 0; write < MAX_PROPERTY_WRITES; write += 1) {
    await session.jira.setIssueProperty(issueId, OKR_ISSUE_PROPERTY_KEY, { keyResults });
    const now = await session.okr.keyResultsOf(issueId);
    if (now.length === keyResults.length && now.every((id, i) => id === keyResults[i])) return;
    keyResults = now;
  }
  throw new Error(`the issue's key results kept changing during ${String(MAX_PROPERTY_WRITES)} writes`);
}

/** The key results the issue serves, with progress and status, and whether the viewer may link. */
export async function getIssueKeyResults(session: OkrSession, issueKey: string): Promise<IssueKeyResults> {
  const issue = await issueRef(session, issueKey);
  const [ids, canLink] = await Promise.all([
    session.okr.keyResultsOf(issue.id),
    canLinkIssue(session.jira, issue.id),
  ]);
  const keyResults = (
    await Promise.all(
      ids.map(async (keyResultId) => {
        const loaded = await loadKeyResult(session, keyResultId).catch(() => null);
        // Archiving an objective hides its key results, as archiving each would.
        if (loaded === null || loaded.keyResult.value.archived || loaded.objective.value.archived) return [];
        const { keyResult, objective } = loaded;
        const summary = summarizeKeyResult(
          keyResult.value,
          await session.okr.checkIns(keyResultId),
          objective.value.period,
          session.nowMs,
          session.settings.thresholds,
        );
        return [
          {
            keyResultId,
            title: keyResult.value.title,
            objectiveId: objective.value.id,
            objectiveTitle: objective.value.title,
            periodKey: keyOfPeriod(objective.value.period),
            progress: summary.progress,
            status: summary.status,
          },
        ];
      }),
    )
  ).flat();
  return { issueId: issue.id, issueKey: issue.key, keyResults, canLink };
}

/**
 * Links (`link` true) or unlinks the issue and the key result, as the acting user: Edit Issues on the issue, a key
 * result of an open period (neither it nor its objective archived, for a new link). Answers the issue's key results afterwards.
 *
 * @throws OkrForbiddenError, OkrNotFoundError, OkrPeriodClosedError, OkrValidationError; OkrPropertyWriteError when
 *   the store has the change but the issue property does not.
 */
export async function changeIssueLink(
  session: OkrSession,
  issueKey: string,
  keyResultId: string,
  link: boolean,
): Promise<IssueKeyResults> {
  const issue = await issueRef(session, issueKey);
  requireAllowed(
    await canLinkIssue(session.jira, issue.id),
    `You may not edit ${issue.key} in Jira, so you cannot link it to key results; ask someone who may edit it.`,
  );
  const { keyResult, objective } = await loadKeyResult(session, keyResultId);
  if (link && (keyResult.value.archived || objective.value.archived))
    throw new OkrValidationError(
      [
        {
          path: 'keyResultId',
          message: keyResult.value.archived
            ? `${keyResultId} is archived: link the issue to a current key result`
            : `${keyResultId}'s objective ${objective.value.id} is archived: link the issue to a current key result`,
        },
      ],
      'link',
    );
  await requireOpenPeriod(session.store, objective.value.period);
  try {
    if (link) await session.okr.linkIssue(issue.id, keyResultId);
    else await session.okr.unlinkIssue(issue.id, keyResultId);
  } catch (error) {
    // The store's limits (links per key result or per issue) are rules of the model.
    if (error instanceof RangeError)
      throw new OkrValidationError([{ path: 'keyResultId', message: error.message }], 'link');
    throw error;
  }
  try {
    await writeIssueKeyResultsProperty(session, issue.id);
  } catch (error) {
    throw new OkrPropertyWriteError(issue.key, error);
  }
  return getIssueKeyResults(session, issue.key);
}

/** Most hits a key result search answers. */
export const MAX_SEARCH_HITS = 50;

/**
 * Key results to link an issue to: by id (`KR-12`, any period) or by words of the title (every word, any case)
 * in the open periods the picker offers; an empty query lists the current period's key results. Archived ones and
 * those of closed periods are left out of word searches (they cannot take new links).
 */
export async function searchKeyResults(session: OkrSession, query: string): Promise<KeyResultSearchHit[]> {
  const text = query.trim();
  if (KEY_RESULT_ID_PATTERN.test(text.toUpperCase())) {
    const loaded = await loadKeyResult(session, text.toUpperCase()).catch(() => null);
    if (loaded === null) return [];
    return [
      {
        keyResultId: loaded.keyResult.value.id,
        title: loaded.keyResult.value.title,
        objectiveTitle: loaded.objective.value.title,
        periodKey: keyOfPeriod(loaded.objective.value.period),
      },
    ];
  }
  const current = currentQuarter(session.nowMs, session.timeZone);
  const periods =
    text === ''
      ? [keyOfPeriod(current)]
      : (await periodOptions(session.store, current, current))
          .filter((option) => !option.closed && option.objectiveCount > 0)
          .map((option) => option.periodKey);
  const words = text
    .toLowerCase()
    .split(/\s+/)
    .filter((word) => word !== '');
  const hits: KeyResultSearchHit[] = [];
  for (const periodKey of periods) {
    const content = await session.okr.listPeriod(periodKey);
    const titles = new Map(content.objectives.map((entry) => [entry.value.id, entry.value.title]));
    for (const { value: kr } of content.keyResults) {
      const objectiveTitle = titles.get(kr.objectiveId);
      if (objectiveTitle === undefined) continue;
      const title = kr.title.toLowerCase();
      if (!words.every((word) => title.includes(word))) continue;
      hits.push({ keyResultId: kr.id, title: kr.title, objectiveTitle, periodKey });
      if (hits.length >= MAX_SEARCH_HITS) return hits;
    }
  }
  return hits;
}
