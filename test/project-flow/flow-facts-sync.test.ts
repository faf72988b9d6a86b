/**
 * The flow facts backfill (issue 13) against the local Jira emulator over the real HTTP client: a 3,000-issue
 * project in chained consumer runs equals a from-scratch read, at the request floor (counted from the emulator's
 * log); stale and redelivered messages do nothing; the flow property is written and found by JQL; a property
 * failure keeps the facts; concurrent starts push one message; a stalled backfill resumes from its cursor; a
 * project Jira does not know fails with a clear detail and starts again.
 */
import { JIRA_ROUTES } from '../../src/adapters/jira/jira-client';
import { JiraUnavailableError } from '../../src/application/errors';
import {
  BACKFILL_STALL_MS,
  FAILED_RETRY_AFTER_MS,
  ensureBackfill,
  reconcileFacts,
  runFactsMessage,
} from '../../src/application/flow-facts-sync';
import type { FactsMessage } from '../../src/application/flow-facts-sync';
import { FLOW_PROPERTY_KEY } from '../../src/domain/flow/issue-facts';
import type { FlowPropertyValue } from '../../src/domain/flow/issue-facts';
import { buildSeed, CSI_ID, DAY_MS, HD_ID, HOUR_MS, START_MS } from '../emulator/seed-builder';
import {
  factsDifference,
  factsFromScratch,
  requestCounts,
  startSyncHarness,
  storedFacts,
  takeQueued,
} from './flow-facts-sync-support';
import type { SyncHarness } from './flow-facts-sync-support';

const HD_ISSUES = 3000;
const SPACING_MINUTES = 30;
/** Five days and a quarter hour after the last issue's start: no work item's age is 10 days to the minute. */
const NOW = START_MS + (HD_ISSUES - 1) * SPACING_MINUTES * 60_000 + HOUR_MS + 5 * DAY_MS + 15 * 60_000;
const TIMEOUT_MS = 120_000;
const SEARCH = JIRA_ROUTES.searchJql;
const BULK = JIRA_ROUTES.bulkFetchChangelogs;
const PROPERTIES = JIRA_ROUTES.bulkSetIssueProperties;
const STATUSES = JIRA_ROUTES.listProjectStatuses;

