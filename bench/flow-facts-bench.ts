/**
 * Flow facts benchmark (issue 13): `npm run bench:facts [-- --issues N] [--latency-ms M]` (default 50,000 issues,
 * 150 ms per emulator request). Part of `npm run bench`.
 *
 * The engine benchmark's synthetic project (`generate-project.ts`) is served by the local Jira emulator with M ms
 * of latency on every request, and the app runs through its one composition root (`createAppHandlers`) over the
 * emulator, an in-memory KVS (Forge's limits) and an in-memory queue:
 * 1. backfill: the project page's resolver starts it (it answers `backfilling`), then the `flow-facts` queue is
 *    drained through the real consumer function; printed: Jira requests per 1,000 issues by route, consumer runs,
 *    wall time, and peak memory (rss and heapUsed sampled; the emulator's copy of the project lives in the same
 *    process, so the growth above the baseline taken before the backfill is the figure to read against 256 MB);
 * 2. a warm project page view of the whole project through the same resolver: Jira requests (target ≤ 11: the id
 *    pages), KVS reads and time (median of 3);
 * 3. one status change: an issue in progress is resolved through the emulator's transition endpoint, its event
 *    goes to the app's issue-event trigger, the delayed flush is run, and the next view shows the issue finished.
 *
 * Prints figures; asserts nothing about time (a figure far off its target says so in words).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmulator, type RunningEmulator } from '../dev/emulator';
import type { JiraSeed, SeedHistory, SeedIssue, SeedStatus, SeedUser } from '../dev/emulator/seed';
import { readManifestAppFeatures } from '../dev/preview/manifest-modules';
import { createHttpTransport } from '../src/adapters/jira/http-transport';
import { MemoryQueue } from '../src/adapters/queue/memory-queue';
import { createMemoryStore } from '../src/adapters/store/memory-store';
import { localeFileTexts } from '../src/adapters/texts/locale-file-texts';
import type { QueueMessage } from '../src/application/ports/queue-port';
import { mappingStoreKey, type StorePort } from '../src/application/ports/store-port';
import type { StoredProjectSettings } from '../src/application/project-settings';
import type { ProjectFlowAnswer } from '../src/contract/project-flow';
import type { ResolverResult } from '../src/contract/resolvers';
import { addDays, localDate } from '../src/domain/flow/calendar';
import type { StageKind } from '../src/domain/flow/types';
import { createAppHandlers, type AppHandlers } from '../src/entry/composition-root';
import { FLOW_FACTS_QUEUE_KEY } from '../src/entry/consumers/flow-facts-consumer';
import { BENCH_AS_OF_MS, BENCH_SEED, BENCH_START_MS, BENCH_TIME_ZONE, issueCountLabel } from './bench-params';
import { BENCH_WORKFLOW_MAPPING, iterateProject } from './generate-project';

const DEFAULT_ISSUES = 50_000;
const DEFAULT_LATENCY_MS = 150;
const PROJECT_ID = '10000';
const PROJECT_KEY = 'SD';
const VIEW_RUNS = 3;
const HOUR_MS = 3_600_000;
/** Heap growth the backfill may use (issue 13's target). */
const MEMORY_TARGET_BYTES = 256 * 1_048_576;

const BENCH_USER: SeedUser = {
  accountId: 'bench-admin',
  displayName: 'Bench Admin',
  emailAddress: 'bench-admin@example.com',
  locale: 'en_US',
  timeZone: BENCH_TIME_ZONE,
  jiraAdmin: true,
  browseProjects: '*',
  adminProjects: [PROJECT_KEY],
  apiToken: 'bench-admin-token',
};

const CATEGORY_OF_KIND: Readonly<Record<StageKind, SeedStatus['categoryKey']>> = {
  backlog: 'new',
  active: 'indeterminate',
  waiting: 'indeterminate',
  done: 'done',
};

