/**
 * The flow facts store (issue 13) over the in-memory store, which refuses what Forge KVS refuses (240 KiB per
 * value, key format, versions): chunking within the limits, concurrent writers, splits, stale and deleted issues.
 */
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { CHUNK_MAX_BYTES, FlowFactsStore } from '../../src/application/flow-facts-store';
import type { FactsChunkValue, FactsDirectoryValue } from '../../src/application/flow-facts-chunks';
import { TOMBSTONE_KEEP_MS, compareIds } from '../../src/application/flow-facts-chunks';
import { CLAIM_EXPIRY_MS } from '../../src/application/flow-facts-pending';
import { PROPERTY_STALE_MAX } from '../../src/application/flow-facts-property-state';
import { NO_WAIT, countingStore, facts, ids, readyRecord } from './flow-facts-store-fixtures';

async function directoryOf(store: ReturnType<typeof createMemoryStore>, projectId: string) {
  return (await store.get<FactsDirectoryValue>(`flow-facts:sync:${projectId}`))?.value ?? null;
}

async function chunksOf(store: ReturnType<typeof createMemoryStore>, projectId: string) {
  const keys = store.keys().filter((key) => key.startsWith(`flow-facts:chunk:${projectId}:`));
  return Promise.all(
    keys.map(async (key) => ({
      key,
      value: (await store.get<FactsChunkValue>(key))?.value as FactsChunkValue,
    })),
  );
}

describe('compareIds', () => {
  it('orders digit strings numerically whatever their length', () => {
    const sorted = ['100', '99', '1000000000000000000001', '1000000000000000000000', '7'].sort(compareIds);
    expect(sorted).toEqual(['7', '99', '100', '1000000000000000000000', '1000000000000000000001']);
  });
});

