/**
 * Prepares the CSI review meeting's agenda from the data (`domain/fitsm/meeting-agenda`): the CSI register of each
 * project the meeting covers (`csi-register.ts`, read as the acting user, so the agenda shows what they may see),
 * the version of each candidate's stored record (the lost-update guard of the decisions), the latest effect-check
 * run of improvements with a verdict (`effect-check-store.ts`), and the key results of the current period
 * (`okr-views.ts`, in the cadence's time zone).
 *
 * Reads, bounded: per project the register's reads; for the agenda's improvements one search per 100 keys for
 * their issue ids, then two store reads each, 20 at a time; the OKR overview of one period.
 */
import { readStoredCsiRecord } from './csi-record';
import { getCsiRegister } from './csi-register';
import { readEffectRuns } from './effect-check-store';
import { IssueNotFoundError, JiraBadRequestError } from './errors';
import { openOkrSession, type OkrJira } from './okr-session';
import { getOkrOverview } from './okr-views';
import type { OkrStorePort } from './ports/okr-store-port';
import type { StorePort } from './ports/store-port';
import type { CsiRegisterItemView } from '../contract/csi';
import {
  buildAgenda,
  type Agenda,
  type AgendaImprovement,
  type AgendaKeyResult,
} from '../domain/fitsm/meeting-agenda';
import type { CsiLanguage } from '../domain/csi/transition-rules';

/** Keys one search asks for (`key in (…)`; Jira's page holds 100). */
const KEYS_PER_SEARCH = 100;
/** Store reads at once. */
const STORE_READS_AT_ONCE = 20;

export interface AgendaSources {
  readonly jira: OkrJira;
  readonly store: StorePort;
  readonly okr: OkrStorePort;
  /** Epoch ms now. */
  readonly nowMs: number;
  readonly accountId: string | null;
  /** The cadence's IANA time zone (the current OKR period is read in it; projects without a calendar too). */
  readonly timeZone: string;
  readonly language: CsiLanguage;
  readonly logWarning?: (message: string) => void;
}

const VERDICTS = new Set(['improved', 'worse', 'no-detectable-change', 'insufficient-data']);

function improvementOf(projectKey: string, item: CsiRegisterItemView): AgendaImprovement {
  return {
    projectKey,
    issueKey: item.issueKey,
    summary: item.summary,
    statusKey: item.statusKey,
    // The register's finished statuses (Closed, Rejected, Deferred) are Jira's Done category.
    open: !['closed', 'rejected', 'deferred'].includes(item.statusKey ?? ''),
    score: item.score,
    hasEvaluation: item.record.evaluation !== null,
    evaluatedOn: item.record.evaluation?.evaluatedOn ?? null,
    decision: item.record.decision,
    targetDate: item.targetDate,
    nextReviewOn: item.nextReviewOn,
    hasResult: item.hasResult,
    keyResultId: item.record.keyResultId,
    overdue: item.overdue,
    stuckDays: item.stuckDays,
    daysInStatus: item.daysInStatus,
    loop: item.loop,
    recordVersion: null,
    latestEffectRunAt: null,
  };
}

/**
 * Issue ids of `keys`, one search per 100 keys. JQL refuses the whole query (400) when one key no longer exists
 * (an issue deleted or moved since the register was read); that chunk is then read issue by issue, leaving out
 * the ones that are gone (they drop off the agenda's guard: a decision on them answers not-found).
 */
async function issueIdsOf(jira: OkrJira, keys: readonly string[]): Promise<Map<string, string>> {
  const ids = new Map<string, string>();
  for (let start = 0; start < keys.length; start += KEYS_PER_SEARCH) {
    const chunk = keys.slice(start, start + KEYS_PER_SEARCH);
    try {
      for await (const page of jira.searchIssues(`key in (${chunk.join(', ')})`, ['summary'])) {
        for (const issue of page)
          if (issue.key !== undefined && issue.id !== undefined) ids.set(issue.key, issue.id);
      }
    } catch (error) {
      if (!(error instanceof JiraBadRequestError)) throw error;
      for (const key of chunk) {
        try {
          const issue = await jira.getIssue(key, ['summary']);
          if (issue.id !== undefined) ids.set(key, issue.id);
        } catch (missing) {
          if (!(missing instanceof IssueNotFoundError)) throw missing;
        }
      }
    }
  }
  return ids;
}

