/**
 * The `okr-values` web trigger under hostile use: values for a key result whose period is closed and graded, whose
 * objective is archived, or dated before its period began, are refused writing nothing; many senders at once
 * within the hour's limit are all recorded (the rate counter is contended, not exhausted); a value whose first
 * attempt stopped between reserving its measurement id and appending is recorded by the sender's retry.
 */
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import {
  OKR_VALUES_MAX_PER_DAY,
  OKR_VALUES_MAX_PER_HOUR,
  rotateKeyResultSecret,
} from '../../src/application/okr-external-values';
import { closePeriod } from '../../src/application/okr-periods';
import { measurementKey } from '../../src/application/okr-store-keys';
import { OkrStore } from '../../src/application/okr-store';
import { createOkrValuesWebTrigger, type OkrValuesRequest } from '../../src/entry/webtriggers/okr-values';
import { createSignInKeyResult } from './support/okr-fixtures';
import { errorOf, signedValueRequest, storeSnapshot } from './support/okr-values-requests';

const NOW_MS = Date.UTC(2026, 11, 4, 23, 30);
const THRESHOLDS = { onTrack: 0.7, atRisk: 0.4 };

async function fixture() {
  const state = { now: NOW_MS };
  const clock = () => state.now;
  const store = createMemoryStore({ clock });
  // Real (tiny) pauses between compare-and-set attempts, so concurrent writers interleave as they would on KVS.
  const okr = new OkrStore(store, { clock });
  const { objectiveId, keyResultId } = await createSignInKeyResult(okr, 'E-Mail-Dienst');
  const { secret } = await rotateKeyResultSecret({ store, okr, clock }, keyResultId);
  const errors: unknown[] = [];
  const handle = createOkrValuesWebTrigger({ store, okr, clock, logError: (_m, e) => errors.push(e) });
  return { state, store, okr, handle, krId: keyResultId, objectiveId, secret, errors };
}
type Fixture = Awaited<ReturnType<typeof fixture>>;

function signed(f: Fixture, payload: unknown): OkrValuesRequest {
  return signedValueRequest(f.secret, payload, { timestamp: String(Math.floor(f.state.now / 1000)) });
}