describe('FlowFactsStore chunks within the KVS limits', () => {
  it('keeps 50,000 typical records in chunks below 240 KiB, at about one chunk write per 1,000 records of backfill', async () => {
    const { store, memory, counts } = countingStore();
    const facts50k = new FlowFactsStore(store, NO_WAIT);
    const all = ids(10_000, 50_000).map((id) => facts(id));
    for (let from = 0; from < all.length; from += 1_000) {
      const changed = await facts50k.upsertFacts('10000', all.slice(from, from + 1_000));
      expect(changed).toHaveLength(1_000);
    }
    const chunks = await chunksOf(memory, '10000');
    const sizes = chunks.map((chunk) => memory.storedBytes(chunk.value));
    const chunkWrites = counts.puts.filter((key) => key.startsWith('flow-facts:chunk:')).length;
    const directoryWrites = counts.puts.filter((key) => key.startsWith('flow-facts:sync:')).length;
    // The figures the report names (printed so a change of the record format shows its cost).
    console.log(
      `50,000 records: ${String(chunks.length)} chunks, ${String(Math.min(...sizes))}–${String(Math.max(...sizes))} bytes each ` +
        `(${String(Math.round(sizes.reduce((a, b) => a + b, 0) / 50_000))} bytes per record), ` +
        `${String(chunkWrites)} chunk writes and ${String(directoryWrites)} directory writes for 50 backfill steps`,
    );
    expect(Math.max(...sizes)).toBeLessThanOrEqual(CHUNK_MAX_BYTES);
    expect(Math.max(...sizes)).toBeLessThan(memory.maxValueBytes);
    // Every chunk but the last is filled (≥ 80 % of the split threshold): nothing is written half empty.
    const filled = sizes.filter((bytes) => bytes >= 0.8 * CHUNK_MAX_BYTES).length;
    expect(filled).toBeGreaterThanOrEqual(chunks.length - 1);
    // Appending ascending ids writes the last chunk and the new ones only: the bytes written over the bytes held.
    expect(chunkWrites).toBeLessThanOrEqual(50 + chunks.length);
    const read = await facts50k.readFacts('10000');
    expect(read).toHaveLength(50_000);
    expect(read[0]).toEqual(all[0]);
    expect(read[49_999]).toEqual(all[49_999]);
    const directory = await directoryOf(memory, '10000');
    expect(directory?.chunks.reduce((sum, chunk) => sum + chunk.count, 0)).toBe(50_000);
    // A view of all 50,000: the registry, names, directory, pending set and each chunk once.
    await facts50k.updateSync('10000', () => readyRecord('10000', 'HD'));
    counts.gets.length = 0;
    const startedMs = performance.now();
    const lookup = await facts50k.lookup(all.map((r) => ({ id: r.id, key: r.key })));
    const lookupMs = performance.now() - startedMs;
    console.log(
      `lookup of 50,000 issues: ${String(counts.gets.length)} store reads, ${lookupMs.toFixed(0)} ms`,
    );
    expect(lookup.records.size).toBe(50_000);
    expect(lookup.live).toEqual([]);
    expect(counts.gets).toHaveLength(4 + chunks.length);
  });

  it('keeps worst-case records (120-character summaries full of escapes and umlauts, 40 changes) within the limit', async () => {
    const memory = createMemoryStore();
    const store = new FlowFactsStore(memory, NO_WAIT);
    const heavy = ids(2_000_000, 4_000).map((id) => {
      const base = facts(id);
      const [, , first] = base.changes;
      const changes = Array.from(
        { length: 40 },
        (_, i) =>
          [
            (first?.[0] ?? 0) + i * 60_000,
            i === 0 ? null : `=Stufe "${String(i - 1)}"`,
            `=Stufe "${String(i)}"`,
          ] as const,
      );
      return { ...base, summary: `Größe "ü\\" – ${id} `.repeat(10).slice(0, 120), changes };
    });
    for (let from = 0; from < heavy.length; from += 1_000) {
      await store.upsertFacts('10000', heavy.slice(from, from + 1_000));
    }
    const sizes = (await chunksOf(memory, '10000')).map((chunk) => memory.storedBytes(chunk.value));
    console.log(
      `worst-case records: ${String(Math.round(sizes.reduce((a, b) => a + b, 0) / heavy.length))} bytes each`,
    );
    expect(Math.max(...sizes)).toBeLessThanOrEqual(CHUNK_MAX_BYTES);
    expect(await store.readFacts('10000')).toEqual(heavy);
  });

  it('does not store a record too large for a chunk, and drops its older version', async () => {
    const store = new FlowFactsStore(createMemoryStore(), NO_WAIT);
    await store.upsertFacts('10000', [facts('900', { updatedMs: 1_000 }), facts('901')]);
    const changes = Array.from({ length: 12_000 }, (_, i) => [i * 1_000, '3', '10001'] as const);
    const huge = facts('900', { updatedMs: 2_000, changes });
    expect(await store.upsertFacts('10000', [huge, facts('902')])).toEqual([facts('902')]);
    expect((await store.readFacts('10000')).map((r) => r.id)).toEqual(['901', '902']);
  });

  it('reports a record named twice in one batch once, the newer one kept', async () => {
    const store = new FlowFactsStore(createMemoryStore(), NO_WAIT);
    const older = facts('950', { updatedMs: 1_000 });
    const newer = facts('950', { updatedMs: 2_000, status: '3' });
    expect(await store.upsertFacts('10000', [newer, older])).toEqual([newer]);
    expect(await store.readFacts('10000')).toEqual([newer]);
  });

  it('splits a full chunk without losing a record, each piece holding one id range', async () => {
    const memory = createMemoryStore();
    const small = new FlowFactsStore(memory, { ...NO_WAIT, chunkMaxBytes: 4_000 });
    // Ids in a scattered order, in batches of 37: inserts land in the middle of full chunks, not only at the end.
    const scattered = ids(1, 600)
      .map((id) => String((Number(id) * 7_919) % 100_003))
      .map((id) => facts(id));
    for (let from = 0; from < scattered.length; from += 37) {
      await small.upsertFacts('10000', scattered.slice(from, from + 37));
    }
    const read = await small.readFacts('10000');
    expect(read.map((r) => r.id)).toEqual(scattered.map((r) => r.id).sort(compareIds));
    const directory = (await directoryOf(memory, '10000')) as FactsDirectoryValue;
    expect(directory.chunks.length).toBeGreaterThan(10);
    // Each chunk's records lie in [from, upTo) of its directory entry and its own bound; sizes stay below.
    for (const [index, entry] of directory.chunks.entries()) {
      const chunk = (await memory.get<FactsChunkValue>(`flow-facts:chunk:10000:${String(entry.n)}`))
        ?.value as FactsChunkValue;
      expect(memory.storedBytes(chunk)).toBeLessThanOrEqual(4_000);
      const next = directory.chunks[index + 1];
      expect(chunk.upTo).toBe(next?.from ?? null);
      expect(chunk.next).toBe(next?.n ?? null);
      expect(chunk.records).toHaveLength(entry.count);
    }
  });
});

