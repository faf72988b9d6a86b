/**
 * The `okr-values` web trigger over the in-memory store: a signed value lands as an external check-in with its
 * measurement id; every refused request (bad signature, stale timestamp, replay, oversize, malformed JSON, wrong,
 * unknown or archived key result, rate limit, wrong method) answers a clear JSON error and leaves the store as it was.
 */
import { createMemoryStore, type MemoryStore } from '../../src/adapters/store/memory-store';
import {
  OKR_VALUES_MAX_BODY_BYTES,
  OKR_VALUES_MAX_PER_HOUR,
  rateKey,
  rotateKeyResultSecret,
  secretKey,
} from '../../src/application/okr-external-values';
import { OkrStore } from '../../src/application/okr-store';
import { OkrValidationError, type NewKeyResult } from '../../src/application/ports/okr-store-port';
import {
  createOkrValuesWebTrigger,
  type OkrValuesRequest,
  type OkrValuesResponse,
} from '../../src/entry/webtriggers/okr-values';
import type { OkrPeriod } from '../../src/domain/okr/types';
import { errorOf, signedValueRequest, storeSnapshot } from './support/okr-values-requests';

const Q4: OkrPeriod = { kind: 'quarter', quarter: '2026-Q4', timeZone: 'Europe/Berlin' };
const NOW_MS = Date.UTC(2026, 11, 4, 23, 30);
const NOW_S = String(Math.floor(NOW_MS / 1000));

interface Fixture {
  readonly store: MemoryStore;
  readonly okr: OkrStore;
  readonly handle: (request: OkrValuesRequest) => Promise<OkrValuesResponse>;
  readonly krId: string;
  readonly secret: string;
  readonly errors: string[];
  now: number;
}

function failedSignInsKr(objectiveId: string, source: NewKeyResult['source'] = 'external'): NewKeyResult {
  return {
    objectiveId,
    title: 'Fehlgeschlagene Anmeldeversuche um 15 % verringern',
    ownerAccountId: 'acc-mail-lead',
    weight: 1,
    unit: 'sign-ins/day',
    direction: 'decrease',
    source,
    kind: { type: 'metric', start: 400, target: 340 },
  };
}

async function fixture(): Promise<Fixture> {
  const state = { now: NOW_MS };
  const clock = () => state.now;
  const store = createMemoryStore({ clock });
  const okr = new OkrStore(store, { clock, sleep: () => Promise.resolve() });
  const objective = await okr.createObjective({
    title: 'Anmeldegeschwindigkeit erhöhen',
    description: 'E-Mail-Dienst',
    period: Q4,
    ownerAccountId: 'acc-mail-lead',
    scope: { type: 'project', projectKey: 'MAIL' },
  });
  const kr = await okr.createKeyResult(failedSignInsKr(objective.value.id));
  const { secret } = await rotateKeyResultSecret({ store, okr, clock }, kr.value.id);
  const errors: string[] = [];
  const handle = createOkrValuesWebTrigger({ store, okr, clock, logError: (m) => errors.push(m) });
  const result = { store, okr, handle, krId: kr.value.id, secret, errors } as Fixture;
  Object.defineProperty(result, 'now', { get: () => state.now, set: (ms: number) => (state.now = ms) });
  return result;
}

/** A request as Forge delivers it (header names lower-cased, values in lists), signed unless overridden. */
function signed(
  f: Fixture,
  payload: unknown,
  options: { secret?: string; timestamp?: string; rawBody?: string; method?: string } = {},
): OkrValuesRequest {
  const { secret = f.secret, timestamp = NOW_S, ...rest } = options;
  return signedValueRequest(secret, payload, { timestamp, ...rest });
}

async function expectRefusedWritingNothing(
  f: Fixture,
  request: OkrValuesRequest,
  status: number,
  code: string,
  messagePart: RegExp,
): Promise<void> {
  const before = await storeSnapshot(f.store);
  const response = await f.handle(request);
  expect(response.statusCode).toBe(status);
  const error = errorOf(response);
  expect(error.code).toBe(code);
  expect(error.message).toMatch(messagePart);
  expect(await storeSnapshot(f.store)).toEqual(before);
  expect(f.errors).toEqual([]);
}

