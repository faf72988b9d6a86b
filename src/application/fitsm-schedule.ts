/**
 * The implementation schedule (Zeitplan) over the app's store: its items under `fitsm-schedule` (one versioned
 * value), the plan computed by `domain/fitsm/schedule.ts` with each improvement's current score from its stored
 * record. Items come from registered gaps (added idempotently by improvement key) or are added by hand; moving,
 * adding and removing by hand name the version the client loaded, so a stale change is refused
 * ({@link ScheduleConflictError}) instead of undoing someone else's move.
 */
import type { FitsmScheduleExport, FitsmScheduleItemOrigin, FitsmScheduleView } from '../contract/fitsm-plan';
import { isFitsmSubjectId, type FitsmSubjectLookup } from '../domain/fitsm/audit-subjects';
import { csvDialectOf, csvCell, csvDocument, csvRow } from '../domain/shared/csv';
import { planSchedule, quarterIndex, MAX_SCHEDULE_QUARTERS } from '../domain/fitsm/schedule';
import { isCsiIssueTypeName, readStoredCsiRecord } from './csi-record';
import { JiraBadRequestError, JiraNotFoundError } from './errors';
import { planStartQuarter, planTimeZone, readFitsmPlanSettings } from './fitsm-plan-settings';
import type { JiraPort } from './ports/jira-port';
import { StoreConflictError, type StorePort } from './ports/store-port';

export const FITSM_SCHEDULE_KEY = 'fitsm-schedule';

/** Most items the schedule holds (one stored value; a plan of hundreds is a backlog, not a schedule). */
export const MAX_SCHEDULE_ITEMS = 300;

export interface StoredScheduleItem {
  readonly improvementKey: string;
  readonly issueId: string;
  readonly subjectId: string;
  /** The summary when it was added (the view shows it; Jira's may have changed since). */
  readonly summary: string;
  readonly origin: FitsmScheduleItemOrigin;
  /** The assessment the gap came from; null otherwise. */
  readonly assessmentId: string | null;
  readonly gapSize: number | null;
  readonly pinnedQuarter: string | null;
}

export interface StoredSchedule {
  readonly schemaVersion: 1;
  readonly items: readonly StoredScheduleItem[];
}

const EMPTY_SCHEDULE: StoredSchedule = { schemaVersion: 1, items: [] };

/** The schedule changed since the client loaded it. */
export class ScheduleConflictError extends Error {
  override readonly name = 'ScheduleConflictError';
}

/** A schedule change breaks a rule (`problems` say which). */
export class ScheduleRuleError extends Error {
  override readonly name = 'ScheduleRuleError';
  constructor(readonly problems: readonly string[]) {
    super(`The schedule was not changed: ${problems.join('; ')}.`);
  }
}

/** The stored schedule and its version (empty and null when none was saved). */
export async function readSchedule(
  store: StorePort,
): Promise<{ readonly schedule: StoredSchedule; readonly version: number | null }> {
  const stored = await store.get<StoredSchedule>(FITSM_SCHEDULE_KEY);
  if (stored === null) return { schedule: EMPTY_SCHEDULE, version: null };
  return { schedule: stored.value, version: stored.version };
}

async function write(
  store: StorePort,
  schedule: StoredSchedule,
  expectedVersion: number | null,
): Promise<number> {
  if (schedule.items.length > MAX_SCHEDULE_ITEMS)
    throw new ScheduleRuleError([
      `the schedule holds at most ${String(MAX_SCHEDULE_ITEMS)} items; remove finished ones`,
    ]);
  try {
    return (await store.put<StoredSchedule>(FITSM_SCHEDULE_KEY, schedule, expectedVersion)).version;
  } catch (error) {
    if (error instanceof StoreConflictError)
      throw new ScheduleConflictError(
        'The schedule was changed by someone else after you loaded it: reload it and apply your change again.',
      );
    throw error;
  }
}

