/**
 * Where the effect checks keep their data (issue 11), all in the app's store:
 *
 * - `effect-check-config:<issueId>`: the configuration, versioned; each save is a compare-and-set from the version
 *   the panel loaded (a stale one → `StoreConflictError`). Removing it writes `config: null` instead of deleting,
 *   so the version keeps growing and a later configuration never reuses a version whose comment was posted.
 * - `effect-check-runs:<issueId>`: the latest run with its chart and at most {@link EFFECT_RUN_HISTORY} earlier
 *   runs without charts (one value; a run with two charts of 200 values is about 10 KB, far below KVS's 240 KiB).
 * - `effect-check-comment:<issueId>:<configVersion>`: the reservation that makes the comment of one configuration
 *   version happen once (reserve-then-post, as `feedback-replies.ts`).
 * - `effect-check-index`: the improvements with a configuration (issue id, project id), so the daily run reads
 *   one key instead of searching every project.
 */
import type { EffectCheckRunView } from '../contract/feedback';
import type { EffectCheckConfig } from '../domain/feedback/effect-check';
import { StoreConflictError, type StorePort } from './ports/store-port';

/** Earlier runs kept (without charts). */
export const EFFECT_RUN_HISTORY = 10;

/**
 * How long a comment reservation belongs to its writer, ms: longer than a scheduled run may take (900 s), so an
 * older reservation was left by an invocation that ended before recording its comment.
 */
export const EFFECT_COMMENT_LEASE_MS = 16 * 60_000;

/** Compare-and-set attempts on a busy key before giving up. */
const CAS_ATTEMPTS = 8;

export function effectConfigKey(issueId: string): string {
  return `effect-check-config:${issueId}`;
}

export function effectRunsKey(issueId: string): string {
  return `effect-check-runs:${issueId}`;
}

export function effectCommentKey(issueId: string, configVersion: number): string {
  return `effect-check-comment:${issueId}:${String(configVersion)}`;
}

export const EFFECT_INDEX_KEY = 'effect-check-index';

/** What `effect-check-config:<issueId>` holds. */
export interface StoredEffectConfig {
  readonly config: EffectCheckConfig | null;
  readonly projectId: string;
  /** IANA zone the days are read in when the project has no saved calendar (the saver's zone at the time). */
  readonly timeZone: string;
  /** ISO instant UTC of the save and who saved. */
  readonly savedAt: string;
  readonly savedByAccountId: string | null;
  /**
   * The saver's OKR rights at the save (Administer Jira, member of the OKR editor group): the run checks in on the
   * record's linked key result as the app only where the saver may check in on it themselves
   * (`effect-check-key-result.ts`). Absent (saved before, or no group lookup here): no check-in.
   */
  readonly savedByOkrAccess?: { readonly isAdmin: boolean; readonly isEditor: boolean };
}

/** A run as stored: the view plus the configuration version it checked. */
export type StoredEffectRun = EffectCheckRunView & { readonly configVersion: number };
export type StoredEffectRunSummary = Omit<StoredEffectRun, 'chart'>;

/** What `effect-check-runs:<issueId>` holds. */
export interface StoredEffectRuns {
  readonly latest: StoredEffectRun | null;
  /** Newest first, at most {@link EFFECT_RUN_HISTORY}. */
  readonly history: readonly StoredEffectRunSummary[];
  /** Runs ever recorded (the next run id's number). */
  readonly count: number;
}

/** What `effect-check-comment:<issueId>:<configVersion>` holds. */
export interface EffectCommentEntry {
  readonly state: 'reserved' | 'posted';
  readonly reservedAtMs: number;
  /** The post failed: the next writer looks for the comment first, without waiting for the lease. */
  readonly unsure?: boolean;
  readonly commentId?: string;
}

/** What `effect-check-index` holds. */
export interface EffectCheckIndex {
  readonly entries: readonly { readonly issueId: string; readonly projectId: string }[];
}

/** The configuration entry and its version (null when never saved). */
export async function readEffectConfig(
  store: StorePort,
  issueId: string,
): Promise<{ readonly entry: StoredEffectConfig | null; readonly version: number | null }> {
  const stored = await store.get<StoredEffectConfig>(effectConfigKey(issueId));
  return { entry: stored?.value ?? null, version: stored?.version ?? null };
}

/**
 * Writes the configuration from `expectedVersion` (compare-and-set) and keeps the index in step.
 *
 * @throws StoreConflictError when someone saved in between.
 */
export async function writeEffectConfig(
  store: StorePort,
  issueId: string,
  entry: StoredEffectConfig,
  expectedVersion: number | null,
): Promise<number> {
  const { version } = await store.put<StoredEffectConfig>(effectConfigKey(issueId), entry, expectedVersion);
  await updateIndex(store, (entries) => {
    const others = entries.filter((e) => e.issueId !== issueId);
    return entry.config === null ? others : [...others, { issueId, projectId: entry.projectId }];
  });
  return version;
}

/** The configured improvements (issue id order). */
export async function readEffectIndex(store: StorePort): Promise<EffectCheckIndex['entries']> {
  return (await store.get<EffectCheckIndex>(EFFECT_INDEX_KEY))?.value.entries ?? [];
}

