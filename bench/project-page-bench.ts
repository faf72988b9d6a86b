/**
 * Project page benchmark: `npm run bench:project [-- --issues N]` (default 20,000).
 *
 * Generates the engine benchmark's synthetic project (`generate-project.ts`), stores its flow facts as a finished
 * backfill leaves them (issue 13) and times through the real use case `getProjectFlow` over an in-memory Jira port
 * (ids-only search; no network time) and an in-memory store:
 * - facts: turning the issues into records and storing them in chunks (the backfill's store work, without Jira);
 * - view: a warm view of the whole project from the facts (ids, lookup, engine, view model), median of 5; target:
 *   within what a resolver's 25 s leave beside its Jira budget (`npm run bench:facts` adds Jira's time against
 *   the emulator with latency);
 * and prints the answer size (Forge's limit is 5 MB) and the number of facts chunks (KVS values).
 *
 * {@link benchProjectPage} is exported for the lead's combined bench.
 */
import type { JiraPort } from '../src/application/ports/jira-port';
import { mappingStoreKey } from '../src/application/ports/store-port';
import { FlowFactsStore } from '../src/application/flow-facts-store';
import { getProjectFlow, type FlowFactsViews } from '../src/application/project-flow';
import type { StoredProjectSettings } from '../src/application/project-settings';
import { createMemoryStore } from '../src/adapters/store/memory-store';
import { KVS_MAX_VALUE_BYTES } from '../src/adapters/store/kvs-limits';
import { RESOLVER_JIRA_BUDGET_MS } from '../src/adapters/jira/retry-policy';
import type { ProjectFlowAnswer } from '../src/contract/project-flow';
import { addDays, localDate } from '../src/domain/flow/calendar';
import {
  factsOfJiraIssue,
  mergeFactsNames,
  namesOfJiraIssue,
  type FactsNames,
  type IssueFactsRecord,
} from '../src/domain/flow/issue-facts';
import type { JiraIssueInput } from '../src/domain/flow/types';
import { BENCH_AS_OF_MS, BENCH_SEED, BENCH_START_MS, BENCH_TIME_ZONE } from './bench-params';
import { BENCH_WORKFLOW_MAPPING, generateProject } from './generate-project';

export interface ProjectPageBenchResult {
  readonly issues: number;
  /** Records built from the issues and stored as a finished backfill leaves them (no Jira time), ms. */
  readonly factsMs: number;
  /** A warm view of the whole project through `getProjectFlow` from the facts, ms (median of 5). */
  readonly viewMs: number;
  /** The answer as JSON, bytes (UTF-8). */
  readonly answerBytes: number;
  /** Facts chunks (KVS values) the project's records are stored in. */
  readonly chunks: number;
}

const PROJECT_ID = '10000';
/** What a resolver call (Forge: 25 s) leaves for the app's own work beside its Jira budget. */
const VIEW_TARGET_MS = 25_000 - RESOLVER_JIRA_BUDGET_MS;
const PROJECT_KEY = 'SD';

/** An in-memory Jira port over generated issues: only what a view of a project with ready facts calls. */
function memoryJira(issues: readonly JiraIssueInput[]): JiraPort {
  const port: Pick<JiraPort, 'getProject' | 'searchIssueRefs'> = {
    getProject: () => Promise.resolve({ id: PROJECT_ID, key: PROJECT_KEY, name: 'Synthetic Service Desk' }),
    // The user's ids-only search (pages of 5,000 on a site): every issue of the project, in search order.
    searchIssueRefs: () =>
      Promise.resolve(issues.map((issue) => ({ id: issue.id ?? '', key: issue.key ?? '' }))),
  };
  // Only these two methods are reached by getProjectFlow with stored settings and ready facts.
  return port as JiraPort;
}

