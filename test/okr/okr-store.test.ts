/**
 * The OKR store over the in-memory store (which enforces Forge KVS's limits): no lost check-in under concurrency,
 * stale updates refused, histories beyond one stored value, links on both sides, archiving, export and import.
 */
import { createMemoryStore, type MemoryStore } from '../../src/adapters/store/memory-store';
import { OkrStore } from '../../src/application/okr-store';
import {
  OkrConflictError,
  OkrNotFoundError,
  OkrValidationError,
  type NewKeyResult,
  type NewObjective,
} from '../../src/application/ports/okr-store-port';
import { StoreConflictError, type StorePort } from '../../src/application/ports/store-port';
import { currentCheckIn } from '../../src/domain/okr/progress';
import type { OkrPeriod } from '../../src/domain/okr/types';

const Q4: OkrPeriod = { kind: 'quarter', quarter: '2026-Q4', timeZone: 'Europe/Berlin' };
const Q3: OkrPeriod = { kind: 'quarter', quarter: '2026-Q3', timeZone: 'Europe/Berlin' };
const NOW_MS = Date.UTC(2026, 10, 15, 9);

const hdObjective: NewObjective = {
  title: 'Kundenzufriedenheit erhöhen',
  description: 'Help desk',
  period: Q4,
  ownerAccountId: 'acc-hd-lead',
  scope: { type: 'project', projectKey: 'HD' },
};

function leadTimeKr(objectiveId: string): NewKeyResult {
  return {
    objectiveId,
    title: 'Durchlaufzeit um 15 % senken',
    ownerAccountId: 'acc-hd-lead',
    weight: 1,
    unit: 'days',
    direction: 'decrease',
    source: 'measured',
    kind: {
      type: 'flowMetric',
      scope: { type: 'project', projectKey: 'HD' },
      metric: 'leadTimeP50',
      baselinePeriod: Q3,
      targetChangePercent: -15,
      baselineValue: 12,
    },
  };
}

function manualKr(objectiveId: string): NewKeyResult {
  return {
    objectiveId,
    title: 'Survey score to 80',
    ownerAccountId: 'acc-hd-lead',
    weight: 2,
    unit: 'points',
    direction: 'increase',
    source: 'manual',
    kind: { type: 'metric', start: 60, target: 80 },
  };
}

function setup(clockMs = NOW_MS): { memory: MemoryStore; okr: OkrStore } {
  const memory = createMemoryStore();
  let ids = 0;
  const okr = new OkrStore(memory, {
    clock: () => clockMs,
    newId: () => `ci-${String((ids += 1))}`,
  });
  return { memory, okr };
}

