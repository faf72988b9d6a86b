/**
 * The pieces around the project page: CSV export, the JQL guard, the chunked cache with invalidation and
 * eviction, and the in-memory queue.
 */
import { createMemoryQueue } from '../../src/adapters/queue/memory-queue';
import { flowMessageOfEvent } from '../../src/adapters/queue/forge-queue';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import {
  CHUNK_CHARS,
  invalidateProjectFlow,
  MAX_CHUNK_BYTES,
  MAX_ENTRIES_PER_PROJECT,
  splitForStore,
  readFlowCache,
  writeFlowCache,
} from '../../src/application/flow-cache';
import {
  canonicalJson,
  flowScopeJql,
  isValidDate,
  jqlString,
  stableHash,
  validateJqlRefinement,
} from '../../src/domain/flow/jql-scope';
import { gadgetStoreKey } from '../../src/application/gadget-flow';
import {
  createIssueEventInvalidator,
  projectIdOfIssueEvent,
} from '../../src/entry/resolvers/project-flow-handlers';

describe('JQL guard', () => {
  it('accepts ordinary refinements and trims them', () => {
    expect(validateJqlRefinement('  type = Bug AND labels in ("a)", b) ')).toBe(
      'type = Bug AND labels in ("a)", b)',
    );
    expect(validateJqlRefinement('summary ~ "order by"')).toBe('summary ~ "order by"');
  });

  it.each([
    ['x) OR (y', 'closes a parenthesis'],
    ['(x', 'unclosed parenthesis'],
    ['summary ~ "x', 'unclosed quote'],
    ['x ORDER BY key', 'ORDER BY'],
    ['x\u0000', 'control characters'],
    ['x'.repeat(1001), 'longer than'],
  ])('rejects %j', (jql, message) => {
    expect(() => validateJqlRefinement(jql)).toThrow(message);
  });

  it('builds the bounded project query with quoted values', () => {
    expect(
      flowScopeJql({
        projectKey: 'HD',
        refinement: 'priority = High',
        issueTypes: ['Stö"rung'],
        createdBefore: '2026-03-21',
        activeSince: '2025-12-01',
      }),
    ).toBe(
      'project = "HD" AND created < "2026-03-21" AND (statusCategory in (2, 4) OR updated >= "2025-12-01") ' +
        'AND issuetype in ("Stö\\"rung") AND (priority = High) ORDER BY created ASC',
    );
    expect(() =>
      flowScopeJql({
        projectKey: 'hd',
        refinement: '',
        issueTypes: [],
        createdBefore: '2026-03-21',
        activeSince: null,
      }),
    ).toThrow('project key');
    expect(jqlString('a\\b')).toBe('"a\\\\b"');
  });

  it('checks calendar dates and hashes canonical JSON stably', () => {
    expect([isValidDate('2026-02-28'), isValidDate('2026-02-29'), isValidDate('2026-2-1')]).toEqual([
      true,
      false,
      false,
    ]);
    expect(canonicalJson({ b: 1, a: [2, { d: undefined, c: null }] })).toBe('{"a":[2,{"c":null}],"b":1}');
    expect(stableHash(canonicalJson({ a: 1, b: 2 }))).toBe(stableHash(canonicalJson({ b: 2, a: 1 })));
    expect(stableHash('a')).toMatch(/^[0-9a-f]{16}$/);
    expect(stableHash('a')).not.toBe(stableHash('b'));
  });
});

