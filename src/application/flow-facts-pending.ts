/**
 * A project's pending set (issue 13), pure: the issue ids events touched whose facts the next flush re-reads from
 * Jira, kept at `flow-facts:pending:<projectId>`. Events are coalesced: only the write that makes the set non-empty
 * (or finds its last flush push overdue) asks its caller to push a flush message.
 *
 * Two parts: `ids` wait for a flush; `claimed` are being flushed. A flush claims ids (moves them out of `ids`)
 * BEFORE it reads Jira, so an event arriving during the read puts its id into `ids` again and is flushed next; it
 * drops exactly its claim once the facts are stored. Views treat waiting and claimed ids alike (their stored
 * record may be older than Jira). A claim older than {@link CLAIM_EXPIRY_MS} belongs to a flush that died (its
 * invocation was killed): the next flush claims its ids again.
 */

/**
 * Most ids the set holds, waiting and claimed together (so the value stays far below the store's 240 KiB: 10,000
 * ids of up to 12 digits take ~150 KB); ids beyond are not kept, the set is marked overflowed instead (see
 * {@link PendingValue}).
 */
export const PENDING_MAX_IDS = 10_000;

/**
 * A claim this old belongs to a flush that can no longer be running (a consumer or scheduled run lasts at most
 * 900 s; a minute's margin for clocks), ms.
 */
export const CLAIM_EXPIRY_MS = 16 * 60 * 1000;

/** Ids one flush claimed, with the claim's instant (which names the claim: unique within the set). */
export interface PendingClaimGroup {
  readonly atMs: number;
  readonly ids: readonly string[];
}

/**
 * A flush pushed this long ago without emptying the set is taken as lost (a failed push, a dropped message): the
 * next event pushes another, ms.
 */
export const FLUSH_OVERDUE_MS = 5 * 60 * 1000;

/** The stored pending set. */
export interface PendingValue {
  /** Issue ids waiting for a flush, in the order they came. */
  readonly ids: readonly string[];
  /** Ids flushes are working on (an id may also be waiting again: an event came during its flush). */
  readonly claimed: readonly PendingClaimGroup[];
  /** When the set last went from empty to non-empty, epoch ms (null while empty). */
  readonly firstAtMs: number | null;
  /** When a caller was last told to push a flush, epoch ms (null: never). */
  readonly flushPushedAtMs: number | null;
  /**
   * Ids were dropped because the set was full: the flush must re-read the project's issues updated since
   * `sinceMs` (the first dropped event's instant), as it cannot know which. `drops` counts them, so a flush clears
   * the mark only when nothing was dropped after it read the set.
   */
  readonly overflow: PendingOverflow | null;
}

/**
 * The overflow mark: ids were dropped since `sinceMs`, `drops` of them. Once a flush listed the project's issues
 * updated since then, `catchUp` holds where it is in that listing, so the catch-up is done in bounded slices over
 * several runs (a 50,000-issue bulk edit is far more than one run can read) and a redelivered or chained flush
 * goes on from the saved cursor instead of starting over.
 */
export interface PendingOverflow {
  readonly sinceMs: number;
  readonly drops: number;
  readonly catchUp?: CatchUpProgress;
}

/** A catch-up's listing (stored apart, named by its instant) and how far flushes have read it. */
export interface CatchUpProgress {
  /** When the listing's search ran, epoch ms (names its stored values). */
  readonly listedAtMs: number;
  /** Ids listed. */
  readonly total: number;
  /** Listed ids read and stored so far. */
  readonly cursor: number;
  /** The mark's `drops` when the listing ran: drops beyond it came later and need a catch-up of their own. */
  readonly drops: number;
}

/** The set of a project no event touched. */
export const EMPTY_PENDING: PendingValue = {
  ids: [],
  claimed: [],
  firstAtMs: null,
  flushPushedAtMs: null,
  overflow: null,
};

/** A stored value in today's shape (values written before claims existed have no `claimed`). */
export function pendingOf(stored: PendingValue): PendingValue {
  return Array.isArray(stored.claimed) ? stored : { ...stored, claimed: [] };
}

/** True when nothing waits for a flush (claimed ids are being flushed already: they do not count). */
export function pendingEmpty(value: PendingValue): boolean {
  return value.ids.length === 0 && value.overflow === null;
}

/** Every id waiting or being flushed, waiting ones first (the ids whose stored facts may be older than Jira). */
export function unsettledIds(value: PendingValue): string[] {
  const all = new Set(value.ids);
  for (const claim of value.claimed) for (const id of claim.ids) all.add(id);
  return [...all];
}

