/** The pieces around the project page: CSV export, the JQL guard, gadget store keys and the in-memory queue. */
import { PayloadTooBigError } from '@forge/events';
import { checkQueuePush, createMemoryQueue } from '../../src/adapters/queue/memory-queue';
import {
  canonicalJson,
  flowScopeJql,
  isValidDate,
  jqlString,
  stableHash,
  validateJqlRefinement,
} from '../../src/domain/flow/jql-scope';
import { gadgetStoreKey } from '../../src/application/gadget-flow';

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

  it('refuses a push Forge would refuse: over 100 KB for one event of a long-running consumer', async () => {
    const queue = createMemoryQueue();
    const big = { kind: 'project-flow' as const, jobId: 'j', ids: 'x'.repeat(101 * 1024) };
    await expect(queue.push(big)).rejects.toBeInstanceOf(PayloadTooBigError);
    await expect(queue.push(big)).rejects.toThrow(/100KB/);
    expect(queue.size).toBe(0);
    expect(() => {
      checkQueuePush({ body: 'x'.repeat(201 * 1024) }, 1000);
    }).toThrow('The maximum payload size is 200KB.');
    await queue.push({ kind: 'project-flow', jobId: 'small', note: 'x'.repeat(99 * 1024) });
    expect(queue.size).toBe(1);
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
