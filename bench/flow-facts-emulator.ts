/**
 * The flow facts bench's Jira (`flow-facts-bench.ts` forks it): the local emulator with the synthetic project, in
 * a process of its own, so the bench process measures the app's memory and not the emulator's copy of 50,000
 * issues. Driven over the fork's IPC channel:
 * - `{ type: 'start', issues, nowMs }` → `{ type: 'started', url, user, inProgressKey, resolvedStatusId }`;
 * - `{ type: 'latency', ms }`, `{ type: 'reset' }` (the request log), `{ type: 'now', ms }` (the emulator clock);
 * - `{ type: 'log' }` → `{ type: 'log', log }` (route keys of the requests answered since the last reset);
 * - `{ type: 'stop' }` → stops and exits.
 * Every product event of the emulator is sent as `{ type: 'event', event }`.
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { startEmulator, type RunningEmulator } from '../dev/emulator';
import type { JiraSeed, SeedUser } from '../dev/emulator/seed';
import { readManifestAppFeatures } from '../dev/preview/manifest-modules';
import { BENCH_TIME_ZONE } from './bench-params';
import { syntheticProjectSeed } from './synthetic-seed';

export const BENCH_PROJECT_ID = '10000';
export const BENCH_PROJECT_KEY = 'SD';

/** The bench's Jira user: a Jira admin, as the app and as the viewer. */
export const BENCH_USER: SeedUser = {
  accountId: 'bench-admin',
  displayName: 'Bench Admin',
  emailAddress: 'bench-admin@example.com',
  locale: 'en_US',
  timeZone: BENCH_TIME_ZONE,
  jiraAdmin: true,
  browseProjects: '*',
  adminProjects: [BENCH_PROJECT_KEY],
  apiToken: 'bench-admin-token',
};

/** Messages the bench sends. */
export type EmulatorCommand =
  | { readonly type: 'start'; readonly issues: number; readonly nowMs: number }
  | { readonly type: 'latency'; readonly ms: number }
  | { readonly type: 'now'; readonly ms: number }
  | { readonly type: 'reset' }
  | { readonly type: 'log' }
  | { readonly type: 'stop' };

/** Messages the emulator process sends. */
export type EmulatorReport =
  | {
      readonly type: 'started';
      readonly url: string;
      readonly inProgressKey: string;
      readonly resolvedStatusId: string;
    }
  | { readonly type: 'log'; readonly log: readonly string[] }
  | { readonly type: 'event'; readonly event: { readonly eventType: string; readonly payload: unknown } }
  | { readonly type: 'done' };

/** The synthetic project as an emulator seed: one project, the generator's statuses and issue types. */
function benchSeed(issues: number): JiraSeed {
  return syntheticProjectSeed({
    issues,
    projectId: BENCH_PROJECT_ID,
    projectKey: BENCH_PROJECT_KEY,
    user: BENCH_USER,
  }).seed;
}

/** The manifest's indexed issue properties (`flowAgeDays`, …), as Jira indexes them. */
function manifestIndexes() {
  const yaml = readFileSync(path.join(__dirname, '..', 'manifest.yml'), 'utf8');
  return readManifestAppFeatures(yaml, { de: {}, en: {} }).entityProperties;
}

function send(report: EmulatorReport): void {
  process.send?.(report);
}

let emulator: RunningEmulator | null = null;
let nowMs = 0;

async function handle(command: EmulatorCommand): Promise<void> {
  switch (command.type) {
    case 'start': {
      nowMs = command.nowMs;
      const seed = benchSeed(command.issues);
      const inProgress = seed.issues.find((issue) => issue.statusId === '3');
      const resolved = seed.statuses.find((status) => status.name === 'Resolved');
      if (inProgress === undefined || resolved === undefined)
        throw new Error('the generated project has no issue in progress or no Resolved status');
      emulator = await startEmulator({ seed, now: () => nowMs, entityPropertyIndexes: manifestIndexes() });
      emulator.onProductEvent((event) => {
        send({ type: 'event', event: { eventType: event.eventType, payload: event.payload } });
      });
      send({
        type: 'started',
        url: emulator.url,
        inProgressKey: inProgress.key,
        resolvedStatusId: resolved.id,
      });
      return;
    }
    case 'latency':
      emulator?.faults.latency(command.ms);
      send({ type: 'done' });
      return;
    case 'now':
      nowMs = command.ms;
      send({ type: 'done' });
      return;
    case 'reset':
      emulator?.requests.reset();
      send({ type: 'done' });
      return;
    case 'log':
      send({ type: 'log', log: (emulator?.requests.log() ?? []).map((entry) => entry.routeKey) });
      return;
    case 'stop':
      await emulator?.stop();
      process.exit(0);
  }
}

if (require.main === module) {
  process.on('message', (command: EmulatorCommand) => {
    handle(command).catch((error: unknown) => {
      console.error('flow facts bench emulator:', error);
      process.exit(1);
    });
  });
  // The bench process died (out of heap): end too, or the orphan keeps the bench's output pipes open.
  process.once('disconnect', () => process.exit(0));
}