describe('flow cache', () => {
  it('splits large values into chunks under the KVS value limit and reads them back', async () => {
    const store = createMemoryStore();
    const value = {
      rows: Array.from({ length: 20_000 }, (_, i) => [`HD-${String(i)}`, 'Drucker "3. OG" defekt äöü 🖨', i]),
    };
    await writeFlowCache(store, 'p1', 'h1', value, 1000, 0);
    const chunkKeys = store.keys().filter((k) => k.startsWith('flow-cache:p1:h1:'));
    expect(chunkKeys.length).toBeGreaterThan(JSON.stringify(value).length / CHUNK_CHARS);
    for (const key of chunkKeys) {
      const chunk = await store.get<string>(key);
      expect(Buffer.byteLength(JSON.stringify(chunk?.value), 'utf8')).toBeLessThanOrEqual(MAX_CHUNK_BYTES);
    }
    expect(await readFlowCache(store, 'p1', 'h1', 2000)).toEqual({ value, computedAtMs: 1000, fresh: true });

    // Overwriting replaces the chunks instead of piling them up.
    await writeFlowCache(store, 'p1', 'h1', { small: true }, 3000, 0);
    expect(store.keys().filter((k) => k.startsWith('flow-cache:p1:h1:'))).toHaveLength(1);
  });

  it('never splits a surrogate pair and always yields at least one piece', () => {
    expect(splitForStore('')).toEqual(['']);
    const text = '🖨'.repeat(CHUNK_CHARS);
    const pieces = splitForStore(text);
    expect(pieces.join('')).toBe(text);
    for (const piece of pieces) expect(piece.charCodeAt(piece.length - 1)).not.toBe(0xd83d);
  });

  it('goes stale on invalidation, after the max age, and for an older generation written late', async () => {
    const store = createMemoryStore();
    await writeFlowCache(store, 'p1', 'h1', 'v', 0, 0);
    expect((await readFlowCache(store, 'p1', 'h1', 10, 100))?.fresh).toBe(true);
    expect((await readFlowCache(store, 'p1', 'h1', 100, 100))?.fresh).toBe(false);
    await invalidateProjectFlow(store, 'p1', 5);
    expect((await readFlowCache(store, 'p1', 'h1', 10, 100))?.fresh).toBe(false);
    // A computation that started before the event (generation 0) is stale when it lands.
    await writeFlowCache(store, 'p1', 'h2', 'late', 20, 0);
    expect((await readFlowCache(store, 'p1', 'h2', 30, 100))?.fresh).toBe(false);
    await writeFlowCache(store, 'p1', 'h3', 'new', 20, 1);
    expect((await readFlowCache(store, 'p1', 'h3', 30, 100))?.fresh).toBe(true);
    // Other projects are untouched.
    await writeFlowCache(store, 'p2', 'h1', 'other', 0, 0);
    expect((await readFlowCache(store, 'p2', 'h1', 10, 100))?.fresh).toBe(true);
  });

  it(`keeps at most ${String(MAX_ENTRIES_PER_PROJECT)} entries per project`, async () => {
    const store = createMemoryStore();
    for (let i = 0; i < MAX_ENTRIES_PER_PROJECT + 3; i++)
      await writeFlowCache(store, 'p1', `h${String(i)}`, i, i, 0);
    expect(await readFlowCache(store, 'p1', 'h0', 0)).toBeNull();
    expect(await readFlowCache(store, 'p1', 'h2', 0)).toBeNull();
    expect((await readFlowCache(store, 'p1', 'h3', 0))?.value).toBe(3);
    const manifests = store.keys().filter((k) => /^flow-cache:p1:h\d+$/.test(k));
    expect(manifests).toHaveLength(MAX_ENTRIES_PER_PROJECT);
  });
});

describe('memory queue', () => {
  it('runs the consumer after push when autoRun is set, with a JSON copy of the message', async () => {
    const queue = createMemoryQueue({ autoRun: true });
    const seen: unknown[] = [];
    queue.setConsumer((message) => {
      seen.push(message);
      return Promise.resolve();
    });
    const message = { kind: 'project-flow' as const, jobId: 'job-1', at: new Date(0) };
    await queue.push(message);
    expect(seen).toEqual([]);
    await queue.idle();
    expect(seen).toEqual([{ kind: 'project-flow', jobId: 'job-1', at: '1970-01-01T00:00:00.000Z' }]);
  });

  it('reports a failing message and goes on with the next', async () => {
    const failures: unknown[] = [];
    const queue = createMemoryQueue({ onError: (m, e) => failures.push([m, e]) });
    const ran: string[] = [];
    queue.setConsumer((m) => {
      ran.push(m.jobId);
      return m.jobId === 'bad' ? Promise.reject(new Error('boom')) : Promise.resolve();
    });
    await queue.push({ kind: 'project-flow', jobId: 'bad' });
    await queue.push({ kind: 'project-flow', jobId: 'good' });
    expect(await queue.runPending()).toBe(2);
    expect(ran).toEqual(['bad', 'good']);
    expect(failures).toEqual([['queue message bad failed', new Error('boom')]]);
  });

  it('recognises flow messages in Forge async events', () => {
    expect(flowMessageOfEvent({ body: { kind: 'project-flow', jobId: 'j' } })).toEqual({
      kind: 'project-flow',
      jobId: 'j',
    });
    expect(flowMessageOfEvent({ body: { kind: 'other' } })).toBeNull();
    expect(flowMessageOfEvent(null)).toBeNull();
  });
});

describe('issue-event invalidation', () => {
  it('marks the event’s project stale and ignores events without a project', async () => {
    const store = createMemoryStore();
    await writeFlowCache(store, '10000', 'h', 'v', 0, 0);
    const errors: string[] = [];
    const invalidate = createIssueEventInvalidator({
      store,
      clock: () => 5,
      logError: (m) => errors.push(m),
    });
    await invalidate({
      eventType: 'avi:jira:updated:issue',
      issue: { fields: { project: { id: '20000' } } },
    });
    expect((await readFlowCache(store, '10000', 'h', 1))?.fresh).toBe(true);
    await invalidate({
      eventType: 'avi:jira:updated:issue',
      issue: { id: '1', fields: { project: { id: '10000', key: 'HD' } } },
    });
    expect((await readFlowCache(store, '10000', 'h', 1))?.fresh).toBe(false);
    await invalidate({ issue: {} });
    expect(projectIdOfIssueEvent({ issue: { fields: { project: { id: 10001 } } } })).toBe('10001');
    expect(errors).toEqual([]);
  });
});

describe('gadget store keys', () => {
  it('keep KVS-safe ids readable and hash the others', () => {
    expect(gadgetStoreKey('g-1.a:b_c')).toBe('gadget:g-1.a:b_c');
    const hashed = gadgetStoreKey('ari:cloud:ecosystem::extension/abc/def/static/flow-gadget');
    expect(hashed).toMatch(/^gadget:h-[0-9a-f]{16}$/);
    expect(hashed).toMatch(/^[a-zA-Z0-9:._\s\-#]+$/);
  });
});
