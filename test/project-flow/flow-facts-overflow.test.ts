/**
 * An overflowed pending set and a growing project registry of the flow facts (issue 13, hostile review): the
 * catch-up after dropped events is read in slices with its cursor saved (a redelivered flush goes on, a run keeps
 * to its budget and chains the next), the mark clears only when everything dropped was covered; the registry
 * spills into further values instead of outgrowing one, and a project Jira answers 404 for on two nights is
 * dropped with all its facts (one night is not enough).
 */
import { JIRA_ROUTES } from '../../src/adapters/jira/jira-client';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { FlowFactsStore } from '../../src/application/flow-facts-store';
import { PENDING_MAX_IDS } from '../../src/application/flow-facts-pending';
import { GONE_CONFIRM_MS, REGISTRY_VALUE_BYTES } from '../../src/application/flow-facts-registry';
import { ensureBackfill, reconcileFacts, runFactsMessage } from '../../src/application/flow-facts-sync';
import { getProjectFlow } from '../../src/application/project-flow';
import { ADMIN, buildSeed, DAY_MS, HD_ID, START_MS, STATUS } from '../emulator/seed-builder';
import { clientFor } from '../emulator/http-client';
import { NO_WAIT, facts, ids, readyRecord } from './flow-facts-store-fixtures';
import { backfillToReady, startSyncHarness, storedFacts, type SyncHarness } from './flow-facts-sync-support';

const NOW = START_MS + 30 * DAY_MS;
const TIMEOUT_MS = 60_000;

/** Fills the project's pending set and drops `drops` more ids, then flushes the placeholders away (mark stays). */
async function overflow(facts3: FlowFactsStore, projectId: string, nowMs: number, drops = 1): Promise<void> {
  const placeholders = ids(900_000, PENDING_MAX_IDS);
  await facts3.addPending(projectId, [...placeholders, ...ids(800_000, drops)], nowMs);
  await facts3.removePending(projectId, placeholders);
}

describe('overflow catch-up progress in the store', () => {
  it('keeps the listing apart, saves the cursor and clears the mark only at the end', async () => {
    const store = createMemoryStore();
    const facts3 = new FlowFactsStore(store, NO_WAIT);
    await overflow(facts3, '10000', 2_000);
    const listing = ids(1, 2_500);
    const catchUp = await facts3.startCatchUp('10000', listing, 5_000);
    expect(catchUp).toEqual({ listedAtMs: 5_000, total: 2_500, cursor: 0, drops: 1 });
    // A rival flush's listing loses: the first one is read, the second leaves nothing behind.
    expect(await facts3.startCatchUp('10000', ids(7, 3), 6_000)).toEqual(catchUp);
    expect(store.keys().filter((key) => key.startsWith('flow-facts:catchup:10000:6000'))).toEqual([]);
    if (catchUp === null) throw new Error('no catch-up');
    expect(await facts3.readCatchUpIds('10000', catchUp, 1_000, 1_000)).toEqual(ids(1_001, 1_000));

    const left = await facts3.advanceCatchUp('10000', catchUp, 1_000);
    expect(left?.catchUp?.cursor).toBe(1_000);
    expect((await facts3.readPendingSet('10000')).overflow).not.toBeNull();
    const done = await facts3.advanceCatchUp('10000', { ...catchUp, cursor: 1_000 }, 2_500);
    expect(done).toBeNull();
    expect((await facts3.readPendingSet('10000')).overflow).toBeNull();
    expect(store.keys().filter((key) => key.startsWith('flow-facts:catchup:'))).toEqual([]);
  });

  it('keeps a mark since the listing for ids dropped after it', async () => {
    const facts3 = new FlowFactsStore(createMemoryStore(), NO_WAIT);
    await overflow(facts3, '10000', 2_000);
    const catchUp = await facts3.startCatchUp('10000', ids(1, 10), 5_000);
    if (catchUp === null) throw new Error('no catch-up');
    // The set is full again meanwhile: two more ids are dropped during the catch-up.
    await facts3.addPending('10000', ids(700_000, PENDING_MAX_IDS + 2), 5_500);
    expect((await facts3.readPendingSet('10000')).overflow).toMatchObject({ drops: 3, catchUp });
    const left = await facts3.advanceCatchUp('10000', catchUp, 10);
    expect(left).toEqual({ sinceMs: 5_000, drops: 2 });
  });
});

