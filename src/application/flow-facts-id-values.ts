/**
 * Long id lists of the flow facts (issue 13) in stored values of {@link LISTED_IDS_PER_VALUE} ids: the backfill's
 * listed ids and an overflow catch-up's listing, each read a slice at a time by its cursor.
 */
import type { StorePort } from './ports/store-port';
import { mapParallel } from './map-parallel';

/** Listed ids per stored value (10,000 ids of up to 12 digits are about 160 KB as stored). */
export const LISTED_IDS_PER_VALUE = 10_000;

/** Values read or written at once. */
const PARALLEL = 8;

interface IdsValue {
  /** All ids listed (the same in every value of one listing). */
  readonly total: number;
  readonly ids: readonly string[];
}

/** Writes `ids` blind in values of {@link LISTED_IDS_PER_VALUE} (at least one) at `key(n)`; returns the count of values. */
export async function writeIdValues(
  store: StorePort,
  key: (n: number) => string,
  ids: readonly string[],
): Promise<number> {
  const values = Math.max(1, Math.ceil(ids.length / LISTED_IDS_PER_VALUE));
  await mapParallel(
    Array.from({ length: values }, (_, n) => n),
    PARALLEL,
    (n) =>
      store.set<IdsValue>(key(n), {
        total: ids.length,
        ids: ids.slice(n * LISTED_IDS_PER_VALUE, (n + 1) * LISTED_IDS_PER_VALUE),
      }),
  );
  return values;
}

/** `count` ids from position `from` (fewer at the end of the list). */
export async function readIdValues(
  store: StorePort,
  key: (n: number) => string,
  from: number,
  count: number,
): Promise<readonly string[]> {
  if (count <= 0 || from < 0) return [];
  const first = Math.floor(from / LISTED_IDS_PER_VALUE);
  const last = Math.floor((from + count - 1) / LISTED_IDS_PER_VALUE);
  const values = await mapParallel(
    Array.from({ length: last - first + 1 }, (_, i) => first + i),
    PARALLEL,
    async (n) => (await store.get<IdsValue>(key(n)))?.value.ids ?? [],
  );
  const ids = values.flat();
  const offset = from - first * LISTED_IDS_PER_VALUE;
  return ids.slice(offset, offset + count);
}

/** Values a list stored at `key(n)` takes (0: none stored). */
export async function idValueCount(store: StorePort, key: (n: number) => string): Promise<number> {
  const head = await store.get<IdsValue>(key(0));
  return head === null ? 0 : Math.max(1, Math.ceil(head.value.total / LISTED_IDS_PER_VALUE));
}

/** Deletes the values `from` … `values - 1` of a list. */
export async function deleteIdValues(
  store: StorePort,
  key: (n: number) => string,
  values: number,
  from = 0,
): Promise<void> {
  for (let n = from; n < values; n++) await store.delete(key(n));
}