/** The key results of the current period in the cadence's time zone; none when the OKRs cannot be read. */
async function currentKeyResults(sources: AgendaSources): Promise<AgendaKeyResult[]> {
  try {
    const session = await openOkrSession({
      jira: sources.jira,
      store: sources.store,
      okr: sources.okr,
      nowMs: sources.nowMs,
      accountId: sources.accountId,
      timeZone: sources.timeZone,
      webTriggerUrl: () => Promise.reject(new Error('not needed for the agenda')),
    });
    const overview = await getOkrOverview(session, {});
    return overview.objectives.flatMap((objective) =>
      objective.keyResults
        .filter((view) => !view.keyResult.archived)
        .map((view) => ({
          keyResultId: view.keyResult.id,
          title: view.keyResult.title,
          objectiveId: objective.objective.id,
          objectiveTitle: objective.objective.title,
          status: view.status,
          progress: view.progress,
          expected: view.expected,
        })),
    );
  } catch (error) {
    // Key results are one section of the agenda: without them the rest is still worth preparing.
    sources.logWarning?.(
      `agenda: the key results of the current period could not be read (${String(error)})`,
    );
    return [];
  }
}

/**
 * The agenda of a meeting over `projectKeys`, as of `sources.nowMs`, with `lastHeldAtMs` the start of the last
 * held meeting (effect checks finished since then).
 */
export async function prepareAgenda(
  sources: AgendaSources,
  projectKeys: readonly string[],
  lastHeldAtMs: number | null,
): Promise<Agenda> {
  const improvements: AgendaImprovement[] = [];
  const stuckAfterDays = new Map<string, number>();
  for (const projectKey of projectKeys) {
    const register = await getCsiRegister(sources.store, sources.jira, projectKey, {
      asOfMs: sources.nowMs,
      userTimeZone: sources.timeZone,
      language: sources.language,
      ...(sources.logWarning === undefined ? {} : { logWarning: sources.logWarning }),
    });
    stuckAfterDays.set(register.projectKey, register.stuckAfterDays);
    for (const item of register.items) improvements.push(improvementOf(register.projectKey, item));
  }
  const keyResults = await currentKeyResults(sources);
  const input = { improvements, keyResults, lastHeldAtMs, stuckAfterDays };
  // Versions and effect runs only of the improvements the agenda names (or may name, with a finished check).
  const first = buildAgenda(input);
  const candidates = [
    ...new Set([
      ...first.items.flatMap((item) => (item.issueKey === null ? [] : [item.issueKey])),
      ...improvements.filter((i) => VERDICTS.has(i.loop.effect)).map((i) => i.issueKey),
    ]),
  ];
  if (candidates.length === 0) return first;
  const ids = await issueIdsOf(sources.jira, candidates);
  const facts = new Map<string, { version: number | null; ranAt: string | null }>();
  for (let start = 0; start < candidates.length; start += STORE_READS_AT_ONCE) {
    const batch = candidates.slice(start, start + STORE_READS_AT_ONCE);
    await Promise.all(
      batch.map(async (key) => {
        const id = ids.get(key);
        if (id === undefined) return;
        const [state, runs] = await Promise.all([
          readStoredCsiRecord(sources.store, id),
          readEffectRuns(sources.store, id),
        ]);
        facts.set(key, { version: state.version, ranAt: runs.latest?.ranAt ?? null });
      }),
    );
  }
  return buildAgenda({
    ...input,
    improvements: improvements.map((i) => ({
      ...i,
      recordVersion: facts.get(i.issueKey)?.version ?? null,
      latestEffectRunAt: facts.get(i.issueKey)?.ranAt ?? null,
    })),
  });
}
