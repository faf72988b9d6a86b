/**
 * Project page benchmark: `npm run bench:project [-- --issues N]` (default 20,000).
 *
 * Generates the engine benchmark's synthetic project (`generate-project.ts`), serves it through an in-memory
 * Jira port (search pages of 100, bulk changelogs of 1,000 — the shapes and batching of the real client, without
 * network time), and times through the real use case `getProjectFlow` with an in-memory store:
 * - cold: settings, loading, engine, view model and the chunked cache write (what the queue consumer does; its
 *   limit is 900 s — add Jira's own time: `npm run bench:jira` prints the requests, ~11 per 1,000 issues);
 * - cached: the same request again, answered from the cache (target < 1 s);
 * and prints the answer size (Forge's limit is 5 MB) and the number of cache chunks (each a KVS read on Forge).
 *
 * {@link benchProjectPage} is exported for the lead's combined bench.
 */
import type { JiraPort } from '../src/application/ports/jira-port';
import { mappingStoreKey } from '../src/application/ports/store-port';
import { getProjectFlow } from '../src/application/project-flow';
import type { StoredProjectSettings } from '../src/application/project-settings';
import { createMemoryStore } from '../src/adapters/store/memory-store';
import { KVS_MAX_VALUE_BYTES } from '../src/adapters/store/kvs-limits';
import type { ProjectFlowAnswer } from '../src/contract/project-flow';
import { addDays, localDate } from '../src/domain/flow/calendar';
import type { JiraHistory, JiraIssueInput } from '../src/domain/flow/types';
import { BENCH_AS_OF_MS, BENCH_SEED, BENCH_START_MS, BENCH_TIME_ZONE } from './bench-params';
import { BENCH_WORKFLOW_MAPPING, generateProject } from './generate-project';

export interface ProjectPageBenchResult {
  readonly issues: number;
  /** Cold computation through `getProjectFlow` (no Jira network time), ms. */
  readonly coldMs: number;
  /** Same request served from the cache, ms (median of 5). */
  readonly cachedMs: number;
  /** The answer as JSON, bytes (UTF-8). */
  readonly answerBytes: number;
  /** Cache chunks (KVS values) the view is stored in. */
  readonly chunks: number;
}

const PROJECT_ID = '10000';
const PROJECT_KEY = 'SD';

/** An in-memory Jira port over generated issues: only what the project page calls. */
function memoryJira(issues: readonly JiraIssueInput[]): JiraPort {
  const byId = new Map(issues.map((i) => [i.id ?? '', i]));
  const port: Pick<
    JiraPort,
    'getProject' | 'listFields' | 'searchIssues' | 'searchIssueIds' | 'bulkFetchChangelogs'
  > = {
    getProject: () => Promise.resolve({ id: PROJECT_ID, key: PROJECT_KEY, name: 'Synthetic Service Desk' }),
    // The generated Flagged changes carry the id a Jira site would give the field.
    listFields: () =>
      Promise.resolve([
        {
          id: 'customfield_10021',
          name: 'Flagged',
          custom: true,
          clauseNames: ['Flagged'],
          customType: null,
        },
      ]),
    searchIssueIds: () => Promise.resolve(issues.map((i) => i.id ?? '')),
    async *searchIssues() {
      for (let i = 0; i < issues.length; i += 100) {
        // A copy without changelog, as the search answers (the changelog comes from the bulk fetch).
        yield await Promise.resolve(
          issues
            .slice(i, i + 100)
            .map((issue): JiraIssueInput => ({ ...issue, changelog: { histories: [] } })),
        );
      }
    },
    bulkFetchChangelogs: (ids) => {
      const result = new Map<string, readonly JiraHistory[]>();
      for (const id of ids) {
        const histories = (byId.get(id)?.changelog?.histories ?? [])
          .map((h) => ({
            ...h,
            items: (h.items ?? []).filter((it) => it.fieldId === 'status' || it.field === 'Flagged'),
          }))
          .filter((h) => h.items.length > 0);
        result.set(id, histories);
      }
      return Promise.resolve(result);
    },
  };
  // Only these five methods are reached by getProjectFlow without a queue and with stored settings.
  return port as JiraPort;
}

function readyBytes(answer: ProjectFlowAnswer): number {
  if (answer.status !== 'ready') throw new Error(`expected a ready answer, got ${answer.status}`);
  return Buffer.byteLength(JSON.stringify({ ok: true, value: answer }), 'utf8');
}

/** Times the project page's data for a synthetic project of `issues` issues: cold and cache-served. */
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

  const coldStart = performance.now();
  const cold = await getProjectFlow(jira, store, PROJECT_KEY, request, clock, { accountId: 'bench' });
  const coldMs = performance.now() - coldStart;
  const answerBytes = readyBytes(cold);

  const times: number[] = [];
  for (let run = 0; run < 5; run++) {
    const start = performance.now();
    const cached = await getProjectFlow(jira, store, PROJECT_KEY, request, clock, { accountId: 'bench' });
    times.push(performance.now() - start);
    if (cached.status !== 'ready' || cached.view.cache !== 'hit')
      throw new Error('second request missed the cache');
  }
  times.sort((a, b) => a - b);
  const chunks = store.keys().filter((k) => /^flow-cache:[^:]+:[^:]+:[^:]+:\d+$/.test(k)).length;
  return { issues, coldMs, cachedMs: times[2] ?? Number.NaN, answerBytes, chunks };
}

async function main(): Promise<void> {
  const arg = process.argv.indexOf('--issues');
  const issues = arg >= 0 ? Number(process.argv[arg + 1]) : 20_000;
  if (!Number.isInteger(issues) || issues < 1) throw new Error('--issues must be a positive integer');
  const r = await benchProjectPage(issues);
  const mb = (bytes: number): string => (bytes / 1_048_576).toFixed(2);
  console.log(`Project page data, ${String(r.issues)} issues (synthetic project, in-memory Jira and store):`);
  console.log(
    `  cold (load + engine + view + cache write): ${(r.coldMs / 1000).toFixed(2)} s  (consumer limit 900 s) ${r.coldMs < 900_000 ? 'PASS' : 'MISS'}`,
  );
  console.log(
    `  served from cache (median of 5):           ${r.cachedMs.toFixed(0)} ms (target < 1000 ms) ${r.cachedMs < 1000 ? 'PASS' : 'MISS'}`,
  );
  console.log(
    `  answer size: ${mb(r.answerBytes)} MB (Forge limit 5 MB) ${r.answerBytes < 5 * 1_048_576 ? 'PASS' : 'MISS'}`,
  );
  console.log(
    `  cache chunks: ${String(r.chunks)}, each ≤ ${String(KVS_MAX_VALUE_BYTES)} bytes as KVS stores them (one KVS read each, in parallel)`,
  );
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
}