/**
 * Adds items that are not in the schedule yet (by improvement key; one already there is kept as it is, pinned
 * quarter included). Retried against concurrent writers: adding is idempotent, so no version is needed.
 */
export async function addScheduleItems(
  store: StorePort,
  items: readonly StoredScheduleItem[],
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const { schedule, version } = await readSchedule(store);
    const known = new Set(schedule.items.map((i) => i.improvementKey));
    const fresh = items.filter((i) => !known.has(i.improvementKey));
    if (fresh.length === 0) return;
    try {
      await write(store, { ...schedule, items: [...schedule.items, ...fresh] }, version);
      return;
    } catch (error) {
      if (!(error instanceof ScheduleConflictError) || attempt >= 5) throw error;
    }
  }
}

function itemAt(schedule: StoredSchedule, improvementKey: string): StoredScheduleItem {
  const item = schedule.items.find((i) => i.improvementKey === improvementKey);
  if (item === undefined)
    throw new ScheduleRuleError([`${improvementKey} is not in the schedule; reload it`]);
  return item;
}

function checkVersion(version: number | null, expectedVersion: number | null): void {
  if (version !== expectedVersion)
    throw new ScheduleConflictError(
      'The schedule was changed by someone else after you loaded it: reload it and apply your change again.',
    );
}

/**
 * Moves an item to `quarter` (pinned there) or back to the rule's placement (`quarter` null).
 *
 * @throws ScheduleConflictError when the schedule is not at `expectedVersion`; ScheduleRuleError for an unknown
 *   item or a quarter outside the plan's horizon.
 */
export async function moveScheduleItem(
  store: StorePort,
  request: {
    readonly improvementKey: string;
    readonly quarter: string | null;
    readonly expectedVersion: number;
  },
  horizon: { readonly startQuarter: string },
): Promise<{ readonly version: number }> {
  const { schedule, version } = await readSchedule(store);
  checkVersion(version, request.expectedVersion);
  itemAt(schedule, request.improvementKey);
  if (request.quarter !== null) {
    const index = quarterIndex(request.quarter);
    const start = quarterIndex(horizon.startQuarter) ?? 0;
    if (index === null || index < start - 4 || index >= start + MAX_SCHEDULE_QUARTERS)
      throw new ScheduleRuleError([
        `quarter: ${request.quarter} lies outside the plan (from a year before ${horizon.startQuarter}, ` +
          `${String(MAX_SCHEDULE_QUARTERS)} quarters ahead)`,
      ]);
  }
  const items = schedule.items.map((i) =>
    i.improvementKey === request.improvementKey ? { ...i, pinnedQuarter: request.quarter } : i,
  );
  return { version: await write(store, { ...schedule, items }, version) };
}

/**
 * Adds an improvement by hand: a CSI issue (read as the acting user, so only one they may see) and the FitSM
 * process or requirement it serves.
 *
 * @throws ScheduleConflictError; ScheduleRuleError (not a CSI issue, unknown FitSM id, already scheduled); Jira's
 *   errors (issue not found).
 */
export async function addManualScheduleItem(
  store: StorePort,
  jira: Pick<JiraPort, 'getIssue'>,
  lookup: FitsmSubjectLookup,
  request: { readonly issueKey: string; readonly subjectId: string; readonly expectedVersion: number | null },
): Promise<{ readonly version: number }> {
  if (!isFitsmSubjectId(request.subjectId) || !lookup.isKnown(request.subjectId))
    throw new ScheduleRuleError([
      `subjectId: ${request.subjectId} is not a FitSM process or requirement (PR2, PR2.1, GR3)`,
    ]);
  const { schedule, version } = await readSchedule(store);
  checkVersion(version, request.expectedVersion);
  const issue = await jira.getIssue(request.issueKey, ['summary', 'issuetype']);
  if (!isCsiIssueTypeName(issue.fields?.issuetype?.name))
    throw new ScheduleRuleError([
      `${request.issueKey} is not a CSI improvement (issue type Verbesserung / Improvement)`,
    ]);
  const key = issue.key ?? request.issueKey;
  if (schedule.items.some((i) => i.improvementKey === key))
    throw new ScheduleRuleError([`${key} is in the schedule already`]);
  const item: StoredScheduleItem = {
    improvementKey: key,
    issueId: issue.id ?? '',
    subjectId: request.subjectId,
    summary: issue.fields?.summary ?? key,
    origin: 'manual',
    assessmentId: null,
    gapSize: null,
    pinnedQuarter: null,
  };
  return { version: await write(store, { ...schedule, items: [...schedule.items, item] }, version) };
}

