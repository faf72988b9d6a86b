/**
 * Every function module of the real manifest.yml is reachable in the preview: the preview's backend is built from
 * the manifest as `npm start` builds it (the composition root over emulator-backed ports), each function is bound,
 * and each module that runs a function is exercised through the preview's route for its kind. A module added to the
 * manifest without a handler in the composition root, or of a kind the preview does not route, fails here.
 */
import { localeFileTexts } from '../../src/adapters/texts/locale-file-texts';
import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { startEmulator, type RunningEmulator } from '../../dev/emulator';
import {
  createPreviewBackend,
  createPreviewClock,
  type BackendRoute,
  type PreviewBackend,
} from '../../dev/preview/backend';
import { readBackendModules } from '../../dev/preview/backend-modules';
import { createHttpTransport } from '../../src/adapters/jira/http-transport';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import {
  createAppHandlers,
  handlersByManifestName,
  type AppFunction,
} from '../../src/entry/composition-root';
import { AGENT, buildFlowSeed, HD_PROJECT_ID } from '../integration/support/flow-seed';

const MANIFEST_YAML = fs.readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8');
const MANIFEST = parse(MANIFEST_YAML) as { modules: { function: { key: string }[] } };
const NOW = Date.UTC(2026, 2, 2, 12);

let emulator: RunningEmulator;
let backend: PreviewBackend;
const calledFunctions = new Map<string, number>();
const errors: string[] = [];

beforeAll(async () => {
  emulator = await startEmulator({ seed: buildFlowSeed({ issues: 5 }), now: () => NOW });
  const transport = createHttpTransport({
    baseUrl: emulator.url,
    email: AGENT.emailAddress,
    apiToken: AGENT.apiToken,
  });
  const modules = readBackendModules(MANIFEST_YAML);
  backend = createPreviewBackend({
    modules,
    clock: createPreviewClock(() => NOW),
    logError: (message) => errors.push(message),
    later: () => undefined,
  });
  const app = createAppHandlers({
    jiraForUser: () => transport,
    jiraAsApp: () => transport,
    store: createMemoryStore(),
    queue: (key) => backend.queue(key),
    clock: () => NOW,
    texts: localeFileTexts,
    logError: (message) => errors.push(message),
  });
  // Each handler counted by the function modules that name it.
  const counted = new Map<string, AppFunction>();
  for (const [name, handler] of handlersByManifestName(app)) {
    counted.set(name, (...args: never[]) => {
      for (const fn of modules.functions.filter((candidate) => candidate.handler === name))
        calledFunctions.set(fn.key, (calledFunctions.get(fn.key) ?? 0) + 1);
      return handler(...args);
    });
  }
  backend.bind(counted);
});
afterAll(async () => {
  backend.stop();
  await emulator.stop();
});

