/**
 * The flow cache on Forge's terms: a 20,000-issue project view stored through the KVS adapter over a fake of
 * `@forge/kvs` that enforces Forge's limits (and through the in-memory store) reads back equal; entries are typed,
 * owned and validated when read; invalidation is a blind write that any number of concurrent issue events survive;
 * a failed write leaves nothing behind.
 */
import { BENCH_WORKFLOW_MAPPING, iterateProject, projectEndMs } from '../../bench/generate-project';
import { KvsStore, VERSIONED_ENTITY, VERSIONED_ENTITY_SCHEMA } from '../../src/adapters/store/kvs-store';
import { MemoryKvs } from '../../src/adapters/store/memory-kvs';
import { createMemoryStore, type MemoryStore } from '../../src/adapters/store/memory-store';
import {
  CHANGE_STAMP_SLACK_MS,
  CHUNK_CHARS,
  flowCacheKey,
  markProjectChanged,
  ownerKeyOf,
  readFlowCache,
  splitForStore,
  writeFlowCache,
  type FlowCacheEntryRef,
} from '../../src/application/flow-cache';
import type { StorePort } from '../../src/application/ports/store-port';
import { isProjectFlowView } from '../../src/application/project-flow';
import type { ProjectFlowView } from '../../src/contract/project-flow';
import { createFlowAccumulator } from '../../src/domain/flow/engine';
import { buildProjectFlowView } from '../../src/domain/flow/project-view';
import { createIssueEventInvalidator } from '../../src/entry/triggers/issue-event-trigger';

const START_MS = Date.UTC(2022, 0, 3);
const CALENDAR = { timeZone: 'UTC', workingWeekdays: [1, 2, 3, 4, 5], holidays: [] };
const anyValue = (value: unknown): value is unknown => value !== undefined;

function kvsStore(kvs = new MemoryKvs({ [VERSIONED_ENTITY]: VERSIONED_ENTITY_SCHEMA })): KvsStore {
  return new KvsStore(kvs.asClient());
}

/** The project page's view of a generated 20,000-issue project, summaries full of quotes, umlauts and emoji. */
function bigProjectView(): ProjectFlowView {
  const asOfMs = projectEndMs(START_MS);
  const accumulator = createFlowAccumulator({
    mode: 'canonical',
    mapping: BENCH_WORKFLOW_MAPPING,
    startPolicy: 'first',
    timeZone: 'UTC',
    asOfMs,
    calendar: CALENDAR,
    forecast: { trials: 100 },
  });
  const summaries = new Map<string, string>();
  for (const issue of iterateProject({ issues: 20_000, seed: 7, startMs: START_MS })) {
    accumulator.add(issue);
    summaries.set(issue.key ?? '', `Drucker "3. OG" \\\\ defekt – äöü 🖨 ${issue.key ?? ''}`);
  }
  return buildProjectFlowView({
    facts: accumulator.finishFacts(),
    projectKey: 'BIG',
    from: '2022-01-03',
    to: new Date(asOfMs).toISOString().slice(0, 10),
    percentiles: [50, 85, 95],
    calendar: CALENDAR,
    windowDays: 90,
    summaries,
    issueTypes: [],
    jql: null,
    mappingVersion: null,
    mappingDerived: true,
    computedAtMs: asOfMs,
  });
}

const entry = (overrides: Partial<FlowCacheEntryRef> = {}): FlowCacheEntryRef => ({
  projectId: '10000',
  hash: 'h1',
  kind: 'project-view',
  owner: ownerKeyOf('a'),
  ...overrides,
});

