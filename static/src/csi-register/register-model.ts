/**
 * The CSI register page's logic without React: client-side filters by source, service, status and owner with
 * counts per option, the reasons an item is overdue, and the bar lengths of the flow section. The ranking itself
 * comes from the server (`CsiRegisterView.items` is already ranked); filtering keeps that order.
 */
import type { CsiRegisterItemView, CsiRegisterView } from '../../../src/contract/csi';
import { CSI_SOURCES, CSI_STATUS_KEYS } from '../../../src/contract/csi-rules';
import { localDateOfMs } from '../shared/local-date';

/** The dimensions the table filters by. */
export const FILTER_DIMENSIONS = ['source', 'service', 'status', 'owner'] as const;
export type FilterDimension = (typeof FILTER_DIMENSIONS)[number];

/** Per dimension the chosen value; {@link ALL} = no filter. */
export type RegisterFilters = Readonly<Record<FilterDimension, string>>;

/** The option value meaning "no filter". */
export const ALL = '';
/** The option value for items without a value in that dimension (no source, no service, no owner). */
export const NONE = '\u0000none';

export const NO_FILTERS: RegisterFilters = { source: ALL, service: ALL, status: ALL, owner: ALL };

/** The value of `item` in `dimension` (what an option of that filter matches). */
export function filterValueOf(item: CsiRegisterItemView, dimension: FilterDimension): string {
  switch (dimension) {
    case 'source':
      return item.source ?? NONE;
    case 'service':
      return item.service.trim() === '' ? NONE : item.service.trim();
    case 'status':
      return item.statusName;
    case 'owner':
      return item.owner?.accountId ?? NONE;
  }
}

function matches(item: CsiRegisterItemView, filters: RegisterFilters, except?: FilterDimension): boolean {
  return FILTER_DIMENSIONS.every(
    (dimension) =>
      dimension === except ||
      filters[dimension] === ALL ||
      filterValueOf(item, dimension) === filters[dimension],
  );
}

/** The items every chosen filter lets through, in the server's ranking order. */
export function applyFilters(
  items: readonly CsiRegisterItemView[],
  filters: RegisterFilters,
): CsiRegisterItemView[] {
  return items.filter((item) => matches(item, filters));
}

export interface FilterOption {
  readonly value: string;
  /** The text of the option before translation: the raw value (service, status name, owner name). */
  readonly text: string;
  /** Items with this value among those the other filters let through. */
  readonly count: number;
}

function sortKey(dimension: FilterDimension, value: string, items: readonly CsiRegisterItemView[]): string {
  if (value === NONE) return '\uffff';
  if (dimension === 'source') {
    const index = (CSI_SOURCES as readonly string[]).indexOf(value);
    return String(index < 0 ? 99 : index).padStart(2, '0');
  }
  if (dimension === 'status') {
    const key = items.find((item) => item.statusName === value)?.statusKey ?? null;
    const index = key === null ? 99 : CSI_STATUS_KEYS.indexOf(key);
    return `${String(index).padStart(2, '0')}${value.toLocaleLowerCase()}`;
  }
  return value.toLocaleLowerCase();
}

/**
 * The options of one filter: every value any item has, with the count of items that have it among those the
 * *other* chosen filters let through (so the counts say what choosing the option would show). Sources and
 * statuses in workflow order, services and owners alphabetically; "none" last.
 *
 * @example filterOptions(items, { ...NO_FILTERS, source: 'audit' }, 'owner') // owners of audit items, counted
 */
export function filterOptions(
  items: readonly CsiRegisterItemView[],
  filters: RegisterFilters,
  dimension: FilterDimension,
): FilterOption[] {
  const texts = new Map<string, string>();
  for (const item of items) {
    const value = filterValueOf(item, dimension);
    if (!texts.has(value))
      texts.set(value, dimension === 'owner' ? (item.owner?.displayName ?? '') : value === NONE ? '' : value);
  }
  const counts = new Map<string, number>();
  for (const item of items) {
    if (!matches(item, filters, dimension)) continue;
    const value = filterValueOf(item, dimension);
    counts.set(value, (counts.get(value) ?? 0) + 1);
  }
  return [...texts.entries()]
    .map(([value, text]) => ({ value, text, count: counts.get(value) ?? 0 }))
    .sort((a, b) => sortKey(dimension, a.value, items).localeCompare(sortKey(dimension, b.value, items)));
}

/** The items the other filters let through: the count of the "all" option of `dimension`. */
export function countWithout(
  items: readonly CsiRegisterItemView[],
  filters: RegisterFilters,
  dimension: FilterDimension,
): number {
  return items.filter((item) => matches(item, filters, dimension)).length;
}

/**
 * The calendar day `YYYY-MM-DD` of an ISO instant in an IANA time zone (UTC for an unknown zone).
 * @example localDateOf('2026-03-09T23:30:00Z', 'Europe/Berlin') // '2026-03-10'
 */
export function localDateOf(iso: string, timeZone: string): string {
  const instant = Date.parse(iso);
  return Number.isNaN(instant) ? iso.slice(0, 10) : localDateOfMs(instant, timeZone);
}

export type OverdueReason =
  { readonly kind: 'target'; readonly date: string } | { readonly kind: 'review'; readonly date: string };

/**
 * Why an overdue item is overdue: its target date and/or its next review date lie before `today`
 * (`YYYY-MM-DD` in the project's time zone). Empty for items that are not overdue.
 */
export function overdueReasons(item: CsiRegisterItemView, today: string): OverdueReason[] {
  if (!item.overdue) return [];
  const reasons: OverdueReason[] = [];
  if (item.targetDate !== null && item.targetDate < today)
    reasons.push({ kind: 'target', date: item.targetDate });
  if (item.nextReviewOn !== null && item.nextReviewOn < today)
    reasons.push({ kind: 'review', date: item.nextReviewOn });
  return reasons;
}

/** The items of the PR14.3 control: overdue or stuck, in ranking order. */
export function attentionItems(view: CsiRegisterView): CsiRegisterItemView[] {
  return view.items.filter((item) => item.overdue || item.stuckDays !== null);
}

/** Bar length 0..100 (% of the largest value) for a small bar list; 0 when every value is 0. */
export function barPercent(value: number, max: number): number {
  return max <= 0 ? 0 : Math.round((Math.max(0, value) / max) * 1000) / 10;
}
