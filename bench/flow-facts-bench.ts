/**
 * Flow facts benchmark (issue 13): `npm run bench:facts [-- --issues N] [--latency-ms M]` (default 50,000 issues,
 * 150 ms per emulator request; `--heap-cap-mb N` / `--view-heap-cap-mb N` other V8 heap caps for the app's two
 * phases). Part of `npm run bench`.
 *
 * The engine benchmark's synthetic project (`generate-project.ts`) is served by the local Jira emulator with M ms
 * of latency on every request, and the app runs through its one composition root (`createAppHandlers`) over the
 * emulator, an in-memory KVS (Forge's limits) and an in-memory queue:
 * 1. backfill: the project page's resolver starts it (it answers `backfilling`), then the `flow-facts` queue is
 *    drained through the real consumer function; printed: Jira requests per 1,000 issues by route, consumer runs,
 *    wall time, and peak memory of the app's process (rss: the kernel's high-water mark, heapUsed sampled);
 * 2. a warm project page view of the whole project through the same resolver: Jira requests (target ≤ 11: the id
 *    pages), KVS reads and time (median of 3);
 * 3. one status change: an issue in progress is resolved through the emulator's transition endpoint, its event
 *    goes to the app's issue-event trigger, the delayed flush is run, and the next view shows the issue finished.
 *
 * The app (composition root, consumer, in-memory KVS and queue) runs in child processes of this one with a capped
 * V8 heap and WITHOUT forced collections (V8 collects only as its cap makes it, as in a Forge function), one per
 * phase, each capped as its Forge function: the backfill (1.) with {@link HEAP_CAP_MB} MB, failing at 256 MB of rss
 * (issue 13's target for the backfill consumer); the views (2., 3.) with {@link VIEW_HEAP_CAP_MB} MB, failing at
 * 512 MB of rss (a resolver's memory: Forge's default `memoryMB`, which our manifest does not change). The view
 * process starts from the KVS the backfill process left (handed over in a temporary file) and an emulator seeded
 * alike. The bench FAILS (exit code 1, a message saying why) when a process dies (out of heap) or its peak rss
 * reaches its bound. Asserts nothing about time (a figure far off its target says so in words).
 */