describe('OKR store: objectives and key results', () => {
  it('creates numbered objectives and key results and lists them by period', async () => {
    const { okr } = setup();
    const objective = await okr.createObjective(hdObjective);
    expect(objective).toEqual({ value: { ...hdObjective, id: 'O-1', archived: false }, version: 1 });
    const kr1 = await okr.createKeyResult(leadTimeKr('O-1'));
    const kr2 = await okr.createKeyResult(manualKr('O-1'));
    expect([kr1.value.id, kr2.value.id]).toEqual(['KR-1', 'KR-2']);
    const listed = await okr.listPeriod('2026-Q4');
    expect(listed.objectives.map((o) => o.value.id)).toEqual(['O-1']);
    expect(listed.keyResults.map((kr) => kr.value.id)).toEqual(['KR-1', 'KR-2']);
    expect((await okr.listPeriod('2026-Q3')).objectives).toEqual([]);
  });

  it('refuses a stale update with a conflict naming the versions, and keeps the newer value', async () => {
    const { okr } = setup();
    const created = await okr.createObjective(hdObjective);
    const first = await okr.updateObjective('O-1', created.version, { title: 'Kunden begeistern' });
    expect(first.version).toBe(2);
    const stale = okr.updateObjective('O-1', created.version, { title: 'Stale' });
    await expect(stale).rejects.toBeInstanceOf(OkrConflictError);
    await expect(stale).rejects.toThrow(/version 2, not 1\): reload/);
    expect((await okr.getObjective('O-1'))?.value.title).toBe('Kunden begeistern');
  });

  it('lets exactly one of two concurrent updates of the same version win', async () => {
    const { okr } = setup();
    const kr = await okr.createKeyResult(manualKr((await okr.createObjective(hdObjective)).value.id));
    const outcomes = await Promise.allSettled([
      okr.updateKeyResult(kr.value.id, kr.version, { weight: 3 }),
      okr.updateKeyResult(kr.value.id, kr.version, { weight: 5 }),
    ]);
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0]?.reason).toBeInstanceOf(OkrConflictError);
  });

  it('validates with messages that name the field', async () => {
    const { okr } = setup();
    await okr.createObjective(hdObjective);
    await expect(
      okr.createKeyResult({ ...manualKr('O-1'), kind: { type: 'metric', start: 80, target: 60 } }),
    ).rejects.toThrow(/needs a target above its start/);
    await expect(okr.createObjective({ ...hdObjective, title: '  ' })).rejects.toThrow(
      /title: the title is empty/,
    );
    await expect(okr.createKeyResult(manualKr('O-99'))).rejects.toBeInstanceOf(OkrNotFoundError);
    const objective = await okr.getObjective('O-1');
    await okr.archiveObjective('O-1', objective?.version ?? 0);
    await expect(okr.createKeyResult(manualKr('O-1'))).rejects.toThrow(/O-1 is archived: restore it/);
  });

  it('moves an objective and its key results to another period', async () => {
    const { okr } = setup();
    const objective = await okr.createObjective(hdObjective);
    await okr.createKeyResult(manualKr('O-1'));
    await okr.updateObjective('O-1', objective.version, { period: Q3 });
    expect((await okr.listPeriod('2026-Q4')).objectives).toEqual([]);
    const q3 = await okr.listPeriod('2026-Q3');
    expect(q3.objectives.map((o) => o.value.id)).toEqual(['O-1']);
    expect(q3.keyResults.map((kr) => kr.value.id)).toEqual(['KR-1']);
  });

  it('"deleting" archives: hidden from the period, kept with includeArchived', async () => {
    const { okr } = setup();
    const objective = await okr.createObjective(hdObjective);
    const kr = await okr.createKeyResult(manualKr('O-1'));
    const other = await okr.createKeyResult(leadTimeKr('O-1'));
    await okr.archiveKeyResult(kr.value.id, kr.version);
    expect((await okr.listPeriod('2026-Q4')).keyResults.map((k) => k.value.id)).toEqual([other.value.id]);
    await okr.archiveObjective('O-1', objective.version);
    expect(await okr.listPeriod('2026-Q4')).toEqual({ objectives: [], keyResults: [] });
    const all = await okr.listPeriod('2026-Q4', { includeArchived: true });
    expect(all.objectives.map((o) => o.value.archived)).toEqual([true]);
    expect(all.keyResults).toHaveLength(2);
    expect(await okr.getKeyResult(kr.value.id)).not.toBeNull();
  });
});

