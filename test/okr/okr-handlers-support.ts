/**
 * The OKR resolvers over the local Jira emulator: the flow seed's help desk `HD` and CSI project, with five
 * users — a Jira admin, a member of the OKR editor group, an owner, a viewer who owns nothing (all four browse
 * every project) and an outsider who browses only `CSI`. Each invocation gets its own Jira client as the user of
 * `context.accountId` (as the app does; CSI's issues are of the CSI issue type), and the indexed issue properties of the manifest (`okrKeyResult`,
 * `csiKeyResult`) are installed in the emulator as the preview installs them.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { startEmulator, type RunningEmulator } from '../../dev/emulator';
import type { JiraSeed, SeedUser } from '../../dev/emulator/seed';
import { readManifestAppFeatures } from '../../dev/preview/manifest-modules';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createJiraClient, type JiraClient } from '../../src/adapters/jira/jira-client';
import { MemoryStore } from '../../src/adapters/store/memory-store';
import { OkrStore } from '../../src/application/okr-store';
import type { OkrResult } from '../../src/contract/okr';
import { createOkrHandlers } from '../../src/entry/resolvers/okr-handlers';
import { AGENT, buildFlowSeed, OUTSIDER } from '../integration/support/flow-seed';

/** 15 November 2026, 12:00 UTC: the quarter 2026-Q4 (Europe/Berlin) is 49.5 % elapsed. */
export const NOW_MS = Date.UTC(2026, 10, 15, 12);
export const TIME_ZONE = 'Europe/Berlin';
export const EDITOR_GROUP = 'OKR Editors';

export const ADMIN: SeedUser = {
  ...AGENT,
  accountId: 'acc-ada',
  displayName: 'Ada Admin',
  emailAddress: 'ada@example.de',
  apiToken: 'token-ada',
  jiraAdmin: true,
};
export const EDITOR: SeedUser = {
  ...AGENT,
  accountId: 'acc-eddi',
  displayName: 'Eddi Editor',
  emailAddress: 'eddi@example.de',
  apiToken: 'token-eddi',
  adminProjects: [],
  groups: ['jira-software-users', EDITOR_GROUP],
};
/** Owns the objectives the tests create (AGENT of the flow seed: browses everything, no admin). */
export const OWNER: SeedUser = AGENT;
export const VIEWER: SeedUser = {
  ...AGENT,
  accountId: 'acc-vera',
  displayName: 'Vera Viewer',
  emailAddress: 'vera@example.de',
  apiToken: 'token-vera',
  adminProjects: [],
};
export { OUTSIDER };

const USERS = [ADMIN, EDITOR, OWNER, VIEWER, OUTSIDER];

export type Handlers = ReturnType<typeof createOkrHandlers>;

export interface OkrHarness {
  readonly emulator: RunningEmulator;
  readonly seed: JiraSeed;
  readonly store: MemoryStore;
  readonly okr: OkrStore;
  readonly handlers: Handlers;
  readonly errors: unknown[];
  /** Account ids whose Edit Issues the harness denies (the emulator grants it to everyone who browses). */
  readonly readOnly: Set<string>;
  /** Jira requests of the last invocation per account id (its client's count). */
  readonly clients: JiraClient[];
  /** The clients of Jira as the app (the emulator's admin stands in for Forge's asApp()), one per use. */
  readonly appClients: JiraClient[];
  contextOf(user: SeedUser): Readonly<Record<string, unknown>>;
  gadgetContextOf(user: SeedUser): Readonly<Record<string, unknown>>;
  jiraAs(user: SeedUser): JiraClient;
  stop(): Promise<void>;
}

function manifestIndexes() {
  const yaml = readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8');
  return readManifestAppFeatures(yaml, { de: {}, en: {} }).entityProperties;
}

