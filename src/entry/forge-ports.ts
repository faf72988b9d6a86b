/**
 * Forge's ports for the composition root: Jira through `asUser()`/`asApp()` (called per request: Forge binds them to
 * the running invocation), KVS storage, `@forge/events` queues, the system clock, the function log, Forge's i18n
 * over the manifest's translation files.
 */
import { webTrigger } from '@forge/api';
import { createForgeTransport } from '../adapters/jira/forge-transport';
import { createForgeQueue } from '../adapters/queue/forge-queue';
import { KvsStore } from '../adapters/store/kvs-store';
import { createForgeTexts } from '../adapters/texts/forge-texts';
import type { AppPorts } from './composition-root';

/** The ports of the app deployed on Forge. */
export function createForgePorts(): AppPorts {
  const user = createForgeTransport('user');
  const app = createForgeTransport('app');
  return {
    jiraForUser: () => user,
    jiraAsApp: () => app,
    store: new KvsStore(),
    queue: (queueKey) => createForgeQueue(queueKey),
    clock: () => Date.now(),
    logError: (message, error) => {
      console.error(message, error);
    },
    texts: createForgeTexts(),
    // The URL is stable per module, app, site and environment (Forge's web trigger runtime API).
    webTriggerUrl: (moduleKey) => webTrigger.getUrl(moduleKey),
  };
}
