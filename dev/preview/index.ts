/**
 * The local preview behind `npm start`: the Jira emulator with the sample data, the app's real resolvers
 * in-process (acting over HTTP against the emulator as the sample user the page has chosen, so Jira's permissions
 * apply), and a page on localhost that hosts every Custom UI module of `manifest.yml` as Jira would.
 *
 * The modules must be built with the bridge shim first (`npm run build:preview`, see `build-modules.ts`).
 */
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { JiraForbiddenError } from '../../src/application/errors';
import type { IssueReadPort } from '../../src/application/ports/issue-read-port';
import type { StorePort } from '../../src/application/ports/store-port';
import { createIssueReader, PANEL_RETRY_POLICY } from '../../src/adapters/jira/forge-issue-reader';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createJiraClient, type JiraClient } from '../../src/adapters/jira/jira-client';
import { CONSUMER_JIRA_BUDGET_MS, RESOLVER_JIRA_BUDGET_MS } from '../../src/adapters/jira/retry-policy';
import type { JiraTransport } from '../../src/adapters/jira/transport';
import { createMemoryQueue } from '../../src/adapters/queue/memory-queue';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import {
  CSI_VALIDATOR_ARI_SUFFIX,
  FORGE_VALIDATOR_RULE_KEY,
} from '../../src/domain/csi/provisioning-workflow';
import { createCsiTransitionValidator } from '../../src/entry/validators/csi-validator';
import { createResolverHandlers, type ResolverContext } from '../../src/entry/resolvers/handlers';
import {
  createFlowJobConsumer,
  createIssueEventInvalidator,
} from '../../src/entry/resolvers/project-flow-handlers';
import { startEmulator, type ForgeRuleDefinition, type WorkflowValidatorHandler } from '../emulator/index';
import type { SeedUser } from '../emulator/seed';
import { adoptSampleCsiRecords } from '../sample-data/csi-record-store';
import { generateSampleSeed } from '../sample-data/generate';
import { buildHostAssets } from './build-host';
import { DEFAULT_MODULES_DIR, repoRoot } from './build-modules';
import {
  extensionAri,
  readManifestAppFeatures,
  readManifestModules,
  type ManifestAppFeatures,
} from './manifest-modules';
import type { PreviewConfig, PreviewLanguage, PreviewModule } from './preview-api';
import { createPreviewRequestListener } from './server';

export { buildPreviewModules, DEFAULT_MODULES_DIR } from './build-modules';

export interface PreviewOptions {
  /** Port of the preview page; 0 = any free port. Default 5173. */
  readonly port?: number;
  /** When `port` is taken, listen on a free one instead of failing. Default true. */
  readonly fallbackToFreePort?: boolean;
  /** The sample data's "today" and the resolvers' clock (epoch ms). Default: the real clock. */
  readonly now?: number;
  /** Directory of the modules built with the bridge shim, relative to the repository root. */
  readonly modulesDir?: string;
  /** The manifest's text instead of `manifest.yml` (tests host future module types with it). */
  readonly manifestYaml?: string;
  /** Server-side errors (resolver failures, emulator trouble); default `console.error`. */
  readonly logError?: (message: string, error: unknown) => void;
}

/** A sample user with the credentials for trying the CLI against the emulator. */
export interface PreviewCredentials {
  readonly displayName: string;
  readonly email: string;
  readonly apiToken: string;
  readonly jiraAdmin: boolean;
  readonly browseProjects: readonly string[] | '*';
}

export interface RunningPreview {
  /** The page, e.g. `http://localhost:5173`. */
  readonly url: string;
  /** The Jira emulator, e.g. `http://127.0.0.1:40321`. */
  readonly emulatorUrl: string;
  readonly users: readonly PreviewCredentials[];
  /** Stops the page server and the emulator. */
  stop(): Promise<void>;
}

