/**
 * OKR gadget figures: `npm run bench:okr`. Against the local Jira emulator with the sample data (real Jira client
 * over HTTP, the real resolvers over the limit-enforcing KVS fake), it writes 50 objectives with 4 key results
 * each (200) and links 2,000 sample issues (10 per key result, each with a few check-ins), configures an OKR
 * gadget in the detailed layout and prints, for its view as a Jira administrator and as a user who may browse
 * one project only: Jira requests by route, the time of the answer (median and slowest of 5, after one warm-up),
 * and how many linked issues it lists. `--latency-ms N` adds N ms to every emulator request (default 0).
 * Prints figures; asserts nothing. The gadget's initial JS is in `npm run bench:ui`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { performance } from 'node:perf_hooks';
import { startEmulator } from '../dev/emulator';
import { readManifestAppFeatures } from '../dev/preview/manifest-modules';
import { generateSampleSeed } from '../dev/sample-data/generate';
import { createHttpTransport } from '../src/adapters/jira/http-transport';
import { createJiraClient } from '../src/adapters/jira/jira-client';
import { MemoryStore } from '../src/adapters/store/memory-store';
import { OKR_ISSUE_PROPERTY_KEY } from '../src/application/okr-linked-issues';
import { OkrStore } from '../src/application/okr-store';
import type { OkrPeriod } from '../src/domain/okr/types';
import { createResolverHandlers, type ResolverContext } from '../src/entry/resolvers/handlers';
import { FlowFactsStore } from '../src/application/flow-facts-store';

const NOW_MS = Date.parse('2026-11-20T10:00:00Z');
const OBJECTIVES = 50;
const KEY_RESULTS_PER_OBJECTIVE = 4;
const ISSUES_PER_KEY_RESULT = 10;
const CHECK_INS_PER_KEY_RESULT = 5;
const RUNS = 5;
const PERIOD: OkrPeriod = { kind: 'quarter', quarter: '2026-Q4', timeZone: 'Europe/Berlin' };

function latencyFromArgs(argv: readonly string[]): number {
  const index = argv.indexOf('--latency-ms');
  if (index < 0) return 0;
  const value = Number(argv[index + 1]);
  if (!Number.isFinite(value) || value < 0)
    throw new Error('--latency-ms needs a number of milliseconds ≥ 0');
  return value;
}

/** The manifest's indexed issue properties (`okrKeyResult`, `csiKeyResult`, …), as Jira indexes them. */
function manifestIndexes() {
  const yaml = readFileSync(path.join(__dirname, '..', 'manifest.yml'), 'utf8');
  return readManifestAppFeatures(yaml, { de: {}, en: {} }).entityProperties;
}

function byRoute(log: readonly { routeKey: string }[]): string {
  const counts = new Map<string, number>();
  for (const entry of log) counts.set(entry.routeKey, (counts.get(entry.routeKey) ?? 0) + 1);
  return [...counts]
    .sort((a, b) => b[1] - a[1])
    .map(([route, n]) => `    ${String(n).padStart(4)}  ${route}`)
    .join('\n');
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
};