/** Removes an item (the improvement itself stays in Jira). @throws ScheduleConflictError; ScheduleRuleError */
export async function removeScheduleItem(
  store: StorePort,
  request: { readonly improvementKey: string; readonly expectedVersion: number },
): Promise<{ readonly version: number }> {
  const { schedule, version } = await readSchedule(store);
  checkVersion(version, request.expectedVersion);
  itemAt(schedule, request.improvementKey);
  const items = schedule.items.filter((i) => i.improvementKey !== request.improvementKey);
  return { version: await write(store, { ...schedule, items }, version) };
}

/** The view without who may edit (the resolver adds that). */
export type ScheduleView = Omit<FitsmScheduleView, 'canEdit'>;

/** Records read from the store at once. */
const RECORD_READS_AT_ONCE = 20;

/**
 * The schedule as of `asOfMs`: the stored items with their improvement records' current scores, planned by the
 * domain's rule under the plan settings (start quarter, capacity). An improvement whose record says it was
 * rejected takes no quarter: it is listed as set aside (it stays stored; approving it later plans it again).
 */
export async function getScheduleView(
  store: StorePort,
  options: { readonly asOfMs: number; readonly viewerTimeZone: string },
): Promise<ScheduleView> {
  const [{ schedule, version }, { settings }] = await Promise.all([
    readSchedule(store),
    readFitsmPlanSettings(store),
  ]);
  const timeZone = planTimeZone(settings, options.viewerTimeZone);
  const scores = new Map<string, number | null>();
  const rejected = new Set<string>();
  for (let start = 0; start < schedule.items.length; start += RECORD_READS_AT_ONCE) {
    const batch = schedule.items.slice(start, start + RECORD_READS_AT_ONCE);
    const states = await Promise.all(batch.map((i) => readStoredCsiRecord(store, i.issueId)));
    batch.forEach((item, index) => {
      const record = states[index]?.stored?.record;
      scores.set(item.improvementKey, record?.score ?? null);
      if (record?.decision?.outcome === 'rejected') rejected.add(item.improvementKey);
    });
  }
  const plan = planSchedule(
    schedule.items
      .filter((i) => !rejected.has(i.improvementKey))
      .map((i) => ({
        improvementKey: i.improvementKey,
        subjectId: i.subjectId,
        gapSize: i.gapSize,
        score: scores.get(i.improvementKey) ?? null,
        pinnedQuarter: i.pinnedQuarter,
      })),
    {
      startQuarter: planStartQuarter(settings, options.asOfMs, timeZone),
      capacityPerQuarter: settings.capacityPerQuarter,
    },
  );
  const byKey = new Map(schedule.items.map((i) => [i.improvementKey, i]));
  return {
    version,
    timeZone,
    setAside: schedule.items
      .filter((i) => rejected.has(i.improvementKey))
      .map((i) => ({ improvementKey: i.improvementKey, summary: i.summary, reason: 'rejected' as const })),
    plan: {
      ...plan,
      items: plan.items.map((item) => {
        const stored = byKey.get(item.improvementKey);
        return {
          ...item,
          issueId: stored?.issueId ?? '',
          summary: stored?.summary ?? item.improvementKey,
          origin: stored?.origin ?? 'manual',
          assessmentId: stored?.assessmentId ?? null,
        };
      }),
    },
  };
}

