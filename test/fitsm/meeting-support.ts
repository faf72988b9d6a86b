/**
 * The CSI review meeting's resolvers over the local Jira emulator with the sample data as the preview starts it:
 * Nordlicht's OKRs of the current and previous quarter in the OKR store (improvements naming their key results),
 * the CSI records adopted into the app's store. Claudia (the CSI process owner) is in the FitSM editor group,
 * Tobias is the Jira admin, Sabine only reads; `readOnly` denies Edit Issues to an account.
 */
import { startEmulator, type RunningEmulator } from '../../dev/emulator';
import type { JiraSeed } from '../../dev/emulator/seed';
import {
  seedSampleOkrs,
  withImprovementKeyResults,
  withOkrIssueProperties,
} from '../../dev/preview/okr-seed';
import { adoptSampleCsiRecords } from '../../dev/sample-data/csi-record-store';
import { generateSampleSeed } from '../../dev/sample-data/generate';
import { generateSampleOkrs } from '../../dev/sample-data/generate-okr';
import { USERS, user, type UserKey } from '../../dev/sample-data/model';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createJiraClient, type JiraClient } from '../../src/adapters/jira/jira-client';
import { MemoryStore } from '../../src/adapters/store/memory-store';
import { FITSM_SETTINGS_KEY, type FitsmSettings } from '../../src/application/fitsm-settings';
import { rememberPeriod } from '../../src/application/okr-periods';
import { OkrStore } from '../../src/application/okr-store';
import type { SeededOkrs } from '../../dev/preview/okr-seed';
import {
  createFitsmMeetingHandlers,
  type FitsmMeetingHandlerDeps,
} from '../../src/entry/resolvers/fitsm-meeting-handlers';

/** The sample data's "today": Monday 2 March 2026, 12:00 Berlin time. */
export const SAMPLE_NOW_MS = Date.UTC(2026, 2, 2, 11, 0);
export const FITSM_EDITORS = 'fitsm-editors';

export interface MeetingHarness {
  readonly seed: JiraSeed;
  readonly emulator: RunningEmulator;
  readonly store: MemoryStore;
  readonly okr: OkrStore;
  readonly seeded: SeededOkrs;
  readonly handlers: ReturnType<typeof createFitsmMeetingHandlers>;
  readonly errors: unknown[];
  /** The clock the handlers read (tests move it). */
  nowMs: number;
  contextOf(key: UserKey, locale?: string): Readonly<Record<string, unknown>>;
  jiraFor(accountId: string): JiraClient;
  readonly readOnly: Set<string>;
  stop(): Promise<void>;
}

export async function startMeetingHarness(): Promise<MeetingHarness> {
  const store = new MemoryStore();
  let nowMs = SAMPLE_NOW_MS;
  const okr = new OkrStore(store, { clock: () => nowMs });
  const base = generateSampleSeed({ now: SAMPLE_NOW_MS });
  const plan = generateSampleOkrs({ nowMs: SAMPLE_NOW_MS, issues: base.issues, maxExternalValues: 0 });
  const seeded = await seedSampleOkrs(okr, plan);
  for (const objective of plan.objectives) await rememberPeriod(store, objective.input.period);
  const withOkrs = withImprovementKeyResults(withOkrIssueProperties(base, seeded.links), seeded.improvements);
  const adopted = await adoptSampleCsiRecords(withOkrs, store);
  const seed: JiraSeed = {
    ...adopted,
    users: adopted.users.map((u) =>
      u.accountId === user('claudia').accountId ? { ...u, groups: [...(u.groups ?? []), FITSM_EDITORS] } : u,
    ),
  };
  await store.put<FitsmSettings>(FITSM_SETTINGS_KEY, { editorGroupName: FITSM_EDITORS }, null);
  const emulator = await startEmulator({ seed, now: () => nowMs });
  const errors: unknown[] = [];
  const readOnly = new Set<string>();
  const jiraFor = (accountId: string): JiraClient => {
    const found = USERS.find((u) => u.accountId === accountId);
    if (found === undefined) throw new Error(`no sample user ${accountId}`);
    const client = createJiraClient(
      createHttpTransport({ baseUrl: emulator.url, email: found.emailAddress, apiToken: found.apiToken }),
    );
    if (!readOnly.has(accountId)) return client;
    // The emulator grants every browsing user the everyday issue permissions; this user may not edit issues.
    return Object.assign(Object.create(client) as JiraClient, {
      getMyPermissions: async (keys: readonly string[], projectKey?: string) => ({
        ...(await client.getMyPermissions(keys, projectKey)),
        ...(keys.includes('EDIT_ISSUES') ? { EDIT_ISSUES: false } : {}),
      }),
    });
  };
  const deps: FitsmMeetingHandlerDeps = {
    jira: (context) => jiraFor(String(context['accountId'])),
    store,
    okr,
    clock: () => nowMs,
    logError: (_message, error) => {
      if (error !== null) errors.push(error);
    },
  };
  const harness: MeetingHarness = {
    seed,
    emulator,
    store,
    okr,
    seeded,
    handlers: createFitsmMeetingHandlers(deps),
    errors,
    get nowMs() {
      return nowMs;
    },
    set nowMs(value: number) {
      nowMs = value;
    },
    readOnly,
    contextOf: (key, locale) => ({
      accountId: user(key).accountId,
      locale: locale ?? user(key).locale,
      timezone: 'Europe/Berlin',
    }),
    jiraFor,
    stop: () => emulator.stop(),
  };
  return harness;
}