import { fork, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { createHttpTransport } from '../src/adapters/jira/http-transport';
import { MemoryQueue } from '../src/adapters/queue/memory-queue';
import { createMemoryStore, type MemoryStore } from '../src/adapters/store/memory-store';
import { localeFileTexts } from '../src/adapters/texts/locale-file-texts';
import type { QueueMessage } from '../src/application/ports/queue-port';
import { mappingStoreKey, type StorePort } from '../src/application/ports/store-port';
import type { StoredProjectSettings } from '../src/application/project-settings';
import type { ProjectFlowAnswer } from '../src/contract/project-flow';
import type { ResolverResult } from '../src/contract/resolvers';
import { addDays, localDate } from '../src/domain/flow/calendar';
import { createAppHandlers, type AppHandlers } from '../src/entry/composition-root';
import { FLOW_FACTS_QUEUE_KEY } from '../src/entry/consumers/flow-facts-consumer';
import { BENCH_AS_OF_MS, BENCH_TIME_ZONE, issueCountLabel } from './bench-params';
import {
  BENCH_PROJECT_ID as PROJECT_ID,
  BENCH_PROJECT_KEY as PROJECT_KEY,
  BENCH_USER,
  type EmulatorCommand,
  type EmulatorReport,
} from './flow-facts-emulator';
import { BENCH_WORKFLOW_MAPPING } from './generate-project';

const DEFAULT_ISSUES = 50_000;
const DEFAULT_LATENCY_MS = 150;
const VIEW_RUNS = 3;
const HOUR_MS = 3_600_000;
/** Memory the backfill may use (issue 13's target for the consumer). */
const MEMORY_TARGET_BYTES = 256 * 1_048_576;
/** Memory a view may use: a resolver's Forge function with the default `memoryMB` (512; the manifest sets none). */
const VIEW_MEMORY_BYTES = 512 * 1_048_576;
/**
 * V8 old-space cap (MB) of the views' process: with what the process holds besides its heap (about 120 MB) it stays
 * below the 512 MB of a resolver's function, with room for young generation and buffers.
 */
const VIEW_HEAP_CAP_MB = 384;
/** The app's phases, each in a process of its own with its own cap. */
type Phase = 'backfill' | 'view';
/** The argument naming the file through which the backfill's process hands its KVS to the views' process. */
const KVS_FILE_ARG = '--kvs-file';
/**
 * V8 old-space cap (MB) of the app's process: what the process holds besides its heap (node, the loaded app and
 * the tsx loader: about 120 MB of rss before the backfill) plus this cap is about 280 MB: a run that needs more heap
 * dies, and one that fills the cap fails the rss check (the backfill of 50,000 issues also fits a 128 MB cap).
 */
const HEAP_CAP_MB = 160;
/** Set in the app's process (the capped child): it runs the bench instead of forking again. */
const CAPPED_ENV = 'FLOW_FACTS_BENCH_CAPPED';
/** Node flags the child processes must not inherit: forced collections and this process's heap size. */
const isHeapFlag = (flag: string): boolean =>
  flag === '--expose-gc' || flag === '--expose_gc' || /^--max[-_]old[-_]space[-_]size/.test(flag);

function numberArg(argv: readonly string[], name: string, fallback: number, min: number): number {
  const index = argv.indexOf(name);
  if (index < 0) return fallback;
  const value = Number(argv[index + 1]);
  if (!Number.isInteger(value) || value < min)
    throw new Error(`${name} needs a whole number ≥ ${String(min)}, got ${argv[index + 1] ?? 'nothing'}`);
  return value;
}

/** The emulator in its own process (`flow-facts-emulator.ts`): commands in order, one answer each. */
function emulatorProcess(onEvent: (event: { eventType: string; payload: unknown }) => void) {
  // Forked with this process's loader (tsx), so the child runs the TypeScript module too.
  // Without the app's heap cap: the emulator's copy of the project is not the app's memory.
  const child: ChildProcess = fork(path.join(__dirname, 'flow-facts-emulator.ts'), [], {
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    execArgv: process.execArgv.filter((flag) => !isHeapFlag(flag)),
  });
  const waiting: {
    resolve: (report: EmulatorReport) => void;
    reject: (error: Error) => void;
  }[] = [];
  child.on('message', (report: EmulatorReport) => {
    if (report.type === 'event') onEvent(report.event);
    else waiting.shift()?.resolve(report);
  });
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code) => {
      for (const pending of waiting.splice(0))
        pending.reject(new Error(`the emulator process ended (${String(code)})`));
      resolve();
    });
  });
  const ask = (command: EmulatorCommand): Promise<EmulatorReport> =>
    new Promise((resolve, reject) => {
      waiting.push({ resolve, reject });
      child.send(command);
    });
  return {
    ask,
    async log(): Promise<readonly string[]> {
      const report = await ask({ type: 'log' });
      return report.type === 'log' ? report.log : [];
    },
    async stop(): Promise<void> {
      child.send({ type: 'stop' } satisfies EmulatorCommand);
      await exited;
    },
  };
}