describe('OKR store: check-ins', () => {
  it('50 concurrent check-ins on one key result all land', async () => {
    const memory = createMemoryStore();
    // Counts the compare-and-set losses, so the test proves the writers really raced (and retried).
    let conflicts = 0;
    const racing: StorePort = {
      get: (key) => memory.get(key),
      put: async (key, value, expectedVersion, options) => {
        try {
          return await memory.put(key, value, expectedVersion, options);
        } catch (error) {
          if (error instanceof StoreConflictError) conflicts += 1;
          throw error;
        }
      },
      set: (key, value, options) => memory.set(key, value, options),
      delete: (key) => memory.delete(key),
      maxValueBytes: memory.maxValueBytes,
      storedBytes: (value) => memory.storedBytes(value),
    };
    const okr = new OkrStore(racing, { clock: () => NOW_MS });
    await okr.createObjective(hdObjective);
    const kr = await okr.createKeyResult(manualKr('O-1'));
    const results = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        okr.appendCheckIn({
          keyResultId: kr.value.id,
          value: 60 + i,
          confidence: i % 11,
          note: `check-in ${String(i)}`,
          author: `acc-${String(i)}`,
          atMs: NOW_MS - i * 60_000,
          source: 'manual',
        }),
      ),
    );
    expect(results.every((r) => !r.duplicate)).toBe(true);
    const history = await okr.checkIns(kr.value.id);
    expect(history).toHaveLength(50);
    expect(new Set(history.map((c) => c.value))).toEqual(
      new Set(Array.from({ length: 50 }, (_, i) => 60 + i)),
    );
    expect(new Set(history.map((c) => c.id)).size).toBe(50);
    // Oldest first; the newest by atMs is i = 0.
    expect(history.map((c) => c.atMs)).toEqual([...history.map((c) => c.atMs)].sort((a, b) => a - b));
    expect(currentCheckIn(history)?.value).toBe(60);
    expect(conflicts).toBeGreaterThan(0);
  });

  it('50 concurrent check-ins all land when every store call takes 1–5 ms (round trips interleave)', async () => {
    const memory = createMemoryStore();
    const pause = () => new Promise<void>((resolve) => setTimeout(resolve, 1 + Math.random() * 4));
    const slow: StorePort = {
      get: async (key) => {
        await pause();
        return memory.get(key);
      },
      put: async (key, value, expectedVersion, options) => {
        await pause();
        return memory.put(key, value, expectedVersion, options);
      },
      set: async (key, value, options) => {
        await pause();
        await memory.set(key, value, options);
      },
      delete: (key) => memory.delete(key),
      maxValueBytes: memory.maxValueBytes,
      storedBytes: (value) => memory.storedBytes(value),
    };
    const okr = new OkrStore(slow, { clock: () => NOW_MS });
    await okr.createObjective(hdObjective);
    const kr = await okr.createKeyResult(manualKr('O-1'));
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        okr.appendCheckIn({
          keyResultId: kr.value.id,
          value: i,
          note: '',
          author: 'acc-1',
          atMs: NOW_MS,
          source: 'manual',
        }),
      ),
    );
    const values = (await okr.checkIns(kr.value.id)).map((c) => c.value).sort((a, b) => a - b);
    expect(values).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('keeps a history larger than one stored value in pages, and concurrent writers across a page end', async () => {
    const { memory, okr } = setup();
    await okr.createObjective(hdObjective);
    const kr = await okr.createKeyResult(manualKr('O-1'));
    const note = 'x'.repeat(1900);
    for (let i = 0; i < 110; i += 1)
      await okr.appendCheckIn({
        keyResultId: kr.value.id,
        value: i,
        note,
        author: 'acc-1',
        atMs: NOW_MS + i,
        source: 'manual',
      });
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        okr.appendCheckIn({
          keyResultId: kr.value.id,
          value: 1000 + i,
          note,
          author: 'acc-2',
          atMs: NOW_MS + 1000 + i,
          source: 'manual',
        }),
      ),
    );
    const history = await okr.checkIns(kr.value.id);
    expect(history).toHaveLength(160);
    expect(history.map((c) => c.value)).toEqual([
      ...Array.from({ length: 110 }, (_, i) => i),
      ...Array.from({ length: 50 }, (_, i) => 1000 + i),
    ]);
    const pageKeys = memory.keys().filter((key) => key.startsWith(`okr-ci:${kr.value.id}:`));
    // 160 × ~2 KB ≈ 320 KB: at least two values of at most 240 KiB each.
    expect(pageKeys.length).toBeGreaterThanOrEqual(2);
    for (const key of pageKeys) {
      const page = await memory.get(key);
      expect(memory.storedBytes(page?.value)).toBeLessThanOrEqual(memory.maxValueBytes);
    }

    // The whole history survives export and import (written back as pages again).
    const exported = await okr.exportPeriod('2026-Q4');
    const target = setup();
    await target.okr.importPeriod(JSON.parse(JSON.stringify(exported)));
    expect(await target.okr.checkIns(kr.value.id)).toEqual(history);
    expect(
      target.memory.keys().filter((key) => key.startsWith(`okr-ci:${kr.value.id}:`)).length,
    ).toBeGreaterThanOrEqual(2);
  });

  it('records a measurement once, however often it is sent', async () => {
    const { okr } = setup();
    await okr.createObjective(hdObjective);
    const kr = await okr.createKeyResult({
      ...manualKr('O-1'),
      source: 'external',
      direction: 'decrease',
      kind: { type: 'metric', start: 200, target: 170 },
    });
    const send = () =>
      okr.appendCheckIn({
        keyResultId: kr.value.id,
        value: 185,
        note: '',
        author: 'mail-monitoring',
        atMs: NOW_MS,
        source: 'external',
        measurementId: 'mail-2026-11-15',
      });
    const [a, b, c] = await Promise.all([send(), send(), send()]);
    expect([a, b, c].filter((r) => !r.duplicate)).toHaveLength(1);
    const history = await okr.checkIns(kr.value.id);
    expect(history).toHaveLength(1);
    expect([a, b, c].every((r) => r.checkIn.id === history[0]?.id)).toBe(true);
  });

  it('refuses an invalid check-in or one for a missing key result, writing nothing', async () => {
    const { memory, okr } = setup();
    await okr.createObjective(hdObjective);
    const kr = await okr.createKeyResult(manualKr('O-1'));
    const before = memory.keys();
    await expect(
      okr.appendCheckIn({
        keyResultId: kr.value.id,
        value: 70,
        confidence: 11,
        note: '',
        author: 'acc-1',
        atMs: NOW_MS,
        source: 'manual',
      }),
    ).rejects.toThrow(/confidence: the confidence is at most 10/);
    await expect(
      okr.appendCheckIn({
        keyResultId: 'KR-9',
        value: 1,
        note: '',
        author: 'acc-1',
        atMs: NOW_MS,
        source: 'manual',
      }),
    ).rejects.toBeInstanceOf(OkrNotFoundError);
    expect(memory.keys()).toEqual(before);
  });
});

