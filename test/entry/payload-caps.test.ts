/**
 * Payload caps: every resolver refuses a payload above its serialized-size limit before validating it (one check
 * in the dispatch), and the fields that can grow have caps of their own (issue key length, stage and status counts).
 */
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import type { IssueReadPort } from '../../src/application/ports/issue-read-port';
import { mappingStoreKey } from '../../src/application/ports/store-port';
import {
  createResolverHandlers,
  payloadBytes,
  RESOLVER_PAYLOAD_LIMIT_BYTES,
  type ResolverHandlers,
} from '../../src/entry/resolvers/handlers';
import { unusedFactsViews } from '../project-flow/facts-fixtures';

const CONTEXT = { accountId: 'admin-account', timezone: 'Europe/Berlin' };

/** Resolver handlers whose Jira and store record every use, so a test can show nothing ran. */
function handlersRecordingUse(): { handlers: ResolverHandlers; used: string[] } {
  const used: string[] = [];
  const store = createMemoryStore();
  const port: IssueReadPort = {
    getIssueWithChangelog: (issueKey) => {
      used.push(`issue ${issueKey}`);
      return Promise.reject(new Error('not expected'));
    },
  };
  const handlers = createResolverHandlers({
    facts: unusedFactsViews(),
    issueReader: () => port,
    // Jira as a client whose every call records its use and fails (handlers may build the client up front).
    jira: () =>
      new Proxy({} as ReturnType<Parameters<typeof createResolverHandlers>[0]['jira']>, {
        get: (_target, property) =>
          property === 'then'
            ? undefined
            : (): Promise<never> => {
                used.push(`jira ${String(property)}`);
                return Promise.reject(new Error('Jira must not be asked for a refused payload'));
              },
      }),
    // Every store method records its use (a proxy, so methods the port gains later count too).
    store: new Proxy(store, {
      get(target, property, receiver) {
        const value: unknown = Reflect.get(target, property, receiver);
        if (typeof value !== 'function') return value;
        return (...args: unknown[]): unknown => {
          used.push(`store ${String(property)}`);
          return (value as (...a: unknown[]) => unknown).apply(target, args);
        };
      },
    }),
    clock: () => Date.parse('2026-03-20T10:00:00Z'),
    logError: () => undefined,
  });
  return { handlers, used };
}

/** The 12.5 MB mapping of the review: 100 stages of 500 statuses with 255-character names. */
function hugeMapping(): unknown {
  const name = (stage: number, status: number) => `${String(stage)}-${String(status)}-`.padEnd(255, 'x');
  const stages = Array.from({ length: 100 }, (_, stage) => ({
    name: `Stage ${String(stage)}`,
    kind: 'active',
    statuses: Array.from({ length: 500 }, (_, status) => name(stage, status)),
  }));
  return {
    projectKey: 'HD',
    expectedVersion: null,
    mapping: { stages, startStage: 'Stage 1', doneStage: 'Stage 99' },
    calendar: { timeZone: 'Europe/Berlin', workingWeekdays: [1, 2, 3, 4, 5], holidays: [] },
    percentiles: [50, 85],
  };
}

function mappingWith(stages: readonly { name: string; kind: string; statuses: string[] }[]): unknown {
  return {
    projectKey: 'HD',
    expectedVersion: null,
    mapping: { stages, startStage: stages[1]?.name ?? '', doneStage: stages.at(-1)?.name ?? '' },
    calendar: { timeZone: 'Europe/Berlin', workingWeekdays: [1, 2, 3, 4, 5], holidays: [] },
    percentiles: [50, 85],
  };
}

describe('payload size caps in the resolver dispatch', () => {
  it('has a limit for every resolver of the contract', () => {
    const { handlers } = handlersRecordingUse();
    expect(Object.keys(RESOLVER_PAYLOAD_LIMIT_BYTES).sort()).toEqual(Object.keys(handlers).sort());
  });

  it('refuses the 12.5 MB status mapping before validating it or asking Jira, naming its size and the limit', async () => {
    const { handlers, used } = handlersRecordingUse();
    const payload = hugeMapping();
    const bytes = payloadBytes(payload);
    expect(bytes).toBeGreaterThan(12_000_000);
    const result = await handlers.saveStatusMapping(payload, CONTEXT);
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid-payload',
        detail: expect.stringContaining(
          `saveStatusMapping is ${String(bytes)} bytes; at most ${String(RESOLVER_PAYLOAD_LIMIT_BYTES.saveStatusMapping)} bytes`,
        ) as unknown,
      },
    });
    expect(used).toEqual([]);
  });

  it('measures UTF-8 bytes, not characters', async () => {
    const { handlers } = handlersRecordingUse();
    // 500 × "ü" is 500 characters but 1,000 bytes: with the rest over the 1 KiB limit of getCsiRecord.
    const payload = { issueKey: 'CSI-1', pad: 'ü'.repeat(500) };
    expect(payloadBytes(payload)).toBeGreaterThan(1_024);
    expect(JSON.stringify(payload).length).toBeLessThan(1_024);
    const result = await handlers.getCsiRecord(payload, CONTEXT);
    expect(result.ok ? null : result.error.code).toBe('invalid-payload');
    expect(result.ok ? '' : result.error.detail).toContain('bytes');
  });

  it('refuses a payload nested too deeply to serialize (a few KiB of [[[…]]]) as invalid-payload, for every resolver', async () => {
    const { handlers, used } = handlersRecordingUse();
    let deep: unknown = 1;
    for (let level = 0; level < 20_000; level++) deep = [deep];
    expect(payloadBytes({ issueKey: 'HD-1', deep })).toBeNull();
    for (const name of Object.keys(handlers) as (keyof ResolverHandlers)[]) {
      const result = await handlers[name]({ issueKey: 'HD-1', deep }, CONTEXT);
      expect(result.ok ? 'ok' : result.error.code).toBe('invalid-payload');
      expect(result.ok ? '' : result.error.detail).toContain('nested too deeply');
    }
    expect(used).toEqual([]);
  });

  it('lets a payload within the limit reach its handler (validation answers for it)', async () => {
    const { handlers } = handlersRecordingUse();
    const result = await handlers.getIssueFlow({ issueKey: 'not a key' }, CONTEXT);
    expect(result.ok ? '' : result.error.detail).toContain('issueKey must look like ABC-123');
  });
});

