/**
 * A measurement id is recorded once, and never answered as recorded when its check-in is not in the history: the
 * sender of a value whose first writer failed or stopped between reserving the id and appending gets the value
 * recorded (or is asked to send again), never "duplicate" for a check-in that does not exist. A replay of a
 * recorded value is answered from its reservation alone, without reading the key result's history.
 */
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { OkrStore } from '../../src/application/okr-store';
import { MEASUREMENT_LEASE_MS, measurementKey } from '../../src/application/okr-store-keys';
import { OkrBusyError, type NewCheckIn } from '../../src/application/ports/okr-store-port';
import type { StorePort } from '../../src/application/ports/store-port';
import { createSignInKeyResult } from './support/okr-fixtures';

const NOW_MS = Date.UTC(2026, 10, 15, 9);

async function setup(
  store: StorePort,
  options: { sleep?: (ms: number) => Promise<void>; clock?: () => number } = {},
) {
  const okr = new OkrStore(store, {
    clock: options.clock ?? (() => NOW_MS),
    sleep: options.sleep ?? (() => Promise.resolve()),
  });
  const { keyResultId } = await createSignInKeyResult(okr);
  const value: NewCheckIn = {
    keyResultId: keyResultId,
    value: 371,
    note: '',
    author: 'external',
    atMs: NOW_MS,
    source: 'external',
    measurementId: 'mail-2026-11-14',
  };
  return { okr, krId: keyResultId, value };
}

describe('measurement ids of the OKR store', () => {
  it('records a concurrent duplicate whose first writer failed after reserving, instead of answering duplicate', async () => {
    const memory = createMemoryStore({ clock: () => NOW_MS });
    let failFirstPage: (() => void) | null = null;
    const firstPageFails = new Promise<void>((resolve) => (failFirstPage = resolve));
    let pagePuts = 0;
    const store: StorePort = Object.assign(Object.create(memory) as StorePort, {
      put: async (key: string, value: unknown, version: number | null, options?: { ttlSeconds?: number }) => {
        if (key.startsWith('okr-ci:') && (pagePuts += 1) === 1) {
          await firstPageFails;
          throw new Error('KVS unavailable');
        }
        return memory.put(key, value, version, options);
      },
    });
    // The second writer's first pause (it found the id reserved) lets the first writer's page write fail.
    const { okr, krId, value } = await setup(store, {
      sleep: () => {
        failFirstPage?.();
        return new Promise((resolve) => setTimeout(resolve, 1));
      },
    });
    const first = okr.appendCheckIn(value);
    while ((await memory.get(measurementKey(krId, value.measurementId ?? ''))) === null)
      await new Promise((resolve) => setImmediate(resolve));
    const second = okr.appendCheckIn(value);
    // (Or after a moment, for a second writer that never pauses.)
    setTimeout(() => failFirstPage?.(), 20);
    await expect(first).rejects.toThrow('KVS unavailable');
    const answer = await second;
    expect(answer.duplicate).toBe(false);
    expect((await okr.checkIns(krId)).map((checkIn) => checkIn.id)).toEqual([answer.checkIn.id]);
  });

  it('takes over a reservation whose check-in never reached the history once its lease is over', async () => {
    const state = { now: NOW_MS };
    const memory = createMemoryStore({ clock: () => state.now });
    const { okr, krId, value } = await setup(memory, { clock: () => state.now });
    await memory.put(
      measurementKey(krId, value.measurementId ?? ''),
      { checkInId: 'lost', reservedAtMs: state.now },
      null,
    );
    await expect(okr.appendCheckIn(value)).rejects.toThrow(OkrBusyError);
    state.now += MEASUREMENT_LEASE_MS;
    const recorded = await okr.appendCheckIn(value);
    expect(recorded.duplicate).toBe(false);
    const again = await okr.appendCheckIn(value);
    expect(again).toMatchObject({ duplicate: true, checkIn: { id: recorded.checkIn.id } });
    expect(await okr.checkIns(krId)).toHaveLength(1);
  });

  it('answers a replay of a recorded measurement without reading the history', async () => {
    const memory = createMemoryStore({ clock: () => NOW_MS });
    const pageReads: string[] = [];
    const store: StorePort = Object.assign(Object.create(memory) as StorePort, {
      get: (key: string) => {
        if (key.startsWith('okr-ci')) pageReads.push(key);
        return memory.get(key);
      },
    });
    const { okr, krId, value } = await setup(store);
    const first = await okr.appendCheckIn(value);
    pageReads.length = 0;
    const replay = await okr.appendCheckIn(value);
    expect(replay).toMatchObject({ duplicate: true, checkIn: { id: first.checkIn.id } });
    expect(pageReads).toEqual([]);
    expect(await okr.checkIns(krId)).toHaveLength(1);
  });
});
