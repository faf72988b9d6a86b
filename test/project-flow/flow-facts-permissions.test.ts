/**
 * Issue 13's must-show "a user who cannot browse some issues never sees them counted", within one project: in the
 * help desk sample every 7th HD issue is under an issue security level that Paul (who browses HD) lacks and the
 * app's user holds. The backfill, run as the app, stores the facts of all of them; Paul's project page, gadget,
 * key result and effect check from those facts count only what his own id search returns — equal to the live view
 * of the same help desk without those issues — while the admin's include them. A security level change reaches
 * the facts through the issue-event trigger (which lets `security` changes through) and leaves every view exact,
 * because views follow the user's search, not the stored records. A few issues are under a level even the app
 * lacks: the backfill never stores them, and a member's view loads them live as that member.
 */
import { startEmulator, type ProductEvent, type RunningEmulator } from '../../dev/emulator';
import type { JiraSeed, SeedSecurityLevel, SeedUser } from '../../dev/emulator/seed';
import { generateSampleSeed, SAMPLE_TIME_ZONE } from '../../dev/sample-data/generate';
import { FITSM_EDITOR_GROUP } from '../../dev/sample-data/model';
import type { JiraClient } from '../../src/adapters/jira/jira-client';
import { MemoryQueue } from '../../src/adapters/queue/memory-queue';
import { createMemoryStore, type MemoryStore } from '../../src/adapters/store/memory-store';
import { measureEffect } from '../../src/application/effect-check-measure';
import { FlowFactsStore } from '../../src/application/flow-facts-store';
import {
  ensureBackfill,
  recordIssueEvent,
  runFactsMessage,
  type FactsMessage,
  type FactsSyncDeps,
} from '../../src/application/flow-facts-sync';
import { measureFlowMetric } from '../../src/application/okr-measure-kinds';
import type { OkrStorePort } from '../../src/application/ports/okr-store-port';
import type { FlowFactsViews } from '../../src/application/project-flow';
import type { GadgetConfig, GadgetMetric } from '../../src/contract/gadget';
import type { ProjectFlowAnswer, ProjectFlowView } from '../../src/contract/project-flow';
import type { ResolverResult } from '../../src/contract/resolvers';
import { effectRunWindows, type EffectCheckConfig } from '../../src/domain/feedback/effect-check';
import { measuredSpan } from '../../src/domain/okr/measure';
import { createGadgetHandlers } from '../../src/entry/resolvers/gadget-handlers';
import { createProjectFlowHandlers } from '../../src/entry/resolvers/project-flow-handlers';
import { createIssueEventInvalidator } from '../../src/entry/triggers/issue-event-trigger';
import { clientFor } from '../emulator/http-client';
import { emulatorClient } from '../integration/support/emulator-client';
import { liveFactsViews } from './facts-fixtures';

const NOW = Date.UTC(2026, 2, 2, 12);
const TIMEOUT_MS = 180_000;
const BULKFETCH = 'POST /rest/api/3/changelog/bulkfetch';

