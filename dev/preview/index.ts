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
import { createIssueReader, PANEL_RETRY_POLICY } from '../../src/adapters/jira/forge-issue-reader';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createJiraClient, type JiraClient } from '../../src/adapters/jira/jira-client';
import { createMemoryQueue } from '../../src/adapters/queue/memory-queue';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { createResolverHandlers, type ResolverContext } from '../../src/entry/resolvers/handlers';
import {
  createFlowJobConsumer,
  createIssueEventInvalidator,
} from '../../src/entry/resolvers/project-flow-handlers';
import { startEmulator } from '../emulator/index';
import type { SeedUser } from '../emulator/seed';
import { generateSampleSeed } from '../sample-data/generate';
import { buildHostAssets } from './build-host';
import { DEFAULT_MODULES_DIR, repoRoot } from './build-modules';
import { readManifestModules } from './manifest-modules';
import type { PreviewConfig, PreviewModule } from './preview-api';
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

async function discoverModules(
  modulesDir: string,
  manifestYaml: string | undefined,
): Promise<PreviewModule[]> {
  const [manifest, de, en] = await Promise.all([
    manifestYaml ?? readFile(path.join(repoRoot, 'manifest.yml'), 'utf8'),
    readMessages('de-DE'),
    readMessages('en-US'),
  ]);
  const modules = readManifestModules(manifest, { de, en });
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

  const [modules, hostAssets] = await Promise.all([
    discoverModules(modulesDir, options.manifestYaml),
    buildHostAssets(),
  ]);
  const seed = generateSampleSeed({ now: clock() });
  const emulator = await startEmulator({ seed, now: clock });

  const usersById = new Map<string, SeedUser>(seed.users.map((user) => [user.accountId, user]));
  const clients = new Map<string, JiraClient>();
  const jiraFor = (accountId: string): JiraClient | null => {
    const user = usersById.get(accountId);
    if (user === undefined) return null;
    let client = clients.get(accountId);
    if (client === undefined) {
      const transport = createHttpTransport({
        baseUrl: emulator.url,
        email: user.emailAddress,
        apiToken: user.apiToken,
      });
      // The resolvers' retry budget on Forge, so the preview answers a busy Jira as the app in Jira would.
      client = createJiraClient(transport, { retry: PANEL_RETRY_POLICY });
      clients.set(accountId, client);
    }
    return client;
  };
  const accountOf = (context: ResolverContext): string =>
    typeof context['accountId'] === 'string' ? context['accountId'] : '';
  // An account the emulator does not know answers 401, as Jira does for a bad token.
  const anonymousJira = createJiraClient(
    createHttpTransport({ baseUrl: emulator.url, email: 'unknown@preview.invalid', apiToken: 'none' }),
    { retry: PANEL_RETRY_POLICY },
  );
  const jiraOf = (context: ResolverContext): JiraClient => jiraFor(accountOf(context)) ?? anonymousJira;
  const store = createMemoryStore();
  // Large project views run as queued jobs, as Forge's consumer would run them; here in-process.
  const queue = createMemoryQueue({ autoRun: true, onError: logError });
  queue.setConsumer(
    createFlowJobConsumer({
      jiraFor: (accountId) => (accountId === null ? anonymousJira : (jiraFor(accountId) ?? anonymousJira)),
      store,
      clock,
      logError,
    }),
  );
  const handlers = createResolverHandlers({
    issueReader: (context: ResolverContext) => {
      const accountId = accountOf(context);
      const jira = jiraFor(accountId);
      return jira === null ? unknownUserReader(accountId) : createIssueReader(jira);
    },
    jira: jiraOf,
    store,
    queue,
    clock,
    logError,
  });
  // Issue events refresh cached flow views, as the app's trigger does in Jira.
  const invalidate = createIssueEventInvalidator({ store, clock, logError });
  emulator.onProductEvent((event) => invalidate(event.payload));

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
