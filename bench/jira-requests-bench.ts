/**
 * Jira request benchmark: `npm run bench:jira [-- --issues N[,M…]]`.
 *
 * For each size (default 10,000 and 50,000 issues) it turns the engine benchmark's synthetic project
 * (`generate-project.ts`: about six status changes per issue, Flagged on/off, assignee and Fix Version noise,
 * mixed UTC offsets) into a seed of the local Jira emulator, starts the emulator, and loads the project the way
 * the app does — `loadFlowIssues` through the Jira client over the HTTP transport, streamed into a flow
 * accumulator. It prints the requests per 1,000 issues by endpoint (counted by the emulator, checked against the
 * client's own counter), the floor Jira Cloud's page caps allow, the wall time and issues per second, and checks
 * that every status/Flagged history of the seed arrived. Exit code 1 when a check fails (more requests than the
 * floor, histories missing), else 0.
 */
import { startEmulator } from '../dev/emulator';
import type { SeedUser } from '../dev/emulator/seed';
import { createHttpTransport } from '../src/adapters/jira/http-transport';
import {
  BULK_CHANGELOG_ISSUES,
  BULK_CHANGELOG_PAGE_SIZE,
  createJiraClient,
  JIRA_ROUTES,
  SEARCH_PAGE_SIZE,
} from '../src/adapters/jira/jira-client';
import { loadFlowIssues } from '../src/application/load-flow-issues';
import { createFlowAccumulator } from '../src/domain/flow/engine';
import { BENCH_AS_OF_MS, BENCH_TIME_ZONE, issueCountLabel } from './bench-params';
import { BENCH_WORKFLOW_MAPPING } from './generate-project';
import { syntheticProjectSeed } from './synthetic-seed';

const DEFAULT_SIZES = [10_000, 50_000];
const PROJECT_ID = '10000';
const PROJECT_KEY = 'SD';
const JQL = `project = ${PROJECT_KEY} ORDER BY created ASC`;

const BENCH_USER: SeedUser = {
  accountId: 'bench-user',
  displayName: 'Bench User',
  emailAddress: 'bench@example.com',
  locale: 'en_US',
  timeZone: BENCH_TIME_ZONE,
  jiraAdmin: false,
  browseProjects: [PROJECT_KEY],
  adminProjects: [],
  apiToken: 'bench-token',
};

interface SizeResult {
  readonly issues: number;
  readonly requests: Readonly<Record<string, number>>;
  readonly floor: Readonly<Record<string, number>>;
  readonly loadMs: number;
  readonly ok: boolean;
}