describe('FlowFactsStore concurrent writers', () => {
  it('loses nothing when two writers upsert into one chunk at once', async () => {
    const { store, counts } = countingStore();
    const facts2 = new FlowFactsStore(store, NO_WAIT);
    await facts2.upsertFacts('10000', [facts('100')]);
    const [a, b] = await Promise.all([
      facts2.upsertFacts(
        '10000',
        ids(200, 50).map((id) => facts(id)),
      ),
      facts2.upsertFacts(
        '10000',
        ids(300, 50).map((id) => facts(id)),
      ),
    ]);
    expect(counts.conflicts).toBeGreaterThan(0);
    expect(a).toHaveLength(50);
    expect(b).toHaveLength(50);
    expect((await facts2.readFacts('10000')).map((r) => r.id)).toEqual([
      '100',
      ...ids(200, 50),
      ...ids(300, 50),
    ]);
  });

  it('loses nothing when writers split the same chunks at once (two store instances, small chunks)', async () => {
    const memory = createMemoryStore();
    const { store, counts } = countingStore(memory);
    const writer1 = new FlowFactsStore(store, { ...NO_WAIT, chunkMaxBytes: 3_000 });
    const writer2 = new FlowFactsStore(store, { ...NO_WAIT, chunkMaxBytes: 3_000 });
    const odd = ids(0, 300).map((i) => String(1_000 + 2 * Number(i) + 1));
    const even = ids(0, 300).map((i) => String(1_000 + 2 * Number(i)));
    for (let from = 0; from < 300; from += 30) {
      await Promise.all([
        writer1.upsertFacts(
          '10000',
          odd.slice(from, from + 30).map((id) => facts(id)),
        ),
        writer2.upsertFacts(
          '10000',
          even.slice(from, from + 30).map((id) => facts(id)),
        ),
      ]);
    }
    expect(counts.conflicts).toBeGreaterThan(0);
    const read = await writer1.readFacts('10000');
    expect(read.map((r) => r.id)).toEqual([...odd, ...even].sort(compareIds));
    const lookup = await writer2.readFacts('10000');
    expect(lookup).toHaveLength(600);
  });

  it('reaches records of a split the directory does not list yet through the chunk links', async () => {
    const memory = createMemoryStore();
    const small = new FlowFactsStore(memory, { ...NO_WAIT, chunkMaxBytes: 3_000 });
    await small.upsertFacts(
      '10000',
      ids(1_000, 40).map((id) => facts(id)),
    );
    // A split that crashed before its directory write: the directory lists the first chunk only.
    const directory = (await directoryOf(memory, '10000')) as FactsDirectoryValue;
    expect(directory.chunks.length).toBeGreaterThan(1);
    const stored = await memory.get<FactsDirectoryValue>('flow-facts:sync:10000');
    await memory.put(
      'flow-facts:sync:10000',
      { ...directory, chunks: directory.chunks.slice(0, 1) },
      stored?.version ?? null,
    );
    expect(await small.readFacts('10000')).toHaveLength(40);
    await small.updateSync('10000', () => readyRecord('10000', 'HD'));
    const seen = await small.lookup([{ id: '1039', key: 'HD-1039' }]);
    expect(seen.records.get('1039')).toEqual(facts('1039'));
    // A write beyond the first chunk follows the link and lists the chunk again.
    const late = facts('1039', { status: '3', updatedMs: facts('1039').updatedMs + 1 });
    expect(await small.upsertFacts('10000', [late])).toEqual([late]);
    const repaired = (await directoryOf(memory, '10000')) as FactsDirectoryValue;
    expect(repaired.chunks.length).toBeGreaterThan(1);
    expect((await small.readFacts('10000')).find((r) => r.id === '1039')).toEqual(late);
  });
});