describe('a 20,000-issue project view in the cache', () => {
  let view: ProjectFlowView;
  beforeAll(() => {
    view = bigProjectView();
  });

  it.each([
    ['the KVS adapter over the Forge-limits fake of @forge/kvs', () => kvsStore()],
    ['the in-memory store', () => createMemoryStore()],
  ])(
    'is stored through %s in chunks that each fit 240 KiB as stored, and reads back equal',
    async (_name, make) => {
      const store: StorePort = make();
      const text = JSON.stringify(view);
      expect(view.issues.rows).toHaveLength(20_000);
      expect(Buffer.byteLength(text)).toBeGreaterThan(2_000_000);

      await writeFlowCache(store, entry(), view, { basedOnMs: 1, computedAtMs: view.computedAtMs });
      const cached = await readFlowCache(store, entry(), view.computedAtMs, { isValue: isProjectFlowView });

      expect(cached?.fresh).toBe(true);
      expect(cached?.value).toEqual(view);
    },
    60_000,
  );

  it('needed the exact measure: chunks sized by one JSON.stringify are refused by the KVS adapter', async () => {
    const store = kvsStore();
    const text = JSON.stringify(view);
    // The old chunking: 230,000 bytes of `JSON.stringify(piece)`, below 240 KiB only before the adapter wraps the
    // piece in its row and escapes it again.
    const oldPieces = splitForStore(text, (piece) => Buffer.byteLength(JSON.stringify(piece)), 230_000);
    const refused = await Promise.allSettled(
      oldPieces.map((piece, i) => store.set(`old:${String(i)}`, piece)),
    );
    expect(
      refused.some((r) => r.status === 'rejected' && (r.reason as { code?: string }).code === 'MAX_SIZE'),
    ).toBe(true);
    // The exact measure of the store: every piece fits, and they are no more than needed.
    const pieces = splitForStore(text, (piece) => store.storedBytes(piece), store.maxValueBytes);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) expect(store.storedBytes(piece)).toBeLessThanOrEqual(store.maxValueBytes);
    const totalStored = pieces.reduce((sum, piece) => sum + store.storedBytes(piece), 0);
    expect(pieces.length).toBeLessThanOrEqual(Math.ceil(totalStored / (store.maxValueBytes * 0.9)));
  }, 60_000);
});

describe('splitForStore', () => {
  it('never splits a surrogate pair and always yields at least one piece', () => {
    const measure = (piece: string): number => Buffer.byteLength(JSON.stringify(piece));
    expect(splitForStore('', measure, 100)).toEqual(['']);
    const text = '🖨'.repeat(CHUNK_CHARS);
    const pieces = splitForStore(text, measure, 240 * 1024);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) expect(piece.charCodeAt(piece.length - 1)).not.toBe(0xd83d);
  });
});

