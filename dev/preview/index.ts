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
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createJiraClient, type JiraClient } from '../../src/adapters/jira/jira-client';
import { PANEL_RETRY_POLICY } from '../../src/adapters/jira/forge-issue-reader';
import type { JiraTransport } from '../../src/adapters/jira/transport';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import {
  CSI_VALIDATOR_ARI_SUFFIX,
  FORGE_VALIDATOR_RULE_KEY,
} from '../../src/domain/csi/provisioning-workflow';
import {
  createAppHandlers,
  handlersByManifestName,
  type AppFunction,
} from '../../src/entry/composition-root';
import type { ResolverContext } from '../../src/entry/resolvers/handlers';
import type { FeedbackIntakeSecretView } from '../../src/contract/feedback';
import { FEEDBACK_INTAKE_WEB_TRIGGER } from '../../src/application/feedback-intake-settings';
import { createPreviewBackend, createPreviewClock, type BackendRoute, type PreviewBackend } from './backend';
import { readBackendModules } from './backend-modules';
import { startEmulator, type ForgeRuleDefinition, type RunningEmulator } from '../emulator/index';
import type { SeedUser } from '../emulator/seed';
import { adoptSampleCsiRecords } from '../sample-data/csi-record-store';
import { OkrStore } from '../../src/application/okr-store';
import { EFFECT_CHECK_SEED_USER, seedSampleEffectCheck } from './feedback-seed';
import { INTAKE_SEED_USER, seedHelpDeskIntake } from './feedback-intake-seed';
import { seedPreviewGadgets } from './gadget-seed';
import { seedSampleFitsm } from './fitsm-seed';
import { startSampleOkrs } from './okr-seed';
import { generateSampleSeed } from '../sample-data/generate';
import { PROJECT_KEYS, user as sampleUser } from '../sample-data/model';
import { buildHostAssets } from './build-host';
import { DEFAULT_MODULES_DIR, repoRoot } from './build-modules';
import {
  extensionAri,
  readManifestAppFeatures,
  readManifestModules,
  type ManifestAppFeatures,
} from './manifest-modules';
import type { PreviewConfig, PreviewLanguage, PreviewModule } from './preview-api';
import { createRuleRunner } from './rule-runner';
import { sampleRules } from './rule-runner-rules';
import { createPreviewRequestListener } from './server';
import { createWebTriggerListener } from './webtrigger-server';
import { localeFileTexts } from '../../src/adapters/texts/locale-file-texts';

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
  /**
   * Handlers besides the app's, by the manifest's handler name (`index.<export>`): tests run fixture modules of a
   * test manifest with them. The app's own come from the composition root.
   */
  readonly extraHandlers?: Readonly<Record<string, AppFunction>>;
  /** Port of the web trigger server (only started when the manifest has web triggers); default any free port. */
  readonly webTriggerPort?: number;
}

/** How often the preview checks for scheduled triggers that fell due in real time. */
const SCHEDULE_CHECK_MS = 30_000;

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
  /** The local URL of each web trigger of the manifest (empty without web triggers). */
  readonly webTriggerUrls: readonly { readonly key: string; readonly url: string }[];
  /** Every backend module of the manifest and the function serving it. */
  readonly routes: readonly BackendRoute[];
  /** The preview's Forge runtime (tests: deliver events, wait until queues are idle). */
  readonly backend: PreviewBackend;
  /**
   * The emulator's fault and latency injection (tests: e.g. 300 ms per request makes the flow facts backfill of a
   * sample project take long enough to watch its progress on the project page).
   */
  readonly emulatorFaults: RunningEmulator['faults'];
  readonly users: readonly PreviewCredentials[];
  /**
   * The help desk's feedback web trigger secret issued at start, with its signed `curl` example (null when the
   * manifest has no `feedback-intake` web trigger): shown as the settings page shows it once after a rotation.
   */
  readonly feedbackIntakeSecret: FeedbackIntakeSecretView | null;
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

/**
 * The preview's Forge environment id: with the manifest's app id it makes the extension ARIs Jira names the app's
 * workflow rules by (a fixed value, so ARIs stay the same between runs, as for a deployed environment).
 */