/** A store that counts its calls by method (every KVS operation of the app goes through one of them). */
function countingStore(inner: StorePort): {
  store: StorePort;
  calls: Map<string, number>;
} {
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

function byRoute(log: readonly string[], perIssues: number | null): string {
  const counts = new Map<string, number>();
  for (const routeKey of log) counts.set(routeKey, (counts.get(routeKey) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(
      ([route, n]) =>
        `    ${String(n).padStart(6)}  ${route}` +
        (perIssues === null ? '' : `  (${((n / perIssues) * 1000).toFixed(2)} per 1,000 issues)`),
    )
    .join('\n');
}

const mb = (bytes: number): string => `${(bytes / 1_048_576).toFixed(bytes < 10_485_760 ? 1 : 0)} MB`;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/**
 * Peak rss and heapUsed of this process: heapUsed sampled every 20 ms and on demand (no forced collections: the heap
 * holds what V8 has not collected yet, as in production), rss also as the kernel's high-water mark
 * (`resourceUsage().maxRSS`), so a spike between two samples counts too.
 */
function memorySampler() {
  let rss = 0;
  let heap = 0;
  const sample = (): void => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss, process.resourceUsage().maxRSS * 1024);
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

/** Bytes the in-memory KVS holds (keys and values as JSON): Forge's storage in production, not the function's. */
async function storedBytes(store: MemoryStore): Promise<number> {
  let bytes = 0;
  for (const key of store.keys()) {
    const stored = await store.get(key);
    bytes += key.length + Buffer.byteLength(JSON.stringify(stored?.value ?? null));
  }
  return bytes;
}

/** The whole project: the generator spreads it over three years before the bench's "now". */
const TO = localDate(BENCH_AS_OF_MS, BENCH_TIME_ZONE);
const FROM = addDays(TO, -3 * 365 - 2); // the page's longest range: 1,098 days

async function projectPage(app: AppHandlers): Promise<ProjectFlowAnswer> {
  const result = (await app.resolvers.handler(
    {
      call: {
        functionKey: 'getProjectFlow',
        payload: { projectKey: PROJECT_KEY, from: FROM, to: TO },
      },
      context: {
        accountId: BENCH_USER.accountId,
        timezone: BENCH_TIME_ZONE,
        locale: 'en_US',
      },
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

async function transition(emulatorUrl: string, issueKey: string, transitionId: string): Promise<void> {
  const auth = Buffer.from(`${BENCH_USER.emailAddress}:${BENCH_USER.apiToken}`).toString('base64');
  const response = await fetch(`${emulatorUrl}/rest/api/3/issue/${issueKey}/transitions`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${auth}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({ transition: { id: transitionId } }),
  });
  if (response.status !== 204)
    throw new Error(`transition of ${issueKey}: Jira answered ${String(response.status)}`);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const issues = numberArg(argv, '--issues', DEFAULT_ISSUES, 1);
  const latencyMs = numberArg(argv, '--latency-ms', DEFAULT_LATENCY_MS, 0);
  const phase: Phase = argv.includes('--phase-view') ? 'view' : 'backfill';
  const heapCapMb =
    phase === 'view'
      ? numberArg(argv, '--view-heap-cap-mb', VIEW_HEAP_CAP_MB, 8)
      : numberArg(argv, '--heap-cap-mb', HEAP_CAP_MB, 8);
  const kvsFile = argv[argv.indexOf(KVS_FILE_ARG) + 1] ?? '';
  const label = issueCountLabel(issues);
  if (phase === 'backfill')
    console.log(
      `Flow facts benchmark: ${label} issues, emulator latency ${String(latencyMs)} ms per request ` +
        '(the app through its composition root over an in-memory KVS with Forge limits and an in-memory queue; ' +
        'the emulator in a process of its own)',
    );

  const deliveries: Promise<unknown>[] = [];
  let deliver: (event: { eventType: string; payload: unknown }) => void = () => undefined;
  const emulator = emulatorProcess((event) => {
    deliver(event);
  });
  const seedStarted = performance.now();
  const started = await emulator.ask({
    type: 'start',
    issues,
    nowMs: BENCH_AS_OF_MS - 2 * HOUR_MS,
  });
  if (started.type !== 'started') throw new Error('the emulator process did not start');
  console.log(`  seed built and emulator started in ${seconds(performance.now() - seedStarted)}`);
  const clock = (): number => BENCH_AS_OF_MS;
  const memoryStore = createMemoryStore({ clock });
  const counted = countingStore(memoryStore);
  const settings: StoredProjectSettings = {
    mapping: BENCH_WORKFLOW_MAPPING,
    calendar: {
      timeZone: BENCH_TIME_ZONE,
      workingWeekdays: [1, 2, 3, 4, 5],
      holidays: [],
    },
    percentiles: [50, 85, 95],
  };
  if (phase === 'backfill') await counted.store.put(mappingStoreKey(PROJECT_ID), settings, null);
  // The backfill's process left the KVS it wrote (the mapping included): the views start from it.
  else await restoreKvs(memoryStore, kvsFile);
  const errors: string[] = [];
  const factsQueue = new MemoryQueue<QueueMessage>({ now: clock });
  const otherQueue = new MemoryQueue<QueueMessage>({ now: clock });
  const transport = createHttpTransport({
    baseUrl: started.url,
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
  deliver = (event) => {
    if (event.eventType.endsWith(':issue')) deliveries.push(app.triggers.issueEventHandler(event.payload));
  };
  if (latencyMs > 0) await emulator.ask({ type: 'latency', ms: latencyMs });

  try {
    if (phase === 'view') {
      await viewPhase({
        app,
        emulator,
        counted,
        factsQueue,
        deliveries,
        started,
        heapCapMb,
        errors,
      });
      return;
    }
    // 1. Backfill.
    const baseline = process.memoryUsage();
    const memory = memorySampler();
    await emulator.ask({ type: 'reset' });
    const backfillStarted = performance.now();
    const first = await projectPage(app);
    console.log(
      `\n1. Backfill: the project page answers "${first.status}"` +
        (first.status === 'backfilling'
          ? ` (${first.progress.percent === null ? first.progress.phase : `${String(first.progress.percent)} %`})`
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
    const backfillLog = await emulator.log();
    console.log(
      `   ${String(backfillLog.length)} Jira requests = ${((backfillLog.length / issues) * 1000).toFixed(2)} per ` +
        `1,000 issues, by route:\n${byRoute(backfillLog, issues)}`,
    );
    console.log(
      `   consumer runs: ${String(consumerRuns)} (retries asked: ${String(retriesAsked)}), wall time ` +
        seconds(backfillMs),
    );
    const kvsBytes = await storedBytes(memoryStore);
    console.log(
      `   peak memory of the app's process (V8 heap capped at ${String(heapCapMb)} MB, no forced collections): ` +
        `rss ${mb(peak.rss)} (baseline ${mb(baseline.rss)}: +${mb(peak.rss - baseline.rss)}), ` +
        `heapUsed ${mb(peak.heap)} (baseline ${mb(baseline.heapUsed)}: +${mb(peak.heap - baseline.heapUsed)}); ` +
        `target rss < 256 MB: ${peak.rss < MEMORY_TARGET_BYTES ? 'MET' : 'MISSED'}. The in-memory KVS, Forge's ` +
        `storage in production, holds ${mb(kvsBytes)} of it`,
    );
    if (peak.rss >= MEMORY_TARGET_BYTES) {
      console.error(
        `\nFAILED: the backfill's process peaked at rss ${mb(peak.rss)}, over the 256 MB a Forge function has by ` +
          'default. Find what a step holds (node --trace-gc, process.memoryUsage() per step) before raising anything.',
      );
      process.exitCode = 1;
    }
    // The views run in a process of their own, capped as a resolver's function, from this KVS.
    await dumpKvs(memoryStore, kvsFile);
    if (errors.length > 0) console.log(`\n${String(errors.length)} app log line(s) above.`);
  } finally {
    await emulator.stop();
  }
}

/** Writes every key and value of the KVS to `file`, one JSON line each (the views' process reads it back). */
async function dumpKvs(store: MemoryStore, file: string): Promise<void> {
  const lines: string[] = [];
  for (const key of store.keys()) {
    const stored = await store.get(key);
    if (stored !== null) lines.push(JSON.stringify([key, stored.value]));
  }
  writeFileSync(file, lines.join('\n'));
}

/** Puts back what {@link dumpKvs} wrote (new versions: nothing compares versions across processes). */
async function restoreKvs(store: MemoryStore, file: string): Promise<void> {
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line === '') continue;
    const [key, value] = JSON.parse(line) as [string, unknown];
    await store.put(key, value, null);
  }
}

/** 2. and 3.: the warm views and one status change, in the resolvers' process (its own heap cap and rss bound). */
async function viewPhase({
  app,
  emulator,
  counted,
  factsQueue,
  deliveries,
  started,
  heapCapMb,
  errors,
}: {
  app: AppHandlers;
  emulator: ReturnType<typeof emulatorProcess>;
  counted: { calls: Map<string, number> };
  factsQueue: MemoryQueue;
  deliveries: Promise<unknown>[];
  started: Extract<EmulatorReport, { type: 'started' }>;
  heapCapMb: number;
  errors: readonly string[];
}): Promise<void> {
  const baseline = process.memoryUsage();
  const memory = memorySampler();
  await emulator.ask({ type: 'reset' });
  const firstStarted = performance.now();
  const ready = readyView(await projectPage(app));
  const firstLog = await emulator.log();
  console.log(
    `\n   First view in the resolvers' process: ${String(ready.summary.issuesLoaded)} issues, ` +
      `${String(firstLog.length)} Jira requests, ${(performance.now() - firstStarted).toFixed(0)} ms`,
  );

  // 2. Warm project page view.
  const times: number[] = [];
  let viewLog: readonly string[] = [];
  let kvsReads = 0;
  let view = ready;
  for (let run = 0; run < VIEW_RUNS; run++) {
    await emulator.ask({ type: 'reset' });
    counted.calls.clear();
    const viewStarted = performance.now();
    view = readyView(await projectPage(app));
    times.push(performance.now() - viewStarted);
    viewLog = await emulator.log();
    kvsReads = (counted.calls.get('get') ?? 0) + (counted.calls.get('getMany') ?? 0);
  }
  times.sort((a, b) => a - b);
  console.log(
    `\n2. Warm project page view of ${String(view.summary.issuesLoaded)} issues: ${String(viewLog.length)} Jira ` +
      `requests (target ≤ 11: ${viewLog.length <= 11 ? 'MET' : 'MISSED'}), ${String(kvsReads)} KVS reads, ` +
      `median ${(times[Math.floor(times.length / 2)] ?? 0).toFixed(0)} ms of ${String(VIEW_RUNS)}`,
  );
  console.log(byRoute(viewLog, null));

  // 3. One status change: an issue in progress is resolved, an hour before the view's "now".
  await emulator.ask({ type: 'now', ms: BENCH_AS_OF_MS - HOUR_MS });
  await emulator.ask({ type: 'reset' });
  const changeStarted = performance.now();
  await transition(started.url, started.inProgressKey, started.resolvedStatusId);
  // The emulator delivers the event after its response: wait for the trigger, then run the delayed flush.
  while (deliveries.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
  await Promise.all(deliveries);
  const flushes = await factsQueue.runPending({ includeDelayed: true });
  const after = readyView(await projectPage(app));
  const changeLog = await emulator.log();
  console.log(
    `\n3. ${started.inProgressKey} resolved through the emulator → issue-event trigger → ${String(flushes)} ` +
      `flush run(s) → next view in ${(performance.now() - changeStarted).toFixed(0)} ms ` +
      `(${String(changeLog.length)} Jira requests in all):`,
  );
  console.log(
    `   finished ${String(view.summary.finished)} → ${String(after.summary.finished)}, WIP now ` +
      `${String(view.summary.wipNow)} → ${String(after.summary.wipNow)}` +
      (after.summary.finished === view.summary.finished + 1 ? '' : '  (NOT reflected: check the log)'),
  );
  const peak = memory.stop();
  console.log(
    `\n   peak memory of the resolvers' process (V8 heap capped at ${String(heapCapMb)} MB, no forced collections): ` +
      `rss ${mb(peak.rss)} (baseline ${mb(baseline.rss)}: +${mb(peak.rss - baseline.rss)}), ` +
      `heapUsed ${mb(peak.heap)} (baseline ${mb(baseline.heapUsed)}: +${mb(peak.heap - baseline.heapUsed)}); ` +
      `bound rss < 512 MB (a resolver's default memoryMB): ${peak.rss < VIEW_MEMORY_BYTES ? 'MET' : 'MISSED'}`,
  );
  if (peak.rss >= VIEW_MEMORY_BYTES) {
    console.error(
      `\nFAILED: the views' process peaked at rss ${mb(peak.rss)}, over the 512 MB of a resolver's Forge function. ` +
        'Find what a view holds (node --trace-gc, a heap snapshot) before raising anything.',
    );
    process.exitCode = 1;
  }
  if (errors.length > 0) console.log(`\n${String(errors.length)} app log line(s) above.`);
}

/**
 * Runs one phase of the bench in a child process whose V8 heap is capped at `capMb` (no forced collections) and
 * fails loudly when it dies: out of heap, by a signal, or with a non-zero exit code (its own failure message).
 * Resolves whether the phase succeeded.
 */
function runPhase(phase: Phase, capMb: number, kvsFile: string): Promise<boolean> {
  const child = fork(
    __filename,
    [...process.argv.slice(2), KVS_FILE_ARG, kvsFile, ...(phase === 'view' ? ['--phase-view'] : [])],
    {
      execArgv: [
        ...process.execArgv.filter((flag) => !isHeapFlag(flag)),
        `--max-old-space-size=${String(capMb)}`,
      ],
      env: { ...process.env, [CAPPED_ENV]: '1' },
      stdio: ['ignore', 'inherit', 'pipe', 'ipc'],
    },
  );
  let stderrTail = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    process.stderr.write(chunk);
    stderrTail = (stderrTail + chunk.toString('utf8')).slice(-4096);
  });
  return new Promise((resolve) => {
    child.once('exit', (code, signal) => {
      // A grandchild (the emulator) may still hold the pipe: stop reading it, or this process never ends.
      child.stderr?.destroy();
      const outOfHeap = /heap out of memory|Reached heap limit|Allocation failed/i.test(stderrTail);
      const what =
        phase === 'view'
          ? "the project page resolver's views (2./3.), which must fit a resolver's 512 MB Forge function"
          : "the backfill consumer (1.), which must fit issue 13's 256 MB target";
      if (outOfHeap || signal !== null) {
        console.error(
          `\nFAILED: the app's process died ${outOfHeap ? `out of its ${String(capMb)} MB V8 heap` : `by ${String(signal)}`} ` +
            `in ${what}: find what it holds (node --trace-gc, a heap snapshot with --heapsnapshot-near-heap-limit=1) ` +
            'before raising the cap.',
        );
        process.exitCode = 1;
      } else if (code !== 0) {
        console.error(`\nFAILED: the app's process ended with exit code ${String(code)} (see above).`);
        process.exitCode = code ?? 1;
      }
      resolve(!outOfHeap && signal === null && code === 0);
    });
  });
}

/**
 * The backfill in a process capped at {@link HEAP_CAP_MB} MB (`--heap-cap-mb N`), then the views in one capped at
 * {@link VIEW_HEAP_CAP_MB} MB (`--view-heap-cap-mb N`; a small cap shows the failure path).
 */
async function runCapped(): Promise<void> {
  const argv = process.argv.slice(2);
  const dir = mkdtempSync(path.join(tmpdir(), 'flow-facts-bench-'));
  try {
    const kvsFile = path.join(dir, 'kvs.jsonl');
    if (!(await runPhase('backfill', numberArg(argv, '--heap-cap-mb', HEAP_CAP_MB, 8), kvsFile))) return;
    await runPhase('view', numberArg(argv, '--view-heap-cap-mb', VIEW_HEAP_CAP_MB, 8), kvsFile);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

(process.env[CAPPED_ENV] === '1' ? main() : runCapped()).catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