describe('flow facts backfill of a 3,000-issue project', () => {
  let h: SyncHarness;
  const consumed: FactsMessage[] = [];

  beforeAll(async () => {
    const seed = buildSeed({
      hd: HD_ISSUES,
      csi: 2,
      sec: 0,
      extraItems: true,
      issueSpacingMinutes: SPACING_MINUTES,
    });
    // A 1 ms budget: every run loads one batch of 1,000 and chains the next.
    h = await startSyncHarness(seed, { nowMs: NOW, runBudgetMs: 1 });
    h.queue.setConsumer(async (message) => {
      consumed.push(message);
      await runFactsMessage(h.deps, message);
    });
  }, TIMEOUT_MS);
  afterAll(async () => {
    await h.stop();
  });

  it(
    'loads every issue in chained runs, equal to a from-scratch read, at 10 search pages + 1 changelog fetch + 10 property writes per 1,000',
    async () => {
      const state = await ensureBackfill(h.deps, HD_ID, 'HD');
      expect(state).toMatchObject({
        projectId: HD_ID,
        projectKey: 'HD',
        phase: 'queued',
        loaded: 0,
        total: null,
      });
      expect(await h.facts.listProjects()).toEqual([{ projectId: HD_ID, projectKey: 'HD' }]);
      h.emulator.requests.reset();

      expect(await h.drain()).toBe(3);
      const counts = requestCounts(h.emulator);

      expect(consumed.map((m) => m.kind === 'facts-backfill' && m.step)).toEqual([0, 1, 2]);
      const ready = await h.facts.readState(HD_ID);
      expect(ready).toMatchObject({ phase: 'ready', loaded: HD_ISSUES, total: HD_ISSUES, runs: 3 });
      // The listing's start is the sync point: changes after it come as events.
      expect(ready?.syncedUpToMs).toBe(ready?.startedAtMs);
      expect(ready?.startedAtMs).toBeGreaterThanOrEqual(NOW);
      expect(await h.facts.readListedIds(HD_ID, 0, 10)).toEqual([]);
      expect(h.logged).toEqual([]);

      const difference = factsDifference(
        await storedFacts(h.facts, HD_ID),
        await factsFromScratch(h.client, HD_ID),
      );
      expect(difference).toEqual({ missing: [], extra: [], different: [] });
      expect((await storedFacts(h.facts, HD_ID)).size).toBe(HD_ISSUES);
      const names = await h.facts.readNames();
      // Current statuses and the project's workflow status list teach names with their category: In Bearbeitung,
      // only passed through by issues (changelog names), is named by the list (a rename reaches views through it).
      expect(names.statuses['10010']).toEqual(['Wartet auf Kunde', 'indeterminate']);
      expect(names.statuses['3']).toEqual(['In Bearbeitung', 'indeterminate']);

      // The request floor: 1 id page (5,000 ids) + per 1,000 issues 10 search pages of 100, one changelog bulk
      // fetch and 10 property writes of 100 issues; one status list with the ids (stored with the facts: every
      // run's properties and the views derive the default mapping from it; was one per run); one field list.
      expect(counts[SEARCH]).toBe(1 + 30);
      expect(counts[BULK]).toBe(3);
      expect(counts[PROPERTIES]).toBe(30);
      expect(counts[STATUSES]).toBe(1);
      expect(counts[JIRA_ROUTES.listFields]).toBe(1);
      const total = Object.values(counts).reduce((a, b) => a + b, 0);
      expect(total).toBe(31 + 3 + 30 + 1 + 1);
      const statuses = await h.facts.readWorkflowStatuses(HD_ID);
      expect(statuses?.statuses.map(([, name]) => name)).toContain('Wartet auf Kunde');
      // Figures for the report: requests per 1,000 issues.
      console.info(
        `flow-facts backfill of ${String(HD_ISSUES)} issues: ${JSON.stringify(counts)}; ${(total / (HD_ISSUES / 1000)).toFixed(1)} requests per 1,000 issues, 3 runs`,
      );
    },
    TIMEOUT_MS,
  );

  it('does nothing for a redelivered or stale message', async () => {
    const before = await h.facts.readState(HD_ID);
    h.emulator.requests.reset();
    for (const message of consumed) await runFactsMessage(h.deps, message);
    await runFactsMessage(h.deps, { kind: 'facts-backfill', jobId: 'x', projectId: HD_ID, step: 7 });
    expect(h.emulator.requests.count()).toBe(0);
    expect(await h.facts.readState(HD_ID)).toEqual(before);
    expect(h.queue.size).toBe(0);
    // A ready project is not backfilled again.
    expect(await ensureBackfill(h.deps, HD_ID, 'HD')).toEqual(before);
    expect(h.queue.size).toBe(0);
  });

  it(
    'writes the flow property JQL finds: flowAgeDays > 10 is exactly the work started over 10 days ago',
    async () => {
      // HD-i (id 100000 + i) starts 1 h after its creation; every odd i is resolved (buildSeed), every even i in progress.
      const expected: string[] = [];
      for (let i = 2; i <= HD_ISSUES; i += 2) {
        const startMs = START_MS + (i - 1) * SPACING_MINUTES * 60_000 + HOUR_MS;
        if (NOW - startMs > 10 * DAY_MS) expected.push(String(100_000 + i));
      }
      expect(expected.length).toBeGreaterThan(100);
      expect(expected.length).toBeLessThan(HD_ISSUES / 2);
      const found = await h.client.searchIssueIds('flowAgeDays > 10 AND project = HD ORDER BY created ASC');
      expect(found).toEqual(expected);

      const resolved = await h.client.searchIssueIds('flowLeadTimeDays >= 0 AND project = HD');
      expect(resolved.length).toBe(HD_ISSUES / 2);
      const first = (await h.client.getIssueProperty('HD-1', FLOW_PROPERTY_KEY)) as FlowPropertyValue;
      // HD-1: created, 1 h later In Bearbeitung, 1 h later Gelöst; flagged for 2 minutes after that.
      expect(first).toMatchObject({ leadTimeDays: 0.08, cycleTimeDays: 0.04, blockedDays: 0 });
      expect(first.ageDays).toBeUndefined();
    },
    TIMEOUT_MS,
  );

  it('pushes one message for two concurrent starts and keeps the facts when property writes fail', async () => {
    h.queue.setConsumer((message) => runFactsMessage(h.deps, message));
    const [a, b] = await Promise.all([
      ensureBackfill(h.deps, CSI_ID, 'CSI'),
      ensureBackfill(h.deps, CSI_ID, 'CSI'),
    ]);
    expect(a.phase).toBe('queued');
    expect(b.phase).toBe('queued');
    expect(h.queue.size).toBe(1);

    h.emulator.faults.inject({ endpoint: PROPERTIES, status: 500, times: 50 });
    expect(await h.drain()).toBe(1);
    h.emulator.faults.clear();
    expect(await h.facts.readState(CSI_ID)).toMatchObject({ phase: 'ready', loaded: 2, total: 2 });
    expect(
      factsDifference(await storedFacts(h.facts, CSI_ID), await factsFromScratch(h.client, CSI_ID)),
    ).toEqual({
      missing: [],
      extra: [],
      different: [],
    });
    expect(h.logged.map((l) => l.message)).toEqual([
      `flow-facts: the flow property of 2 issues of project ${CSI_ID} was not written`,
    ]);
    h.logged.length = 0;
  });
});

