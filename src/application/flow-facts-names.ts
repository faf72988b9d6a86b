/**
 * The site's status and issue type names of the flow facts (issue 13), in as many stored values as they need.
 *
 * One value (`flow-facts:names`) holds them while they fit {@link NAMES_VALUE_BYTES}; a site with thousands of
 * statuses and issue types (every team-managed project has its own) outgrows Forge's 240 KiB per value, and a
 * dictionary that cannot be written stops every backfill and flush of the site. The first value then counts extra
 * values (`shards`) at `flow-facts:names:<n>`: names already held stay where they are (a rename rewrites them
 * there), new ones go to the last value, and a full last value adds one. Readers merge all values in order (a
 * later value wins, as a newer name would); a small site still reads one value.
 */
import { mergeFactsNames, type FactsNames } from '../domain/flow/issue-facts';
import { NAMES_KEY, type FactsCas } from './flow-facts-cas';

/** Bytes a names value is filled to before new names go to a new value (Forge's limit is 240 KiB: room for renames). */
export const NAMES_VALUE_BYTES = 180_000;

/** Most extra values read (a junk count in the first value reads no more than this). */
const MAX_NAMES_VALUES = 1_000;

/** The first value: names plus the count of extra values. */
interface NamesHead extends FactsNames {
  readonly shards?: number;
}

const EMPTY_NAMES: FactsNames = { statuses: {}, types: {} };

/** Key of names value `n` (0: the first one). */
export const namesKey = (n: number): string => (n === 0 ? NAMES_KEY : `${NAMES_KEY}:${String(n)}`);

/** A stored names value as FactsNames (junk reads as empty: the next read of Jira teaches the names again). */
function namesOf(value: unknown): FactsNames {
  const record = (v: unknown): v is Record<string, unknown> =>
    typeof v === 'object' && v !== null && !Array.isArray(v);
  if (!record(value)) return EMPTY_NAMES;
  const statuses = record(value['statuses']) ? value['statuses'] : {};
  const types = record(value['types']) ? value['types'] : {};
  return {
    statuses: Object.fromEntries(
      Object.entries(statuses).filter(
        (e): e is [string, [string, string | null]] =>
          Array.isArray(e[1]) &&
          typeof e[1][0] === 'string' &&
          (e[1][1] === null || typeof e[1][1] === 'string'),
      ),
    ),
    types: Object.fromEntries(
      Object.entries(types).filter((e): e is [string, string] => typeof e[1] === 'string'),
    ),
  };
}

function extraCount(head: unknown): number {
  const shards = typeof head === 'object' && head !== null ? (head as NamesHead).shards : undefined;
  return typeof shards === 'number' && Number.isInteger(shards) && shards > 0
    ? Math.min(shards, MAX_NAMES_VALUES)
    : 0;
}

function sameEntry(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

function sameNames(a: FactsNames, b: FactsNames): boolean {
  const same = <V>(x: Readonly<Record<string, V>>, y: Readonly<Record<string, V>>): boolean => {
    const keys = Object.keys(y);
    return keys.length === Object.keys(x).length && keys.every((k) => k in x && sameEntry(x[k], y[k]));
  };
  return same(a.statuses, b.statuses) && same(a.types, b.types);
}

/** The names dictionary over the facts store's compare-and-set plumbing. */
export class FactsNamesValues {
  constructor(private readonly cas: FactsCas) {}

  /** Every value's names, in order (one read while the first value says there are no others). */
  private async readValues(): Promise<{ values: FactsNames[]; extra: number }> {
    const head = (await this.cas.read<unknown>(NAMES_KEY, null)).value;
    const extra = extraCount(head);
    const rest = await Promise.all(
      Array.from({ length: extra }, async (_, i) =>
        namesOf((await this.cas.read<unknown>(namesKey(i + 1), null)).value),
      ),
    );
    return { values: [namesOf(head), ...rest], extra };
  }

  /** The site's names (later values win). */
  async read(): Promise<FactsNames> {
    return (await this.readValues()).values.reduce(mergeFactsNames, EMPTY_NAMES);
  }

  /** Adds names (newer win; see `mergeFactsNames`); no write when nothing is new. */
  async merge(names: FactsNames): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      const { values, extra } = await this.readValues();
      const current = values.reduce(mergeFactsNames, EMPTY_NAMES);
      const merged = mergeFactsNames(current, names);
      if (sameNames(current, merged)) return;
      // Each changed name goes to every value holding it (a rename), a new one to the last value.
      const parts = values.map(
        (): {
          statuses: Record<string, readonly [string, string | null]>;
          types: Record<string, string>;
        } => ({ statuses: {}, types: {} }),
      );
      for (const [id, entry] of Object.entries(merged.statuses)) {
        if (sameEntry(current.statuses[id], entry)) continue;
        const holders = values.flatMap((value, n) => (id in value.statuses ? [n] : []));
        for (const n of holders.length > 0 ? holders : [extra])
          (parts[n] as (typeof parts)[number]).statuses[id] = entry;
      }
      for (const [id, name] of Object.entries(merged.types)) {
        if (current.types[id] === name) continue;
        const holders = values.flatMap((value, n) => (id in value.types ? [n] : []));
        for (const n of holders.length > 0 ? holders : [extra])
          (parts[n] as (typeof parts)[number]).types[id] = name;
      }
      // Set by the last (successful) attempt of each write: a conflict runs its function again.
      const outcome = { full: false };
      for (const [n, part] of parts.entries()) {
        if (Object.keys(part.statuses).length === 0 && Object.keys(part.types).length === 0) continue;
        await this.cas.modify<unknown>(namesKey(n), null, (prev) => {
          const held = namesOf(prev);
          const next = mergeFactsNames(held, part);
          if (sameNames(held, next)) return null;
          const value: NamesHead =
            n === 0 && extraCount(prev) > 0 ? { ...next, shards: extraCount(prev) } : next;
          // The last value is full: new names go to a value of their own (a holder only grows by a rename).
          const empty = Object.keys(held.statuses).length + Object.keys(held.types).length === 0;
          outcome.full = n === extra && !empty && this.cas.store.storedBytes(value) > NAMES_VALUE_BYTES;
          return outcome.full ? null : value;
        });
        if (outcome.full) break;
      }
      if (!outcome.full) return;
      // Adds a value unless another writer did since this read; then everything is read again.
      await this.cas.modify<unknown>(NAMES_KEY, null, (prev) =>
        extraCount(prev) !== extra ? null : { ...namesOf(prev), shards: extra + 1 },
      );
      if (attempt >= this.cas.maxAttempts)
        throw new Error(
          'The flow facts names could not be stored: the store kept changing. The next event tries again.',
        );
    }
  }
}
