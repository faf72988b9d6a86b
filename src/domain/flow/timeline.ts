/**
 * Status timeline of one issue, replayed from its changelog (FLOW-METRICS.md §3.1).
 */
import type { StatusRegistry } from './mapping';
import { parseJiraInstant } from './timestamps';
import type { JiraChangeItem, JiraIssueInput, WarningCode } from './types';

/** One stay in a status: entered at `enterMs`, left at the next visit's `enterMs` (or still there). */
export interface Visit {
  readonly status: number;
  readonly enterMs: number;
}

/** A status change as written in the changelog, with its instant parsed. */
export interface StatusChange {
  readonly atMs: number;
  /** The instant's wall-clock date as written (compatibility mode dates stages by it). */
  readonly wallDate: string;
  readonly from: number | null;
  readonly to: number;
}

export interface IssueTimeline {
  readonly key: string;
  readonly createdMs: number;
  readonly createdWallDate: string;
  /** Visits in time order; the first is entered at `createdMs`; consecutive visits differ in status. */
  readonly visits: readonly Visit[];
  /**
   * Status changes in instant order (stable for equal instants), not clamped, self-transitions kept; empty
   * unless the timeline was built with `keepChanges`.
   */
  readonly changes: readonly StatusChange[];
  /** Status the issue was created in. */
  readonly initialStatus: number;
  /** Flagged (blocked) intervals `[startMs, endMs)`, sorted, not overlapping; an open flag ends at `asOfMs`. */
  readonly flaggedMs: readonly (readonly [number, number])[];
  readonly warnings: WarningCode[];
}

const NO_CHANGES: readonly StatusChange[] = Object.freeze([]);

const isStatusItem = (item: JiraChangeItem): boolean =>
  item.fieldId === 'status' || (item.field ?? '').toLowerCase() === 'status';
const isFlaggedItem = (item: JiraChangeItem): boolean => (item.field ?? '').toLowerCase() === 'flagged';
const flagIsOn = (value: string | null | undefined): boolean =>
  typeof value === 'string' && value.trim() !== '';

function pushWarning(warnings: WarningCode[], code: WarningCode): void {
  if (!warnings.includes(code)) warnings.push(code);
}

/**
 * Replays an issue's status changes into visits.
 *
 * Rules (canonical mode): changes sorted by instant, equal instants keep their order in the data; the initial
 * status is the `fromString` of the earliest change (no change: the current status), entered at `created`; a
 * change earlier than `created` is clamped to `created` (warning `change-before-created`); a change into the
 * status the issue is already in starts no new visit; changes after `asOfMs` are not yet known and ignored;
 * a change with an unparseable timestamp is dropped (warning `unparseable-timestamp`). When the replayed final
 * status differs from `fields.status` the warning `status-mismatch` is raised and the replay is kept.
 *
 * @returns the timeline, or `null` with the reason when the issue has no usable `created` instant.
 */