describe('the project registry', () => {
  it('spills into further values instead of outgrowing one (a site with thousands of projects)', async () => {
    const store = createMemoryStore();
    const facts3 = new FlowFactsStore(store, NO_WAIT);
    // A registry as an earlier version grew it: one value close to the store's limit.
    const entry = (n: number) => ({ projectId: String(100_000_000_000 + n), projectKey: `PK${String(n)}X` });
    const projects = [];
    for (let n = 0; store.storedBytes({ projects }) < store.maxValueBytes - 2_000; n++)
      projects.push(entry(n));
    await store.set('flow-facts:projects', { projects });
    for (let n = 0; n < 100; n++) {
      const { projectId, projectKey } = entry(projects.length + n);
      await facts3.updateSync(projectId, () => readyRecord(projectId, projectKey));
    }
    const listed = await facts3.listProjects();
    expect(listed).toHaveLength(projects.length + 100);
    expect(listed.at(-1)).toEqual(entry(projects.length + 99));
    const values = store.keys().filter((key) => key.startsWith('flow-facts:projects'));
    expect(values.length).toBeGreaterThan(1);
    for (const key of values.slice(1))
      expect(store.storedBytes((await store.get(key))?.value)).toBeLessThanOrEqual(REGISTRY_VALUE_BYTES);
    // A key change in the first value rewrites it there; a lookup finds the project under its new key.
    const first = entry(0);
    await facts3.updateSync(first.projectId, () => readyRecord(first.projectId, 'RENAMED'));
    await facts3.upsertFacts(first.projectId, [facts('1', { key: 'RENAMED-1', projectId: first.projectId })]);
    expect((await facts3.lookup([{ id: '1', key: 'RENAMED-1' }])).records.size).toBe(1);
    expect((await facts3.listProjects()).filter((p) => p.projectId === first.projectId)).toEqual([
      { projectId: first.projectId, projectKey: 'RENAMED' },
    ]);
  });

  it('forgets a 404 when Jira answers again, and confirms one only on another night', async () => {
    const facts3 = new FlowFactsStore(createMemoryStore(), NO_WAIT);
    expect(await facts3.noteProjectGone('10000', 1_000)).toBe(false);
    expect(await facts3.noteProjectGone('10000', 1_000 + 3_600_000)).toBe(false);
    await facts3.clearProjectGone('10000');
    expect(await facts3.noteProjectGone('10000', 1_000 + GONE_CONFIRM_MS)).toBe(false);
    expect(await facts3.noteProjectGone('10000', 1_000 + 2 * GONE_CONFIRM_MS)).toBe(true);
  });
});

