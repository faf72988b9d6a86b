/**
 * The flow measurement service from stored flow facts (issue 13) over the emulator's help desk sample: the facts
 * (the engine's whole FlowFacts JSON) equal the live measurement's, for the same scope, period and mapping, while
 * Jira is asked only for id pages (without a mapping too: the statuses are stored with the facts). Issues without usable facts (pending
 * events, a record of another key) are loaded live at their search position; a user's view from facts counts only
 * what their own search returns.
 */
import { startEmulator, type RunningEmulator } from '../../dev/emulator';
import { generateSampleSeed, HD_WORKFLOW_MAPPING, SAMPLE_TIME_ZONE } from '../../dev/sample-data/generate';
import type { JiraClient } from '../../src/adapters/jira/jira-client';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import type { FlowFactsStore } from '../../src/application/flow-facts-store';
import { measureFlow, type MeasureFlowRequest } from '../../src/application/flow-measurement';
import { JiraBadRequestError } from '../../src/application/errors';
import type { FactsLookup, FlowFactsReader } from '../../src/application/ports/flow-facts-port';
import type { JiraPort } from '../../src/application/ports/jira-port';
import { measureEffect } from '../../src/application/effect-check-measure';
import { measureFlowMetric } from '../../src/application/okr-measure-kinds';
import type { OkrStorePort } from '../../src/application/ports/okr-store-port';
import { effectRunWindows, type EffectCheckConfig } from '../../src/domain/feedback/effect-check';
import { measuredSpan } from '../../src/domain/okr/measure';
import { emulatorClient } from '../integration/support/emulator-client';
import { seedReadyFacts } from '../project-flow/facts-fixtures';
import { FACTS_SUMMARY_MAX_CHARS, factsOfJiraIssue } from '../../src/domain/flow/issue-facts';

const NOW = Date.UTC(2026, 2, 2, 12);
const TIMEOUT_MS = 120_000;
const CALENDAR = { timeZone: SAMPLE_TIME_ZONE, workingWeekdays: [1, 2, 3, 4, 5], holidays: [] };
const SEARCH = 'POST /rest/api/3/search/jql';