const sample = generateSampleSeed({ now: NOW });
function sampleUser(prefix: string): SeedUser {
  const user = sample.users.find((u) => u.emailAddress.startsWith(prefix));
  if (user === undefined) throw new Error(`no ${prefix} in the sample`);
  return user;
}
/** The app's user in the emulator (the preview calls Jira as the admin for asApp). */
const APP = sampleUser('admin@');
/** Browses HD only and is no member of either security level. */
const PAUL = sampleUser('paul.');
/** Browses HD, a member of both levels (through the FitSM group and by account). */
const SABINE = sampleUser('sabine.');
const HD_ID = sample.projects.find((p) => p.key === 'HD')?.id ?? '';
const hdIssues = sample.issues.filter((i) => i.projectId === HD_ID);
/** Every 7th HD issue: resolved ones and work in progress alike. */
const hidden = new Set(hdIssues.filter((_, n) => n % 7 === 3).map((i) => i.id));
const hiddenKeys = new Set(hdIssues.filter((i) => hidden.has(i.id)).map((i) => i.key));
/** A few HD issues under a level the app's user lacks: the backfill never sees them. */
const appHidden = new Set(hdIssues.filter((i, n) => n % 100 === 51 && !hidden.has(i.id)).map((i) => i.id));
const appHiddenKeys = new Set(hdIssues.filter((i) => appHidden.has(i.id)).map((i) => i.key));
const LEVEL: SeedSecurityLevel = {
  id: '10400',
  name: 'Vertraulich',
  description: 'Personalsachen: nur die Administration und die FitSM-Redaktion.',
  projectIds: [HD_ID],
  accountIds: [APP.accountId],
  groups: [FITSM_EDITOR_GROUP],
};
const BOARD_LEVEL: SeedSecurityLevel = {
  id: '10401',
  name: 'Nur Teamleitung',
  description: 'Nur Sabine, nicht einmal Apps.',
  projectIds: [HD_ID],
  accountIds: [SABINE.accountId],
  groups: [],
};
const securedSeed: JiraSeed = {
  ...sample,
  issues: sample.issues.map((i) =>
    hidden.has(i.id)
      ? { ...i, securityLevelId: LEVEL.id }
      : appHidden.has(i.id)
        ? { ...i, securityLevelId: BOARD_LEVEL.id }
        : i,
  ),
  securityLevels: [LEVEL, BOARD_LEVEL],
};
/** Neither level lets Paul see an issue. */
const paulCannotSee = (id: string): boolean => hidden.has(id) || appHidden.has(id);
/** The same site without the issues Paul may not see: what his views must equal. */
const withoutHidden: JiraSeed = {
  ...sample,
  issues: sample.issues.filter((i) => !paulCannotSee(i.id)),
  links: sample.links.filter((l) => !paulCannotSee(l.outwardIssueId) && !paulCannotSee(l.inwardIssueId)),
  ...(sample.requestFeedback === undefined
    ? {}
    : { requestFeedback: sample.requestFeedback.filter((f) => !paulCannotSee(f.issueId)) }),
};

const contextOf = (user: SeedUser) => ({ accountId: user.accountId, timezone: SAMPLE_TIME_ZONE });
const gadgetContextOf = (user: SeedUser) => ({
  ...contextOf(user),
  extension: { type: 'jira:dashboardGadget', dashboard: { id: '10000' }, gadget: { id: 'g-1' } },
});

/** The parts of a view that do not depend on when or how it was computed. */
function comparable(view: ProjectFlowView): unknown {
  return { ...view, computedAtMs: 0, cache: 'miss' };
}

function viewOf(result: ResolverResult<ProjectFlowAnswer>): ProjectFlowView {
  if (!result.ok) throw new Error(`${result.error.code}: ${result.error.detail}`);
  if (result.value.status !== 'ready') throw new Error(`expected a view, got ${result.value.status}`);
  return result.value.view;
}

/** The keys a view counts anywhere: its issue rows, aging items and value stream are all built from them. */
function keysOf(view: ProjectFlowView): { rows: string[]; aging: string[] } {
  return { rows: view.issues.rows.map((row) => row[0]), aging: view.aging.items.map((item) => item.key) };
}