async function main(): Promise<void> {
  const latencyMs = latencyFromArgs(process.argv.slice(2));
  const sample = generateSampleSeed({ now: NOW_MS });
  const admin = sample.users.find((user) => user.jiraAdmin);
  const restricted = sample.users.find(
    (user) => !user.jiraAdmin && user.browseProjects !== '*' && user.browseProjects.length === 1,
  );
  if (admin === undefined) throw new Error('the sample data has no Jira administrator');
  const store = new MemoryStore();
  const okr = new OkrStore(store, { clock: () => NOW_MS });
  const needed = OBJECTIVES * KEY_RESULTS_PER_OBJECTIVE * ISSUES_PER_KEY_RESULT;
  if (sample.issues.length < needed)
    throw new Error(
      `the sample data has ${String(sample.issues.length)} issues; ${String(needed)} are needed`,
    );

  // Written as the app's link does it: the store's link, and the issue property the views search by
  // (`okrKeyResult`); here straight into the seed, as linking 2,000 issues through the resolver is not the
  // figure this bench measures.
  const seedStarted = performance.now();
  const keyResultsOfIssue = new Map<string, string[]>();
  let next = 0;
  for (let o = 0; o < OBJECTIVES; o++) {
    const objective = await okr.createObjective({
      title: `Ziel ${String(o + 1)}`,
      description: '',
      period: PERIOD,
      ownerAccountId: admin.accountId,
      scope: { type: 'project', projectKey: 'HD' },
    });
    for (let k = 0; k < KEY_RESULTS_PER_OBJECTIVE; k++) {
      const keyResult = await okr.createKeyResult({
        objectiveId: objective.value.id,
        title: `Key Result ${String(o + 1)}.${String(k + 1)}`,
        ownerAccountId: admin.accountId,
        weight: 1,
        unit: 'Tage',
        direction: 'decrease',
        kind: { type: 'metric', start: 10, target: 8 },
        source: 'manual',
      });
      for (let c = 0; c < CHECK_INS_PER_KEY_RESULT; c++)
        await okr.appendCheckIn({
          keyResultId: keyResult.value.id,
          value: 10 - c * 0.3,
          confidence: 7,
          note: '',
          author: admin.accountId,
          atMs: NOW_MS - (CHECK_INS_PER_KEY_RESULT - c) * 7 * 86_400_000,
          source: 'manual',
        });
      for (let i = 0; i < ISSUES_PER_KEY_RESULT; i++) {
        const issue = sample.issues[next++];
        if (issue === undefined) continue;
        await okr.linkIssue(issue.id, keyResult.value.id);
        keyResultsOfIssue.set(issue.id, [...(keyResultsOfIssue.get(issue.id) ?? []), keyResult.value.id]);
      }
    }
  }
  const seed = {
    ...sample,
    issues: sample.issues.map((issue) => {
      const keyResults = keyResultsOfIssue.get(issue.id);
      return keyResults === undefined
        ? issue
        : { ...issue, properties: { ...issue.properties, [OKR_ISSUE_PROPERTY_KEY]: { keyResults } } };
    }),
  };
  console.log(
    `Seeded ${String(OBJECTIVES)} objectives, ${String(OBJECTIVES * KEY_RESULTS_PER_OBJECTIVE)} key results, ` +
      `${String(next)} linked issues in ${(performance.now() - seedStarted).toFixed(0)} ms ` +
      `(emulator latency ${String(latencyMs)} ms per request)`,
  );
  const emulator = await startEmulator({ seed, now: () => NOW_MS, entityPropertyIndexes: manifestIndexes() });
  if (latencyMs > 0) emulator.faults.latency(latencyMs);
  try {
    const handlers = createResolverHandlers({
      issueReader: () => {
        throw new Error('the OKR gadget does not read issue flows');
      },
      jira: (context) => {
        const user = seed.users.find((candidate) => candidate.accountId === context['accountId']);
        if (user === undefined) throw new Error('unknown bench user');
        return createJiraClient(
          createHttpTransport({ baseUrl: emulator.url, email: user.emailAddress, apiToken: user.apiToken }),
        );
      },
      store,
      // The OKR gadget reads stored values; no flow view is computed, so no backfill is ever started.
      facts: {
        reader: new FlowFactsStore(store, { clock: () => NOW_MS }),
        startBackfill: () => Promise.reject(new Error('the OKR bench computes no flow view')),
      },
      clock: () => NOW_MS,
      logError: (message, error) => {
        console.error(message, error);
      },
    });
    const gadgetContext = (accountId: string): ResolverContext => ({
      accountId,
      locale: 'de_DE',
      timezone: 'Europe/Berlin',
      extension: { dashboard: { id: '10000' }, gadget: { id: 'okr-bench' } },
    });
    const saved = await handlers.saveOkrGadgetConfig(
      { config: { period: { kind: 'current' }, layout: 'detailed' }, expectedVersion: null },
      gadgetContext(admin.accountId),
    );
    if (!saved.ok) throw new Error(`saveOkrGadgetConfig: ${saved.error.code} ${saved.error.detail}`);

    const viewers = [
      { label: 'Jira administrator', user: admin },
      ...(restricted === undefined
        ? []
        : [
            {
              label: `user browsing ${Array.isArray(restricted.browseProjects) ? restricted.browseProjects.join(', ') : 'all'} only`,
              user: restricted,
            },
          ]),
    ];
    for (const { label, user } of viewers) {
      const context = gadgetContext(user.accountId);
      const warm = await handlers.getOkrGadget({}, context);
      if (!warm.ok) throw new Error(`getOkrGadget: ${warm.error.code} ${warm.error.detail}`);
      const times: number[] = [];
      let requests = 0;
      let log: { routeKey: string }[] = [];
      let listed = 0;
      for (let run = 0; run < RUNS; run++) {
        emulator.requests.reset();
        const started = performance.now();
        const answer = await handlers.getOkrGadget({}, context);
        times.push(performance.now() - started);
        if (!answer.ok) throw new Error(`getOkrGadget: ${answer.error.code} ${answer.error.detail}`);
        requests = emulator.requests.count();
        log = [...emulator.requests.log()];
        listed = Object.values(answer.value.linkedIssues).reduce((sum, issues) => sum + issues.length, 0);
      }
      console.log(
        `OKR gadget (detailed) as ${label}: ${String(requests)} Jira requests, median ` +
          `${median(times).toFixed(0)} ms, slowest ${Math.max(...times).toFixed(0)} ms over ${String(RUNS)} runs; ` +
          `${String(listed)} linked issues listed`,
      );
      console.log(byRoute(log));
    }
  } finally {
    await emulator.stop();
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