export const DEFAULT_PREVIEW_PORT = 5173;
/** The preview listens on the loopback interface only: it serves sample credentials. */
const LISTEN_HOST = '127.0.0.1';

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error): void => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = (): void => {
      server.off('error', onError);
      resolve((server.address() as AddressInfo).port);
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen(port, LISTEN_HOST);
  });
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve, reject) => {
    server.closeAllConnections();
    server.close((error) => {
      if (error) reject(error);
      else resolve();
    });
  });
}

async function readMessages(locale: string): Promise<Record<string, string>> {
  return JSON.parse(await readFile(path.join(repoRoot, 'locales', `${locale}.json`), 'utf8')) as Record<
    string,
    string
  >;
}

interface ManifestText {
  readonly yaml: string;
  readonly messages: Readonly<Record<PreviewLanguage, Readonly<Record<string, string>>>>;
}

async function readManifest(manifestYaml: string | undefined): Promise<ManifestText> {
  const [yaml, de, en] = await Promise.all([
    manifestYaml ?? readFile(path.join(repoRoot, 'manifest.yml'), 'utf8'),
    readMessages('de-DE'),
    readMessages('en-US'),
  ]);
  return { yaml, messages: { de, en } };
}

function discoverModules(modulesDir: string, manifest: ManifestText): PreviewModule[] {
  const modules = readManifestModules(manifest.yaml, manifest.messages);
  for (const module of modules) {
    const index = path.join(repoRoot, modulesDir, module.resourceDir, 'index.html');
    if (!existsSync(index)) {
      throw new Error(
        `${path.relative(repoRoot, index)} is missing: build the modules with the bridge shim first (npm run build:preview).`,
      );
    }
  }
  return modules.map((module) => ({
    key: module.key,
    type: module.type,
    hostView: module.hostView,
    url: `/modules/${encodeURIComponent(module.resourceDir)}/index.html`,
    title: module.title,
    pages: module.pages,
    displayCondition: module.displayCondition,
  }));
}

/** A reader that fails like Jira's 401 for an invocation without a known sample user. */
function unknownUserReader(accountId: string): IssueReadPort {
  const refuse = (): Promise<never> =>
    Promise.reject(
      new JiraForbiddenError(`No sample user with account id "${accountId}" in the preview`, 401),
    );
  return { getIssueWithChangelog: refuse, listProjectStatuses: refuse };
}

/**
 * The preview's Forge environment id: with the manifest's app id it makes the extension ARIs Jira names the app's
 * workflow rules by (a fixed value, so ARIs stay the same between runs, as for a deployed environment).
 */
export const PREVIEW_ENVIRONMENT_ID = '7e3f0c52-9b1d-4c6a-8f2e-0d5a6b4c3e21';

/** What a validator function of the app needs in the preview: Jira as the app, and where errors go. */
interface ValidatorDeps {
  readonly jiraApp: JiraClient;
  readonly store: StorePort;
  readonly logError: (message: string, error: unknown) => void;
}

/**
 * The preview's in-process counterpart of each manifest function handler a `jira:workflowValidator` may name
 * (`index.<export>`, see src/index.ts): the same factory the exported handler is built from, with the preview's
 * Jira client instead of Forge's.
 */
const VALIDATOR_HANDLERS: Readonly<Record<string, (deps: ValidatorDeps) => WorkflowValidatorHandler>> = {
  'index.csiValidatorHandler': ({ jiraApp, store, logError }) =>
    createCsiTransitionValidator({ jiraApp: () => jiraApp, store, logError }),
};

/**
 * The app's workflow validators as the preview's Jira runs them: each `jira:workflowValidator` module's rule
 * (listed by `/workflows/capabilities` under its extension ARI) and the handler of its function.
 *
 * @throws Error when a validator's function is missing from the manifest or the preview has no counterpart of
 *   its handler (add it to `VALIDATOR_HANDLERS`).
 */