describe('field caps', () => {
  it('refuses an issue key longer than 255 characters (a valid pattern with 300 digits)', async () => {
    const { handlers, used } = handlersRecordingUse();
    const issueKey = `HD-1${'0'.repeat(300)}`;
    const panel = await handlers.getIssueFlow({ issueKey }, CONTEXT);
    expect(panel.ok ? null : panel.error.code).toBe('invalid-payload');
    const record = await handlers.getCsiRecord({ issueKey: `CSI-1${'0'.repeat(260)}` }, CONTEXT);
    expect(record.ok ? null : record.error.code).toBe('invalid-payload');
    expect(used).toEqual([]);
  });

  it('accepts a 255-character issue key and refuses 256', async () => {
    const { handlers } = handlersRecordingUse();
    const project = 'A'.repeat(251); // 251 + "-" + "123" = 255
    const at255 = await handlers.getIssueFlow({ issueKey: `${project}-123` }, CONTEXT);
    expect(at255.ok ? null : at255.error.code).not.toBe('invalid-payload');
    const at256 = await handlers.getIssueFlow({ issueKey: `${project}-1234` }, CONTEXT);
    expect(at256.ok ? null : at256.error.code).toBe('invalid-payload');
  });

  it('refuses a mapping with more than 50 stages or more than 1,000 statuses over all stages', async () => {
    const { handlers, used } = handlersRecordingUse();
    const manyStages = Array.from({ length: 51 }, (_, i) => ({
      name: `S${String(i)}`,
      kind: 'active',
      statuses: [`St${String(i)}`],
    }));
    const tooManyStages = await handlers.saveStatusMapping(mappingWith(manyStages), CONTEXT);
    expect(tooManyStages.ok ? '' : tooManyStages.error.detail).toContain('at most 50 stages');

    const manyStatuses = Array.from({ length: 4 }, (_, stage) => ({
      name: `S${String(stage)}`,
      kind: 'active',
      statuses: Array.from({ length: 251 }, (_, i) => `St${String(stage)}.${String(i)}`),
    }));
    const tooManyStatuses = await handlers.saveStatusMapping(mappingWith(manyStatuses), CONTEXT);
    expect(tooManyStatuses.ok ? null : tooManyStatuses.error.code).toBe('invalid-payload');
    expect(tooManyStatuses.ok ? '' : tooManyStatuses.error.detail).toContain(
      'at most 1000 statuses over all stages',
    );
    expect(used).toEqual([]);
  });
});

describe('a status mapping at the cap fits one KVS value as stored', () => {
  it('stores a valid mapping of quote-heavy status names just under the cap (its row is escaped twice)', async () => {
    const store = createMemoryStore();
    const errors: unknown[] = [];
    // The project's administrator: just the Jira calls a save makes.
    const jira = {
      getProject: () => Promise.resolve({ id: '10000', key: 'HD', name: 'Help desk' }),
      getMyPermissions: (keys: readonly string[]) =>
        Promise.resolve(Object.fromEntries(keys.map((key) => [key, true]))),
      listProjectStatuses: () => Promise.resolve([]),
    };
    const handlers = createResolverHandlers({
      facts: unusedFactsViews(),
      issueReader: () => ({ getIssueWithChangelog: () => Promise.reject(new Error('not expected')) }),
      jira: () => jira as unknown as ReturnType<Parameters<typeof createResolverHandlers>[0]['jira']>,
      store,
      clock: () => Date.parse('2026-03-20T10:00:00Z'),
      logError: (_message, error) => errors.push(error),
    });
    // Every `"` is 2 bytes in the payload's JSON and 4 in the stored row (the value's JSON escaped again).
    const statuses: string[] = [];
    const payload = () =>
      mappingWith([
        { name: 'Backlog', kind: 'backlog', statuses: ['Open'] },
        { name: 'Doing', kind: 'active', statuses: statuses.slice(0, 500) },
        { name: 'Waiting', kind: 'waiting', statuses: statuses.slice(500) },
        { name: 'Done', kind: 'done', statuses: ['Closed'] },
      ]);
    const limit = RESOLVER_PAYLOAD_LIMIT_BYTES.saveStatusMapping;
    while ((payloadBytes(payload()) ?? 0) < limit - 600)
      statuses.push(`${String(statuses.length)}${'"'.repeat(250)}`);
    expect(payloadBytes(payload())).toBeLessThanOrEqual(limit);

    const result = await handlers.saveStatusMapping(payload(), CONTEXT);
    expect(errors).toEqual([]);
    expect(result.ok ? 'saved' : result.error).toBe('saved');
    const stored = await store.get(mappingStoreKey('10000'));
    expect(store.storedBytes(stored?.value)).toBeLessThanOrEqual(store.maxValueBytes);
    expect(store.storedBytes(stored?.value)).toBeGreaterThan(0.9 * 2 * limit);
  });
});