/** Applies `change` to the index with compare-and-set, again on a concurrent change. */
export async function updateIndex(
  store: StorePort,
  change: (entries: EffectCheckIndex['entries']) => EffectCheckIndex['entries'],
): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const current = await store.get<EffectCheckIndex>(EFFECT_INDEX_KEY);
    const next = [...change(current?.value.entries ?? [])].sort((a, b) =>
      a.issueId.localeCompare(b.issueId, 'en', { numeric: true }),
    );
    try {
      await store.put<EffectCheckIndex>(EFFECT_INDEX_KEY, { entries: next }, current?.version ?? null);
      return;
    } catch (error) {
      if (!(error instanceof StoreConflictError) || attempt + 1 >= CAS_ATTEMPTS) throw error;
    }
  }
}

/** The runs of an improvement (empty when none). */
export async function readEffectRuns(store: StorePort, issueId: string): Promise<StoredEffectRuns> {
  return (
    (await store.get<StoredEffectRuns>(effectRunsKey(issueId)))?.value ?? {
      latest: null,
      history: [],
      count: 0,
    }
  );
}

/** A copy of `value` without the members `keys` (e.g. a run without its chart). */
export function omitKeys<T extends object, K extends keyof T>(value: T, ...keys: K[]): Omit<T, K> {
  const dropped = new Set<PropertyKey>(keys);
  return Object.fromEntries(Object.entries(value).filter(([key]) => !dropped.has(key))) as Omit<T, K>;
}

function withoutChart(run: StoredEffectRun): StoredEffectRunSummary {
  return omitKeys(run, 'chart');
}

/**
 * Records a run as the latest; the previous latest moves into the history without its chart, which keeps the
 * newest {@link EFFECT_RUN_HISTORY}. The run id is given here (`run-<n>`, n counting every run of the issue), so
 * two runs recorded at once get different ids. Compare-and-set, again on a concurrent record.
 */
export async function appendEffectRun(
  store: StorePort,
  issueId: string,
  run: Omit<StoredEffectRun, 'runId'>,
): Promise<StoredEffectRun> {
  for (let attempt = 0; ; attempt++) {
    const current = await store.get<StoredEffectRuns>(effectRunsKey(issueId));
    const runs = current?.value ?? { latest: null, history: [], count: 0 };
    const recorded: StoredEffectRun = { ...run, runId: `run-${String(runs.count + 1)}` };
    const history = [...(runs.latest === null ? [] : [withoutChart(runs.latest)]), ...runs.history].slice(
      0,
      EFFECT_RUN_HISTORY,
    );
    try {
      await store.put<StoredEffectRuns>(
        effectRunsKey(issueId),
        { latest: recorded, history, count: runs.count + 1 },
        current?.version ?? null,
      );
      return recorded;
    } catch (error) {
      if (!(error instanceof StoreConflictError) || attempt + 1 >= CAS_ATTEMPTS) throw error;
    }
  }
}

/** Whether the runs hold one for `configVersion` (the latest or an earlier one). */
export function hasRunFor(runs: StoredEffectRuns, configVersion: number | null): boolean {
  if (configVersion === null) return false;
  return (
    runs.latest?.configVersion === configVersion ||
    runs.history.some((r) => r.configVersion === configVersion)
  );
}

/** How claiming the comment of one configuration version ended. */
export type CommentClaim =
  /** This writer holds it (`searchFirst`: a lost writer may have posted; look before posting). */
  | { readonly kind: 'mine'; readonly version: number; readonly searchFirst: boolean }
  /** Another writer holds it within its lease. */
  | { readonly kind: 'held' }
  /** Posted before. */
  | { readonly kind: 'posted'; readonly commentId: string | null };

/**
 * Reserves the comment key (must not exist) or takes over a reservation that is `unsure` or older than
 * {@link EFFECT_COMMENT_LEASE_MS}; of concurrent writers exactly one gets `mine`.
 */
export async function claimEffectComment(
  store: StorePort,
  key: string,
  nowMs: number,
): Promise<CommentClaim> {
  const existing = await store.get<EffectCommentEntry>(key);
  if (existing === null) {
    try {
      const { version } = await store.put<EffectCommentEntry>(
        key,
        { state: 'reserved', reservedAtMs: nowMs },
        null,
      );
      return { kind: 'mine', version, searchFirst: false };
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      return { kind: 'held' };
    }
  }
  const entry = existing.value;
  if (entry.state === 'posted') return { kind: 'posted', commentId: entry.commentId ?? null };
  if (entry.unsure !== true && nowMs - entry.reservedAtMs < EFFECT_COMMENT_LEASE_MS) return { kind: 'held' };
  try {
    const { version } = await store.put<EffectCommentEntry>(
      key,
      { state: 'reserved', reservedAtMs: nowMs },
      existing.version,
    );
    return { kind: 'mine', version, searchFirst: true };
  } catch (error) {
    if (!(error instanceof StoreConflictError)) throw error;
    return { kind: 'held' };
  }
}