/** The project key of an issue key (`CSI-15` → `CSI`). */
function projectKeyOf(issueKey: string): string {
  return issueKey.slice(0, issueKey.lastIndexOf('-'));
}

/**
 * The schedule as one viewer may see it: the stored items name improvements (key and summary as added) of every
 * CSI project, read by whoever registered them; a viewer sees only those of projects Jira lets them browse (one
 * permission request per project). A project Jira no longer knows shows nothing. The quarters' load stays the
 * plan's, as every reader plans against the same capacity.
 */
export async function scheduleViewFor(
  view: ScheduleView,
  jira: Pick<JiraPort, 'getMyPermissions'>,
): Promise<ScheduleView> {
  const projectKeys = new Set(
    [...view.plan.items, ...view.setAside].map((item) => projectKeyOf(item.improvementKey)),
  );
  const browsable = new Set<string>();
  await Promise.all(
    [...projectKeys].map(async (projectKey) => {
      try {
        const permissions = await jira.getMyPermissions(['BROWSE_PROJECTS'], projectKey);
        if (permissions['BROWSE_PROJECTS'] === true) browsable.add(projectKey);
      } catch (error) {
        if (!(error instanceof JiraNotFoundError || error instanceof JiraBadRequestError)) throw error;
      }
    }),
  );
  const shown = (issueKey: string): boolean => browsable.has(projectKeyOf(issueKey));
  return {
    ...view,
    setAside: view.setAside.filter((item) => shown(item.improvementKey)),
    plan: {
      ...view.plan,
      items: view.plan.items
        .filter((item) => shown(item.improvementKey))
        .map((item) => ({
          ...item,
          needs: item.needs.filter(shown),
          dependencyWarnings: item.dependencyWarnings.filter(shown),
        })),
      quarters: view.plan.quarters.map((quarter) => ({
        ...quarter,
        itemKeys: quarter.itemKeys.filter(shown),
      })),
    },
  };
}

/**
 * The schedule as CSV (one row per item in quarter order; the dialect of the language: German `;` and decimal
 * comma; texts defused against formula injection) or JSON (the view's plan).
 */
export function exportSchedule(
  view: ScheduleView,
  format: 'csv' | 'json',
  language: 'de' | 'en',
): FitsmScheduleExport {
  const stamp = view.plan.settings.startQuarter;
  if (format === 'json') {
    return {
      fileName: `fitsm-schedule-${stamp}.json`,
      mimeType: 'application/json',
      content: JSON.stringify({ timeZone: view.timeZone, ...view.plan }, null, 2),
    };
  }
  const dialect = csvDialectOf(language);
  const header =
    language === 'de'
      ? [
          'Quartal',
          'Rang',
          'Verbesserung',
          'Zusammenfassung',
          'Prozess',
          'Anforderung',
          'Bewertung',
          'Lücke',
          'Verschoben',
          'Braucht zuerst',
          'Herkunft',
        ]
      : [
          'Quarter',
          'Rank',
          'Improvement',
          'Summary',
          'Process',
          'Requirement',
          'Score',
          'Gap',
          'Moved',
          'Needs first',
          'Origin',
        ];
  const byKey = new Map(view.plan.items.map((i) => [i.improvementKey, i]));
  const rows = [csvRow(header, dialect)];
  for (const quarter of view.plan.quarters) {
    for (const key of quarter.itemKeys) {
      const item = byKey.get(key);
      if (item === undefined) continue;
      rows.push(
        csvRow(
          [
            quarter.quarter,
            item.rank,
            item.improvementKey,
            item.summary,
            item.processGroup,
            item.subjectId,
            item.score,
            item.gapSize,
            item.pinned ? (language === 'de' ? 'ja' : 'yes') : '',
            item.needs.join(' '),
            item.origin,
          ].map((value) => csvCell(value, dialect)),
          dialect,
        ),
      );
    }
  }
  return {
    fileName: `fitsm-schedule-${stamp}.csv`,
    mimeType: 'text/csv',
    content: csvDocument(rows, { bom: true }),
  };
}