export function buildTimeline(
  issue: JiraIssueInput,
  registry: StatusRegistry,
  asOfMs: number,
  keepChanges = true,
): { timeline: IssueTimeline } | { timeline: null; key: string; warning: WarningCode } {
  const key = issue.key ?? issue.id ?? '(no key)';
  // JSON may carry null where the type says string | undefined.
  const createdRaw: unknown = issue.fields?.created;
  const createdMs = parseJiraInstant(createdRaw);
  if (createdMs === null) {
    return {
      timeline: null,
      key,
      warning: createdRaw === undefined || createdRaw === null ? 'missing-created' : 'unparseable-timestamp',
    };
  }
  const warnings: WarningCode[] = [];
  const changes: StatusChange[] = [];
  const flags: { atMs: number; on: boolean }[] = [];
  let sorted = true;
  let truncated = false;
  // The earliest status change after asOf: when every change is later, its fromString is the status the issue
  // was created in (§3.1), not the current status.
  let firstLater: { atMs: number; from: number | null; to: number } | null = null;
  for (const history of issue.changelog?.histories ?? []) {
    const items = history.items ?? [];
    let atMs: number | null | undefined;
    for (const item of items) {
      const status = isStatusItem(item);
      if (!status && !isFlaggedItem(item)) continue;
      if (atMs === undefined) atMs = parseJiraInstant(history.created);
      if (atMs === null) {
        pushWarning(warnings, 'unparseable-timestamp');
        break;
      }
      if (atMs > asOfMs) {
        // Not yet known at asOf. Only a dropped status change makes fields.status incomparable with the replay.
        const later = items.find((i) => isStatusItem(i) && typeof i.toString === 'string');
        if (later !== undefined) {
          truncated = true;
          if (firstLater === null || atMs < firstLater.atMs) {
            firstLater = {
              atMs,
              from:
                typeof later.fromString === 'string'
                  ? registry.intern(later.fromString, later.from ?? null)
                  : null,
              to: registry.intern(later.toString as string, later.to ?? null),
            };
          }
        }
        break;
      }
      if (status) {
        if (typeof item.toString !== 'string') continue;
        const to = registry.intern(item.toString, item.to ?? null);
        const from =
          typeof item.fromString === 'string' ? registry.intern(item.fromString, item.from ?? null) : null;
        const last = changes[changes.length - 1];
        if (last !== undefined && last.atMs > atMs) sorted = false;
        changes.push({
          atMs,
          wallDate: keepChanges ? (history.created ?? '').trim().slice(0, 10) : '',
          from,
          to,
        });
      } else {
        flags.push({ atMs, on: flagIsOn(item.toString) });
      }
    }
  }
  // Array.prototype.sort is stable, so equal instants keep their order in the data.
  if (!sorted) changes.sort((a, b) => a.atMs - b.atMs);

  const current = issue.fields?.status;
  const currentStatus = current?.name
    ? registry.intern(current.name, current.id ?? null, current.statusCategory?.key ?? null)
    : null;
  const first = changes[0] ?? firstLater ?? undefined;
  const initialStatus = first !== undefined ? (first.from ?? first.to) : currentStatus;
  if (initialStatus === null) {
    // No status anywhere: the issue cannot be placed on the board.
    return { timeline: null, key, warning: 'missing-status' };
  }

  const visits: Visit[] = [{ status: initialStatus, enterMs: createdMs }];
  let statusNow = initialStatus;
  for (const change of changes) {
    if (change.to === statusNow) continue;
    let enterMs = change.atMs;
    if (enterMs < createdMs) {
      enterMs = createdMs;
      pushWarning(warnings, 'change-before-created');
    }
    visits.push({ status: change.to, enterMs });
    statusNow = change.to;
  }
  if (changes.some((c) => c.atMs < createdMs)) pushWarning(warnings, 'change-before-created');
  if (!truncated && currentStatus !== null && currentStatus !== statusNow)
    pushWarning(warnings, 'status-mismatch');

  return {
    timeline: {
      key,
      createdMs,
      createdWallDate: String(createdRaw).trim().slice(0, 10),
      visits,
      // Only compatibility mode reads the raw changes; not keeping them saves most of a timeline's memory.
      changes: keepChanges ? changes : NO_CHANGES,
      initialStatus,
      flaggedMs: flaggedIntervals(flags, createdMs, asOfMs),
      warnings,
    },
  };
}

/**
 * Turns flag on/off events into blocked intervals `[startMs, endMs)` within `[createdMs, asOfMs]`.
 * A flag still set at `asOfMs` is blocked until then.
 */
function flaggedIntervals(
  flags: { atMs: number; on: boolean }[],
  createdMs: number,
  asOfMs: number,
): (readonly [number, number])[] {
  if (flags.length === 0) return [];
  flags.sort((a, b) => a.atMs - b.atMs);
  const intervals: (readonly [number, number])[] = [];
  // A first event that clears the flag means the issue was flagged when it was created.
  let onSince: number | null = flags[0]?.on === false ? createdMs : null;
  for (const flag of flags) {
    const atMs = Math.max(flag.atMs, createdMs);
    if (flag.on && onSince === null) onSince = atMs;
    else if (!flag.on && onSince !== null) {
      if (atMs > onSince) intervals.push([onSince, atMs]);
      onSince = null;
    }
  }
  if (onSince !== null && asOfMs > onSince) intervals.push([onSince, asOfMs]);
  return intervals;
}
