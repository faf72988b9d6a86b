/**
 * The CSI setup resolvers over the local Jira emulator (real Jira client over HTTP): each invocation's
 * `context.accountId` picks the seed user whose credentials the client uses, as the preview does. Helpers read
 * Jira's configuration back through the emulator's REST API to check what the setup did.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { startEmulator, type ForgeProjectType, type RunningEmulator } from '../../dev/emulator';
import type { JiraSeed, SeedUser } from '../../dev/emulator/seed';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createJiraClient, type JiraClient } from '../../src/adapters/jira/jira-client';
import { MemoryStore } from '../../src/adapters/store/memory-store';
import type { CsiSetupView } from '../../src/contract/csi';
import { createCsiSetupHandlers, type CsiSetupHandlers } from '../../src/entry/resolvers/csi-setup-handlers';
import { clientFor, type TestClient } from '../emulator/http-client';

export interface SetupHarness {
  readonly emulator: RunningEmulator;
  readonly store: MemoryStore;
  readonly handlers: CsiSetupHandlers;
  readonly errors: unknown[];
  /** The seed's first Jira administrator (reads Jira's configuration back in the tests). */
  readonly admin: SeedUser;
  contextOf(user: SeedUser): Readonly<Record<string, unknown>>;
  jiraFor(user: SeedUser): JiraClient;
  rest(user: SeedUser): TestClient;
  /** getCsiSetup that must succeed. */
  view(projectKey: string, user: SeedUser): Promise<CsiSetupView>;
  /** Calls runCsiSetup as the UI does (each call with the previous answer's fingerprint) until settled. */
  runToEnd(projectKey: string, user: SeedUser, fingerprint?: string): Promise<CsiSetupView>;
  /** Route keys of the requests answered since the last `resetLog()`, with their status. */
  log(): readonly { routeKey: string; status: number }[];
  resetLog(): void;
  stop(): Promise<void>;
}

/** Requests that change nothing although they are POSTs (bulk reads). */
const READ_POSTS = new Set([
  'POST /rest/api/3/workflows',
  'POST /rest/api/3/workflowscheme/read',
  'POST /rest/api/3/search/jql',
]);

/** The requests of a log that write to Jira. */
export function writesOf(log: readonly { routeKey: string; status: number }[]): string[] {
  return log.map((entry) => entry.routeKey).filter((key) => !key.startsWith('GET ') && !READ_POSTS.has(key));
}

/**
 * The `projectTypes` manifest.yml declares for the `csi-transition-validator` module (absent: Jira's default,
 * company-managed only), so the emulator offers the rule where Jira would offer the deployed app's.
 */
export function manifestValidatorProjectTypes(): readonly ForgeProjectType[] | undefined {
  const manifest = parse(readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8')) as {
    modules?: Record<string, { key?: string; projectTypes?: ForgeProjectType[] }[] | undefined>;
  };
  const module = manifest.modules?.['jira:workflowValidator']?.find(
    (entry) => entry.key === 'csi-transition-validator',
  );
  return module?.projectTypes;
}

/** The app's validator as the site lists it once the app is deployed with its `jira:workflowValidator`. */
export const CSI_VALIDATOR_RULE = {
  id: 'ari:cloud:ecosystem::extension/3f0c1c64-0000-4000-8000-000000000001/5e2a0000-0000-4000-8000-000000000002/static/csi-transition-validator',
  name: 'CSI rules (Three Ways for Jira)',
  ruleKey: 'forge:expression-validator',
  ruleType: 'Validator',
} as const;

export async function startSetupHarness(
  seed: JiraSeed,
  options: {
    budgetMs?: number;
    withValidator?: boolean;
    /** The validator module's `projectTypes`; default what manifest.yml declares. */
    validatorProjectTypes?: readonly ForgeProjectType[];
  } = {},
): Promise<SetupHarness> {
  const projectTypes = options.validatorProjectTypes ?? manifestValidatorProjectTypes();
  const emulator = await startEmulator({
    seed,
    forgeRules:
      options.withValidator === false
        ? []
        : [{ ...CSI_VALIDATOR_RULE, ...(projectTypes === undefined ? {} : { projectTypes }) }],
  });
  const store = new MemoryStore();
  const errors: unknown[] = [];
  const jiraFor = (user: SeedUser): JiraClient =>
    createJiraClient(
      createHttpTransport({ baseUrl: emulator.url, email: user.emailAddress, apiToken: user.apiToken }),
      { sleep: () => Promise.resolve(), retry: { maxAttempts: 2 } },
    );
  const usersById = new Map(seed.users.map((u) => [u.accountId, u]));
  const handlers = createCsiSetupHandlers({
    jira: (context) => {
      const user = usersById.get(String(context['accountId']));
      if (user === undefined) throw new Error(`no seed user ${String(context['accountId'])}`);
      return jiraFor(user);
    },
    store,
    clock: () => Date.now(),
    sleep: () => Promise.resolve(),
    ...(options.budgetMs === undefined ? {} : { budgetMs: options.budgetMs }),
    logError: (_message, error) => {
      errors.push(error);
    },
  });
  const contextOf = (user: SeedUser) => ({ accountId: user.accountId, locale: user.locale });
  const view = async (projectKey: string, user: SeedUser): Promise<CsiSetupView> => {
    const result = await handlers.getCsiSetup({ projectKey }, contextOf(user));
    if (!result.ok) throw new Error(`getCsiSetup failed: ${result.error.code} ${result.error.detail}`);
    return result.value;
  };
  const runToEnd = async (
    projectKey: string,
    user: SeedUser,
    fingerprint?: string,
  ): Promise<CsiSetupView> => {
    let print = fingerprint ?? (await view(projectKey, user)).planFingerprint;
    for (let call = 0; call < 100; call++) {
      const result = await handlers.runCsiSetup({ projectKey, planFingerprint: print }, contextOf(user));
      if (!result.ok) throw new Error(`runCsiSetup failed: ${result.error.code} ${result.error.detail}`);
      const answer = result.value;
      if (answer.status === 'complete' || answer.status === 'needs-manual-step' || answer.status === 'failed')
        return answer;
      print = answer.planFingerprint;
    }
    throw new Error('runCsiSetup did not settle within 100 calls');
  };
  const admin = seed.users.find((u) => u.jiraAdmin);
  if (admin === undefined) throw new Error('the seed has no Jira administrator');
  return {
    emulator,
    store,
    handlers,
    errors,
    admin,
    contextOf,
    jiraFor,
    rest: (user) => clientFor(emulator.url, user),
    view,
    runToEnd,
    log: () => emulator.requests.log(),
    resetLog: () => {
      emulator.requests.reset();
    },
    stop: () => emulator.stop(),
  };
}