describe('overflow catch-up and gone projects over the emulator', () => {
  let h: SyncHarness;

  beforeAll(async () => {
    h = await startSyncHarness(buildSeed({ hd: 30, csi: 0, sec: 0 }), { nowMs: NOW, runBudgetMs: 1 });
    await backfillToReady(h, HD_ID, 'HD');
  }, TIMEOUT_MS);
  afterAll(async () => {
    await h.stop();
  });

  async function resolve(issueId: string): Promise<void> {
    h.time.now += 60_000;
    const reply = await clientFor(h.emulator.url, ADMIN).post(`/rest/api/3/issue/${issueId}/transitions`, {
      transition: { id: STATUS.geloest.id },
    });
    expect(reply.status).toBe(204);
    await new Promise((r) => setImmediate(r));
    h.events.length = 0;
  }

  it(
    'goes on from the saved listing when a catch-up flush is delivered again after a failure',
    async () => {
      await resolve('100016');
      await overflow(h.facts, HD_ID, h.time.now);
      h.emulator.faults.inject({ endpoint: JIRA_ROUTES.bulkFetchChangelogs, status: 503, times: 20 });
      const message = { kind: 'facts-flush', jobId: 'overflow', projectId: HD_ID } as const;
      await expect(runFactsMessage(h.deps, message)).rejects.toThrow();
      h.emulator.faults.clear();
      expect((await h.facts.readPendingSet(HD_ID)).overflow?.catchUp?.cursor).toBe(0);

      h.emulator.requests.reset();
      await runFactsMessage(h.deps, message);
      // No second listing: one search page of the listed ids and one changelog fetch.
      expect(h.emulator.requests.count(JIRA_ROUTES.searchJql)).toBe(1);
      expect(h.emulator.requests.count(JIRA_ROUTES.bulkFetchChangelogs)).toBe(1);
      expect((await h.facts.readPendingSet(HD_ID)).overflow).toBeNull();
      expect((await storedFacts(h.facts, HD_ID)).get('100016')?.status).toBe(STATUS.geloest.id);
      expect(h.queue.size).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    'reads a large catch-up in slices within the run budget, chaining the next flush',
    async () => {
      await resolve('100010');
      await overflow(h.facts, HD_ID, h.time.now);
      // A bulk edit's listing: 2,500 ids (issues since deleted but one), read 1,000 per slice.
      const listing = [...ids(500_000, 2_499), '100010'];
      const catchUp = await h.facts.startCatchUp(HD_ID, listing, h.time.now);
      expect(catchUp?.total).toBe(2_500);

      await runFactsMessage(h.deps, { kind: 'facts-flush', jobId: 'slice-1', projectId: HD_ID });
      // Over its budget (1 ms) after one slice: the cursor is saved and the next flush is queued.
      expect((await h.facts.readPendingSet(HD_ID)).overflow?.catchUp?.cursor).toBe(1_000);
      expect(h.queue.size).toBe(1);
      const stored = await storedFacts(h.facts, HD_ID);
      const refs = ['100010', '100001'].map((id) => ({ id, key: stored.get(id)?.key ?? '' }));
      const view = await h.facts.lookup(refs);
      expect(view.catchingUp).toEqual([HD_ID]);
      expect(view.live).toEqual([]);
      // The project page is answered from the facts (no changelog fetch) and says it is catching up.
      const page = () =>
        getProjectFlow(h.client, h.store, 'HD', { projectKey: 'HD' }, () => h.time.now, {
          reader: h.facts,
          startBackfill: (projectId, projectKey) => ensureBackfill(h.deps, projectId, projectKey),
        });
      h.emulator.requests.reset();
      const answer = await page();
      expect(answer.status === 'ready' && answer.view.factsCatchingUp).toBe(true);
      expect(h.emulator.requests.count(JIRA_ROUTES.bulkFetchChangelogs)).toBe(0);

      await h.drain();
      expect((await h.facts.readPendingSet(HD_ID)).overflow).toBeNull();
      expect((await storedFacts(h.facts, HD_ID)).get('100010')?.status).toBe(STATUS.geloest.id);
      expect((await h.facts.lookup(refs)).catchingUp).toEqual([]);
      const after = await page();
      expect(after.status === 'ready' && after.view).not.toHaveProperty('factsCatchingUp');
    },
    TIMEOUT_MS,
  );

  it(
    'drops a project Jira answers 404 for on two nights with all its facts, not after one',
    async () => {
      const gone = '10999';
      await h.facts.updateSync(gone, () => ({ ...readyRecord(gone, 'GONE'), syncedUpToMs: h.time.now }));
      await h.facts.upsertFacts(gone, [facts('5', { key: 'GONE-5', projectId: gone })]);
      await h.facts.saveListedIds(gone, ['5']);
      await h.facts.addPending(gone, ['5'], h.time.now);
      const keysOf = () => h.store.keys().filter((key) => key.includes(`:${gone}`));

      await reconcileFacts(h.deps);
      expect((await h.facts.listProjects()).map((p) => p.projectId)).toContain(gone);
      expect((await h.facts.readFacts(gone)).map((r) => r.id)).toEqual(['5']);

      h.time.now += DAY_MS;
      await reconcileFacts(h.deps);
      expect((await h.facts.listProjects()).map((p) => p.projectId)).toEqual([HD_ID]);
      expect(keysOf()).toEqual([]);
      expect(await h.facts.readState(gone)).toBeNull();
      // The other project is repaired as before.
      expect((await h.facts.readState(HD_ID))?.phase).toBe('ready');
    },
    TIMEOUT_MS,
  );
});