describe('OKR store: issue links', () => {
  it('links many to many, readable from both sides, idempotent, and unlinks', async () => {
    const { okr } = setup();
    await okr.createObjective(hdObjective);
    await okr.createKeyResult(manualKr('O-1'));
    await okr.createKeyResult(leadTimeKr('O-1'));
    await Promise.all([
      okr.linkIssue('10001', 'KR-1'),
      okr.linkIssue('10002', 'KR-1'),
      okr.linkIssue('10001', 'KR-2'),
      okr.linkIssue('10001', 'KR-2'),
    ]);
    expect([...(await okr.issuesOf('KR-1'))].sort()).toEqual(['10001', '10002']);
    expect([...(await okr.keyResultsOf('10001'))].sort()).toEqual(['KR-1', 'KR-2']);
    await okr.unlinkIssue('10001', 'KR-1');
    expect(await okr.issuesOf('KR-1')).toEqual(['10002']);
    expect(await okr.keyResultsOf('10001')).toEqual(['KR-2']);
    await expect(okr.linkIssue('HD-1', 'KR-1')).rejects.toThrow(/issue ids are digits/);
    await expect(okr.linkIssue('10003', 'KR-77')).rejects.toBeInstanceOf(OkrNotFoundError);
  });
});

describe('OKR store: export and import of a period', () => {
  async function seeded(): Promise<OkrStore> {
    const { okr } = setup();
    await okr.createObjective(hdObjective);
    const mail = await okr.createObjective({
      ...hdObjective,
      title: 'Anmeldegeschwindigkeit erhöhen',
      scope: { type: 'project', projectKey: 'MAIL' },
      parentObjectiveId: 'O-1',
    });
    await okr.createKeyResult(leadTimeKr('O-1'));
    await okr.createKeyResult({
      objectiveId: mail.value.id,
      title: 'Fehlgeschlagene Anmeldeversuche um 15 % verringern',
      ownerAccountId: 'acc-mail',
      weight: 1,
      unit: 'sign-ins/day',
      direction: 'decrease',
      source: 'external',
      kind: { type: 'metric', start: 200, target: 170 },
    });
    await okr.appendCheckIn({
      keyResultId: 'KR-1',
      value: 11.1,
      note: 'measured',
      author: 'app',
      atMs: NOW_MS,
      source: 'measured',
      measurementId: 'flow-2026-11-15',
    });
    await okr.appendCheckIn({
      keyResultId: 'KR-2',
      value: 185,
      confidence: 7,
      note: 'nach dem Patch',
      author: 'acc-mail',
      atMs: NOW_MS - 86_400_000,
      source: 'manual',
    });
    await okr.linkIssue('10001', 'KR-1');
    await okr.linkIssue('10002', 'KR-2');
    const archived = await okr.createObjective({ ...hdObjective, title: 'Verworfen' });
    await okr.archiveObjective(archived.value.id, archived.version);
    return okr;
  }

  it('round-trips: importing an export into an empty site exports the same period', async () => {
    const source = await seeded();
    const exported = await source.exportPeriod('2026-Q4');
    expect(exported.objectives).toHaveLength(3);
    expect(exported.keyResults).toHaveLength(2);
    expect(exported.checkIns).toHaveLength(2);
    expect(exported.links).toHaveLength(2);

    const target = setup(NOW_MS + 1000).okr;
    const json: unknown = JSON.parse(JSON.stringify(exported));
    expect(await target.importPeriod(json)).toEqual({ objectives: 3, keyResults: 2, checkIns: 2, links: 2 });
    const again = await target.exportPeriod('2026-Q4');
    expect({ ...again, exportedAtMs: 0 }).toEqual({ ...exported, exportedAtMs: 0 });

    // New ids continue above the imported ones; the imported measurement stays recorded once.
    expect((await target.createObjective(hdObjective)).value.id).toBe('O-4');
    const resent = await target.appendCheckIn({
      keyResultId: 'KR-1',
      value: 11.1,
      note: 'measured',
      author: 'app',
      atMs: NOW_MS,
      source: 'measured',
      measurementId: 'flow-2026-11-15',
    });
    expect(resent.duplicate).toBe(true);
  });

  it('refuses an import whose ids exist already, or that is inconsistent, writing nothing', async () => {
    const source = await seeded();
    const exported = await source.exportPeriod('2026-Q4');
    const { memory, okr } = setup();
    await okr.importPeriod(exported);
    const keysAfterFirst = memory.keys();
    await expect(okr.importPeriod(exported)).rejects.toThrow(/O-1: O-1 exists on this site already/);
    expect(memory.keys()).toEqual(keysAfterFirst);

    const fresh = setup();
    const orphan = {
      ...exported,
      keyResults: exported.keyResults.map((kr) => ({ ...kr, objectiveId: 'O-42' })),
    };
    await expect(fresh.okr.importPeriod(orphan)).rejects.toBeInstanceOf(OkrValidationError);
    await expect(fresh.okr.importPeriod({ format: 'something else' })).rejects.toThrow(
      /not an OKR period export/,
    );
    expect(fresh.memory.keys()).toEqual([]);
  });
});