function claimedCount(value: PendingValue): number {
  return value.claimed.reduce((sum, claim) => sum + claim.ids.length, 0);
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
  const claimed = claimedCount(prev);
  const added: string[] = [];
  let drops = 0;
  for (const id of ids) {
    if (held.has(id)) continue;
    if (held.size + claimed >= PENDING_MAX_IDS) {
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
      claimed: prev.claimed,
      firstAtMs: wasEmpty && grows ? nowMs : prev.firstAtMs,
      flushPushedAtMs: flushDue ? nowMs : prev.flushPushedAtMs,
      overflow:
        drops === 0
          ? prev.overflow
          : // A running catch-up stays: drops beyond its own count are caught up after it.
            prev.overflow === null
            ? { sinceMs: nowMs, drops }
            : { ...prev.overflow, drops: prev.overflow.drops + drops },
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
  return settled({ ...prev, ids: left, overflow });
}

/** What a flush claimed. */
export interface PendingClaim {
  /** The claim's instant: pass it to release the claim (or give it back). */
  readonly atMs: number;
  /** Ids to flush: those of dead flushes' claims first, then the oldest waiting ones. */
  readonly ids: readonly string[];
  /** The overflow mark as read (see {@link PendingValue.overflow}); pass `drops` to clear it. */
  readonly overflow: PendingValue['overflow'];
  /** Ids left waiting or in dead claims after this claim (the next flush's work). */
  readonly remaining: number;
}

/**
 * Claims up to `maxIds` ids for a flush at `nowMs`: the ids of claims older than {@link CLAIM_EXPIRY_MS} (their
 * flush died) and then the oldest waiting ones move into a new claim named by its instant (made unique within the
 * set). Null value when there is nothing to claim (the claim then holds no ids).
 */
export function claimFromPending(
  prev: PendingValue,
  maxIds: number,
  nowMs: number,
): { readonly value: PendingValue | null; readonly claim: PendingClaim } {
  const expired = prev.claimed.filter((claim) => nowMs - claim.atMs > CLAIM_EXPIRY_MS);
  const live = prev.claimed.filter((claim) => nowMs - claim.atMs <= CLAIM_EXPIRY_MS);
  const candidates = new Set<string>();
  for (const claim of expired) for (const id of claim.ids) candidates.add(id);
  const dead = new Set(candidates);
  for (const id of prev.ids) candidates.add(id);
  const ordered = [...candidates];
  const ids = ordered.slice(0, maxIds);
  let atMs = nowMs;
  while (prev.claimed.some((claim) => claim.atMs === atMs)) atMs++;
  const claim: PendingClaim = { atMs, ids, overflow: prev.overflow, remaining: ordered.length - ids.length };
  if (ids.length === 0) return { value: null, claim };
  const taken = new Set(ids);
  const deadLeft = [...dead].filter((id) => !taken.has(id));
  const claimed: PendingClaimGroup[] = [...live, { atMs, ids }];
  // Dead claims' ids beyond this claim stay in one dead group (still expired): the next flush takes them.
  const oldest = expired[0];
  if (deadLeft.length > 0 && oldest !== undefined) claimed.unshift({ atMs: oldest.atMs, ids: deadLeft });
  return { value: { ...prev, ids: prev.ids.filter((id) => !taken.has(id)), claimed }, claim };
}

/** The set without the claim made at `atMs` (its flush stored the facts). Null when no such claim is held. */
export function releaseFromPending(prev: PendingValue, atMs: number): PendingValue | null {
  if (!prev.claimed.some((claim) => claim.atMs === atMs)) return null;
  return settled({ ...prev, claimed: prev.claimed.filter((claim) => claim.atMs !== atMs) });
}

/**
 * The set with the claim made at `atMs` given back to the waiting ids (its flush failed), and whether the caller
 * must push a flush (as {@link addToPending} tells). Null value when no such claim is held.
 */
export function returnToPending(
  prev: PendingValue,
  atMs: number,
  nowMs: number,
): { readonly value: PendingValue | null; readonly flushDue: boolean } {
  const claim = prev.claimed.find((c) => c.atMs === atMs);
  if (claim === undefined) return { value: null, flushDue: false };
  const without = settled({ ...prev, claimed: prev.claimed.filter((c) => c.atMs !== atMs) });
  const added = addToPending(without, claim.ids, nowMs);
  return { value: added?.value ?? without, flushDue: added?.flushDue ?? false };
}

/** The value with `firstAtMs` cleared when nothing is left at all. */
function settled(value: PendingValue): PendingValue {
  const empty = value.ids.length === 0 && value.overflow === null && value.claimed.length === 0;
  return empty ? { ...value, firstAtMs: null } : value;
}

/**
 * The set with the catch-up listed at `listedAtMs` (`total` ids) noted on the overflow mark; null when there is
 * no mark or it already has a catch-up (another flush listed first: its listing is the one read).
 */
export function startCatchUp(prev: PendingValue, listedAtMs: number, total: number): PendingValue | null {
  if (prev.overflow === null || prev.overflow.catchUp !== undefined) return null;
  const catchUp: CatchUpProgress = { listedAtMs, total, cursor: 0, drops: prev.overflow.drops };
  return { ...prev, overflow: { ...prev.overflow, catchUp } };
}

/**
 * The set after the catch-up listed at `listedAtMs` read its ids up to `cursor`. Read to the end, the mark goes
 * when nothing was dropped after the listing; ids dropped after it keep a mark since the listing (less the
 * search margin the flush adds), without a catch-up, so the next flush lists those. Null when nothing changes (no
 * such catch-up, or one already further).
 */
export function advanceCatchUp(prev: PendingValue, listedAtMs: number, cursor: number): PendingValue | null {
  const catchUp = prev.overflow?.catchUp;
  if (prev.overflow === null || catchUp?.listedAtMs !== listedAtMs) return null;
  if (cursor <= catchUp.cursor && cursor < catchUp.total) return null;
  if (cursor < catchUp.total)
    return { ...prev, overflow: { ...prev.overflow, catchUp: { ...catchUp, cursor } } };
  const later = prev.overflow.drops - catchUp.drops;
  return settled({ ...prev, overflow: later > 0 ? { sinceMs: listedAtMs, drops: later } : null });
}