describe('FlowFactsStore record order and deletions', () => {
  it('refuses a stale upsert and reports only records that changed', async () => {
    const store = new FlowFactsStore(createMemoryStore(), NO_WAIT);
    const current = facts('500', { status: '10001', updatedMs: 2_000_000 });
    expect(await store.upsertFacts('10000', [current])).toEqual([current]);
    const stale = facts('500', { status: '10002', updatedMs: 1_000_000 });
    expect(await store.upsertFacts('10000', [stale])).toEqual([]);
    expect(await store.upsertFacts('10000', [current])).toEqual([]);
    expect(await store.readFacts('10000')).toEqual([current]);
    const newer = facts('500', { status: '10002', updatedMs: 3_000_000 });
    expect(await store.upsertFacts('10000', [newer])).toEqual([newer]);
    expect(await store.readFacts('10000')).toEqual([newer]);
  });

  it('lets a tombstone block older upserts, accepts a newer one, and prunes it after 7 days', async () => {
    let nowMs = 10_000_000;
    const memory = createMemoryStore();
    const store = new FlowFactsStore(memory, { ...NO_WAIT, clock: () => nowMs });
    await store.upsertFacts('10000', [
      facts('700', { updatedMs: 1_000 }),
      facts('701', { updatedMs: 1_000 }),
    ]);
    await store.removeFacts('10000', ['700'], 5_000);
    expect((await store.readFacts('10000')).map((r) => r.id)).toEqual(['701']);
    // A flush that read the issue before it was deleted arrives late: refused (a tie counts as deleted too).
    expect(await store.upsertFacts('10000', [facts('700', { updatedMs: 4_000 })])).toEqual([]);
    expect(await store.upsertFacts('10000', [facts('700', { updatedMs: 5_000 })])).toEqual([]);
    expect(await store.readFacts('10000')).toHaveLength(1);
    // A removal observed before the stored record's update keeps the record.
    await store.removeFacts('10000', ['701'], 500);
    expect((await store.readFacts('10000')).map((r) => r.id)).toEqual(['701']);
    expect((await chunksOf(memory, '10000'))[0]?.value.tombs).toEqual({ '700': 5_000 });
    // Seven days later the next write of the chunk prunes the tombstone.
    nowMs = 5_000 + TOMBSTONE_KEEP_MS + 1;
    await store.upsertFacts('10000', [facts('702', { updatedMs: 6_000 })]);
    expect((await chunksOf(memory, '10000'))[0]?.value.tombs).toEqual({});
    const moved = facts('700', { updatedMs: 9_000 });
    expect(await store.upsertFacts('10000', [moved])).toEqual([moved]);
  });

  it('accepts a record newer than its tombstone (an issue moved away and back)', async () => {
    const store = new FlowFactsStore(createMemoryStore(), NO_WAIT);
    await store.removeFacts('10000', ['800'], 5_000);
    const back = facts('800', { updatedMs: 6_000 });
    expect(await store.upsertFacts('10000', [back])).toEqual([back]);
    expect(await store.readFacts('10000')).toEqual([back]);
  });
});

