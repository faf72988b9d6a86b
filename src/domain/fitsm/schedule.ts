/**
 * The implementation schedule (Zeitplan): improvements that came from assessment gaps (and any the team adds)
 * laid out by quarter. Pure: items, their scores and the settings in, the plan out.
 *
 * The rule (list scheduling):
 * 1. **Priority** of an item: the improvement record's score (0..10, higher first; unevaluated last), then the
 *    gap size (target level − agreed level, larger first; none last), then the issue key.
 * 2. **Dependencies** ({@link prerequisitesOf}): an item is placed only after every item of a process it needs,
 *    and never in a quarter before theirs (the same quarter is allowed: within a quarter prerequisites are listed
 *    first). Among the items whose prerequisites are placed, the highest priority goes next.
 * 3. **Capacity**: each item goes into the first quarter from its earliest one (the start quarter, or its
 *    prerequisites' latest) that holds fewer than `capacityPerQuarter` items.
 * 4. **Pinned** items (moved by hand to a quarter) stay there and take capacity first; one planned before an
 *    item it needs is kept but warned about (`dependencyWarnings`).
 */
import { processGroupOf, type FitsmProcessGroup } from './audit-subjects';
import { dependencyTierOf, prerequisitesOf } from './schedule-dependencies';

/** A quarter `2026-Q3`. */
export const QUARTER_PATTERN = /^(\d{4})-Q([1-4])$/;

/** Most quarters a schedule spans (ten years: a longer plan is not a plan). */
export const MAX_SCHEDULE_QUARTERS = 40;

/** Bounds of the configurable capacity (items per quarter). */
export const SCHEDULE_CAPACITY_RANGE = { min: 1, max: 50 } as const;

/** Index of a quarter (year × 4 + quarter − 1); null for another shape. */
export function quarterIndex(quarter: string): number | null {
  const match = QUARTER_PATTERN.exec(quarter);
  return match === null ? null : Number(match[1]) * 4 + Number(match[2]) - 1;
}

/** The quarter of an index ({@link quarterIndex}'s inverse). */
export function quarterOfIndex(index: number): string {
  return `${String(Math.floor(index / 4))}-Q${String((index % 4) + 1)}`;
}

/** The quarter a calendar day `YYYY-MM-DD` lies in. */
export function quarterOfDay(day: string): string {
  return `${day.slice(0, 4)}-Q${String(Math.floor((Number(day.slice(5, 7)) - 1) / 3) + 1)}`;
}

/** One item to schedule. */
export interface ScheduleInputItem {
  readonly improvementKey: string;
  /** The FitSM process or requirement the item improves (`PR2`, `PR2.3`, `GR4.1`). */
  readonly subjectId: string;
  /** Target − agreed level of the gap it came from; null when added by hand. */
  readonly gapSize: number | null;
  /** The improvement record's score; null when not evaluated. */
  readonly score: number | null;
  /** A quarter the team moved it to; null: placed by the rule. */
  readonly pinnedQuarter: string | null;
}

export interface ScheduleSettings {
  /** The first quarter to plan into (`2026-Q1`). */
  readonly startQuarter: string;
  readonly capacityPerQuarter: number;
}

export interface ScheduledItem extends ScheduleInputItem {
  readonly processGroup: FitsmProcessGroup;
  readonly quarter: string;
  readonly pinned: boolean;
  /** 1 = placed first (the order of the whole plan). */
  readonly rank: number;
  /** Items of processes it needs (keys), in the schedule. */
  readonly needs: readonly string[];
  /** Items it needs that are planned in a later quarter (only a pinned item can be). */
  readonly dependencyWarnings: readonly string[];
}

export interface ScheduleQuarter {
  readonly quarter: string;
  /** Keys of its items: prerequisites first, then by rank. */
  readonly itemKeys: readonly string[];
  readonly load: number;
  /** More items than the capacity (pinned items can do that). */
  readonly overCapacity: boolean;
}

export interface SchedulePlan {
  readonly settings: ScheduleSettings;
  /** By rank. */
  readonly items: readonly ScheduledItem[];
  /** From the start quarter (or an earlier pinned one) to the last used one, empty quarters included. */
  readonly quarters: readonly ScheduleQuarter[];
}

/** Priority order (rule 1): negative when `a` goes first. */
export function comparePriority(a: ScheduleInputItem, b: ScheduleInputItem): number {
  if (a.score !== b.score) {
    if (a.score === null) return 1;
    if (b.score === null) return -1;
    return b.score - a.score;
  }
  if (a.gapSize !== b.gapSize) {
    if (a.gapSize === null) return 1;
    if (b.gapSize === null) return -1;
    return b.gapSize - a.gapSize;
  }
  return compareIssueKeys(a.improvementKey, b.improvementKey);
}

