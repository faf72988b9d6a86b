/**
 * How current a project's issue properties (`three-ways-flow`, issue 13) are, pure, kept at
 * `flow-facts:props:<projectId>`: a property is written when an issue's facts change, so two kinds of issue keep
 * an old value until the nightly reconcile writes them again:
 * - issues whose property write failed (the facts were stored): a small bounded set of their ids;
 * - every issue after the project's settings changed (a saved status mapping or calendar): the settings' stamp the
 *   properties were written with differs from the settings' stamp now.
 *
 * Cost: the stale ids take one read of this value per property write and one write when a write fails or the
 * stamp is new; the nightly rewrite of stale ids costs one bulk request per 100 of them; a rewrite of every
 * property (after a settings change, or more than {@link PROPERTY_STALE_MAX} failures) costs one bulk request per
 * 100 issues of the project (50,000 issues: 500 requests, a few minutes at night) once per change.
 */

import type { JiraStatusRef, WorkflowMapping, WorkingCalendar } from '../domain/flow/types';

/** Most stale ids kept (~12 bytes each as stored); beyond, every property of the project is rewritten instead. */
export const PROPERTY_STALE_MAX = 5_000;

/** The stored state of a project's properties. */
export interface PropertyState {
  /** Stamp of the settings the properties were last written with; null: none written yet. */
  readonly stamp: string | null;
  /** Properties were written with other settings than before (or too many failed): the next night rewrites all. */
  readonly rewriteAll: boolean;
  /** Ids whose last property write failed, in the order they failed. */
  readonly stale: readonly string[];
  /** Counts the writes that set `rewriteAll`, so a nightly rewrite clears only the mark it saw. */
  readonly marks: number;
}

/** The state of a project nothing was written for. */
export const EMPTY_PROPERTY_STATE: PropertyState = { stamp: null, rewriteAll: false, stale: [], marks: 0 };

/** The key of a project's property state. */
export const propertyStateKey = (projectId: string): string => `flow-facts:props:${projectId}`;

/**
 * The state after properties were written with the settings of `stamp`: the first stamp is adopted; another one
 * means the project now has properties of two settings, so all are rewritten at night. Null: no change.
 */
export function propertiesWritten(prev: PropertyState, stamp: string): PropertyState | null {
  if (prev.stamp === stamp) return null;
  if (prev.stamp === null) return { ...prev, stamp };
  return { ...prev, stamp, rewriteAll: true, marks: prev.marks + 1 };
}

/** The state after the property writes of `ids` failed. Null: no change. */
export function propertiesStale(prev: PropertyState, ids: readonly string[]): PropertyState | null {
  if (prev.rewriteAll) return null; // every property is rewritten anyway
  const held = new Set(prev.stale);
  const added = ids.filter((id) => !held.has(id));
  if (added.length === 0) return null;
  if (held.size + added.length > PROPERTY_STALE_MAX)
    return { ...prev, stale: [], rewriteAll: true, marks: prev.marks + 1 };
  return { ...prev, stale: [...prev.stale, ...added] };
}

/**
 * Whether the nightly reconcile must rewrite every property of the project: marked so, or written with settings
 * other than `stamp` (the settings now).
 */
export function mustRewriteAll(state: PropertyState, stamp: string): boolean {
  return state.rewriteAll || (state.stamp !== null && state.stamp !== stamp);
}

/**
 * The state after the nightly rewrite: the ids it `written` leave the stale set; a rewrite of `all` with `stamp`
 * adopts the stamp and clears the mark, unless a write marked it again after `before` was read. Null: no change.
 */
export function propertiesSettled(
  prev: PropertyState,
  before: PropertyState,
  done: { readonly stamp: string; readonly all: boolean; readonly written: readonly string[] },
): PropertyState | null {
  const written = new Set(done.written);
  const stale = prev.stale.filter((id) => !written.has(id));
  const untouched = prev.marks === before.marks;
  const next: PropertyState = done.all
    ? {
        ...prev,
        stale,
        stamp: untouched ? done.stamp : prev.stamp,
        rewriteAll: untouched ? false : prev.rewriteAll,
      }
    : { ...prev, stale, stamp: prev.stamp ?? done.stamp };
  const same =
    next.stamp === prev.stamp &&
    next.rewriteAll === prev.rewriteAll &&
    next.stale.length === prev.stale.length;
  return same ? null : next;
}

/**
 * A short stamp of what a property's numbers depend on besides the facts: the saved mapping and calendar, or
 * (nothing saved) the statuses the default mapping is derived from. Percentiles are not given: they change no
 * property. Two 32-bit FNV-1a hashes of the JSON with different offsets: another setting gives another stamp but
 * for a chance of about one in 2^64.
 */
export function settingsStamp(settings: {
  readonly mapping: WorkflowMapping | null;
  readonly calendar: WorkingCalendar;
  readonly knownStatuses: readonly JiraStatusRef[];
}): string {
  const text = JSON.stringify([settings.mapping, settings.calendar, settings.knownStatuses]);
  const hash = (offset: number): string => {
    let h = offset >>> 0;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193) >>> 0;
    }
    return h.toString(36);
  };
  return `${hash(0x811c9dc5)}.${hash(0x2f8a3b17)}`;
}