function workflowValidatorsOf(
  features: ManifestAppFeatures,
  language: PreviewLanguage,
): {
  readonly rule: ForgeRuleDefinition;
  readonly create: (deps: ValidatorDeps) => WorkflowValidatorHandler;
}[] {
  return features.workflowValidators.map((validator) => {
    if (validator.handler === null)
      throw new Error(
        `manifest.yml: jira:workflowValidator ${validator.key} names function "${validator.functionKey}", which the manifest does not define`,
      );
    const create = VALIDATOR_HANDLERS[validator.handler];
    if (create === undefined)
      throw new Error(
        `The preview cannot run ${validator.handler} (jira:workflowValidator ${validator.key}): add its factory to VALIDATOR_HANDLERS in dev/preview/index.ts`,
      );
    const description = validator.description[language];
    return {
      rule: {
        id: extensionAri(features.appId, PREVIEW_ENVIRONMENT_ID, validator.key),
        name: validator.name[language],
        ...(description === '' ? {} : { description }),
        ruleKey: FORGE_VALIDATOR_RULE_KEY,
        ruleType: 'Validator',
        // Jira offers (and runs) the rule only in the kinds of project the module declares.
        ...(validator.projectTypes === undefined ? {} : { projectTypes: validator.projectTypes }),
      },
      create,
    };
  });
}