/** `CSI-2` before `CSI-10`. */
function compareIssueKeys(a: string, b: string): number {
  const [pa = '', na = '0'] = a.split('-');
  const [pb = '', nb = '0'] = b.split('-');
  return pa === pb ? Number(na) - Number(nb) : pa < pb ? -1 : 1;
}

/**
 * The schedule of `items` under `settings` (see the module comment). Items with a malformed subject id or pinned
 * quarter must not be passed (the application validates them when they are stored).
 *
 * @throws RangeError for a start quarter or capacity out of range.
 */
export function planSchedule(items: readonly ScheduleInputItem[], settings: ScheduleSettings): SchedulePlan {
  const start = quarterIndex(settings.startQuarter);
  if (start === null) throw new RangeError(`startQuarter: not a quarter: ${settings.startQuarter}`);
  const capacity = settings.capacityPerQuarter;
  if (
    !Number.isInteger(capacity) ||
    capacity < SCHEDULE_CAPACITY_RANGE.min ||
    capacity > SCHEDULE_CAPACITY_RANGE.max
  )
    throw new RangeError(`capacityPerQuarter: an integer 1..50, not ${String(capacity)}`);

  const groups = new Map(items.map((item) => [item.improvementKey, processGroupOf(item.subjectId)]));
  const groupOf = (item: ScheduleInputItem): FitsmProcessGroup => groups.get(item.improvementKey) ?? 'GR';
  const needsOf = new Map(
    items.map((item) => {
      const required = prerequisitesOf(groupOf(item));
      return [item.improvementKey, items.filter((other) => required.has(groupOf(other)))] as const;
    }),
  );

  const placed = new Map<string, number>();
  const load = new Map<number, number>();
  const order: ScheduleInputItem[] = [];
  const place = (item: ScheduleInputItem, index: number): void => {
    placed.set(item.improvementKey, index);
    load.set(index, (load.get(index) ?? 0) + 1);
    order.push(item);
  };

  // Rule 4: pinned items first, in priority order.
  for (const item of [...items].filter((i) => i.pinnedQuarter !== null).sort(comparePriority)) {
    place(item, quarterIndex(item.pinnedQuarter ?? '') ?? start);
  }
  // Rules 1–3.
  const waiting = items.filter((i) => i.pinnedQuarter === null);
  while (waiting.length > 0) {
    const ready = waiting.filter((item) =>
      (needsOf.get(item.improvementKey) ?? []).every((need) => placed.has(need.improvementKey)),
    );
    // The process rule is acyclic, so some item is always ready; the fallback only guards a broken rule table.
    const next = (ready.length > 0 ? ready : waiting).sort(comparePriority)[0];
    if (next === undefined) break;
    waiting.splice(waiting.indexOf(next), 1);
    let index = Math.max(
      start,
      ...(needsOf.get(next.improvementKey) ?? []).map((need) => placed.get(need.improvementKey) ?? start),
    );
    while ((load.get(index) ?? 0) >= capacity) index++;
    place(next, index);
  }

  const scheduled: ScheduledItem[] = order.map((item, position) => {
    const quarter = placed.get(item.improvementKey) ?? start;
    const needs = needsOf.get(item.improvementKey) ?? [];
    return {
      ...item,
      processGroup: groupOf(item),
      quarter: quarterOfIndex(quarter),
      pinned: item.pinnedQuarter !== null,
      rank: position + 1,
      needs: needs.map((n) => n.improvementKey),
      dependencyWarnings: needs
        .filter((n) => (placed.get(n.improvementKey) ?? start) > quarter)
        .map((n) => n.improvementKey),
    };
  });
  const used = [...placed.values()];
  const first = Math.min(start, ...used);
  const last = Math.max(start, ...used);
  const quarters: ScheduleQuarter[] = [];
  for (let index = first; index <= last; index++) {
    const inQuarter = scheduled
      .filter((item) => placed.get(item.improvementKey) === index)
      .sort((a, b) => dependencyTierOf(a.processGroup) - dependencyTierOf(b.processGroup) || a.rank - b.rank);
    quarters.push({
      quarter: quarterOfIndex(index),
      itemKeys: inQuarter.map((item) => item.improvementKey),
      load: inQuarter.length,
      overCapacity: inQuarter.length > capacity,
    });
  }
  return { settings, items: scheduled, quarters };
}