describe('FlowFactsStore pending set', () => {
  it('tells exactly one of two concurrent writers to push the flush', async () => {
    const store = new FlowFactsStore(createMemoryStore(), NO_WAIT);
    const results = await Promise.all([
      store.addPending('10000', ['1'], 1_000),
      store.addPending('10000', ['2'], 1_000),
    ]);
    expect(results.filter((r) => r.flushDue)).toHaveLength(1);
    expect([...(await store.readPending('10000'))].sort()).toEqual(['1', '2']);
  });

  it('asks for a flush again when the set was emptied or the last push is over 5 minutes old', async () => {
    const store = new FlowFactsStore(createMemoryStore(), NO_WAIT);
    expect(await store.addPending('10000', ['1'], 0)).toEqual({ flushDue: true });
    expect(await store.addPending('10000', ['2'], 60_000)).toEqual({ flushDue: false });
    expect(await store.addPending('10000', ['1'], 300_000)).toEqual({ flushDue: false });
    // The flush pushed at 0 never came: the next event after 5 minutes pushes another, once.
    expect(await store.addPending('10000', ['3'], 300_001)).toEqual({ flushDue: true });
    expect(await store.addPending('10000', ['4'], 300_002)).toEqual({ flushDue: false });
    expect(await store.removePending('10000', ['1', '2'])).toEqual({ remaining: 2, overflow: false });
    expect(await store.removePending('10000', ['3', '4'])).toEqual({ remaining: 0, overflow: false });
    expect(await store.addPending('10000', ['5'], 300_003)).toEqual({ flushDue: true });
  });

  it('keeps at most 10,000 ids and marks the overflow until a flush that saw it clears it', async () => {
    const store = new FlowFactsStore(createMemoryStore(), NO_WAIT);
    await store.addPending('10000', ids(1, 9_999), 1_000);
    await store.addPending('10000', ids(20_000, 3), 2_000);
    const set = await store.readPendingSet('10000');
    expect(set.ids).toHaveLength(10_000);
    expect(set.overflow).toEqual({ sinceMs: 2_000, drops: 2 });
    // Another drop after the flush read the set: the mark stays.
    await store.addPending('10000', ['30000'], 3_000);
    expect(await store.removePending('10000', set.ids, { overflowDrops: 2 })).toEqual({
      remaining: 0,
      overflow: true,
    });
    expect(await store.removePending('10000', [], { overflowDrops: 3 })).toEqual({
      remaining: 0,
      overflow: false,
    });
    expect(await store.addPending('10000', ['1'], 4_000)).toEqual({ flushDue: true });
  });

  it('claims ids for a flush: views read them live until the flush drops exactly its claim', async () => {
    const store = new FlowFactsStore(createMemoryStore(), NO_WAIT);
    await store.updateSync('10000', () => readyRecord('10000', 'HD'));
    await store.upsertFacts('10000', [facts('1'), facts('2'), facts('3')]);
    await store.addPending('10000', ['1', '2'], 1_000);
    const claim = await store.claimPending('10000', 1_000, 2_000);
    expect(claim).toMatchObject({ ids: ['1', '2'], overflow: null, remaining: 0 });
    const asked = [
      { id: '1', key: 'HD-1' },
      { id: '2', key: 'HD-2' },
      { id: '3', key: 'HD-3' },
    ];
    // Being flushed: the stored record may be older than Jira.
    expect((await store.lookup(asked)).live).toEqual(['1', '2']);
    // An event about 2 during the flush's read waits again (the waiting set was empty: a flush is pushed).
    expect(await store.addPending('10000', ['2'], 2_500)).toEqual({ flushDue: true });
    expect(await store.claimPending('10000', 1_000, 2_600)).toMatchObject({ ids: ['2'] });
    await store.releaseClaim('10000', claim.atMs);
    expect(await store.readPending('10000')).toEqual(['2']);
    expect((await store.lookup(asked)).live).toEqual(['2']);
  });

  it("gives a failed flush's claim back to the waiting ids", async () => {
    const store = new FlowFactsStore(createMemoryStore(), NO_WAIT);
    await store.addPending('10000', ids(1, 5), 1_000);
    const claim = await store.claimPending('10000', 2, 2_000);
    expect(claim).toMatchObject({ ids: ['1', '2'], remaining: 3 });
    expect(await store.returnClaim('10000', claim.atMs, 3_000)).toEqual({ flushDue: false });
    expect([...(await store.readPending('10000'))].sort()).toEqual(ids(1, 5));
    expect((await store.claimPending('10000', 10, 4_000)).ids).toHaveLength(5);
  });

  it('lets the next flush re-claim the ids of a flush that died, and ignores its late release', async () => {
    const store = new FlowFactsStore(createMemoryStore(), NO_WAIT);
    await store.addPending('10000', ['1', '2'], 0);
    const dead = await store.claimPending('10000', 1_000, 1_000);
    await store.addPending('10000', ['3'], 2_000);
    // Not expired yet: only the waiting id is claimed.
    const next = await store.claimPending('10000', 1_000, 1_000 + CLAIM_EXPIRY_MS);
    expect(next).toMatchObject({ ids: ['3'], remaining: 0 });
    const again = await store.claimPending('10000', 1_000, 1_001 + CLAIM_EXPIRY_MS);
    expect(again).toMatchObject({ ids: ['1', '2'], remaining: 0 });
    await store.releaseClaim('10000', dead.atMs);
    expect([...(await store.readPending('10000'))].sort()).toEqual(['1', '2', '3']);
    await store.releaseClaim('10000', next.atMs);
    await store.releaseClaim('10000', again.atMs);
    expect(await store.readPending('10000')).toEqual([]);
    expect(await store.addPending('10000', ['4'], 1_002 + CLAIM_EXPIRY_MS)).toEqual({ flushDue: true });
  });

  it('takes a dead claim over in batches, its ids first, and claims an id waiting again only once', async () => {
    const store = new FlowFactsStore(createMemoryStore(), NO_WAIT);
    await store.addPending('10000', ids(1, 3), 0);
    await store.claimPending('10000', 1_000, 1_000);
    await store.addPending('10000', ['2', '4', '5'], 2_000);
    const laterMs = 1_001 + CLAIM_EXPIRY_MS;
    const first = await store.claimPending('10000', 2, laterMs);
    expect(first).toMatchObject({ ids: ['1', '2'], remaining: 3 });
    const second = await store.claimPending('10000', 2, laterMs + 1);
    expect(second).toMatchObject({ ids: ['3', '4'], remaining: 1 });
    const third = await store.claimPending('10000', 2, laterMs + 2);
    expect(third).toMatchObject({ ids: ['5'], remaining: 0 });
    for (const claim of [first, second, third]) await store.releaseClaim('10000', claim.atMs);
    expect(await store.readPending('10000')).toEqual([]);
  });

  it('counts claimed ids against the 10,000 the set holds', async () => {
    const store = new FlowFactsStore(createMemoryStore(), NO_WAIT);
    await store.addPending('10000', ids(1, 9_000), 1_000);
    await store.claimPending('10000', 1_000, 2_000);
    await store.addPending('10000', ids(20_000, 1_001), 3_000);
    const set = await store.readPendingSet('10000');
    expect(set.ids).toHaveLength(9_000);
    expect(set.overflow).toEqual({ sinceMs: 3_000, drops: 1 });
  });
});