describe('cache entries are typed, owned and validated when read', () => {
  it('reads an entry only as its own kind and for its own owner', async () => {
    const store = createMemoryStore();
    await writeFlowCache(
      store,
      entry({ kind: 'gadget-view' }),
      { gadget: true },
      { basedOnMs: 1, computedAtMs: 1 },
    );
    expect(
      await readFlowCache(store, entry({ kind: 'gadget-view' }), 2, { isValue: anyValue }),
    ).toMatchObject({
      value: { gadget: true },
    });
    expect(await readFlowCache(store, entry(), 2, { isValue: anyValue })).toBeNull();
    expect(
      await readFlowCache(store, entry({ kind: 'gadget-view', owner: ownerKeyOf('b') }), 2, {
        isValue: anyValue,
      }),
    ).toBeNull();
  });

  it('treats a malformed manifest, a corrupt or missing chunk, or a refused value as a miss', async () => {
    const store = createMemoryStore();
    await writeFlowCache(store, entry(), { not: 'a view' }, { basedOnMs: 1, computedAtMs: 1 });
    expect(await readFlowCache(store, entry(), 2, { isValue: isProjectFlowView })).toBeNull();

    await writeFlowCache(store, entry(), ['ok'], { basedOnMs: 1, computedAtMs: 1 });
    const chunkKey = store.keys().find((key) => key.startsWith(`${flowCacheKey('10000', 'h1')}:`)) ?? '';
    await store.set(chunkKey, '[not json');
    expect(await readFlowCache(store, entry(), 2, { isValue: anyValue })).toBeNull();
    await store.delete(chunkKey);
    expect(await readFlowCache(store, entry(), 2, { isValue: anyValue })).toBeNull();

    await store.set(flowCacheKey('10000', 'h1'), { schema: 1, chunkKeys: 'nope' });
    expect(await readFlowCache(store, entry(), 2, { isValue: anyValue })).toBeNull();
  });

  it('never reads chunks of another entry: a manifest naming foreign chunk keys is a miss', async () => {
    const store = createMemoryStore();
    const mine = entry({ hash: 'mine', owner: ownerKeyOf('a') });
    const theirs = entry({ hash: 'theirs', owner: ownerKeyOf('b') });
    await writeFlowCache(store, mine, ['a’s issues'], { basedOnMs: 1, computedAtMs: 1 });
    await writeFlowCache(store, theirs, ['b’s secret issues'], { basedOnMs: 1, computedAtMs: 1 });
    const myManifest = (await store.get<Record<string, unknown>>(flowCacheKey('10000', 'mine')))?.value;
    const theirManifest = (await store.get<Record<string, unknown>>(flowCacheKey('10000', 'theirs')))?.value;
    // My manifest (my kind, my owner) pointing at b's chunks, e.g. after a bug or a hand edit of the store.
    await store.set(flowCacheKey('10000', 'mine'), {
      ...myManifest,
      chunkKeys: theirManifest?.['chunkKeys'],
      chars: theirManifest?.['chars'],
    });

    expect(await readFlowCache(store, mine, 2, { isValue: anyValue })).toBeNull();
  });

  it('never serves as fresh an entry computed “in the future” (a skewed clock would keep it fresh for that long)', async () => {
    const store = createMemoryStore();
    const dayMs = 86_400_000;
    await writeFlowCache(store, entry(), ['v'], { basedOnMs: 10 * dayMs, computedAtMs: 10 * dayMs });
    const early = await readFlowCache(store, entry(), 9 * dayMs, { isValue: anyValue, maxAgeMs: 3_600_000 });
    expect(early).toMatchObject({ value: ['v'], fresh: false });
    // Within the stamps' slack of the reader's clock it is fresh, as before.
    const slight = await readFlowCache(store, entry(), 10 * dayMs - 30_000, {
      isValue: anyValue,
      maxAgeMs: 3_600_000,
    });
    expect(slight?.fresh).toBe(true);
  });

  it('hashes keys with SHA-256 and keeps each user’s entry apart', () => {
    expect(ownerKeyOf('557058:f58131cb-b67d-43c7-b30d-6b58d40bd077')).toMatch(/^[0-9a-f]{64}$/);
    expect(ownerKeyOf('a')).not.toBe(ownerKeyOf('b'));
    expect(ownerKeyOf(null)).not.toBe(ownerKeyOf('anonymous'));
  });
});