function numberArg(argv: readonly string[], name: string, fallback: number, min: number): number {
  const index = argv.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(argv[index + 1]);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} needs a whole number ≥ ${String(min)}, got ${argv[index + 1] ?? 'nothing'}`);
  return value;
}

/** The synthetic project as an emulator seed: one project, the generator's statuses and issue types. */
function benchSeed(issues: number): JiraSeed {
  const statusIds = new Map<string, string>();
  const issueTypes = new Map<string, string>();
  const seedIssues: SeedIssue[] = [];
  const note = (id: string | null | undefined, name: string | null | undefined): void => {
    if (typeof id === 'string' && typeof name === 'string' && name !== '') statusIds.set(name, id);
  };
  const iterator = iterateProject({ issues, seed: BENCH_SEED, startMs: BENCH_START_MS });
  for (let step = iterator.next(); step.done !== true; step = iterator.next()) {
    const issue = step.value;
    const fields = issue.fields;
    if (issue.id === undefined || issue.key === undefined || fields?.created === undefined)
      throw new Error('generate-project yielded an issue without id, key or created');
    note(fields.status?.id, fields.status?.name);
    issueTypes.set(fields.issuetype?.id ?? '10001', fields.issuetype?.name ?? 'Task');
    const histories: SeedHistory[] = (issue.changelog?.histories ?? []).map((h) => {
      for (const item of h.items ?? []) {
        if (item.fieldId === 'status') {
          note(item.from, item.fromString);
          note(item.to, item.toString);
        }
      }
      return {
        id: h.id ?? '',
        created: h.created ?? fields.created ?? '',
        authorAccountId: BENCH_USER.accountId,
        items: h.items ?? [],
      };
    });
    const resolutiondate = fields.resolutiondate ?? null;
    seedIssues.push({
      id: issue.id,
      key: issue.key,
      projectId: PROJECT_ID,
      issueTypeId: fields.issuetype?.id ?? '10001',
      statusId: fields.status?.id ?? '1',
      summary: fields.summary ?? issue.key,
      description: null,
      created: fields.created,
      updated: histories.reduce((latest, h) => (h.created > latest ? h.created : latest), fields.created),
      resolutiondate,
      resolution: resolutiondate === null ? null : 'Done',
      priority: 'Medium',
      labels: [],
      reporterAccountId: BENCH_USER.accountId,
      assigneeAccountId: null,
      flagged: false,
      histories,
      comments: [],
      properties: {},
    });
  }
  const statuses: SeedStatus[] = BENCH_WORKFLOW_MAPPING.stages.flatMap((stage) =>
    stage.statuses.map((name) => {
      const id = statusIds.get(name);
      if (id === undefined) throw new Error(`status ${name} does not occur in the generated project`);
      return { id, name, categoryKey: CATEGORY_OF_KIND[stage.kind] };
    }),
  );
  return {
    users: [BENCH_USER],
    projects: [
      {
        id: PROJECT_ID,
        key: PROJECT_KEY,
        name: 'Synthetic Service Desk',
        style: 'classic',
        projectTypeKey: 'service_desk',
        leadAccountId: BENCH_USER.accountId,
        issueTypeIds: [...issueTypes.keys()],
        statusIds: statuses.map((s) => s.id),
      },
    ],
    issueTypes: [...issueTypes].map(([id, name]) => ({ id, name, description: '', subtask: false })),
    statuses,
    linkTypes: [],
    issues: seedIssues,
    links: [],
  };
}

/** The manifest's indexed issue properties (`flowAgeDays`, …), as Jira indexes them. */
function manifestIndexes() {
  const yaml = readFileSync(path.join(__dirname, '..', 'manifest.yml'), 'utf8');
  return readManifestAppFeatures(yaml, { de: {}, en: {} }).entityProperties;
}

/** A store that counts its calls by method (every KVS operation of the app goes through one of them). */
function countingStore(inner: StorePort): { store: StorePort; calls: Map<string, number> } {
  const calls = new Map<string, number>();
  const store = new Proxy(inner, {
    get(target, name, receiver) {
      const value: unknown = Reflect.get(target, name, receiver);
      if (typeof value !== 'function' || typeof name !== 'string') return value;
      return (...args: unknown[]) => {
        calls.set(name, (calls.get(name) ?? 0) + 1);
        return (value as (...a: unknown[]) => unknown).apply(target, args);
      };
    },
  });
  return { store, calls };
}

function byRoute(log: readonly { routeKey: string }[], perIssues: number | null): string {
  const counts = new Map<string, number>();
  for (const entry of log) counts.set(entry.routeKey, (counts.get(entry.routeKey) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(
      ([route, n]) =>
        `    ${String(n).padStart(6)}  ${route}` +
        (perIssues === null ? '' : `  (${((n / perIssues) * 1000).toFixed(2)} per 1,000 issues)`),
    )
    .join('\n');
}

const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(0)} MB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** Peak rss and heapUsed, sampled every 20 ms and on demand. */
function memorySampler() {
  let rss = 0;
  let heap = 0;
  const sample = (): void => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 20);
  timer.unref();
  return {
    sample,
    stop: () => {
      clearInterval(timer);
      sample();
      return { rss, heap };
    },
  };
}

/** The whole project: the generator spreads it over three years before the bench's "now". */
const TO = localDate(BENCH_AS_OF_MS, BENCH_TIME_ZONE);
const FROM = addDays(TO, -3 * 365 - 2); // the page's longest range: 1,098 days

async function projectPage(app: AppHandlers): Promise<ProjectFlowAnswer> {
  const result = (await app.resolvers.handler(
    {
      call: { functionKey: 'getProjectFlow', payload: { projectKey: PROJECT_KEY, from: FROM, to: TO } },
      context: { accountId: BENCH_USER.accountId, timezone: BENCH_TIME_ZONE, locale: 'en_US' },
    },
    { principal: { accountId: BENCH_USER.accountId } },
  )) as ResolverResult<ProjectFlowAnswer>;
  if (!result.ok) throw new Error(`getProjectFlow: ${result.error.code} ${result.error.detail}`);
  return result.value;
}

function readyView(answer: ProjectFlowAnswer) {
  if (answer.status !== 'ready') throw new Error(`expected a ready view, got ${answer.status}`);
  return answer.view;
}

async function transition(emulator: RunningEmulator, issueKey: string, transitionId: string): Promise<void> {
  const auth = Buffer.from(`${BENCH_USER.emailAddress}:${BENCH_USER.apiToken}`).toString('base64');
  const response = await fetch(`${emulator.url}/rest/api/3/issue/${issueKey}/transitions`, {
    method: 'POST',
    headers: { authorization: `Basic ${auth}`, 'content-type': 'application/json' },
    body: JSON.stringify({ transition: { id: transitionId } }),
  });
  if (response.status !== 204)
    throw new Error(`transition of ${issueKey}: Jira answered ${String(response.status)}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const issues = numberArg(argv, '--issues', DEFAULT_ISSUES, 1);
  const latencyMs = numberArg(argv, '--latency-ms', DEFAULT_LATENCY_MS, 0);
  const label = issueCountLabel(issues);
  console.log(
    `Flow facts benchmark: ${label} issues, emulator latency ${String(latencyMs)} ms per request ` +
      '(the app through its composition root; in-memory KVS with Forge limits and queue)',
  );

  const seedStarted = performance.now();
  const seed = benchSeed(issues);
  // The emulator's clock: the transition happens an hour before the view's "now", after every generated change.
  let emulatorNowMs = BENCH_AS_OF_MS - 2 * HOUR_MS;
  const emulator = await startEmulator({
    seed,
    now: () => emulatorNowMs,
    entityPropertyIndexes: manifestIndexes(),
  });
  console.log(`  seed built and emulator started in ${seconds(performance.now() - seedStarted)}`);
  const clock = (): number => BENCH_AS_OF_MS;
  const counted = countingStore(createMemoryStore({ clock }));
  const settings: StoredProjectSettings = {
    mapping: BENCH_WORKFLOW_MAPPING,
    calendar: { timeZone: BENCH_TIME_ZONE, workingWeekdays: [1, 2, 3, 4, 5], holidays: [] },
    percentiles: [50, 85, 95],
  };
  await counted.store.put(mappingStoreKey(PROJECT_ID), settings, null);
  const errors: string[] = [];
  const factsQueue = new MemoryQueue<QueueMessage>({ now: clock });
  const otherQueue = new MemoryQueue<QueueMessage>({ now: clock });
  const transport = createHttpTransport({
    baseUrl: emulator.url,
    email: BENCH_USER.emailAddress,
    apiToken: BENCH_USER.apiToken,
  });
  const app = createAppHandlers({
    jiraForUser: () => transport,
    jiraAsApp: () => transport,
    store: counted.store,
    queue: (key) => (key === FLOW_FACTS_QUEUE_KEY ? factsQueue : otherQueue),
    clock,
    logError: (message, error) => {
      errors.push(message);
      console.error(`  app log: ${message}`, error instanceof Error ? error.message : error);
    },
    texts: localeFileTexts,
  });
  let consumerRuns = 0;
  let retriesAsked = 0;
  factsQueue.setConsumer(async (message) => {
    consumerRuns++;
    // Forge's async event: the message as `body`.
    const answer = await app.consumers.flowFactsHandler({ body: message });
    if (answer !== undefined) retriesAsked++;
  });
  const deliveries: Promise<unknown>[] = [];
  emulator.onProductEvent((event) => {
    if (event.eventType.endsWith(':issue')) deliveries.push(app.triggers.issueEventHandler(event.payload));
  });
  if (latencyMs > 0) emulator.faults.latency(latencyMs);

  try {
    // 1. Backfill.
    const baseline = process.memoryUsage();
    const memory = memorySampler();
    emulator.requests.reset();
    const backfillStarted = performance.now();
    const first = await projectPage(app);
    console.log(
      `\n1. Backfill: the project page answers "${first.status}"` +
        (first.status === 'backfilling'
          ? ` (${String(first.progress.loaded)}/${String(first.progress.total ?? '?')})`
          : ''),
    );
    if (latencyMs > 0 && issues > 10_000)
      console.log(
        `   (about ${String(Math.round((issues / 1000) * 22 * latencyMs) / 1000)} s of Jira latency alone at ` +
          `${String(latencyMs)} ms per request; --issues N shrinks the project)`,
      );
    for (let ran = 1; ran > 0;) {
      ran = await factsQueue.runPending({ includeDelayed: true });
      memory.sample();
    }
    const backfillMs = performance.now() - backfillStarted;
    const peak = memory.stop();
    const backfillLog = [...emulator.requests.log()];
    const ready = readyView(await projectPage(app));
    console.log(
      `   ${String(backfillLog.length)} Jira requests = ${((backfillLog.length / issues) * 1000).toFixed(2)} per ` +
        `1,000 issues, by route:\n${byRoute(backfillLog, issues)}`,
    );
    console.log(
      `   consumer runs: ${String(consumerRuns)} (retries asked: ${String(retriesAsked)}), wall time ` +
        `${seconds(backfillMs)}; ${String(ready.summary.issuesLoaded)} issues in the first view`,
    );
    const heapGrowth = peak.heap - baseline.heapUsed;
    console.log(
      `   peak memory: rss ${mb(peak.rss)} (baseline ${mb(baseline.rss)}), heapUsed ${mb(peak.heap)} ` +
        `(baseline ${mb(baseline.heapUsed)}: +${mb(heapGrowth)}; target < 256 MB ` +
        `${heapGrowth < MEMORY_TARGET_BYTES ? 'MET' : 'MISSED'}; the in-memory KVS holding the facts is counted in)`,
    );

    // 2. Warm project page view.
    const times: number[] = [];
    let viewLog: { routeKey: string }[] = [];
    let kvsReads = 0;
    let view = ready;
    for (let run = 0; run < VIEW_RUNS; run++) {
      emulator.requests.reset();
      counted.calls.clear();
      const started = performance.now();
      view = readyView(await projectPage(app));
      times.push(performance.now() - started);
      viewLog = [...emulator.requests.log()];
      kvsReads = (counted.calls.get('get') ?? 0) + (counted.calls.get('getMany') ?? 0);
    }
    times.sort((a, b) => a - b);
    console.log(
      `\n2. Warm project page view of ${String(view.summary.issuesLoaded)} issues: ${String(viewLog.length)} Jira ` +
        `requests (target ≤ 11: ${viewLog.length <= 11 ? 'MET' : 'MISSED'}), ${String(kvsReads)} KVS reads, ` +
        `median ${(times[Math.floor(times.length / 2)] ?? 0).toFixed(0)} ms of ${String(VIEW_RUNS)}`,
    );
    console.log(byRoute(viewLog, null));

    // 3. One status change: an issue in progress is resolved.
    const inProgress = seed.issues.find((issue) => issue.statusId === '3');
    const resolvedId = seed.statuses.find((status) => status.name === 'Resolved')?.id;
    if (inProgress === undefined || resolvedId === undefined)
      throw new Error('the generated project has no issue in progress or no Resolved status');
    emulatorNowMs = BENCH_AS_OF_MS - HOUR_MS;
    emulator.requests.reset();
    const changeStarted = performance.now();
    await transition(emulator, inProgress.key, resolvedId);
    // The emulator delivers the event after its response: wait for the trigger, then run the delayed flush.
    while (deliveries.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all(deliveries);
    const flushes = await factsQueue.runPending({ includeDelayed: true });
    const after = readyView(await projectPage(app));
    console.log(
      `\n3. ${inProgress.key} resolved through the emulator → issue-event trigger → ${String(flushes)} flush ` +
        `run(s) → next view in ${(performance.now() - changeStarted).toFixed(0)} ms (${String(emulator.requests.count())} Jira requests in all):`,
    );
    console.log(
      `   finished ${String(view.summary.finished)} → ${String(after.summary.finished)}, WIP now ` +
        `${String(view.summary.wipNow)} → ${String(after.summary.wipNow)}` +
        (after.summary.finished === view.summary.finished + 1 ? '' : '  (NOT reflected: check the log)'),
    );
    if (errors.length > 0) console.log(`\n${String(errors.length)} app log line(s) above.`);
  } finally {
    await emulator.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