export async function startOkrHarness(options: { readonly issues?: number } = {}): Promise<OkrHarness> {
  const base = buildFlowSeed({ issues: options.issues ?? 30 });
  // CSI's issue type as the CSI setup names it (English here, in another case and with a trailing space: the
  // OKR views match the name trimmed and in any case).
  const seed: JiraSeed = {
    ...base,
    users: USERS,
    issueTypes: base.issueTypes.map((type) =>
      type.name === 'Verbesserung' ? { ...type, name: 'improvement (CSI) ' } : type,
    ),
  };
  const emulator = await startEmulator({
    seed,
    now: () => NOW_MS,
    entityPropertyIndexes: manifestIndexes(),
  });
  const store = new MemoryStore();
  const okr = new OkrStore(store, { clock: () => NOW_MS });
  const errors: unknown[] = [];
  const readOnly = new Set<string>();
  const clients: JiraClient[] = [];
  const appClients: JiraClient[] = [];
  const jiraAs = (user: SeedUser): JiraClient =>
    createJiraClient(
      createHttpTransport({ baseUrl: emulator.url, email: user.emailAddress, apiToken: user.apiToken }),
    );
  const handlers = createOkrHandlers({
    jira: (context) => {
      const user = USERS.find((candidate) => candidate.accountId === context['accountId']);
      if (user === undefined) throw new Error(`no test user ${String(context['accountId'])}`);
      const client = jiraAs(user);
      clients.push(client);
      if (!readOnly.has(user.accountId)) return client;
      return Object.assign(Object.create(client) as JiraClient, {
        getMyIssuePermissions: async (issue: string, keys: readonly string[]) => ({
          ...(await client.getMyIssuePermissions(issue, keys)),
          EDIT_ISSUES: false,
        }),
      });
    },
    jiraAsApp: () => {
      const client = jiraAs(ADMIN);
      appClients.push(client);
      return client;
    },
    store,
    okr,
    clock: () => NOW_MS,
    logError: (_message, error) => {
      errors.push(error);
    },
    webTriggerUrl: (moduleKey) => Promise.resolve(`https://example.test/x1/${moduleKey}`),
  });
  const contextOf = (user: SeedUser) => ({ accountId: user.accountId, timezone: TIME_ZONE, locale: 'en-US' });
  return {
    emulator,
    seed,
    store,
    okr,
    handlers,
    errors,
    readOnly,
    clients,
    appClients,
    contextOf,
    gadgetContextOf: (user) => ({
      ...contextOf(user),
      extension: { type: 'jira:dashboardGadget', dashboard: { id: '10000' }, gadget: { id: '77' } },
    }),
    jiraAs,
    stop: () => emulator.stop(),
  };
}

/**
 * A fresh harness for every test of the file, handed to `use` before the test; after it, no resolver may have
 * logged an error, and the emulator stops even when that check fails.
 */
export function withOkrHarnessPerTest(
  options: { readonly issues?: number },
  use: (harness: OkrHarness) => void,
): void {
  let current: OkrHarness | null = null;
  beforeEach(async () => {
    current = await startOkrHarness(options);
    use(current);
  });
  afterEach(async () => {
    const harness = current;
    current = null;
    if (harness === null) return;
    try {
      expect(harness.errors).toEqual([]);
    } finally {
      await harness.stop();
    }
  });
}

/** The value of an answer that must be ok (the error's code and detail otherwise). */
export function valueOf<T>(result: OkrResult<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.detail}`);
  return result.value;
}

/** The error code of an answer that must fail. */
export function codeOf(result: OkrResult<unknown>): string {
  if (result.ok) throw new Error('expected a failure, got ok');
  return result.error.code;
}

export const Q4 = { kind: 'quarter', quarter: '2026-Q4', timeZone: TIME_ZONE } as const;
export const Q3 = { kind: 'quarter', quarter: '2026-Q3', timeZone: TIME_ZONE } as const;

/** Creates an objective (as the admin) owned by `owner`, and a metric key result 10 → 20 owned by `krOwner`. */
export async function createObjectiveWithKeyResult(
  harness: OkrHarness,
  options: {
    readonly period?: typeof Q4 | typeof Q3;
    readonly owner?: SeedUser;
    readonly krOwner?: SeedUser;
    readonly source?: 'manual' | 'external';
  } = {},
): Promise<{ objectiveId: string; keyResultId: string }> {
  const admin = harness.contextOf(ADMIN);
  const objective = valueOf(
    await harness.handlers.saveObjective(
      {
        objective: {
          title: 'Anmeldegeschwindigkeit erhöhen',
          description: '',
          period: options.period ?? Q4,
          ownerAccountId: (options.owner ?? OWNER).accountId,
          scope: { type: 'project', projectKey: 'HD' },
        },
      },
      admin,
    ),
  );
  const keyResult = valueOf(
    await harness.handlers.saveKeyResult(
      {
        keyResult: {
          objectiveId: objective.id,
          title: 'Fehlgeschlagene Anmeldeversuche um 15 % verringern',
          ownerAccountId: (options.krOwner ?? OWNER).accountId,
          weight: 1,
          unit: 'sign-ins/day',
          direction: 'increase',
          kind: { type: 'metric', start: 10, target: 20 },
          source: options.source ?? 'manual',
        },
      },
      admin,
    ),
  );
  return { objectiveId: objective.id, keyResultId: keyResult.id };
}

/**
 * Adds to an objective of {@link createObjectiveWithKeyResult} a key result the app measures: the progress of
 * the help desk's issues (`project = HD`), saved by the admin. Answers its id.
 */
export async function saveMeasuredKeyResult(harness: OkrHarness, objectiveId: string): Promise<string> {
  const saved = valueOf(
    await harness.handlers.saveKeyResult(
      {
        keyResult: {
          objectiveId,
          title: 'Alle Tickets erledigen',
          ownerAccountId: OWNER.accountId,
          weight: 1,
          unit: '',
          direction: 'increase',
          kind: { type: 'issueProgress', issues: { type: 'jql', jql: 'project = HD' } },
          source: 'measured',
        },
      },
      harness.contextOf(ADMIN),
    ),
  );
  return saved.id;
}