describe('invalidation by issue events', () => {
  const updated = (projectId: string, items: unknown[] = [{ field: 'status', fieldId: 'status' }]) => ({
    eventType: 'avi:jira:updated:issue',
    issue: { id: '1', key: 'HD-1', fields: { project: { id: projectId, key: 'HD' } } },
    changelog: { items },
  });

  async function freshAt(store: MemoryStore, projectId: string, nowMs: number): Promise<boolean | undefined> {
    return (await readFlowCache(store, entry({ projectId }), nowMs, { isValue: anyValue, maxAgeMs: 1e12 }))
      ?.fresh;
  }

  it('survives 50 concurrent events with no failure, and every reader sees the views stale', async () => {
    const store = createMemoryStore();
    for (const projectId of ['10000', '20000'])
      await writeFlowCache(store, entry({ projectId }), 'v', { basedOnMs: 1_000, computedAtMs: 1_000 });
    const errors: unknown[] = [];
    const invalidate = createIssueEventInvalidator({
      store,
      clock: () => 5_000,
      logError: (message, error) => errors.push([message, error]),
    });

    await Promise.all(Array.from({ length: 50 }, () => invalidate(updated('10000'))));

    expect(errors).toEqual([]);
    const readers = await Promise.all(Array.from({ length: 10 }, () => freshAt(store, '10000', 6_000)));
    expect(readers).toEqual(Array.from({ length: 10 }, () => false));
    expect(await freshAt(store, '20000', 6_000)).toBe(true);
  });

  it('makes the old and the new project stale for a moved issue, and the project of a deleted one', async () => {
    const store = createMemoryStore();
    for (const projectId of ['10000', '20000', '30000'])
      await writeFlowCache(store, entry({ projectId }), 'v', { basedOnMs: 1_000, computedAtMs: 1_000 });
    const invalidate = createIssueEventInvalidator({ store, clock: () => 5_000, logError: () => undefined });

    await invalidate(
      updated('20000', [
        {
          field: 'project',
          fieldtype: 'jira',
          from: '10000',
          fromString: 'Help desk',
          to: '20000',
          toString: 'Ops',
        },
        { field: 'Key', fieldtype: 'jira', fromString: 'HD-1', toString: 'OPS-7' },
      ]),
    );
    expect(await freshAt(store, '10000', 6_000)).toBe(false);
    expect(await freshAt(store, '20000', 6_000)).toBe(false);
    expect(await freshAt(store, '30000', 6_000)).toBe(true);

    await invalidate({
      eventType: 'avi:jira:deleted:issue',
      issue: { id: '2', fields: { project: { id: '30000' } } },
    });
    expect(await freshAt(store, '30000', 6_000)).toBe(false);
  });

  it('writes nothing for an update that cannot change a view, or an event without a project', async () => {
    const store = createMemoryStore();
    await writeFlowCache(store, entry(), 'v', { basedOnMs: 1_000, computedAtMs: 1_000 });
    const writes: string[] = [];
    const set = store.set.bind(store);
    jest.spyOn(store, 'set').mockImplementation((key, value, options) => {
      writes.push(key);
      return set(key, value, options);
    });
    const invalidate = createIssueEventInvalidator({ store, clock: () => 5_000, logError: () => undefined });

    await invalidate(updated('10000', [{ field: 'assignee', fieldId: 'assignee' }]));
    await invalidate({ eventType: 'avi:jira:created:issue', issue: {} });
    expect(writes).toEqual([]);
    await invalidate(updated('10000', [{ field: 'Flagged', fieldId: 'customfield_10021' }]));
    expect(writes).toEqual(['flow-cache-changed:10000']);
  });

  it('asks Forge to retry the event (with backoff) when a stamp cannot be written, instead of only logging it', async () => {
    const store = createMemoryStore();
    await writeFlowCache(store, entry(), 'v', { basedOnMs: 1_000, computedAtMs: 1_000 });
    const set = store.set.bind(store);
    let refusals = 1;
    jest.spyOn(store, 'set').mockImplementation((key, value, options) => {
      if (refusals-- > 0) return Promise.reject(new Error('TOO_MANY_REQUESTS: rate limit exceeded'));
      return set(key, value, options);
    });
    const errors: unknown[] = [];
    const invalidate = createIssueEventInvalidator({
      store,
      clock: () => 5_000,
      logError: (message, error) => errors.push([message, error]),
    });

    const first = await invalidate(updated('10000'));
    expect(first).toMatchObject({
      _retry: true,
      retryOptions: { retryReason: 'FUNCTION_RETRY_REQUEST', retryAfter: expect.any(Number) as number },
    });
    expect(errors).toHaveLength(1);
    expect(await freshAt(store, '10000', 6_000)).toBe(true); // not yet stale: the write failed

    // Forge delivers the event again with its retry count; the write now lands and nothing more is asked.
    const again = await invalidate({ ...updated('10000'), retryContext: { retryCount: 1 } });
    expect(again).toBeUndefined();
    expect(await freshAt(store, '10000', 6_000)).toBe(false);
  });

  it('takes project ids only from Jira’s own project field, and only numeric ones, for the stamp keys', async () => {
    const store = createMemoryStore();
    for (const projectId of ['10000', '20000'])
      await writeFlowCache(store, entry({ projectId }), 'v', { basedOnMs: 1_000, computedAtMs: 1_000 });
    const errors: unknown[] = [];
    const invalidate = createIssueEventInvalidator({
      store,
      clock: () => 5_000,
      logError: (message, error) => errors.push([message, error]),
    });

    // A select custom field named "Project" (its values any text) next to a status change.
    const answer = await invalidate(
      updated('10000', [
        { field: 'status', fieldId: 'status' },
        {
          field: 'Project',
          fieldtype: 'custom',
          fieldId: 'customfield_10050',
          from: 'Team A/B (2026)',
          to: 'x'.repeat(600),
        },
        { field: 'project', fieldtype: 'jira', fieldId: 'project', from: '20000', to: '10000' },
      ]),
    );

    expect(answer).toBeUndefined();
    expect(errors).toEqual([]);
    expect(await freshAt(store, '10000', 6_000)).toBe(false);
    expect(await freshAt(store, '20000', 6_000)).toBe(false);
    expect(
      store
        .keys()
        .filter((key) => key.startsWith('flow-cache-changed:'))
        .sort(),
    ).toEqual(['flow-cache-changed:10000', 'flow-cache-changed:20000']);
  });

  it('keeps an entry stale when its issues were read within the stamp’s slack, fresh after it', async () => {
    const store = createMemoryStore();
    await markProjectChanged(store, '10000', 10_000);
    await writeFlowCache(store, entry({ hash: 'early' }), 'v', {
      basedOnMs: 10_000 + CHANGE_STAMP_SLACK_MS,
      computedAtMs: 10_000 + CHANGE_STAMP_SLACK_MS,
    });
    await writeFlowCache(store, entry({ hash: 'late' }), 'v', {
      basedOnMs: 10_001 + CHANGE_STAMP_SLACK_MS,
      computedAtMs: 10_001 + CHANGE_STAMP_SLACK_MS,
    });
    const read = (hash: string) => readFlowCache(store, entry({ hash }), 100_000, { isValue: anyValue });
    expect((await read('early'))?.fresh).toBe(false);
    expect((await read('late'))?.fresh).toBe(true);
    // And the max age still applies.
    expect(
      (await readFlowCache(store, entry({ hash: 'late' }), 100_000, { isValue: anyValue, maxAgeMs: 10 }))
        ?.fresh,
    ).toBe(false);
  });
});

