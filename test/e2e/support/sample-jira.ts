/**
 * The local Jira emulator with the German sample data, and a Jira client acting as the sample Jira admin: what
 * the module browser tests put behind their resolvers.
 */
import assert from 'node:assert/strict';
import type { SeedUser } from '../../../dev/emulator/seed';
import { startEmulator, type RunningEmulator } from '../../../dev/emulator/index';
import { generateSampleSeed } from '../../../dev/sample-data/generate';
import { createHttpTransport } from '../../../src/adapters/jira/http-transport';
import { createJiraClient, type JiraClient } from '../../../src/adapters/jira/jira-client';

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