describe('flow facts backfill that stalls or fails', () => {
  let h: SyncHarness;

  beforeAll(async () => {
    h = await startSyncHarness(buildSeed({ hd: 2500, csi: 0, sec: 0 }), { nowMs: NOW, runBudgetMs: 1 });
  }, TIMEOUT_MS);
  afterAll(async () => {
    await h.stop();
  });

  it(
    'restarts a backfill without progress for 16 minutes from its cursor under a new step; the old message is stale',
    async () => {
      const held: FactsMessage[] = [];
      h.queue.setConsumer((message) => {
        held.push(message);
        return Promise.resolve();
      });
      await ensureBackfill(h.deps, HD_ID, 'HD');
      await h.drain();
      const [first] = held.splice(0);
      if (first === undefined) throw new Error('no backfill message');
      // The first run lists and loads one batch; the message it chains is lost (taken, never run).
      await runFactsMessage(h.deps, first);
      await h.drain();
      expect(held.map((m) => m.kind === 'facts-backfill' && m.step)).toEqual([1]);
      expect(await h.facts.readState(HD_ID)).toMatchObject({
        phase: 'loading',
        loaded: 1000,
        total: 2500,
        runs: 1,
      });

      // Not yet stalled: neither a view nor the nightly reconcile does anything.
      expect(await ensureBackfill(h.deps, HD_ID, 'HD')).toMatchObject({ phase: 'loading', loaded: 1000 });
      expect(await reconcileFacts(h.deps)).toEqual({ projects: 0, marked: 0 });
      expect(h.queue.size).toBe(0);

      // Stalled: the next view (or, for a project nobody opens, the nightly reconcile) restarts it, once.
      h.time.now += BACKFILL_STALL_MS + 1000;
      expect(await reconcileFacts(h.deps)).toEqual({ projects: 0, marked: 0 });
      await ensureBackfill(h.deps, HD_ID, 'HD');
      expect(h.queue.size).toBe(1);
      h.queue.setConsumer((message) => runFactsMessage(h.deps, message));
      h.emulator.requests.reset();
      // Steps 2 and 3 (the 1 ms budget chains after each batch).
      expect(await h.drain()).toBe(2);
      // Resumed at the cursor: 1,500 issues left, 15 search pages, no new listing.
      expect(h.emulator.requests.count(SEARCH)).toBe(15);
      expect(await h.facts.readState(HD_ID)).toMatchObject({ phase: 'ready', loaded: 2500, total: 2500 });
      expect(
        factsDifference(await storedFacts(h.facts, HD_ID), await factsFromScratch(h.client, HD_ID)),
      ).toEqual({
        missing: [],
        extra: [],
        different: [],
      });
      // The lost message of step 1 comes after all: stale, it does nothing.
      const lost = held[0];
      if (lost === undefined) throw new Error('no lost message');
      const before = await h.facts.readState(HD_ID);
      h.emulator.requests.reset();
      await runFactsMessage(h.deps, lost);
      expect(h.emulator.requests.count()).toBe(0);
      expect(await h.facts.readState(HD_ID)).toEqual(before);
    },
    TIMEOUT_MS,
  );

  it('fails with a clear detail for a project Jira does not know, shown to polls, and a start a minute later begins again', async () => {
    await ensureBackfill(h.deps, '99999', 'GONE');
    expect(await h.drain()).toBe(1);
    const failed = await h.facts.readState('99999');
    expect(failed?.phase).toBe('failed');
    expect(failed?.error).toMatch(
      /^The backfill of project 99999 stopped: .*project.*Check that the project still exists/s,
    );
    expect(h.logged).toEqual([]);

    // Polls of the page right after the failure see it (its cause shown) and start nothing: restarted at once, a
    // backfill that fails for good was started anew by every poll (every 2 s) and the page never showed why.
    for (let poll = 0; poll < 5; poll++) {
      const shown = await ensureBackfill(h.deps, '99999', 'GONE');
      expect(shown.phase).toBe('failed');
      expect(shown.error).toBe(failed?.error);
    }
    expect(h.queue.size).toBe(0);

    h.time.now += FAILED_RETRY_AFTER_MS;
    const again = await ensureBackfill(h.deps, '99999', 'GONE');
    expect(again.phase).toBe('queued');
    expect(again.error).toBeUndefined();
    expect(h.queue.size).toBe(1);
    await h.drain();
  });

  it('hands a transient Jira failure to the queue for a retry, which resumes the same step', async () => {
    await ensureBackfill(h.deps, CSI_ID, 'CSI');
    const [message] = await takeQueued(h);
    h.emulator.faults.inject({ endpoint: SEARCH, status: 503, times: 100 });
    await expect(runFactsMessage(h.deps, message)).rejects.toThrow(JiraUnavailableError);
    h.emulator.faults.clear();
    expect(await h.facts.readState(CSI_ID)).toMatchObject({ phase: 'listing', runs: 1 });
    await runFactsMessage(h.deps, message);
    expect(await h.facts.readState(CSI_ID)).toMatchObject({ phase: 'ready', runs: 2, loaded: 0, total: 0 });
  });

  it("keeps a renamed project's facts and stores its new key without a new backfill", async () => {
    const before = await h.facts.readState(HD_ID);
    const renamed = await ensureBackfill(h.deps, HD_ID, 'HELP');
    expect(renamed).toEqual({ ...before, projectKey: 'HELP' });
    expect(h.queue.size).toBe(0);
    expect(await h.facts.listProjects()).toContainEqual({ projectId: HD_ID, projectKey: 'HELP' });
    expect((await h.facts.readFacts(HD_ID)).length).toBe(2500);
  });

  it('refuses a project id that is not digits', async () => {
    await expect(ensureBackfill(h.deps, 'HD OR 1=1', 'HD')).rejects.toThrow(RangeError);
  });
});