describe('flow facts views under issue security', () => {
  let emulator: RunningEmulator;
  let reduced: RunningEmulator;
  let store: MemoryStore;
  let facts: FlowFactsStore;
  let queue: MemoryQueue<FactsMessage>;
  let deps: FactsSyncDeps;
  const time = { now: NOW };
  const errors: string[] = [];
  const events: ProductEvent[] = [];
  const clients = new Map<string, JiraClient>();
  let reducedAdmin: JiraClient;

  const drain = async (): Promise<void> => {
    for (let round = 0; queue.size > 0; round++) {
      if (round > 1000) throw new Error('the flow-facts queue does not drain');
      await queue.runPending({ includeDelayed: true });
    }
  };

  beforeAll(async () => {
    emulator = await startEmulator({ seed: securedSeed, now: () => time.now });
    reduced = await startEmulator({ seed: withoutHidden, now: () => NOW });
    for (const user of [APP, PAUL, SABINE])
      clients.set(user.accountId, emulatorClient(emulator, user).client);
    reducedAdmin = emulatorClient(reduced, APP).client;
    store = createMemoryStore({ clock: () => time.now });
    facts = new FlowFactsStore(store, { clock: () => time.now, sleep: () => Promise.resolve() });
    const logError = (message: string): void => {
      errors.push(message);
    };
    queue = new MemoryQueue<FactsMessage>({ autoRun: false, now: () => time.now, onError: logError });
    deps = {
      jiraApp: clients.get(APP.accountId) as JiraClient,
      store,
      facts,
      queue,
      clock: () => ++time.now,
      logError,
    };
    queue.setConsumer((message) => runFactsMessage(deps, message));
    emulator.onProductEvent((event) => {
      events.push(event);
    });
  }, TIMEOUT_MS);
  afterAll(async () => {
    await Promise.all([emulator.stop(), reduced.stop()]);
  });

  const jiraOf = (context: Readonly<Record<string, unknown>>): JiraClient => {
    const client = clients.get(String(context['accountId']));
    if (client === undefined) throw new Error('unknown user');
    return client;
  };
  const factsViews: FlowFactsViews = {
    get reader() {
      return facts;
    },
    startBackfill: (projectId, projectKey) => ensureBackfill(deps, projectId, projectKey),
  };
  const base = () => ({ jira: jiraOf, store, clock: () => NOW, logError: (m: string) => errors.push(m) });
  const pageWithFacts = () => createProjectFlowHandlers({ ...base(), facts: factsViews });
  /** Live from Jira as the context's user, on a store of its own (no facts, no cache). */
  const pageLive = () =>
    createProjectFlowHandlers({ ...base(), store: createMemoryStore(), facts: liveFactsViews(NOW) });
  /** Live from the site without the secured issues, as the admin. */
  const pageWithoutHidden = () =>
    createProjectFlowHandlers({
      ...base(),
      jira: () => reducedAdmin,
      store: createMemoryStore(),
      facts: liveFactsViews(NOW),
    });

  it(
    'backfills every HD issue the app may see, the ones secured from Paul included',
    async () => {
      const first = await pageWithFacts().getProjectFlow({ projectKey: 'HD' }, contextOf(PAUL));
      expect(first.ok && first.value.status).toBe('backfilling');
      await drain();
      expect((await facts.readState(HD_ID))?.phase).toBe('ready');
      const stored = new Set((await facts.readFacts(HD_ID)).map((record) => record.id));
      expect(stored.size).toBe(hdIssues.length - appHidden.size);
      expect([...hidden].every((id) => stored.has(id))).toBe(true);
      expect([...appHidden].some((id) => stored.has(id))).toBe(false);
      expect(hidden.size).toBeGreaterThan(250);
      expect(appHidden.size).toBeGreaterThan(10);
      expect(errors).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'gives Paul a project page without the secured issues, the admin one with them',
    async () => {
      emulator.requests.reset();
      const paul = viewOf(await pageWithFacts().getProjectFlow({ projectKey: 'HD' }, contextOf(PAUL)));
      expect(emulator.requests.count(BULKFETCH)).toBe(0);
      const expected = viewOf(await pageWithoutHidden().getProjectFlow({ projectKey: 'HD' }, contextOf(APP)));
      // Issue count, throughput, WIP, aging list and issue rows — the whole view — as if the issues did not exist.
      expect(paul.summary.issuesLoaded).toBe(expected.summary.issuesLoaded);
      expect(paul.summary.throughputPerWeek).toBe(expected.summary.throughputPerWeek);
      expect(paul.summary.wipNow).toBe(expected.summary.wipNow);
      expect(keysOf(paul)).toEqual(keysOf(expected));
      expect(comparable(paul)).toEqual(comparable(expected));
      expect(comparable(paul)).toEqual(
        comparable(viewOf(await pageLive().getProjectFlow({ projectKey: 'HD' }, contextOf(PAUL)))),
      );

      const admin = viewOf(await pageWithFacts().getProjectFlow({ projectKey: 'HD' }, contextOf(APP)));
      expect(comparable(admin)).toEqual(
        comparable(viewOf(await pageLive().getProjectFlow({ projectKey: 'HD' }, contextOf(APP)))),
      );
      const shown = keysOf(admin);
      const hiddenRows = shown.rows.filter((key) => hiddenKeys.has(key));
      const hiddenAging = shown.aging.filter((key) => hiddenKeys.has(key));
      // The secured issues matter to every number: finished ones and work in progress in the period.
      expect(hiddenRows.length).toBeGreaterThan(20);
      expect(hiddenAging.length).toBeGreaterThan(0);
      expect(admin.summary.issuesLoaded).toBe(paul.summary.issuesLoaded + hiddenRows.length);
      expect(admin.summary.wipNow).toBeGreaterThan(paul.summary.wipNow);
      expect(keysOf(paul).rows.filter((key) => hiddenKeys.has(key))).toEqual([]);
      expect(keysOf(paul).aging.filter((key) => hiddenKeys.has(key))).toEqual([]);
      expect(errors).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'gives Paul gadget values without the secured issues',
    async () => {
      const metrics: GadgetMetric[] = ['throughput', 'wip', 'aging', 'cycleTime', 'leadTime'];
      let differsForAdmin = 0;
      for (const metric of metrics) {
        const config: GadgetConfig = {
          scope: { kind: 'project', projectKey: 'HD' },
          metric,
          percentile: 85,
          periodDays: 30,
          refreshMinutes: 0,
        };
        const valueOf = async (
          handlers: ReturnType<typeof createGadgetHandlers>,
          user: SeedUser,
        ): Promise<unknown> => {
          const result = await handlers.getGadgetFlow({ config }, gadgetContextOf(user));
          if (!result.ok) throw new Error(`${metric}: ${result.error.detail}`);
          if ('status' in result.value) throw new Error(`${metric}: still backfilling`);
          return result.value;
        };
        const paul = await valueOf(createGadgetHandlers({ ...base(), facts: factsViews }), PAUL);
        const expected = await valueOf(
          createGadgetHandlers({
            ...base(),
            jira: () => reducedAdmin,
            store: createMemoryStore(),
            facts: liveFactsViews(NOW),
          }),
          APP,
        );
        expect([metric, paul]).toEqual([metric, expected]);
        const admin = await valueOf(createGadgetHandlers({ ...base(), facts: factsViews }), APP);
        if (JSON.stringify(admin) !== JSON.stringify(paul)) differsForAdmin++;
      }
      expect(differsForAdmin).toBeGreaterThanOrEqual(3);
    },
    TIMEOUT_MS,
  );

  it(
    'measures Paul’s key result and effect check without the secured issues',
    async () => {
      const span = measuredSpan({ kind: 'quarter', quarter: '2026-Q1', timeZone: SAMPLE_TIME_ZONE }, NOW);
      if (span === null) throw new Error('no span');
      const paulJira = jiraOf(contextOf(PAUL));
      const appJira = jiraOf(contextOf(APP));
      for (const metric of ['throughputPerWeek', 'wip', 'cycleTimeP85'] as const) {
        const kind = {
          type: 'flowMetric',
          scope: { type: 'project', projectKey: 'HD' },
          metric,
          baselinePeriod: { kind: 'quarter', quarter: '2025-Q4', timeZone: SAMPLE_TIME_ZONE },
          targetChangePercent: -15,
        } as const;
        const measure = (jira: JiraClient, withFacts: boolean) =>
          measureFlowMetric(
            { jira, store: createMemoryStore(), ...(withFacts ? { facts } : {}) },
            kind,
            span,
            SAMPLE_TIME_ZONE,
          );
        const paul = await measure(paulJira, true);
        expect([metric, paul]).toEqual([metric, await measure(reducedAdmin, false)]);
        const admin = await measure(appJira, true);
        expect(admin).toEqual(await measure(appJira, false));
        expect(admin.issueCount).toBeGreaterThan(paul.issueCount);
      }

      const config: EffectCheckConfig = {
        target: { kind: 'flow', metric: 'cycle-time', jql: 'project = HD' },
        better: 'lower',
        changeDate: '2026-01-15',
        verifyAfterDays: 30,
        beforeDays: 60,
      };
      const windows = effectRunWindows(config, '2026-01-15');
      const okr = {} as OkrStorePort; // a flow target reads no key result
      const effect = (jira: JiraClient, withFacts: boolean) =>
        measureEffect(
          { jira, serviceDesk: null, okr, ...(withFacts ? { facts } : {}) },
          config,
          windows,
          SAMPLE_TIME_ZONE,
          NOW,
        );
      const paul = await effect(paulJira, true);
      expect(paul).toEqual(await effect(reducedAdmin, false));
      const admin = await effect(appJira, true);
      expect(admin.before.length + admin.after.length).toBeGreaterThan(
        paul.before.length + paul.after.length,
      );
    },
    TIMEOUT_MS,
  );

  it(
    'loads the issues the app may not see live for a member who may, in their search position',
    async () => {
      emulator.requests.reset();
      const sabine = viewOf(await pageWithFacts().getProjectFlow({ projectKey: 'HD' }, contextOf(SABINE)));
      // Her search returns ids without records: only those are loaded, as her, with their changelogs.
      expect(emulator.requests.count(BULKFETCH)).toBe(1);
      const live = viewOf(await pageLive().getProjectFlow({ projectKey: 'HD' }, contextOf(SABINE)));
      expect(comparable(sabine)).toEqual(comparable(live));
      expect(keysOf(sabine).rows.filter((key) => appHiddenKeys.has(key)).length).toBeGreaterThan(0);
      const admin = viewOf(await pageWithFacts().getProjectFlow({ projectKey: 'HD' }, contextOf(APP)));
      expect(keysOf(admin).rows.filter((key) => appHiddenKeys.has(key))).toEqual([]);
      expect(errors).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'keeps every view exact when a security level is set or lifted (the event goes through the trigger)',
    async () => {
      const trigger = createIssueEventInvalidator({
        logError: (m) => errors.push(m),
        recordFacts: (event) => recordIssueEvent(deps, event),
      });
      const before = viewOf(await pageWithFacts().getProjectFlow({ projectKey: 'HD' }, contextOf(PAUL)));
      // Secure one of Paul's aging items, and lift the level of a secured issue.
      const secureKey = before.aging.items[0]?.key;
      const liftKey = [...hiddenKeys][0];
      if (secureKey === undefined || liftKey === undefined) throw new Error('no issue to change');
      // As the app's user, a member of the level (Jira offers a level only to its members).
      const app = clientFor(emulator.url, APP);
      events.length = 0;
      expect(
        (await app.put(`/rest/api/3/issue/${secureKey}`, { fields: { security: { id: LEVEL.id } } })).status,
      ).toBe(204);
      expect((await app.put(`/rest/api/3/issue/${liftKey}`, { fields: { security: null } })).status).toBe(
        204,
      );
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(events).toHaveLength(2);
      for (const event of events) expect(await trigger(event.payload)).toBeUndefined();
      expect(queue.size).toBeGreaterThan(0);
      await drain();
      expect(await facts.readPending(HD_ID)).toEqual([]);

      const paul = viewOf(await pageWithFacts().getProjectFlow({ projectKey: 'HD' }, contextOf(PAUL)));
      const paulLive = viewOf(await pageLive().getProjectFlow({ projectKey: 'HD' }, contextOf(PAUL)));
      expect(comparable(paul)).toEqual(comparable(paulLive));
      expect(keysOf(paul).aging).not.toContain(secureKey);
      expect(keysOf(paul).rows).not.toContain(secureKey);
      expect(keysOf(paul).rows).toContain(liftKey);
      const admin = viewOf(await pageWithFacts().getProjectFlow({ projectKey: 'HD' }, contextOf(APP)));
      expect(comparable(admin)).toEqual(
        comparable(viewOf(await pageLive().getProjectFlow({ projectKey: 'HD' }, contextOf(APP)))),
      );
      expect(keysOf(admin).aging).toContain(secureKey);

      // Sabine puts one of Paul's rows under the level the app lacks: the flush no longer finds it as the app and
      // drops its record; her views load it live, nobody else's count it.
      const boardKey = keysOf(paul).rows.find((key) => key !== liftKey);
      if (boardKey === undefined) throw new Error('no row');
      const boardId = hdIssues.find((i) => i.key === boardKey)?.id ?? '';
      events.length = 0;
      const sabineHttp = clientFor(emulator.url, SABINE);
      const set = await sabineHttp.put(`/rest/api/3/issue/${boardKey}`, {
        fields: { security: { id: BOARD_LEVEL.id } },
      });
      expect(set.status).toBe(204);
      await new Promise((resolve) => setTimeout(resolve, 50));
      for (const event of events) expect(await trigger(event.payload)).toBeUndefined();
      await drain();
      expect((await facts.readFacts(HD_ID)).some((record) => record.id === boardId)).toBe(false);
      for (const user of [PAUL, APP, SABINE]) {
        const fromFacts = viewOf(await pageWithFacts().getProjectFlow({ projectKey: 'HD' }, contextOf(user)));
        const fromJira = viewOf(await pageLive().getProjectFlow({ projectKey: 'HD' }, contextOf(user)));
        expect(comparable(fromFacts)).toEqual(comparable(fromJira));
        expect([user.emailAddress, keysOf(fromFacts).rows.includes(boardKey)]).toEqual([
          user.emailAddress,
          user === SABINE,
        ]);
      }
      expect(errors).toEqual([]);
    },
    TIMEOUT_MS,
  );
});