export const PREVIEW_ENVIRONMENT_ID = '7e3f0c52-9b1d-4c6a-8f2e-0d5a6b4c3e21';

/**
 * The app's workflow validators as the preview's Jira runs them: each `jira:workflowValidator` module's rule
 * (listed by `/workflows/capabilities` under its extension ARI), run by the backend through its function.
 */
function workflowValidatorsOf(
  features: ManifestAppFeatures,
  language: PreviewLanguage,
): { readonly key: string; readonly rule: ForgeRuleDefinition }[] {
  return features.workflowValidators.map((validator) => {
    const description = validator.description[language];
    return {
      key: validator.key,
      rule: {
        id: extensionAri(features.appId, PREVIEW_ENVIRONMENT_ID, validator.key),
        name: validator.name[language],
        ...(description === '' ? {} : { description }),
        ruleKey: FORGE_VALIDATOR_RULE_KEY,
        ruleType: 'Validator',
        // Jira offers (and runs) the rule only in the kinds of project the module declares.
        ...(validator.projectTypes === undefined ? {} : { projectTypes: validator.projectTypes }),
      },
    };
  });
}

/** Starts the emulator (fresh sample data), the app's backend and the preview page; resolves once all listen. */
export async function startPreview(options: PreviewOptions = {}): Promise<RunningPreview> {
  const logError =
    options.logError ??
    ((message: string, error: unknown) => {
      console.error(message, error);
    });
  const fixedNow = options.now;
  // One clock for the sample data, the emulator and the app: the preview page can advance it.
  const clock = createPreviewClock(fixedNow === undefined ? () => Date.now() : () => fixedNow);
  const modulesDir = options.modulesDir ?? DEFAULT_MODULES_DIR;

  const [manifest, hostAssets] = await Promise.all([readManifest(options.manifestYaml), buildHostAssets()]);
  const modules = discoverModules(modulesDir, manifest);
  const features = readManifestAppFeatures(manifest.yaml, manifest.messages);
  // Every backend module of the manifest, routed as Forge routes it; a module it cannot run refuses the start.
  const backend = createPreviewBackend({ modules: readBackendModules(manifest.yaml), clock, logError });
  // The sample site is German: its Jira lists the rules with their German names.
  const validators = workflowValidatorsOf(features, 'de');
  // The sample CSI project's workflow is the one the app's setup creates: with the app's validator on it.
  const csiValidatorKey = validators
    .map((validator) => validator.rule.id)
    .find((id) => id.endsWith(CSI_VALIDATOR_ARI_SUFFIX));
  // App storage (in memory); the sample improvement records start in it, as saved through the panel.
  const store = createMemoryStore();
  // Nordlicht's OKRs too, written through the app's OKR store (the linked issues carry the OKR property, some
  // improvement records name the key result they work toward), and the dashboard's gadgets configured, so the
  // preview opens with them working.
  const okr = new OkrStore(store, { clock: () => clock.now() });
  const sampleOkrs = await startSampleOkrs(
    { store, okr, clock: () => clock.now(), logError },
    generateSampleSeed({
      now: clock.now(),
      ...(csiValidatorKey === undefined ? {} : { csiValidatorKey }),
    }),
  );
  const seed = await adoptSampleCsiRecords(sampleOkrs.seed, store);
  await seedPreviewGadgets(
    store,
    modules.filter((module) => module.hostView === 'dashboard').map((module) => module.key),
  );
  const emulator = await startEmulator({
    seed,
    now: () => clock.now(),
    forgeRules: validators.map((validator) => validator.rule),
    entityPropertyIndexes: features.entityProperties.map((property) => ({
      propertyKey: property.propertyKey,
      entityType: property.entityType,
      values: property.values,
    })),
  });

  const usersById = new Map<string, SeedUser>(seed.users.map((user) => [user.accountId, user]));
  // An account the emulator does not know answers 401, as Jira does for a bad token.
  const anonymousTransport = createHttpTransport({
    baseUrl: emulator.url,
    email: 'unknown@preview.invalid',
    apiToken: 'none',
  });
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
  /** The host page's own reads as a sample user (not the app's: those go through the composition root). */
  const jiraFor = (accountId: string): JiraClient | null => {
    const transport = jiraTransportFor(accountId);
    if (transport === null) return null;
    let client = clients.get(accountId);
    if (client === undefined) {
      client = createJiraClient(transport, { retry: PANEL_RETRY_POLICY });
      clients.set(accountId, client);
    }
    return client;
  };
  const accountOf = (context: ResolverContext): string =>
    typeof context['accountId'] === 'string' ? context['accountId'] : '';
  // Forge runs event code with the app's own access; the preview's closest identity is the Jira admin.
  const appUser = seed.users.find((user) => user.jiraAdmin);
  const appTransport =
    (appUser === undefined ? null : jiraTransportFor(appUser.accountId)) ?? anonymousTransport;

  // The one composition root, over the emulator-backed ports; fixture handlers (tests) beside the app's.
  const app = createAppHandlers({
    jiraForUser: (context) => jiraTransportFor(accountOf(context)) ?? anonymousTransport,
    // The local web trigger server's URL (it listens below, before any invocation can ask).
    webTriggerUrl: (moduleKey) => {
      const url = webTriggerUrlsOf(webTriggerPort).find((trigger) => trigger.key === moduleKey)?.url;
      return webTriggerPort === null || url === undefined
        ? Promise.reject(new Error(`The preview serves no web trigger ${moduleKey}`))
        : Promise.resolve(url);
    },
    jiraAsApp: () => appTransport,
    store,
    queue: (queueKey) => backend.queue(queueKey),
    clock: () => clock.now(),
    logError,
    // The same locale files Forge's i18n serves (the manifest's `translations`).
    texts: localeFileTexts,
  });
  const table = new Map(handlersByManifestName(app));
  for (const [name, handler] of Object.entries(options.extraHandlers ?? {})) table.set(name, handler);
  backend.bind(table);
  for (const validator of validators) {
    emulator.onWorkflowValidator(backend.validator(validator.key), validator.rule.id);
  }
  // Jira's product events reach the triggers whose events and filter match, as on Forge.
  emulator.onProductEvent(async (event) => {
    await backend.deliverProductEvent(event.eventType, event.payload);
  });
  // A small Jira Automation: the sample rules see the same events and call the app's actions as Automation does,
  // as the rule's actor (the Jira admin, whose connection the actions run with).
  const ruleActor = appUser?.accountId ?? '';
  const rules = createRuleRunner({
    rules: sampleRules(PROJECT_KEYS.csi),
    runAction: (key, inputs, accountId) => backend.runAction(key, inputs, accountId),
    actorAccountId: ruleActor,
    searchIssueKeys: async (jql, max) => {
      const jira = jiraFor(ruleActor);
      const keys: string[] = [];
      if (jira === null) return keys;
      for await (const page of jira.searchIssues(jql, ['summary'])) {
        for (const issue of page) if (issue.key !== undefined) keys.push(issue.key);
        if (keys.length >= max) break;
      }
      return keys.slice(0, max);
    },
    now: () => clock.now(),
    logError,
  });
  emulator.onProductEvent((event) => {
    rules.handleEvent(event);
  });
  // Scheduled triggers also fall due as real time passes.
  const scheduleTimer = setInterval(() => {
    void backend.runDueScheduled();
  }, SCHEDULE_CHECK_MS);
  scheduleTimer.unref();

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
      backend,
      clock,
      jiraFor,
      jiraTransportFor,
      logError,
      rules,
    }),
  );
  const webTriggerServer =
    backend.modules.webTriggers.length === 0
      ? null
      : createServer(createWebTriggerListener(backend, logError));
  const webTriggerUrlsOf = (webTriggerPort: number | null) =>
    backend.modules.webTriggers.map((trigger) => ({
      key: trigger.key,
      url: `${webTriggerPort === null ? '' : `http://127.0.0.1:${String(webTriggerPort)}/x1/`}${trigger.key}`,
    }));
  const stopBackend = async (): Promise<void> => {
    clearInterval(scheduleTimer);
    backend.stop();
    await backend.idle();
  };
  let port: number;
  let webTriggerPort: number | null = null;
  let feedbackIntakeSecret: FeedbackIntakeSecretView | null = null;
  try {
    const wanted = options.port ?? DEFAULT_PREVIEW_PORT;
    port = await listen(server, wanted).catch((error: unknown) => {
      const inUse = (error as { code?: unknown }).code === 'EADDRINUSE';
      if (!inUse || wanted === 0 || options.fallbackToFreePort === false) throw error;
      return listen(server, 0);
    });
    if (webTriggerServer !== null)
      webTriggerPort = await listen(webTriggerServer, options.webTriggerPort ?? 0);
    // The self-service improvement's effect check, configured by the process owner, is due at start.
    const effectOwner = jiraFor(EFFECT_CHECK_SEED_USER.accountId);
    if (effectOwner === null)
      throw new Error('The sample data has no process owner to configure the effect check');
    await seedSampleEffectCheck({
      store,
      jiraAsOwner: effectOwner,
      jiraAsApp: createJiraClient(appTransport),
      seed,
      nowMs: clock.now(),
    });
    // The help desk's feedback web trigger is on at start (improvements at a rating of 2 or below, in CSI), with a
    // secret issued, so the printed curl example works against the local URL at once.
    const intakeUrl = webTriggerUrlsOf(webTriggerPort).find(
      (trigger) => trigger.key === FEEDBACK_INTAKE_WEB_TRIGGER,
    )?.url;
    if (webTriggerPort !== null && intakeUrl !== undefined) {
      const intakeAdmin = jiraFor(INTAKE_SEED_USER.accountId);
      if (intakeAdmin === null)
        throw new Error('The sample data has no help desk admin to set up the feedback web trigger');
      feedbackIntakeSecret = await seedHelpDeskIntake({
        store,
        jiraAsAdmin: intakeAdmin,
        clock: () => clock.now(),
        webTriggerUrl: intakeUrl,
      });
    }
    // The e-mail service's daily values arrive through the real web trigger, as its monitoring job sends them;
    // the measured key results are measured as the app's daily run measures them.
    await sampleOkrs.finish({
      webTriggerUrls: webTriggerUrlsOf(webTriggerPort),
      jiraAsApp: createJiraClient(appTransport),
    });
    // Nordlicht's FitSM story (assessments, gaps on the schedule, this year's audits, the review meetings), last:
    // the meetings' agendas are prepared from the improvements and key results above.
    await seedSampleFitsm({
      store,
      okr,
      jiraAs: (key) => {
        const jira = jiraFor(sampleUser(key).accountId);
        if (jira === null) throw new Error(`The sample data has no user ${key} for the FitSM sample`);
        return jira;
      },
      seed,
      nowMs: clock.now(),
      logError,
    });
  } catch (error) {
    if (server.listening) await closeServer(server);
    if (webTriggerServer?.listening === true) await closeServer(webTriggerServer);
    await stopBackend();
    await emulator.stop();
    throw error;
  }

  let stopped: Promise<void> | null = null;
  return {
    url: `http://localhost:${String(port)}`,
    emulatorUrl: emulator.url,
    webTriggerUrls: webTriggerUrlsOf(webTriggerPort),
    routes: backend.routes(),
    backend,
    emulatorFaults: emulator.faults,
    users: seed.users.map((user) => ({
      displayName: user.displayName,
      email: user.emailAddress,
      apiToken: user.apiToken,
      jiraAdmin: user.jiraAdmin,
      browseProjects: user.browseProjects,
    })),
    feedbackIntakeSecret,
    stop: () => {
      stopped ??= Promise.all([
        closeServer(server),
        webTriggerServer === null ? Promise.resolve() : closeServer(webTriggerServer),
      ])
        .then(stopBackend)
        .then(() => emulator.stop());
      return stopped;
    },
  };
}
