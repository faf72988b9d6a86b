import type { JiraChangeItem, JiraHistory, JiraIssueInput } from '../domain/flow/types';
import { JiraBadRequestError } from './errors';
import type { JiraField, JiraPort } from './ports/jira-port';

/**
 * The issue fields the flow engine reads, with the project and the last update: the flow facts record where an
 * issue lives now (a moved issue changes project) and how recent its facts are.
 */
export const FLOW_ISSUE_FIELDS: readonly string[] = [
  'created',
  'status',
  'issuetype',
  'resolutiondate',
  'summary',
  'project',
  'updated',
];

/** The status field's id (a system field: the same on every site). */
export const STATUS_FIELD_ID = 'status';

/** The name the flow engine knows the Flagged (impediment) field's changelog items by. */
export const FLAGGED_FIELD_NAME = 'Flagged';

/** The type of Jira Software's Flagged field: checkboxes with the one option "Impediment". */
export const FLAGGED_CUSTOM_TYPE = 'com.atlassian.jira.plugin.system.customfieldtypes:multicheckboxes';

const isFlaggedName = (name: string | null | undefined): boolean =>
  typeof name === 'string' && name.toLowerCase() === FLAGGED_FIELD_NAME.toLowerCase();

/**
 * The id of the site's Flagged field (`customfield_NNNNN`, different per site), or null when the site has none
 * (Jira without Jira Software). A custom field whose untranslated name, JQL clause name or name is "Flagged";
 * of several, the one of the checkboxes type Jira Software creates it with.
 *
 * @example flaggedFieldIdOf([{ id: 'customfield_10021', name: 'Flagged', custom: true, clauseNames: ['Flagged'],
 *   customType: FLAGGED_CUSTOM_TYPE }]) === 'customfield_10021'
 */
export function flaggedFieldIdOf(fields: readonly JiraField[]): string | null {
  const named = fields.filter(
    (field) =>
      field.custom &&
      (isFlaggedName(field.untranslatedName) ||
        field.clauseNames.some(isFlaggedName) ||
        isFlaggedName(field.name)),
  );
  return (named.find((field) => field.customType === FLAGGED_CUSTOM_TYPE) ?? named[0])?.id ?? null;
}

/** The field ids a flow changelog fetch asks for: the status, and the Flagged field when the site has one. */
export function flowChangelogFieldIds(flaggedFieldId: string | null): readonly string[] {
  return flaggedFieldId === null ? [STATUS_FIELD_ID] : [STATUS_FIELD_ID, flaggedFieldId];
}

/**
 * Whether a change item is one the flow engine reads: a status change, or a change of the Flagged field, known by
 * its id (an item without `fieldId`, as in older exports, by its name).
 */
export function isFlowChangeItem(item: JiraChangeItem, flaggedFieldId: string | null): boolean {
  const id = item.fieldId ?? null;
  if (id === null) return item.field === STATUS_FIELD_ID || isFlaggedName(item.field);
  return id === STATUS_FIELD_ID || id === flaggedFieldId;
}

/**
 * The flow items of a history, the Flagged field's items named "Flagged" as the engine reads them (Jira writes the
 * field's name at the time of the change, which a site may have renamed or translated); null when none is left.
 */
export function flowHistoryOf(history: JiraHistory, flaggedFieldId: string | null): JiraHistory | null {
  const original = history.items ?? [];
  const items: JiraChangeItem[] = [];
  let changed = false;
  for (const item of original) {
    if (!isFlowChangeItem(item, flaggedFieldId)) {
      changed = true;
      continue;
    }
    const rename =
      flaggedFieldId !== null && item.fieldId === flaggedFieldId && item.field !== FLAGGED_FIELD_NAME;
    if (rename) changed = true;
    items.push(rename ? { ...item, field: FLAGGED_FIELD_NAME } : item);
  }
  if (items.length === 0) return null;
  // Bulk-fetched histories hold only the asked fields: most are kept as they are, without a copy.
  return changed ? { ...history, items } : history;
}

/** Issues whose changelogs are fetched together: the most one `changelog/bulkfetch` request takes. */
export const FLOW_CHANGELOG_BATCH = 1000;

