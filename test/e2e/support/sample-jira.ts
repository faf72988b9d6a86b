/**
 * The local Jira emulator with the German sample data, and a Jira client acting as the sample Jira admin: what
 * the module browser tests put behind their resolvers.
 */
import assert from 'node:assert/strict';
import type { SeedUser } from '../../../dev/emulator/seed';
import { startEmulator, type RunningEmulator } from '../../../dev/emulator/index';
import { generateSampleSeed } from '../../../dev/sample-data/generate';
import { createMemoryStore } from '../../../src/adapters/store/memory-store';
import type { StorePort } from '../../../src/application/ports/store-port';
import { createHttpTransport } from '../../../src/adapters/jira/http-transport';
import { createJiraClient, type JiraClient } from '../../../src/adapters/jira/jira-client';
import type { FlowFactsViews } from '../../../src/application/project-flow-facts';
import { liveFactsViews } from '../../project-flow/facts-fixtures';

export interface SampleJira {
  readonly emulator: RunningEmulator;
  readonly admin: SeedUser;
  readonly jira: JiraClient;
}

/** Starts the emulator on the sample data as of `nowMs` (its clock fixed there). */
export async function startSampleJira(nowMs: number): Promise<SampleJira> {
  const seed = generateSampleSeed({ now: nowMs });
  const admin = seed.users.find((user) => user.jiraAdmin);
  assert.ok(admin, 'the sample data has an admin');
  const emulator = await startEmulator({ seed, now: () => nowMs });
  const jira = createJiraClient(
    createHttpTransport({ baseUrl: emulator.url, email: admin.emailAddress, apiToken: admin.apiToken }),
  );
  return { emulator, admin, jira };
}

/** Server-side log of the resolvers under test: shown in the test output, never swallowed. */
export function logToConsole(message: string, error: unknown): void {
  console.error(message, error);
}

/**
 * What the module resolvers under test need: `jira` for every context, a fresh in-memory store, the fixed clock,
 * and flow facts that are ready at once with none stored (every issue read live from Jira through the facts path;
 * the backfill itself has its own servers and tests).
 */
export interface SampleResolverDeps {
  readonly jira: () => JiraClient;
  readonly store: StorePort;
  readonly clock: () => number;
  readonly logError: (message: string, error: unknown) => void;
  readonly facts: FlowFactsViews;
}

export function sampleResolverDeps(jira: JiraClient, nowMs: number): SampleResolverDeps {
  return {
    jira: () => jira,
    store: createMemoryStore(),
    clock: () => nowMs,
    logError: logToConsole,
    facts: liveFactsViews(nowMs),
  };
}
