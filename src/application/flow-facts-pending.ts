/**
 * A project's pending set (issue 13), pure: the issue ids events touched whose facts the next flush re-reads from
 * Jira, kept at `flow-facts:pending:<projectId>`. Events are coalesced: only the write that makes the set non-empty
 * (or finds its last flush push overdue) asks its caller to push a flush message.
 */

/** Most ids the set holds; ids beyond are not kept, the set is marked overflowed instead (see {@link PendingValue}). */
export const PENDING_MAX_IDS = 10_000;

/**
 * A flush pushed this long ago without emptying the set is taken as lost (a failed push, a dropped message): the
 * next event pushes another, ms.
 */
export const FLUSH_OVERDUE_MS = 5 * 60 * 1000;

/** The stored pending set. */
export interface PendingValue {
  /** Issue ids waiting for a flush, in the order they came. */
  readonly ids: readonly string[];
  /** When the set last went from empty to non-empty, epoch ms (null while empty). */
  readonly firstAtMs: number | null;
  /** When a caller was last told to push a flush, epoch ms (null: never). */
  readonly flushPushedAtMs: number | null;
  /**
   * Ids were dropped because the set was full: the flush must re-read the project's issues updated since
   * `sinceMs` (the first dropped event's instant), as it cannot know which. `drops` counts them, so a flush clears
   * the mark only when nothing was dropped after it read the set.
   */
  readonly overflow: { readonly sinceMs: number; readonly drops: number } | null;
}

/** The set of a project no event touched. */
export const EMPTY_PENDING: PendingValue = {
  ids: [],
  firstAtMs: null,
  flushPushedAtMs: null,
  overflow: null,
};

/** True when the set holds nothing to flush. */
export function pendingEmpty(value: PendingValue): boolean {
  return value.ids.length === 0 && value.overflow === null;
}

/**
 * The set after events about `ids` at `nowMs`, and whether the caller must push a flush: when the set was empty
 * before this write, or its last flush push is older than {@link FLUSH_OVERDUE_MS} (the push time is then
 * recorded, so of two writers at once exactly one is told). Null when nothing changes.
 */
export function addToPending(
  prev: PendingValue,
  ids: readonly string[],
  nowMs: number,
): { readonly value: PendingValue; readonly flushDue: boolean } | null {
  const wasEmpty = pendingEmpty(prev);
  const held = new Set(prev.ids);
  const added: string[] = [];
  let drops = 0;
  for (const id of ids) {
    if (held.has(id)) continue;
    if (held.size >= PENDING_MAX_IDS) {
      drops++;
      continue;
    }
    held.add(id);
    added.push(id);
  }
  const overdue = prev.flushPushedAtMs === null || nowMs - prev.flushPushedAtMs > FLUSH_OVERDUE_MS;
  const grows = added.length > 0 || drops > 0;
  const flushDue = grows ? wasEmpty || overdue : !wasEmpty && overdue;
  if (!grows && !flushDue) return null;
  return {
    flushDue,
    value: {
      ids: added.length > 0 ? [...prev.ids, ...added] : prev.ids,
      firstAtMs: wasEmpty && grows ? nowMs : prev.firstAtMs,
      flushPushedAtMs: flushDue ? nowMs : prev.flushPushedAtMs,
      overflow:
        drops === 0
          ? prev.overflow
          : { sinceMs: prev.overflow?.sinceMs ?? nowMs, drops: (prev.overflow?.drops ?? 0) + drops },
    },
  };
}

/**
 * The set without the flushed `ids`; the overflow mark is cleared when `overflowDrops` (what the flush read) still
 * equals the stored count. Null when nothing changes.
 */
export function removeFromPending(
  prev: PendingValue,
  ids: readonly string[],
  overflowDrops: number | undefined,
): PendingValue | null {
  const done = new Set(ids);
  const left = prev.ids.filter((id) => !done.has(id));
  const clearOverflow =
    prev.overflow !== null && overflowDrops !== undefined && overflowDrops === prev.overflow.drops;
  if (left.length === prev.ids.length && !clearOverflow) return null;
  const overflow = clearOverflow ? null : prev.overflow;
  const empty = left.length === 0 && overflow === null;
  return {
    ids: left,
    firstAtMs: empty ? null : prev.firstAtMs,
    flushPushedAtMs: prev.flushPushedAtMs,
    overflow,
  };
}