describe('FlowFactsStore property state', () => {
  it('keeps failed writes bounded, marks a settings change, and clears only the mark a rewrite saw', async () => {
    const memory = createMemoryStore();
    const store = new FlowFactsStore(memory, NO_WAIT);
    await store.notePropertiesWritten('10000', 'a');
    await store.notePropertiesStale('10000', ['1', '2']);
    expect(await store.readPropertyState('10000')).toMatchObject({
      stamp: 'a',
      rewriteAll: false,
      stale: ['1', '2'],
    });
    // The nightly rewrite of the stale ids (a second failure of 3 came meanwhile: it stays).
    const night = await store.readPropertyState('10000');
    await store.notePropertiesStale('10000', ['3']);
    await store.settleProperties('10000', night, { stamp: 'a', all: false, written: ['1', '2'] });
    expect(await store.readPropertyState('10000')).toMatchObject({
      stamp: 'a',
      rewriteAll: false,
      stale: ['3'],
    });

    // More failures than the set holds: every property is rewritten instead.
    await store.notePropertiesStale('10000', ids(1_000, PROPERTY_STALE_MAX));
    const full = await store.readPropertyState('10000');
    expect(full).toMatchObject({ rewriteAll: true, stale: [] });
    expect(memory.storedBytes(full)).toBeLessThan(1_000);
    // Properties written with other settings during the rewrite: the mark stays for the next night.
    await store.notePropertiesWritten('10000', 'b');
    await store.settleProperties('10000', full, { stamp: 'a', all: true, written: ['3'] });
    expect(await store.readPropertyState('10000')).toMatchObject({ stamp: 'b', rewriteAll: true, stale: [] });
    const next = await store.readPropertyState('10000');
    await store.settleProperties('10000', next, { stamp: 'b', all: true, written: [] });
    expect(await store.readPropertyState('10000')).toMatchObject({ stamp: 'b', rewriteAll: false });
  });
});