async function measure(issues: number): Promise<SizeResult> {
  const label = issueCountLabel(issues);
  const seedStart = performance.now();
  const { seed, flowHistories } = syntheticProjectSeed({
    issues,
    projectId: PROJECT_ID,
    projectKey: PROJECT_KEY,
    user: BENCH_USER,
  });
  const emulator = await startEmulator({ seed });
  console.log(
    `\n${label} issues: seed built and emulator started in ${((performance.now() - seedStart) / 1000).toFixed(1)} s (${emulator.url})`,
  );
  try {
    const client = createJiraClient(
      createHttpTransport({
        baseUrl: emulator.url,
        email: BENCH_USER.emailAddress,
        apiToken: BENCH_USER.apiToken,
      }),
    );
    const accumulator = createFlowAccumulator({
      mode: 'canonical',
      startPolicy: 'first',
      timeZone: BENCH_TIME_ZONE,
      asOfMs: BENCH_AS_OF_MS,
      mapping: BENCH_WORKFLOW_MAPPING,
    });
    let histories = 0;
    let handed = 0;
    /** Status/Flagged histories per bulk fetch batch (loadFlowIssues batches by 1,000 in search order). */
    const batchHistories: number[] = [];
    const loadStart = performance.now();
    const loaded = await loadFlowIssues(client, JQL, (issue) => {
      const count = issue.changelog?.histories?.length ?? 0;
      const batch = Math.floor(handed / BULK_CHANGELOG_ISSUES);
      batchHistories[batch] = (batchHistories[batch] ?? 0) + count;
      histories += count;
      handed++;
      accumulator.add(issue);
    });
    const loadMs = performance.now() - loadStart;
    const report = accumulator.finish();

    // The field list (once per load): bulkfetch needs the Flagged field's id.
    const routes = [JIRA_ROUTES.listFields, JIRA_ROUTES.searchJql, JIRA_ROUTES.bulkFetchChangelogs];
    const requests = Object.fromEntries(routes.map((route) => [route, emulator.requests.count(route)]));
    const floor: Readonly<Record<string, number>> = {
      [JIRA_ROUTES.listFields]: 1,
      [JIRA_ROUTES.searchJql]: Math.ceil(issues / SEARCH_PAGE_SIZE),
      // A request names at most 1,000 issues and a page holds at most 10,000 changes: per batch of 1,000 issues,
      // one page per 10,000 of its changes (at least one).
      [JIRA_ROUTES.bulkFetchChangelogs]: batchHistories.reduce(
        (sum, n) => sum + Math.max(1, Math.ceil(n / BULK_CHANGELOG_PAGE_SIZE)),
        0,
      ),
    };
    const perThousand = (n: number): string => ((n / issues) * 1000).toFixed(2);
    for (const route of routes) {
      const sent = requests[route] ?? 0;
      console.log(
        `  ${route.padEnd(38)} ${String(sent).padStart(6)} requests = ${perThousand(sent).padStart(6)} per 1,000 issues (floor ${floor[route] ?? 0})`,
      );
    }
    const total = emulator.requests.count();
    console.log(
      `  ${'all endpoints'.padEnd(38)} ${String(total).padStart(6)} requests = ${perThousand(total).padStart(6)} per 1,000 issues`,
    );
    console.log(
      `  loaded ${loaded} issues with ${histories} status/Flagged histories in ${(loadMs / 1000).toFixed(2)} s = ${Math.round(
        (loaded / loadMs) * 1000,
      )} issues/s; report: ${report.issues.length} issues, cycle time p85 ${
        report.summary.cycleTime.p85 === null
          ? '–'
          : `${(report.summary.cycleTime.p85 / 86_400_000).toFixed(1)} d`
      }`,
    );
    const problems: string[] = [];
    if (client.requestCount() !== total)
      problems.push(`client counted ${client.requestCount()}, emulator ${total}`);
    if (total !== routes.reduce((sum, route) => sum + (requests[route] ?? 0), 0)) {
      problems.push('requests to other endpoints than the field list, search and bulk fetch');
    }
    for (const route of routes) {
      if ((requests[route] ?? 0) > (floor[route] ?? 0))
        problems.push(`${route}: more requests than the floor`);
    }
    if (loaded !== issues) problems.push(`loaded ${loaded} of ${issues} issues`);
    if (histories !== flowHistories)
      problems.push(`received ${histories} of ${flowHistories} flow histories`);
    for (const problem of problems) console.log(`  CHECK FAILED: ${problem}`);
    return { issues, requests, floor, loadMs, ok: problems.length === 0 };
  } finally {
    await emulator.stop();
  }
}

function parseSizes(argv: readonly string[]): number[] {
  const index = argv.indexOf('--issues');
  if (index < 0) return DEFAULT_SIZES;
  const sizes = (argv[index + 1] ?? '').split(',').map(Number);
  if (sizes.length === 0 || sizes.some((n) => !Number.isInteger(n) || n < 1)) {
    throw new Error(
      `--issues needs positive integers separated by commas, got ${argv[index + 1] ?? 'nothing'}`,
    );
  }
  return sizes;
}

async function main(): Promise<number> {
  const sizes = parseSizes(process.argv.slice(2));
  console.log(
    `Jira request benchmark: loadFlowIssues over HTTP against the local Jira emulator (${JQL}); page caps: search 100 issues with fields, bulk fetch ${BULK_CHANGELOG_ISSUES} issues / ${BULK_CHANGELOG_PAGE_SIZE} changes`,
  );
  const results: SizeResult[] = [];
  for (const size of sizes) results.push(await measure(size));
  console.log('\nsize      search/1k  bulkfetch/1k  requests/1k   load s  issues/s');
  for (const r of results) {
    const search = r.requests[JIRA_ROUTES.searchJql] ?? 0;
    const bulk = r.requests[JIRA_ROUTES.bulkFetchChangelogs] ?? 0;
    const all = Object.values(r.requests).reduce((sum, n) => sum + n, 0);
    const k = r.issues / 1000;
    console.log(
      `${issueCountLabel(r.issues).padEnd(8)} ${(search / k).toFixed(2).padStart(10)} ${(bulk / k).toFixed(2).padStart(13)} ${(all / k).toFixed(2).padStart(12)} ${(r.loadMs / 1000).toFixed(2).padStart(8)} ${Math.round(
        (r.issues / r.loadMs) * 1000,
      )
        .toString()
        .padStart(9)}`,
    );
  }
  return results.every((r) => r.ok) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(
      `jira requests bench failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`,
    );
    process.exitCode = 1;
  },
);