describe('okr-values web trigger', () => {
  it('records a signed value as an external check-in with its measurement id', async () => {
    const f = await fixture();
    const response = await f.handle(
      signed(f, {
        keyResultId: f.krId,
        measurementId: 'mail-2026-12-04',
        value: 371,
        at: '2026-12-04T23:00:00Z',
      }),
    );
    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body)).toMatchObject({
      result: 'recorded',
      keyResultId: f.krId,
      measurementId: 'mail-2026-12-04',
    });
    const checkIns = await f.okr.checkIns(f.krId);
    expect(checkIns).toHaveLength(1);
    expect(checkIns[0]).toMatchObject({
      value: 371,
      source: 'external',
      measurementId: 'mail-2026-12-04',
      atMs: Date.UTC(2026, 11, 4, 23),
    });
  });

  it('accepts mixed-case header names and defaults the time to now', async () => {
    const f = await fixture();
    const request = signed(f, { keyResultId: f.krId, measurementId: 'm1', value: 5 });
    const headers = Object.fromEntries(
      Object.entries(request.headers ?? {}).map(([k, v]) => [k.replace('x-threeways', 'X-ThreeWays'), v]),
    );
    expect((await f.handle({ ...request, headers })).statusCode).toBe(201);
    expect((await f.okr.checkIns(f.krId))[0]?.atMs).toBe(NOW_MS);
  });

  it('answers a replay (same measurement id) with 200 duplicate and writes nothing', async () => {
    const f = await fixture();
    const payload = { keyResultId: f.krId, measurementId: 'mail-2026-12-04', value: 371 };
    const first = await f.handle(signed(f, payload));
    expect(first.statusCode).toBe(201);
    const before = await storeSnapshot(f.store);
    const again = await f.handle(signed(f, { ...payload, value: 999 }));
    expect(again.statusCode).toBe(200);
    expect(JSON.parse(again.body)).toMatchObject({
      result: 'duplicate',
      checkInId: (JSON.parse(first.body) as { checkInId: string }).checkInId,
    });
    expect(await storeSnapshot(f.store)).toEqual(before);
    expect((await f.okr.checkIns(f.krId)).map((c) => c.value)).toEqual([371]);
  });

  it('refuses a bad signature, a missing one, and one made with a rotated-away secret', async () => {
    const f = await fixture();
    const payload = { keyResultId: f.krId, measurementId: 'm1', value: 1 };
    await expectRefusedWritingNothing(
      f,
      signed(f, payload, { secret: 'ab'.repeat(32) }),
      401,
      'bad-signature',
      /signature does not match.*current secret/,
    );
    const tampered = signed(f, payload);
    await expectRefusedWritingNothing(
      f,
      { ...tampered, body: JSON.stringify({ ...payload, value: 2 }) },
      401,
      'bad-signature',
      /signature/,
    );
    await expectRefusedWritingNothing(
      f,
      { method: 'POST', headers: {}, body: JSON.stringify(payload) },
      401,
      'missing-signature',
      /X-ThreeWays-Signature and X-ThreeWays-Timestamp are required/,
    );
    const old = f.secret;
    await rotateKeyResultSecret({ store: f.store, okr: f.okr, clock: () => f.now }, f.krId);
    await expectRefusedWritingNothing(f, signed(f, payload, { secret: old }), 401, 'bad-signature', /secret/);
  });

  it('refuses a stale or future timestamp (more than 5 minutes off) and a malformed one', async () => {
    const f = await fixture();
    const payload = { keyResultId: f.krId, measurementId: 'm1', value: 1 };
    const stale = String(Math.floor(NOW_MS / 1000) - 301);
    await expectRefusedWritingNothing(
      f,
      signed(f, payload, { timestamp: stale }),
      401,
      'stale-timestamp',
      /301 s away.*at most 300 s.*current time/,
    );
    const future = String(Math.floor(NOW_MS / 1000) + 400);
    await expectRefusedWritingNothing(
      f,
      signed(f, payload, { timestamp: future }),
      401,
      'stale-timestamp',
      /400 s/,
    );
    await expectRefusedWritingNothing(
      f,
      signed(f, payload, { timestamp: '2026-12-04T23:30:00Z' }),
      401,
      'bad-timestamp',
      /whole seconds/,
    );
    // Just inside the window is accepted.
    const recent = String(Math.floor(NOW_MS / 1000) - 299);
    expect((await f.handle(signed(f, payload, { timestamp: recent }))).statusCode).toBe(201);
  });

  it('refuses a body over 16 KiB', async () => {
    const f = await fixture();
    const rawBody = JSON.stringify({
      keyResultId: f.krId,
      measurementId: 'm1',
      value: 1,
      pad: 'x'.repeat(OKR_VALUES_MAX_BODY_BYTES),
    });
    await expectRefusedWritingNothing(
      f,
      signed(f, null, { rawBody }),
      413,
      'body-too-large',
      /at most 16384 are accepted/,
    );
  });

  it('refuses malformed JSON and invalid bodies, naming the field', async () => {
    const f = await fixture();
    await expectRefusedWritingNothing(
      f,
      signed(f, null, { rawBody: '{"keyResultId":' }),
      400,
      'malformed-json',
      /not JSON/,
    );
    await expectRefusedWritingNothing(
      f,
      signed(f, null, { rawBody: `{"keyResultId":"${f.krId}","measurementId":"m1","value":"12"}` }),
      400,
      'invalid-body',
      /value: value must be a number/,
    );
    await expectRefusedWritingNothing(
      f,
      signed(f, { keyResultId: f.krId, measurementId: 'm 1/x', value: 1 }),
      400,
      'invalid-body',
      /measurementId: .*letters, digits/,
    );
    await expectRefusedWritingNothing(
      f,
      signed(f, { keyResultId: f.krId, measurementId: 'm1', value: 1, at: '04.12.2026' }),
      400,
      'invalid-body',
      /at: .*ISO 8601/,
    );
    await expectRefusedWritingNothing(
      f,
      signed(f, { keyResultId: f.krId, measurementId: 'm1', value: 1, at: '2026-12-06T00:00:00Z' }),
      400,
      'invalid-body',
      /future/,
    );
  });

  it('refuses an unknown key result, one without a secret, and an archived one with 404', async () => {
    const f = await fixture();
    await expectRefusedWritingNothing(
      f,
      signed(f, { keyResultId: 'KR-99', measurementId: 'm1', value: 1 }),
      404,
      'unknown-key-result',
      /KR-99 does not exist.*check the id/,
    );
    const kr = await f.okr.getKeyResult(f.krId);
    const other = await f.okr.createKeyResult(failedSignInsKr(kr?.value.objectiveId ?? ''));
    // Signed with the first key result's secret, but naming another one (which has none).
    await expectRefusedWritingNothing(
      f,
      signed(f, { keyResultId: other.value.id, measurementId: 'm1', value: 1 }),
      404,
      'unknown-key-result',
      /no secret/,
    );
    await f.okr.archiveKeyResult(f.krId, kr?.version ?? 0);
    await expectRefusedWritingNothing(
      f,
      signed(f, { keyResultId: f.krId, measurementId: 'm1', value: 1 }),
      404,
      'unknown-key-result',
      /archived/,
    );
  });

  it('refuses a key result signed with the wrong key result secret', async () => {
    const f = await fixture();
    const kr = await f.okr.getKeyResult(f.krId);
    const other = await f.okr.createKeyResult(failedSignInsKr(kr?.value.objectiveId ?? ''));
    await rotateKeyResultSecret({ store: f.store, okr: f.okr, clock: () => f.now }, other.value.id);
    await expectRefusedWritingNothing(
      f,
      signed(f, { keyResultId: other.value.id, measurementId: 'm1', value: 1 }),
      401,
      'bad-signature',
      new RegExp(`${other.value.id}'s current secret`),
    );
  });

  it(`accepts ${String(OKR_VALUES_MAX_PER_HOUR)} values an hour, then answers 429 writing nothing until the next hour`, async () => {
    const f = await fixture();
    for (let i = 0; i < OKR_VALUES_MAX_PER_HOUR; i += 1)
      expect(
        (await f.handle(signed(f, { keyResultId: f.krId, measurementId: `m${String(i)}`, value: i })))
          .statusCode,
      ).toBe(201);
    const before = await storeSnapshot(f.store);
    const limited = await f.handle(signed(f, { keyResultId: f.krId, measurementId: 'm-over', value: 1 }));
    expect(limited.statusCode).toBe(429);
    const limitError = errorOf(limited);
    expect(limitError.code).toBe('rate-limited');
    expect(limitError.message).toMatch(/60 values this hour/);
    expect(limited.headers['Retry-After']).toEqual(['1800']);
    expect(await storeSnapshot(f.store)).toEqual(before);
    // A replay still answers duplicate under the limit (it writes nothing either).
    const replay = await f.handle(signed(f, { keyResultId: f.krId, measurementId: 'm0', value: 0 }));
    expect(replay.statusCode).toBe(200);
    expect(
      (await f.store.get<{ count: number }>(rateKey(f.krId, Math.floor(NOW_MS / 3_600_000))))?.value.count,
    ).toBe(60);
    f.now = NOW_MS + 30 * 60_000;
    const nextHour = String(Math.floor(f.now / 1000));
    const later = await f.handle(
      signed(f, { keyResultId: f.krId, measurementId: 'm-over', value: 1 }, { timestamp: nextHour }),
    );
    expect(later.statusCode).toBe(201);
    expect(await f.okr.checkIns(f.krId)).toHaveLength(OKR_VALUES_MAX_PER_HOUR + 1);
  });

  it('answers only POST (405 with Allow), writing nothing', async () => {
    const f = await fixture();
    const response = await f.handle({ method: 'GET', headers: {} });
    expect(response.statusCode).toBe(405);
    expect(response.headers['Allow']).toEqual(['POST']);
    expect(errorOf(response).message).toMatch(/POST the value as JSON/);
  });

  it('hands the secret out only on rotation, for external key results that are not archived', async () => {
    const f = await fixture();
    expect(f.secret).toMatch(/^[0-9a-f]{64}$/);
    expect((await f.store.get<{ secretHex: string }>(secretKey(f.krId)))?.value.secretHex).toBe(f.secret);
    const rotated = await rotateKeyResultSecret({ store: f.store, okr: f.okr, clock: () => f.now }, f.krId);
    expect(rotated.secret).not.toBe(f.secret);
    const kr = await f.okr.getKeyResult(f.krId);
    const manual = await f.okr.createKeyResult(failedSignInsKr(kr?.value.objectiveId ?? '', 'manual'));
    await expect(
      rotateKeyResultSecret({ store: f.store, okr: f.okr, clock: () => f.now }, manual.value.id),
    ).rejects.toThrow(OkrValidationError);
    expect(await f.store.get(secretKey(manual.value.id))).toBeNull();
  });
});