/** Stores the issues' facts as a finished backfill leaves them; the views' side of the store. */
async function storeReadyFacts(
  store: ReturnType<typeof createMemoryStore>,
  issues: readonly JiraIssueInput[],
): Promise<FlowFactsViews> {
  const facts = new FlowFactsStore(store, { clock: () => BENCH_AS_OF_MS });
  let names: FactsNames = { statuses: {}, types: {} };
  const records: IssueFactsRecord[] = [];
  for (const issue of issues) {
    const record = factsOfJiraIssue({
      ...issue,
      fields: { ...issue.fields, project: { id: PROJECT_ID, key: PROJECT_KEY } },
    });
    if (record === null) throw new Error(`no facts for ${issue.key ?? '?'}`);
    records.push(record);
    names = mergeFactsNames(names, namesOfJiraIssue(issue));
  }
  await facts.updateSync(PROJECT_ID, () => ({
    projectId: PROJECT_ID,
    projectKey: PROJECT_KEY,
    phase: 'ready',
    loaded: records.length,
    total: records.length,
    runs: 1,
    startedAtMs: BENCH_AS_OF_MS,
    updatedAtMs: BENCH_AS_OF_MS,
    syncedUpToMs: BENCH_AS_OF_MS,
    cursor: records.length,
    step: 1,
  }));
  await facts.upsertFacts(PROJECT_ID, records);
  await facts.mergeNames(names);
  return {
    reader: facts,
    startBackfill: () => Promise.reject(new Error('the bench project’s facts are ready; no backfill')),
  };
}

function readyBytes(answer: ProjectFlowAnswer): number {
  if (answer.status !== 'ready') throw new Error(`expected a ready answer, got ${answer.status}`);
  return Buffer.byteLength(JSON.stringify({ ok: true, value: answer }), 'utf8');
}

/** Times the project page's data for a synthetic project of `issues` issues: facts stored, then warm views. */
export async function benchProjectPage(issues = 20_000): Promise<ProjectPageBenchResult> {
  const project = generateProject({ issues, seed: BENCH_SEED, startMs: BENCH_START_MS });
  const jira = memoryJira(project);
  const store = createMemoryStore();
  const settings: StoredProjectSettings = {
    mapping: BENCH_WORKFLOW_MAPPING,
    calendar: { timeZone: BENCH_TIME_ZONE, workingWeekdays: [1, 2, 3, 4, 5], holidays: [] },
    percentiles: [50, 85, 95],
  };
  await store.put(mappingStoreKey(PROJECT_ID), settings, null);
  const to = localDate(BENCH_AS_OF_MS, BENCH_TIME_ZONE);
  const request = { projectKey: PROJECT_KEY, from: addDays(to, -3 * 365), to };
  const clock = (): number => BENCH_AS_OF_MS;

  const factsStart = performance.now();
  const facts = await storeReadyFacts(store, project);
  const factsMs = performance.now() - factsStart;

  const times: number[] = [];
  let answerBytes = 0;
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    const answer = await getProjectFlow(jira, store, PROJECT_KEY, request, clock, facts);
    times.push(performance.now() - start);
    answerBytes = readyBytes(answer);
  }
  times.sort((a, b) => a - b);
  const chunks = store.keys().filter((k) => k.startsWith(`flow-facts:chunk:${PROJECT_ID}:`)).length;
  return { issues, factsMs, viewMs: times[2] ?? Number.NaN, answerBytes, chunks };
}

async function main(): Promise<void> {
  const arg = process.argv.indexOf('--issues');
  const issues = arg >= 0 ? Number(process.argv[arg + 1]) : 20_000;
  if (!Number.isInteger(issues) || issues < 1) throw new Error('--issues must be a positive integer');
  const r = await benchProjectPage(issues);
  const mb = (bytes: number): string => (bytes / 1_048_576).toFixed(2);
  console.log(
    `Project page data, ${String(r.issues)} issues (synthetic project, flow facts, in-memory Jira and store):`,
  );
  console.log(`  facts stored (records + chunked writes):  ${(r.factsMs / 1000).toFixed(2)} s`);
  console.log(
    `  warm view from the facts (median of 5):    ${r.viewMs.toFixed(0)} ms (target < ${String(VIEW_TARGET_MS)} ms: a resolver's 25 s less its Jira budget) ${r.viewMs < VIEW_TARGET_MS ? 'PASS' : 'MISS'}`,
  );
  console.log(
    `  answer size: ${mb(r.answerBytes)} MB (Forge limit 5 MB) ${r.answerBytes < 5 * 1_048_576 ? 'PASS' : 'MISS'}`,
  );
  console.log(
    `  facts chunks: ${String(r.chunks)}, each ≤ ${String(KVS_MAX_VALUE_BYTES)} bytes as KVS stores them (one KVS read each)`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