/** Starts the emulator (fresh sample data), the resolvers and the preview page; resolves once all listen. */
export async function startPreview(options: PreviewOptions = {}): Promise<RunningPreview> {
  const logError =
    options.logError ??
    ((message: string, error: unknown) => {
      console.error(message, error);
    });
  const fixedNow = options.now;
  const clock = fixedNow === undefined ? () => Date.now() : () => fixedNow;
  const modulesDir = options.modulesDir ?? DEFAULT_MODULES_DIR;

  const [manifest, hostAssets] = await Promise.all([readManifest(options.manifestYaml), buildHostAssets()]);
  const modules = discoverModules(modulesDir, manifest);
  const features = readManifestAppFeatures(manifest.yaml, manifest.messages);
  // The sample site is German: its Jira lists the rules with their German names.
  const validators = workflowValidatorsOf(features, 'de');
  // The sample CSI project's workflow is the one the app's setup creates: with the app's validator on it.
  const csiValidatorKey = validators
    .map((validator) => validator.rule.id)
    .find((id) => id.endsWith(CSI_VALIDATOR_ARI_SUFFIX));
  // App storage (in memory); the sample improvement records start in it, as saved through the panel.
  const store = createMemoryStore();
  const seed = await adoptSampleCsiRecords(
    generateSampleSeed({
      now: clock(),
      ...(csiValidatorKey === undefined ? {} : { csiValidatorKey }),
    }),
    store,
  );
  const emulator = await startEmulator({
    seed,
    now: clock,
    forgeRules: validators.map((validator) => validator.rule),
    entityPropertyIndexes: features.entityProperties.map((property) => ({
      propertyKey: property.propertyKey,
      entityType: property.entityType,
      values: property.values,
    })),
  });

  const usersById = new Map<string, SeedUser>(seed.users.map((user) => [user.accountId, user]));
  const transports = new Map<string, JiraTransport>();
  const jiraTransportFor = (accountId: string): JiraTransport | null => {
    const user = usersById.get(accountId);
    if (user === undefined) return null;
    let transport = transports.get(accountId);
    if (transport === undefined) {
      transport = createHttpTransport({
        baseUrl: emulator.url,
        email: user.emailAddress,
        apiToken: user.apiToken,
      });
      transports.set(accountId, transport);
    }
    return transport;
  };
  const clients = new Map<string, JiraClient>();
  const jiraFor = (accountId: string): JiraClient | null => {
    const transport = jiraTransportFor(accountId);
    if (transport === null) return null;
    let client = clients.get(accountId);
    if (client === undefined) {
      // The resolvers' retry budget on Forge, so the preview answers a busy Jira as the app in Jira would.
      client = createJiraClient(transport, { retry: PANEL_RETRY_POLICY });
      clients.set(accountId, client);
    }
    return client;
  };
  /**
   * A client per invocation over the account's transport, as on Forge: its own Jira deadline (a resolver's or a
   * consumer run's budget), so a rate-limited Jira answers "try again in N s" as it would there.
   */
  const jiraWithin = (accountId: string | null, budgetMs: number): JiraClient => {
    const transport = accountId === null ? null : jiraTransportFor(accountId);
    return transport === null
      ? anonymousJira
      : createJiraClient(transport, { retry: PANEL_RETRY_POLICY, budgetMs });
  };
  const accountOf = (context: ResolverContext): string =>
    typeof context['accountId'] === 'string' ? context['accountId'] : '';
  // An account the emulator does not know answers 401, as Jira does for a bad token.
  const anonymousJira = createJiraClient(
    createHttpTransport({ baseUrl: emulator.url, email: 'unknown@preview.invalid', apiToken: 'none' }),
    { retry: PANEL_RETRY_POLICY },
  );
  const jiraOf = (context: ResolverContext): JiraClient =>
    jiraWithin(accountOf(context), RESOLVER_JIRA_BUDGET_MS);
  // Forge runs a validator function with the app's own access; the preview's closest identity is the Jira admin.
  const appUser = seed.users.find((user) => user.jiraAdmin);
  const jiraApp = (appUser === undefined ? null : jiraFor(appUser.accountId)) ?? anonymousJira;
  for (const validator of validators) {
    emulator.onWorkflowValidator(validator.create({ jiraApp, store, logError }), validator.rule.id);
  }
  // Large project views run as queued jobs, as Forge's consumer would run them; here in-process, and as on Forge
  // as the app (the admin stands in), loading only the issue ids the requesting user read.
  const queue = createMemoryQueue({ autoRun: true, onError: logError });
  queue.setConsumer(
    createFlowJobConsumer({
      jiraApp: () =>
        appUser === undefined ? anonymousJira : jiraWithin(appUser.accountId, CONSUMER_JIRA_BUDGET_MS),
      store,
      clock,
      logError,
    }),
  );
  const handlers = createResolverHandlers({
    issueReader: (context: ResolverContext) => {
      const accountId = accountOf(context);
      return jiraTransportFor(accountId) === null
        ? unknownUserReader(accountId)
        : createIssueReader(jiraWithin(accountId, RESOLVER_JIRA_BUDGET_MS));
    },
    jira: jiraOf,
    store,
    queue,
    clock,
    logError,
  });
  // Issue events refresh cached flow views, as the app's trigger does in Jira.
  const invalidate = createIssueEventInvalidator({ store, clock, logError });
  // (A retry the handler asks Forge for is not modelled: the preview's store does not refuse writes by rate.)
  emulator.onProductEvent(async (event) => {
    await invalidate(event.payload);
  });

  const config: PreviewConfig = {
    modules,
    users: seed.users.map((user) => ({
      accountId: user.accountId,
      displayName: user.displayName,
      emailAddress: user.emailAddress,
      timeZone: user.timeZone,
      jiraAdmin: user.jiraAdmin,
      browseProjects: user.browseProjects,
    })),
    emulatorUrl: emulator.url,
  };
  const server = createServer(
    createPreviewRequestListener({
      config,
      hostAssets,
      modulesDir: path.join(repoRoot, modulesDir),
      handlers,
      jiraFor,
      jiraTransportFor,
      logError,
    }),
  );
  let port: number;
  try {
    const wanted = options.port ?? DEFAULT_PREVIEW_PORT;
    port = await listen(server, wanted).catch((error: unknown) => {
      const inUse = (error as { code?: unknown }).code === 'EADDRINUSE';
      if (!inUse || wanted === 0 || options.fallbackToFreePort === false) throw error;
      return listen(server, 0);
    });
  } catch (error) {
    await emulator.stop();
    throw error;
  }

  let stopped: Promise<void> | null = null;
  return {
    url: `http://localhost:${String(port)}`,
    emulatorUrl: emulator.url,
    users: seed.users.map((user) => ({
      displayName: user.displayName,
      email: user.emailAddress,
      apiToken: user.apiToken,
      jiraAdmin: user.jiraAdmin,
      browseProjects: user.browseProjects,
    })),
    stop: () => {
      stopped ??= Promise.all([closeServer(server), emulator.stop()]).then(() => undefined);
      return stopped;
    },
  };
}