/** Calls the module of `route` the way its kind is called in the preview. */
async function exercise(route: BackendRoute): Promise<void> {
  const modules = backend.modules;
  switch (route.kind) {
    case 'resolver': {
      const answer = await backend.invokeResolver(
        route.moduleKey,
        'getIssueFlow',
        { issueKey: 'HD-1' },
        { accountId: AGENT.accountId, timezone: 'UTC' },
      );
      expect(answer).toMatchObject({ ok: true });
      return;
    }
    case 'trigger': {
      const trigger = modules.triggers.find((candidate) => candidate.key === route.moduleKey);
      const eventType = trigger?.events[0] ?? '';
      // A link between two issues for the link trigger (neither is an improvement: it reads both, records
      // nothing); a status change for the others (flow views, feedback replies).
      const deliveries = await backend.deliverProductEvent(
        eventType,
        eventType.endsWith(':issuelink')
          ? {
              eventType,
              id: '10001',
              sourceIssueId: '20001',
              destinationIssueId: '20002',
              sourceProjectId: HD_PROJECT_ID,
              destinationProjectId: HD_PROJECT_ID,
              issueLinkType: { id: '10003', name: 'Relates', inward: 'relates to', outward: 'relates to' },
              atlassianId: AGENT.accountId,
            }
          : {
              eventType,
              issue: { id: '20001', key: 'HD-1', fields: { project: { id: HD_PROJECT_ID } } },
              changelog: {
                items: [{ field: 'status', fieldId: 'status', fromString: 'Neu', toString: 'Gelöst' }],
              },
            },
      );
      expect(deliveries).toContainEqual(
        expect.objectContaining({ triggerKey: route.moduleKey, delivered: true }),
      );
      return;
    }
    case 'consumer': {
      const consumer = modules.consumers.find((candidate) => candidate.key === route.moduleKey);
      const queueKey = consumer?.queue ?? '';
      // The app's queues, each driven with a message of its own kind: a new queue must be added here.
      expect(['feedback-replies', 'flow-facts']).toContain(queueKey);
      await backend.queue(queueKey).push(
        queueKey === 'feedback-replies'
          ? // A well-formed reply: the consumer posts it once on the feedback issue.
            {
              kind: 'feedback-reply',
              jobId: 'feedback-reply:30001:HD-1:closed',
              improvementIssueId: '30001',
              improvementKey: 'CSI-1',
              improvementSummary: 'Erreichbarkeitsprüfung',
              projectId: HD_PROJECT_ID,
              feedbackIssueKey: 'HD-1',
              step: 'closed',
            }
          : // A flush of a project whose facts are not kept: the consumer runs and finds nothing pending.
            { kind: 'facts-flush', jobId: 'reachability-flush', projectId: HD_PROJECT_ID },
      );
      await backend.idle();
      return;
    }
    case 'scheduled':
      await backend.advanceClock(7 * 24 * 3_600_000);
      return;
    case 'webtrigger': {
      // Every web trigger of the app takes signed POSTs only (okr-values, feedback-intake): a GET is refused by
      // the handler itself, as JSON naming the method (a 500 would be the preview's answer for no handler).
      const answer = await backend.handleWebTrigger(route.moduleKey, {
        method: 'GET',
        path: `/x1/${route.moduleKey}`,
        headers: {},
        queryParameters: {},
      });
      expect([route.moduleKey, answer.statusCode]).toEqual([route.moduleKey, 405]);
      return;
    }
    case 'validator': {
      const answer = await backend.validator(route.moduleKey)({ issue: { key: 'HD-1' } });
      expect(answer).toHaveProperty('result');
      return;
    }
    case 'action': {
      const action = modules.actions.find((candidate) => candidate.key === route.moduleKey);
      const inputs = Object.fromEntries((action?.inputs ?? []).map((input) => [input.name, 'HD-1']));
      const answer = await backend.runAction(route.moduleKey, inputs, AGENT.accountId);
      // Automation's answer shape: the action's outputs, or { errors: [{ message }] } (here: HD-1 is no fit input
      // for every action, so most refuse it, naming the cause, rather than throwing).
      const failed = (answer as { errors?: { message?: unknown }[] }).errors;
      expect([route.moduleKey, typeof answer]).toEqual([route.moduleKey, 'object']);
      if (failed !== undefined) expect(typeof failed[0]?.message).toBe('string');
      return;
    }
  }
}

describe('every function module of manifest.yml in the preview', () => {
  it('is bound to a handler of the composition root and served by at least one routed module', () => {
    const routed = new Set(backend.routes().map((route) => route.functionKey));
    for (const fn of MANIFEST.modules.function) {
      expect([fn.key, typeof backend.functionHandler(fn.key)]).toEqual([fn.key, 'function']);
      expect([fn.key, routed.has(fn.key)]).toEqual([fn.key, true]);
    }
  });

  it('is called when its module is used through the preview', async () => {
    for (const route of backend.routes()) await exercise(route);
    expect(
      MANIFEST.modules.function.map((fn) => fn.key).filter((key) => (calledFunctions.get(key) ?? 0) === 0),
    ).toEqual([]);
    expect(errors).toEqual([]);
  });
});