describe('FlowFactsStore sync record, registry, names and listed ids', () => {
  const ready = readyRecord;

  it('registers a project with its sync record and shows the state without the backfill position', async () => {
    const store = new FlowFactsStore(createMemoryStore(), NO_WAIT);
    expect(await store.updateSync('10000', () => null)).toBeNull();
    expect(await store.listProjects()).toEqual([]);
    await store.updateSync('10000', () => ready('10000', 'HD'));
    await store.updateSync('10000', (prev) =>
      prev === null ? null : { ...prev, projectKey: 'SD', step: 4 },
    );
    expect(await store.listProjects()).toEqual([{ projectId: '10000', projectKey: 'SD' }]);
    const state = await store.readState('10000');
    expect(state).toMatchObject({ projectKey: 'SD', phase: 'ready' });
    expect(state).not.toHaveProperty('cursor');
    expect(await store.readState('20000')).toBeNull();
  });

  it('writes names only when something is new', async () => {
    const { store, counts } = countingStore();
    const facts2 = new FlowFactsStore(store, NO_WAIT);
    await facts2.mergeNames({
      statuses: { '3': ['In Progress', 'indeterminate'] },
      types: { '10004': 'Bug' },
    });
    await facts2.mergeNames({ statuses: { '3': ['In Progress', 'indeterminate'] }, types: {} });
    expect(counts.puts.filter((key) => key === 'flow-facts:names')).toHaveLength(1);
    await facts2.mergeNames({ statuses: { '3': ['In Arbeit', 'indeterminate'] }, types: {} });
    expect((await facts2.readNames()).statuses['3']).toEqual(['In Arbeit', 'indeterminate']);
    expect(counts.puts.filter((key) => key === 'flow-facts:names')).toHaveLength(2);
  });

  it('stores listed ids in values of 10,000 and replaces a longer listing whole', async () => {
    const memory = createMemoryStore();
    const store = new FlowFactsStore(memory, NO_WAIT);
    const listed = ids(100_000, 25_000);
    await store.saveListedIds('10000', listed);
    expect(memory.keys().filter((key) => key.startsWith('flow-facts:ids:10000:'))).toHaveLength(3);
    expect(await store.readListedIds('10000', 9_990, 20)).toEqual(listed.slice(9_990, 10_010));
    expect(await store.readListedIds('10000', 24_000, 5_000)).toEqual(listed.slice(24_000));
    await store.saveListedIds('10000', listed.slice(0, 5));
    expect(memory.keys().filter((key) => key.startsWith('flow-facts:ids:10000:'))).toHaveLength(1);
    expect(await store.readListedIds('10000', 0, 1_000)).toEqual(listed.slice(0, 5));
    await store.dropListedIds('10000');
    expect(memory.keys().filter((key) => key.startsWith('flow-facts:ids:'))).toEqual([]);
  });

  describe('lookup', () => {
    async function site() {
      const { store, counts } = countingStore();
      const facts3 = new FlowFactsStore(store, NO_WAIT);
      await facts3.updateSync('10000', () => ready('10000', 'HD'));
      await facts3.updateSync('20000', () => ready('20000', 'OPS'));
      await facts3.updateSync('30000', () => ({ ...ready('30000', 'NEW'), phase: 'loading', loaded: 1_000 }));
      await facts3.upsertFacts('10000', [facts('1'), facts('2'), facts('3'), facts('5')]);
      await facts3.upsertFacts('20000', [facts('9', { key: 'OPS-9', projectId: '20000' })]);
      await facts3.upsertFacts('30000', [facts('7', { key: 'NEW-7', projectId: '30000' })]);
      await facts3.mergeNames({ statuses: { '10002': ['Done', 'done'] }, types: {} });
      await facts3.addPending('10000', ['2'], 1_000);
      return { facts3, counts };
    }

    it('gives ready records and sends pending, unknown, not-ready and moved issues live', async () => {
      const { facts3 } = await site();
      const result = await facts3.lookup([
        { id: '3', key: 'HD-3' },
        { id: '2', key: 'HD-2' },
        { id: '7', key: 'NEW-7' },
        { id: '40', key: 'ZZ-40' },
        // Moved from HD to OPS: OPS has no record of it yet, and HD's record must not be used.
        { id: '5', key: 'OPS-12' },
        { id: '9', key: 'OPS-9' },
        { id: '1', key: 'HD-1' },
        // A record of another key (moved away and back again, not flushed yet): stale.
        { id: '4', key: 'HD-4' },
      ]);
      expect([...result.records.keys()].sort()).toEqual(['1', '3', '9']);
      expect(result.records.get('3')).toEqual(facts('3'));
      expect(result.live).toEqual(['2', '7', '40', '5', '4']);
      expect(result.notReady).toEqual([expect.objectContaining({ projectId: '30000', phase: 'loading' })]);
      expect(result.notReady[0]).not.toHaveProperty('step');
      expect(result.names.statuses['10002']).toEqual(['Done', 'done']);
    });

    it('sends a record whose key differs from the search live', async () => {
      const { facts3 } = await site();
      const result = await facts3.lookup([{ id: '3', key: 'HD-33' }]);
      expect(result.records.size).toBe(0);
      expect(result.live).toEqual(['3']);
    });

    it('reads only the chunks of the projects asked for', async () => {
      const { facts3, counts } = await site();
      counts.gets.length = 0;
      await facts3.lookup([{ id: '9', key: 'OPS-9' }]);
      expect(counts.gets.filter((key) => key.startsWith('flow-facts:chunk:'))).toEqual([
        'flow-facts:chunk:20000:0',
      ]);
      expect(counts.gets.some((key) => key.includes(':10000'))).toBe(false);
    });

    it('answers a project whose pending set overflowed from its facts, pending ids live, and says it catches up', async () => {
      const { facts3 } = await site();
      await facts3.addPending('10000', ids(100, 10_000), 2_000);
      const result = await facts3.lookup([
        { id: '3', key: 'HD-3' },
        { id: '2', key: 'HD-2' },
        { id: '9', key: 'OPS-9' },
      ]);
      expect([...result.records.keys()].sort()).toEqual(['3', '9']);
      expect(result.live).toEqual(['2']);
      expect(result.catchingUp).toEqual(['10000']);
    });
  });
});
