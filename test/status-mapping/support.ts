/**
 * The status-mapping handlers over the local Jira emulator with the sample data: each invocation's
 * `context.accountId` picks the sample user whose credentials the HTTP client uses, as the preview does.
 */
import { startEmulator, type RunningEmulator } from '../../dev/emulator';
import { generateSampleSeed } from '../../dev/sample-data/generate';
import { USERS, user, type UserKey } from '../../dev/sample-data/model';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createJiraClient } from '../../src/adapters/jira/jira-client';
import { MemoryStore } from '../../src/adapters/store/memory-store';
import type { JiraPort } from '../../src/application/ports/jira-port';
import {
  createStatusMappingHandlers,
  type StatusMappingHandlers,
} from '../../src/entry/resolvers/status-mapping-handlers';

/** The sample data's "today": Monday 2 March 2026, 12:00 Berlin time. */
export const SAMPLE_NOW_MS = Date.UTC(2026, 2, 2, 11, 0);

export interface MappingHarness {
  readonly emulator: RunningEmulator;
  readonly store: MemoryStore;
  readonly handlers: StatusMappingHandlers;
  readonly errors: unknown[];
  /** The Forge-like invocation context of a sample user. */
  contextOf(key: UserKey): Readonly<Record<string, unknown>>;
  jiraFor(accountId: string): JiraPort;
  stop(): Promise<void>;
}

export async function startMappingHarness(): Promise<MappingHarness> {
  const seed = generateSampleSeed({ now: SAMPLE_NOW_MS });
  const emulator = await startEmulator({ seed, now: () => SAMPLE_NOW_MS });
  const store = new MemoryStore();
  const errors: unknown[] = [];
  const jiraFor = (accountId: string): JiraPort => {
    const found = USERS.find((u) => u.accountId === accountId);
    if (found === undefined) throw new Error(`no sample user ${accountId}`);
    return createJiraClient(
      createHttpTransport({ baseUrl: emulator.url, email: found.emailAddress, apiToken: found.apiToken }),
    );
  };
  const handlers = createStatusMappingHandlers({
    jira: (context) => jiraFor(String(context['accountId'])),
    store,
    clock: () => SAMPLE_NOW_MS,
    logError: (_message, error) => {
      errors.push(error);
    },
  });
  return {
    emulator,
    store,
    handlers,
    errors,
    contextOf: (key) => ({
      accountId: user(key).accountId,
      locale: user(key).locale,
      timezone: 'Europe/Berlin',
    }),
    jiraFor,
    stop: () => emulator.stop(),
  };
}
