/**
 * The nightly reconcile of the flow facts (issue 13) on a site whose projects take more than one night's budget:
 * each night starts with the project repaired least recently, so no project is left out night after night.
 */
import { ensureBackfill, reconcileFacts } from '../../src/application/flow-facts-sync';
import { buildSeed, CSI_ID, DAY_MS, HD_ID, START_MS } from '../emulator/seed-builder';
import { startSyncHarness, type SyncHarness } from './flow-facts-sync-support';

const TIMEOUT_MS = 60_000;

describe('nightly reconcile order', () => {
  let h: SyncHarness;

  beforeAll(async () => {
    h = await startSyncHarness(buildSeed({ hd: 12, csi: 12, sec: 0 }), { nowMs: START_MS + 30 * DAY_MS });
    await ensureBackfill(h.deps, HD_ID, 'HD');
    await ensureBackfill(h.deps, CSI_ID, 'CSI');
    await h.drain();
  }, TIMEOUT_MS);
  afterAll(async () => {
    await h.stop();
  });

  it(
    'repairs the least recently repaired project first when the budget reaches only one',
    async () => {
      const synced = async (projectId: string) => (await h.facts.readState(projectId))?.syncedUpToMs ?? null;
      // Night 1: a budget for one project (the clock ticks with every read): the first registered, HD.
      h.time.now += DAY_MS;
      const night1 = h.time.now;
      expect(await reconcileFacts(h.deps, { deadlineMs: h.time.now + 3 })).toEqual(
        expect.objectContaining({ projects: 1 }),
      );
      expect(await synced(HD_ID)).toBeGreaterThan(night1);
      expect(await synced(CSI_ID)).toBeLessThan(night1);

      // Night 2: CSI was left out; it comes first now (before the fix HD took every night's budget again).
      h.time.now += DAY_MS;
      const night2 = h.time.now;
      expect(await reconcileFacts(h.deps, { deadlineMs: h.time.now + 3 })).toEqual(
        expect.objectContaining({ projects: 1 }),
      );
      expect(await synced(CSI_ID)).toBeGreaterThan(night2);
      expect(await synced(HD_ID)).toBeLessThan(night2);

      // Night 3 with time for both: both repaired.
      h.time.now += DAY_MS;
      const night3 = h.time.now;
      expect((await reconcileFacts(h.deps)).projects).toBe(2);
      expect(await synced(HD_ID)).toBeGreaterThan(night3);
      expect(await synced(CSI_ID)).toBeGreaterThan(night3);
    },
    TIMEOUT_MS,
  );
});