describe('measureFlow from flow facts', () => {
  const seed = generateSampleSeed({ now: NOW });
  let emulator: RunningEmulator;
  let admin: JiraClient;
  let facts: FlowFactsStore;
  let hdCount: number;

  beforeAll(async () => {
    const adminUser = seed.users.find((u) => u.jiraAdmin);
    if (adminUser === undefined) throw new Error('no admin in the sample');
    emulator = await startEmulator({ seed, now: () => NOW });
    admin = emulatorClient(emulator, adminUser).client;
    const store = createMemoryStore();
    ({ facts, count: hdCount } = await seedReadyFacts(store, admin, 'HD', NOW));
    // TEAM's facts are ready too: a user who may not browse TEAM must still never see them counted.
    await seedReadyFacts(store, admin, 'TEAM', NOW);
  }, TIMEOUT_MS);
  afterAll(async () => {
    await emulator.stop();
  });

  const projectRequest = (extra: Partial<MeasureFlowRequest> = {}): MeasureFlowRequest => ({
    scope: { kind: 'project', projectKey: 'HD' },
    period: { activeSince: '2025-09-01', to: '2026-03-02' },
    mapping: HD_WORKFLOW_MAPPING,
    calendar: CALENDAR,
    asOfMs: NOW,
    includeSummaries: false,
    ...extra,
  });

  /** Measures live and from facts; answers both and the routes Jira was asked for on the facts path. */
  async function both(
    client: JiraClient,
    request: MeasureFlowRequest,
    reader: FlowFactsReader = facts,
  ): Promise<{
    live: Awaited<ReturnType<typeof measureFlow>>;
    fromFacts: Awaited<ReturnType<typeof measureFlow>>;
    routes: string[];
  }> {
    const live = await measureFlow(client, request);
    emulator.requests.reset();
    const fromFacts = await measureFlow(client, { ...request, facts: reader });
    const routes = emulator.requests.log().map((entry) => entry.routeKey);
    return { live, fromFacts, routes };
  }

  it(
    'gives the live measurement’s facts for a project with only id pages asked of Jira',
    async () => {
      const { live, fromFacts, routes } = await both(admin, projectRequest());
      expect(live.loaded).toBeGreaterThan(100);
      expect(JSON.stringify(fromFacts.facts)).toBe(JSON.stringify(live.facts));
      expect(fromFacts.loaded).toBe(live.loaded);
      expect(fromFacts.jql).toBe(live.jql);
      // Ids only, 5,000 per page: no issue page, no field list, no changelog fetch.
      expect(routes).toEqual(Array.from({ length: Math.ceil(live.loaded / 5000) }, () => SEARCH));
      expect(hdCount).toBeGreaterThanOrEqual(live.loaded);
    },
    TIMEOUT_MS,
  );

  it(
    'derives the default mapping from the statuses stored with the facts as the live path does from Jira’s list',
    async () => {
      const { live, fromFacts, routes } = await both(admin, projectRequest({ mapping: null }));
      expect(JSON.stringify(fromFacts.facts)).toBe(JSON.stringify(live.facts));
      // Was one status list more (GET project/{id}/statuses); the ready project's list is stored with its facts
      // now, so only the id pages are asked.
      expect(routes.filter((route) => route !== SEARCH)).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'asks Jira for the statuses of a project whose facts keep no status list (stored before lists were kept)',
    async () => {
      const bare: FlowFactsReader = {
        lookup: (refs) => facts.lookup(refs),
        workflowStatuses: () => Promise.resolve(null),
      };
      const { live, fromFacts, routes } = await both(admin, projectRequest({ mapping: null }), bare);
      expect(JSON.stringify(fromFacts.facts)).toBe(JSON.stringify(live.facts));
      expect(routes.filter((route) => route !== SEARCH)).toEqual([
        'GET /rest/api/3/project/{projectIdOrKey}/statuses',
      ]);
    },
    TIMEOUT_MS,
  );

  it(
    'keeps summaries, the issue limit and progress as the live path does',
    async () => {
      const { live, fromFacts } = await both(
        admin,
        projectRequest({ includeSummaries: true, maxIssues: 150 }),
      );
      expect(live.truncated).toBe(true);
      expect(fromFacts.truncated).toBe(true);
      expect(fromFacts.loaded).toBe(150);
      expect(JSON.stringify(fromFacts.facts)).toBe(JSON.stringify(live.facts));
      // Stored summaries are cut at 120 characters; the sample's are shorter.
      expect([...fromFacts.summaries]).toEqual([...live.summaries]);
      const progress = { live: [] as number[], facts: [] as number[] };
      await measureFlow(admin, projectRequest({ onProgress: (n) => void progress.live.push(n) }));
      await measureFlow(admin, {
        ...projectRequest({ onProgress: (n) => void progress.facts.push(n) }),
        facts,
      });
      expect(progress.facts).toEqual(progress.live);
    },
    TIMEOUT_MS,
  );

  it(
    'loads issues without usable facts live, each at its search position',
    async () => {
      const liveIds = new Set<string>();
      // A reader that has no usable facts for every 7th issue (as for pending events) and a stale key for one.
      const partial: FlowFactsReader = {
        lookup: async (refs): Promise<FactsLookup> => {
          const found = await facts.lookup(refs);
          const records = new Map(found.records);
          refs.forEach((ref, index) => {
            if (index % 7 === 3) {
              records.delete(ref.id);
              liveIds.add(ref.id);
            }
          });
          const moved = refs[10];
          const record = moved === undefined ? undefined : records.get(moved.id);
          if (moved !== undefined && record !== undefined) {
            records.set(moved.id, { ...record, key: 'OLD-1' });
            liveIds.add(moved.id);
          }
          return {
            ...found,
            records,
            live: refs.filter((ref) => liveIds.has(ref.id) && !records.has(ref.id)).map((r) => r.id),
          };
        },
      };
      const { live, fromFacts, routes } = await both(admin, projectRequest(), partial);
      expect(JSON.stringify(fromFacts.facts)).toBe(JSON.stringify(live.facts));
      const liveCount = liveIds.size;
      expect(liveCount).toBeGreaterThan(10);
      // The live ones cost what loading them costs: 100 per search page, one field list, one bulk fetch per 1,000.
      expect(routes.filter((route) => route === 'POST /rest/api/3/changelog/bulkfetch')).toHaveLength(
        Math.ceil(liveCount / 1000),
      );
      const chunks = Array.from({ length: Math.ceil(liveCount / 1000) }, (_, i) =>
        Math.min(1000, liveCount - i * 1000),
      );
      expect(routes.filter((route) => route === SEARCH)).toHaveLength(
        Math.ceil(live.loaded / 5000) + chunks.reduce((sum, n) => sum + Math.ceil(n / 100), 0),
      );
      // The field list was read by this client before (once per client); nothing else is asked.
      expect(
        routes.filter((route) => route !== SEARCH && route !== 'POST /rest/api/3/changelog/bulkfetch'),
      ).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'never counts an issue the user’s own search does not return, though its facts are stored and ready',
    async () => {
      const paulUser = seed.users.find((u) => u.emailAddress.startsWith('paul.'));
      if (paulUser === undefined) throw new Error('no Paul in the sample');
      const paul = emulatorClient(emulator, paulUser).client; // browses HD only
      // Every project's issues created since 2020: Paul's search finds HD's only.
      const scope = { kind: 'jql', jql: 'created >= "2020-01-01"' } as const;
      const asPaul = await both(paul, projectRequest({ scope }));
      expect(JSON.stringify(asPaul.fromFacts.facts)).toBe(JSON.stringify(asPaul.live.facts));
      expect(asPaul.fromFacts.facts.issues.every((issue) => issue.key.startsWith('HD-'))).toBe(true);
      const asAdmin = await measureFlow(admin, { ...projectRequest({ scope }), facts });
      const keysOf = (m: typeof asAdmin): string[] => m.facts.issues.map((issue) => issue.key);
      expect(keysOf(asAdmin).filter((key) => key.startsWith('TEAM-')).length).toBeGreaterThan(0);
      expect(keysOf(asPaul.fromFacts)).toEqual(keysOf(asAdmin).filter((key) => key.startsWith('HD-')));
      // HD's own numbers are the same for both: Paul misses exactly the issues he may not browse.
      const hdOnly = await measureFlow(admin, { ...projectRequest(), facts });
      expect(JSON.stringify(asPaul.fromFacts.facts.issues)).toBe(JSON.stringify(hdOnly.facts.issues));
    },
    TIMEOUT_MS,
  );

  it(
    'measures key results and effect checks from the facts: the same values for id pages',
    async () => {
      const span = measuredSpan({ kind: 'quarter', quarter: '2026-Q1', timeZone: SAMPLE_TIME_ZONE }, NOW);
      if (span === null) throw new Error('no span');
      const kind = {
        type: 'flowMetric',
        scope: { type: 'project', projectKey: 'HD' },
        metric: 'cycleTimeP85',
        baselinePeriod: { kind: 'quarter', quarter: '2025-Q4', timeZone: SAMPLE_TIME_ZONE },
        targetChangePercent: -15,
      } as const;
      const store = createMemoryStore();
      const liveValue = await measureFlowMetric({ jira: admin, store }, kind, span, SAMPLE_TIME_ZONE);
      emulator.requests.reset();
      const factsValue = await measureFlowMetric({ jira: admin, store, facts }, kind, span, SAMPLE_TIME_ZONE);
      expect(factsValue).toEqual(liveValue);
      expect(liveValue.issueCount).toBeGreaterThan(0);
      expect(emulator.requests.count('POST /rest/api/3/changelog/bulkfetch')).toBe(0);

      const config: EffectCheckConfig = {
        target: { kind: 'flow', metric: 'cycle-time', jql: 'project = HD' },
        better: 'lower',
        changeDate: '2026-01-15',
        verifyAfterDays: 30,
        beforeDays: 60,
      };
      const windows = effectRunWindows(config, '2026-01-15');
      const okr = {} as OkrStorePort; // a flow target reads no key result
      const liveEffect = await measureEffect(
        { jira: admin, serviceDesk: null, okr },
        config,
        windows,
        SAMPLE_TIME_ZONE,
        NOW,
      );
      emulator.requests.reset();
      const factsEffect = await measureEffect(
        { jira: admin, serviceDesk: null, okr, facts },
        config,
        windows,
        SAMPLE_TIME_ZONE,
        NOW,
      );
      expect(factsEffect).toEqual(liveEffect);
      expect(liveEffect.before.length + liveEffect.after.length).toBeGreaterThan(0);
      expect(emulator.requests.count('POST /rest/api/3/changelog/bulkfetch')).toBe(0);
    },
    TIMEOUT_MS,
  );

  it(
    'measures an issues scope live (its ids come without keys)',
    async () => {
      const ids = (await admin.searchIssueIds('project = HD ORDER BY created ASC', { maxIds: 20 })).slice(
        0,
        20,
      );
      const request = projectRequest({ scope: { kind: 'issues', issueIds: ids } });
      const { live, fromFacts, routes } = await both(admin, request);
      expect(JSON.stringify(fromFacts.facts)).toBe(JSON.stringify(live.facts));
      expect(routes).toContain('POST /rest/api/3/changelog/bulkfetch');
    },
    TIMEOUT_MS,
  );
});

describe('measureFlow from flow facts, live loads', () => {
  /** 2,100 issues, all without usable facts; `deleted` were removed after the id search. */
  function fakeJira(deleted: ReadonlySet<string>, summary?: string): { jira: JiraPort; searches: string[] } {
    const created = (n: number): string => new Date(Date.UTC(2026, 0, 1) + n * 60_000).toISOString();
    const ids = Array.from({ length: 2100 }, (_, n) => String(10_000 + n));
    const searches: string[] = [];
    const port: Pick<
      JiraPort,
      'searchIssueRefs' | 'searchIssues' | 'bulkFetchChangelogs' | 'listFields' | 'listProjectStatuses'
    > = {
      searchIssueRefs: () => Promise.resolve(ids.map((id) => ({ id, key: `HD-${id}` }))),
      async *searchIssues(jql: string) {
        searches.push(jql);
        const asked = /issuekey in \(([^)]*)\)/.exec(jql)?.[1]?.split(', ') ?? [];
        if (asked.some((id) => deleted.has(id)))
          throw new JiraBadRequestError('An issue does not exist', 400, []);
        for (let start = 0; start < asked.length; start += 100)
          yield await Promise.resolve(
            asked.slice(start, start + 100).map((id) => ({
              id,
              key: `HD-${id}`,
              fields: {
                created: created(Number(id)),
                status: { id: '1', name: 'Neu', statusCategory: { key: 'new' } },
                ...(summary === undefined ? {} : { summary }),
              },
            })),
          );
      },
      bulkFetchChangelogs: () => Promise.resolve(new Map()),
      listFields: () => Promise.resolve([]),
      listProjectStatuses: () => Promise.resolve([]),
    };
    return { jira: port as JiraPort, searches };
  }
  const allLive: FlowFactsReader = {
    lookup: (refs) =>
      Promise.resolve({
        records: new Map(),
        live: refs.map((ref) => ref.id),
        names: { statuses: {}, types: {} },
        notReady: [],
      }),
  };

  it('feeds every live issue in search order, also after one deleted since the search', async () => {
    const deleted = new Set(['10005']);
    const { jira } = fakeJira(deleted);
    const keys: string[] = [];
    const measured = await measureFlow(jira, {
      scope: { kind: 'jql', jql: 'project = HD' },
      period: null,
      mapping: null,
      calendar: { timeZone: 'UTC', workingWeekdays: [1, 2, 3, 4, 5], holidays: [] },
      asOfMs: Date.UTC(2026, 2, 1),
      facts: allLive,
      onIssue: (issue) => keys.push(issue.key ?? ''),
    });
    const expected = Array.from({ length: 2100 }, (_, n) => `HD-${String(10_000 + n)}`).filter(
      (key) => key !== 'HD-10005',
    );
    expect(keys).toEqual(expected);
    expect(measured.loaded).toBe(2099);
  });

  it('cuts the summaries of issues loaded live as their facts keep them (the same issue, the same summary)', async () => {
    const long = `${'Drucker im zweiten Stock druckt nur leere Seiten '.repeat(5)}Ende`;
    const { jira } = fakeJira(new Set(), long);
    const measured = await measureFlow(jira, {
      scope: { kind: 'jql', jql: 'project = HD' },
      period: null,
      mapping: null,
      calendar: { timeZone: 'UTC', workingWeekdays: [1, 2, 3, 4, 5], holidays: [] },
      asOfMs: Date.UTC(2026, 2, 1),
      facts: allLive,
      includeSummaries: true,
    });
    const stored = factsOfJiraIssue({
      id: '10000',
      key: 'HD-10000',
      fields: { created: '2026-01-01T00:00:00.000Z', project: { id: '1' }, summary: long },
    });
    expect(stored?.summary).toHaveLength(FACTS_SUMMARY_MAX_CHARS);
    expect(measured.summaries.get('HD-10000')).toBe(stored?.summary);
  });
});
