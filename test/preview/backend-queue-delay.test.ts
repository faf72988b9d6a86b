/**
 * The preview's queues honour a push's delay as Forge does (issue 13: issue events are coalesced through a 10 s
 * delay): the consumer gets the message after the delay, with `delayInSeconds` in the event, or at once when a test
 * asks for the delayed ones; a delay Forge refuses is refused.
 */
import { InvalidPushSettingsError } from '@forge/events';
import { createPreviewBackend, createPreviewClock, type PreviewBackend } from '../../dev/preview/backend';
import { readBackendModules } from '../../dev/preview/backend-modules';
import { FIXTURE_MANIFEST, fixtureHandlers } from './support/backend-fixture';

const START_MS = Date.UTC(2026, 2, 2, 8);

describe('delayed pushes in the preview backend', () => {
  let calls: { name: string; args: unknown[] }[];
  let timers: { delayMs: number; run: () => void }[];
  let backend: PreviewBackend;

  beforeEach(() => {
    calls = [];
    timers = [];
    backend = createPreviewBackend({
      modules: readBackendModules(FIXTURE_MANIFEST),
      clock: createPreviewClock(() => START_MS),
      logError: () => undefined,
      // Timers held by the test: it decides when the delay has passed.
      later: (delayMs, run) => {
        timers.push({ delayMs, run });
      },
    });
    backend.bind(new Map(Object.entries(fixtureHandlers(calls, 0))));
  });

  const workerBodies = (): unknown[] =>
    calls
      .filter((call) => call.name === 'worker')
      .map((call) => (call.args[0] as { body: unknown; delayInSeconds?: number }).body);

  it('delivers a delayed push after its delay, once, with delayInSeconds in the event', async () => {
    await backend.queue('work').push({ kind: 'project-flow', jobId: 'later' }, { delaySeconds: 10 });
    await backend.idle();
    expect(workerBodies()).toEqual([]);
    expect(backend.delayedCount()).toBe(1);
    expect(timers.map((timer) => timer.delayMs)).toEqual([10_000]);
    timers[0]?.run();
    await backend.idle();
    expect(workerBodies()).toEqual([{ kind: 'project-flow', jobId: 'later' }]);
    expect(calls.find((call) => call.name === 'worker')?.args[0]).toMatchObject({ delayInSeconds: 10 });
    // Running the delayed ones now finds none left; the timer firing again delivers nothing more.
    expect(await backend.runDelayedNow()).toBe(0);
    timers[0]?.run();
    await backend.idle();
    expect(workerBodies()).toHaveLength(1);
  });

  it('delivers every waiting delayed push at once when asked', async () => {
    await backend.queue('work').push({ kind: 'project-flow', jobId: 'a' }, { delaySeconds: 10 });
    await backend.queue('work').push({ kind: 'project-flow', jobId: 'b' }, { delaySeconds: 900 });
    expect(await backend.runDelayedNow()).toBe(2);
    expect(workerBodies()).toEqual([
      { kind: 'project-flow', jobId: 'a' },
      { kind: 'project-flow', jobId: 'b' },
    ]);
    expect(backend.delayedCount()).toBe(0);
  });

  it('refuses a delay Forge refuses', async () => {
    await expect(
      backend.queue('work').push({ kind: 'project-flow', jobId: 'x' }, { delaySeconds: 901 }),
    ).rejects.toBeInstanceOf(InvalidPushSettingsError);
    expect(backend.delayedCount()).toBe(0);
  });
});
