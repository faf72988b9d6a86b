/**
 * The CSI record and register handlers over the local Jira emulator with the sample data: each invocation's
 * `context.accountId` picks the sample user whose credentials the HTTP client uses, as the preview does.
 */
import { startEmulator, type RunningEmulator } from '../../dev/emulator';
import type { JiraSeed } from '../../dev/emulator/seed';
import { adoptSampleCsiRecords } from '../../dev/sample-data/csi-record-store';
import { generateSampleSeed } from '../../dev/sample-data/generate';
import { USERS, user, type UserKey } from '../../dev/sample-data/model';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createJiraClient } from '../../src/adapters/jira/jira-client';
import { MemoryStore } from '../../src/adapters/store/memory-store';
import type { JiraPort } from '../../src/application/ports/jira-port';
import {
  createCsiRecordHandlers,
  type CsiRecordHandlers,
} from '../../src/entry/resolvers/csi-record-handlers';

/** The sample data's "today": Monday 2 March 2026, 12:00 Berlin time. */
export const SAMPLE_NOW_MS = Date.UTC(2026, 2, 2, 11, 0);

export interface CsiHarness {
  readonly seed: JiraSeed;
  readonly emulator: RunningEmulator;
  readonly store: MemoryStore;
  readonly handlers: CsiRecordHandlers;
  readonly errors: unknown[];
  readonly warnings: string[];
  /** The Forge-like invocation context of a sample user. */
  contextOf(key: UserKey, locale?: string): Readonly<Record<string, unknown>>;
  jiraFor(accountId: string): JiraPort;
  /** Account ids whose EDIT_ISSUES the harness denies (a user who may browse but not edit). */
  readonly readOnly: Set<string>;
  stop(): Promise<void>;
}

export async function startCsiHarness(): Promise<CsiHarness> {
  const store = new MemoryStore();
  // The sample records start in the app's store with their properties as mirrors, as saved through the panel.
  const seed = await adoptSampleCsiRecords(generateSampleSeed({ now: SAMPLE_NOW_MS }), store);
  const emulator = await startEmulator({ seed, now: () => SAMPLE_NOW_MS });
  const errors: unknown[] = [];
  const warnings: string[] = [];
  const readOnly = new Set<string>();
  const jiraFor = (accountId: string): JiraPort => {
    const found = USERS.find((u) => u.accountId === accountId);
    if (found === undefined) throw new Error(`no sample user ${accountId}`);
    const client = createJiraClient(
      createHttpTransport({ baseUrl: emulator.url, email: found.emailAddress, apiToken: found.apiToken }),
    );
    if (!readOnly.has(accountId)) return client;
    // The emulator grants every browsing user the everyday issue permissions; this user only reads.
    return Object.assign(Object.create(client) as JiraPort, {
      getMyPermissions: async (keys: readonly string[], projectKey?: string) => ({
        ...(await client.getMyPermissions(keys, projectKey)),
        EDIT_ISSUES: false,
      }),
    });
  };
  const handlers = createCsiRecordHandlers({
    jira: (context) => jiraFor(String(context['accountId'])),
    store,
    clock: () => SAMPLE_NOW_MS,
    logError: (_message, error) => {
      errors.push(error);
    },
    logWarning: (message) => {
      warnings.push(message);
    },
  });
  return {
    seed,
    emulator,
    store,
    handlers,
    errors,
    warnings,
    readOnly,
    contextOf: (key, locale) => ({
      accountId: user(key).accountId,
      locale: locale ?? user(key).locale,
      timezone: 'Europe/Berlin',
    }),
    jiraFor,
    stop: () => emulator.stop(),
  };
}