describe('a failed cache write', () => {
  it('leaves no chunks behind and the previous entry readable', async () => {
    const store = createMemoryStore();
    await writeFlowCache(store, entry(), 'previous', { basedOnMs: 1, computedAtMs: 1 });
    const before = store.keys().length;
    const set = store.set.bind(store);
    jest
      .spyOn(store, 'set')
      .mockImplementation((key, value, options) =>
        key === flowCacheKey('10000', 'h1')
          ? Promise.reject(new Error('KVS unavailable'))
          : set(key, value, options),
      );

    await expect(
      writeFlowCache(store, entry(), 'x'.repeat(600_000), { basedOnMs: 2, computedAtMs: 2 }),
    ).rejects.toThrow('KVS unavailable');

    expect(store.keys()).toHaveLength(before);
    expect((await readFlowCache(store, entry(), 3, { isValue: anyValue }))?.value).toBe('previous');
  });

  it('replaces the chunks of the entry it overwrites', async () => {
    const store = createMemoryStore();
    await writeFlowCache(store, entry(), 'x'.repeat(600_000), { basedOnMs: 1, computedAtMs: 1 });
    expect(
      store.keys().filter((key) => key.startsWith(`${flowCacheKey('10000', 'h1')}:`)).length,
    ).toBeGreaterThan(2);
    await writeFlowCache(store, entry(), 'small', { basedOnMs: 2, computedAtMs: 2 });
    expect(store.keys().filter((key) => key.startsWith(`${flowCacheKey('10000', 'h1')}:`))).toHaveLength(1);
  });
});