describe('okr-values web trigger, hostile senders', () => {
  it('refuses a value for a key result of a closed period with 409 period-closed, writing nothing', async () => {
    const f = await fixture();
    const recorded = await f.handle(signed(f, { keyResultId: f.krId, measurementId: 'before', value: 350 }));
    expect(recorded.statusCode).toBe(201);
    f.state.now = Date.UTC(2027, 0, 2, 9);
    await closePeriod(f, '2026-Q4', f.state.now, 'acc-admin', THRESHOLDS);
    // The sender's retry of a value recorded before the close stays answered as recorded.
    const retry = await f.handle(signed(f, { keyResultId: f.krId, measurementId: 'before', value: 350 }));
    expect(retry.statusCode).toBe(200);
    const before = await storeSnapshot(f.store);
    const response = await f.handle(
      signed(f, { keyResultId: f.krId, measurementId: 'late', value: 330, at: '2026-12-31T22:00:00Z' }),
    );
    expect(response.statusCode).toBe(409);
    expect(errorOf(response).code).toBe('period-closed');
    expect(errorOf(response).message).toMatch(/2026-Q4 is closed/);
    expect(await storeSnapshot(f.store)).toEqual(before);
    expect((await f.okr.checkIns(f.krId)).map((checkIn) => checkIn.measurementId)).toEqual(['before']);
    expect(f.errors).toEqual([]);
  });

  it('refuses a value for a key result whose objective is archived as unknown, writing nothing', async () => {
    const f = await fixture();
    const objective = await f.okr.getObjective(f.objectiveId);
    await f.okr.archiveObjective(f.objectiveId, objective?.version ?? 0);
    const before = await storeSnapshot(f.store);
    const response = await f.handle(signed(f, { keyResultId: f.krId, measurementId: 'm1', value: 390 }));
    expect(response.statusCode).toBe(404);
    expect(errorOf(response).code).toBe('unknown-key-result');
    expect(await storeSnapshot(f.store)).toEqual(before);
  });

  it('refuses a value dated before the period began (a check-in on the OKR page may not either)', async () => {
    const f = await fixture();
    const before = await storeSnapshot(f.store);
    const response = await f.handle(
      signed(f, { keyResultId: f.krId, measurementId: 'old', value: 1, at: '1970-01-01T00:00:00Z' }),
    );
    expect(response.statusCode).toBe(400);
    expect(errorOf(response).code).toBe('invalid-body');
    expect(errorOf(response).message).toMatch(/before the period 2026-Q4 began/);
    expect(await storeSnapshot(f.store)).toEqual(before);
  });

  it(`records ${String(OKR_VALUES_MAX_PER_HOUR)} values sent at once: a contended rate counter is no limit reached`, async () => {
    const f = await fixture();
    const responses = await Promise.all(
      Array.from({ length: OKR_VALUES_MAX_PER_HOUR }, (_, i) =>
        f.handle(signed(f, { keyResultId: f.krId, measurementId: `burst-${String(i)}`, value: i })),
      ),
    );
    expect(responses.map((response) => response.statusCode)).toEqual(
      Array.from({ length: OKR_VALUES_MAX_PER_HOUR }, () => 201),
    );
    expect(await f.okr.checkIns(f.krId)).toHaveLength(OKR_VALUES_MAX_PER_HOUR);
    const over = await f.handle(signed(f, { keyResultId: f.krId, measurementId: 'burst-over', value: 0 }));
    expect(over.statusCode).toBe(429);
  });

  it('records the retry of a value whose first attempt stopped after reserving its measurement id', async () => {
    const f = await fixture();
    // What an invocation leaves that Forge stopped (timeout) between the reservation and the append.
    await f.store.put(
      measurementKey(f.krId, 'mail-2026-12-04'),
      { checkInId: 'never-appended', reservedAtMs: f.state.now },
      null,
    );
    const value = { keyResultId: f.krId, measurementId: 'mail-2026-12-04', value: 371 };
    // At once: the first writer may still be appending, so the sender is asked to send again, not told "duplicate".
    const soon = await f.handle(signed(f, value));
    expect(soon.statusCode).toBe(503);
    expect(errorOf(soon).code).toBe('busy');
    expect(await f.okr.checkIns(f.krId)).toEqual([]);
    // After the lease, the retry takes the measurement id over and the value lands, once.
    f.state.now += 5 * 60_000;
    const later = await f.handle(signed(f, value));
    expect(later.statusCode).toBe(201);
    const replay = await f.handle(signed(f, value));
    expect(replay.statusCode).toBe(200);
    expect((await f.okr.checkIns(f.krId)).map((checkIn) => checkIn.value)).toEqual([371]);
    expect(f.errors).toEqual([]);
  });

  it(`accepts ${String(OKR_VALUES_MAX_PER_DAY)} values a UTC day, then answers 429 writing nothing until the next day`, async () => {
    const f = await fixture();
    const dayStart = Date.UTC(2026, 11, 3);
    for (let i = 0; i < OKR_VALUES_MAX_PER_DAY; i += 1) {
      // Spread over the day's hours, so the hour's limit never applies.
      f.state.now = dayStart + Math.floor(i / 10) * 3_600_000 + (i % 10) * 60_000;
      const response = await f.handle(
        signed(f, { keyResultId: f.krId, measurementId: `d${String(i)}`, value: i }),
      );
      expect(response.statusCode).toBe(201);
    }
    f.state.now = dayStart + 22 * 3_600_000;
    const before = await storeSnapshot(f.store);
    const limited = await f.handle(signed(f, { keyResultId: f.krId, measurementId: 'd-over', value: 0 }));
    expect(limited.statusCode).toBe(429);
    expect(errorOf(limited)).toMatchObject({ code: 'rate-limited' });
    expect(errorOf(limited).message).toMatch(/100 values today \(UTC\)/);
    expect(limited.headers['Retry-After']).toEqual(['7200']);
    expect(await storeSnapshot(f.store)).toEqual(before);
    f.state.now = dayStart + 24 * 3_600_000 + 60_000;
    const nextDay = await f.handle(signed(f, { keyResultId: f.krId, measurementId: 'd-over', value: 0 }));
    expect(nextDay.statusCode).toBe(201);
    expect(await f.okr.checkIns(f.krId)).toHaveLength(OKR_VALUES_MAX_PER_DAY + 1);
  });
});