/**
 * Loads every issue of a JQL with what the flow engine needs, streaming: search pages of 100 issues with
 * {@link FLOW_ISSUE_FIELDS}; with the first batch the site's fields once (to find the Flagged field's id,
 * {@link flaggedFieldIdOf}); per 1,000 issues one bulk changelog fetch of the status and Flagged changes (by
 * field id), merged into `changelog.histories`; then `onIssue` for each issue in search order. At most 1,000 issues (plus one
 * search page) are held at a time, so the caller can feed a `createFlowAccumulator` without holding the project.
 *
 * Requests: ⌈n / 100⌉ search pages, one field list (none for no issues or when the client read it before), ⌈n / 1,000⌉ bulk
 * fetches (more only when 1,000 issues have more than 10,000 status/Flagged changes), never one per issue.
 *
 * `onProgress(done, total)` is called after each batch with the issues handed over so far; `total` is null
 * (the search API pages by cursor and does not count).
 *
 * @returns the number of issues handed to `onIssue`.
 * @example
 * const accumulator = createFlowAccumulator(options);
 * await loadFlowIssues(jira, 'project = HD ORDER BY created', (issue) => accumulator.add(issue));
 * const report = accumulator.finish();
 */
export async function loadFlowIssues(
  jira: JiraPort,
  jql: string,
  onIssue: (issue: JiraIssueInput) => void,
  onProgress?: (done: number, total: number | null) => void,
): Promise<number> {
  let batch: JiraIssueInput[] = [];
  let done = 0;
  // Looked up with the first batch: an empty search needs no field list.
  let flagged: { readonly id: string | null } | null = null;

  async function flush(issues: readonly JiraIssueInput[]): Promise<void> {
    flagged ??= { id: flaggedFieldIdOf(await jira.listFields()) };
    const flaggedFieldId = flagged.id;
    const ids = issues.flatMap((issue) => (issue.id === undefined ? [] : [issue.id]));
    const histories = await jira.bulkFetchChangelogs(ids, flowChangelogFieldIds(flaggedFieldId));
    const none: readonly JiraHistory[] = [];
    for (const issue of issues) {
      const fetched = issue.id === undefined ? undefined : histories.get(issue.id);
      onIssue({
        ...issue,
        changelog: {
          histories:
            fetched === undefined
              ? none
              : fetched.flatMap((history) => flowHistoryOf(history, flaggedFieldId) ?? []),
        },
      });
    }
    done += issues.length;
    onProgress?.(done, null);
  }

  for await (const page of jira.searchIssues(jql, FLOW_ISSUE_FIELDS)) {
    batch.push(...page);
    while (batch.length >= FLOW_CHANGELOG_BATCH) {
      await flush(batch.slice(0, FLOW_CHANGELOG_BATCH));
      batch = batch.slice(FLOW_CHANGELOG_BATCH);
    }
  }
  if (batch.length > 0) await flush(batch);
  return done;
}

/**
 * Loads exactly the given issues, in chunks of {@link FLOW_CHANGELOG_BATCH} ids (`issuekey in (…)`, which takes ids, in
 * creation order), each chunk with its changelogs as {@link loadFlowIssues} loads them. An issue deleted since its
 * id was read makes Jira refuse the whole chunk's JQL (400): the chunk is then halved until the missing ids are
 * found and left out. Nothing outside the list is ever loaded, and with `projectId` nothing outside that project
 * (an issue moved away since its id was read is not found).
 *
 * @throws RangeError when `projectId` is given but is not a Jira project id (digits).
 */
export async function loadIssuesByIds(
  jira: JiraPort,
  issueIds: readonly string[],
  onIssue: (issue: JiraIssueInput) => void,
  onProgress?: (done: number) => void,
  projectId?: string,
): Promise<number> {
  let done = 0;
  // The ids were read as the user in this project; an issue moved since to a project the user may not browse must
  // not be loaded as the app, so the search also names the project (a moved issue is then simply not found). A
  // project that is not a Jira id is refused: dropping the bound would load the ids from any project.
  if (projectId !== undefined && !/^[0-9]+$/.test(projectId))
    throw new RangeError(
      `"${projectId}" is no Jira project id (digits): issues are loaded within the project's id`,
    );
  const inProject = projectId === undefined ? '' : ` AND project = ${projectId}`;
  const loadChunk = async (ids: readonly string[]): Promise<void> => {
    const safe = ids.filter((id) => /^[0-9]+$/.test(id));
    if (safe.length === 0) return;
    const held: JiraIssueInput[] = [];
    try {
      await loadFlowIssues(
        jira,
        `issuekey in (${safe.join(', ')})${inProject} ORDER BY created ASC`,
        (issue) => held.push(issue),
      );
    } catch (error) {
      if (!(error instanceof JiraBadRequestError)) throw error;
      if (safe.length === 1) return; // deleted (or moved out of reach) since the ids were read
      const half = Math.ceil(safe.length / 2);
      await loadChunk(safe.slice(0, half));
      await loadChunk(safe.slice(half));
      return;
    }
    for (const issue of held) onIssue(issue);
    done += held.length;
  };
  for (let start = 0; start < issueIds.length; start += FLOW_CHANGELOG_BATCH) {
    await loadChunk(issueIds.slice(start, start + FLOW_CHANGELOG_BATCH));
    onProgress?.(done);
  }
  return done;
}
