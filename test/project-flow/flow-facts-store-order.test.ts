/**
 * Order independence of the flow facts store (issue 13): upserts and deletions of the same issues, in any order
 * and from writers running at once (through chunk splits), leave the facts of the latest event per issue — the
 * newest record, or nothing when a deletion was observed at or after it.
 */
import fc from 'fast-check';

import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { FlowFactsStore, type FactsSyncRecord } from '../../src/application/flow-facts-store';
import type { IssueFactsRecord } from '../../src/domain/flow/issue-facts';
import { NO_WAIT, facts } from './flow-facts-store-fixtures';

const READY: FactsSyncRecord = {
  projectId: '10000',
  projectKey: 'HD',
  phase: 'ready',
  loaded: 0,
  total: 0,
  runs: 1,
  startedAtMs: 1,
  updatedAtMs: 1,
  syncedUpToMs: 1,
  cursor: 0,
  step: 1,
};

interface FactsEvent {
  readonly kind: 'upsert' | 'remove';
  readonly id: string;
  /** `updatedMs` of an upsert, `observedMs` of a removal. */
  readonly atMs: number;
}

/** The record Jira would give at `atMs` (the same instant always gives the same facts). */
const recordAt = (id: string, atMs: number): IssueFactsRecord =>
  facts(id, { updatedMs: atMs, status: String(10_000 + atMs) });

/** What must remain: per id the latest event wins, a deletion winning a tie. */
function expected(events: readonly FactsEvent[]): IssueFactsRecord[] {
  const latest = new Map<string, FactsEvent>();
  for (const event of events) {
    const held = latest.get(event.id);
    if (held === undefined || event.atMs > held.atMs || (event.atMs === held.atMs && event.kind === 'remove'))
      latest.set(event.id, event);
  }
  return [...latest.values()]
    .filter((event) => event.kind === 'upsert')
    .map((event) => recordAt(event.id, event.atMs))
    .sort((a, b) => Number(a.id) - Number(b.id));
}

async function apply(store: FlowFactsStore, events: readonly FactsEvent[]): Promise<void> {
  for (const event of events) {
    if (event.kind === 'upsert') await store.upsertFacts('10000', [recordAt(event.id, event.atMs)]);
    else await store.removeFacts('10000', [event.id], event.atMs);
  }
}

const eventArbitrary = fc.record({
  kind: fc.constantFrom('upsert' as const, 'remove' as const),
  id: fc.integer({ min: 1, max: 40 }).map((n) => String(1_000 + n * 37)),
  atMs: fc.integer({ min: 1, max: 50 }),
});

describe('FlowFactsStore order independence', () => {
  it('converges to the latest event per issue in any order, from one writer or three at once', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(eventArbitrary, { minLength: 1, maxLength: 80 }),
        fc.integer({ min: 0, max: 2 ** 30 }),
        async (events, seed) => {
          // A shuffled copy (seeded), and the events dealt to three writers running at once.
          const shuffled = [...events]
            .map((event, i) => ({ event, key: (i * 2_654_435_761 + seed) % 4_294_967_296 }))
            .sort((a, b) => a.key - b.key)
            .map(({ event }) => event);
          const sequential = new FlowFactsStore(createMemoryStore(), {
            ...NO_WAIT,
            clock: () => 100,
            chunkMaxBytes: 1_500,
          });
          await apply(sequential, shuffled);
          const concurrent = new FlowFactsStore(createMemoryStore(), {
            ...NO_WAIT,
            clock: () => 100,
            chunkMaxBytes: 1_500,
          });
          await Promise.all(
            [0, 1, 2].map((writer) =>
              apply(
                concurrent,
                events.filter((_, i) => i % 3 === writer),
              ),
            ),
          );
          const want = expected(events);
          for (const store of [sequential, concurrent]) {
            expect(await store.readFacts('10000')).toEqual(want);
            // A view routes each id through the directory and the chunk links to the same records.
            await store.updateSync('10000', () => READY);
            const seen = await store.lookup(want.map((r) => ({ id: r.id, key: r.key })));
            expect([...seen.records.values()].sort((a, b) => Number(a.id) - Number(b.id))).toEqual(want);
          }
        },
      ),
      { numRuns: 60 },
    );
  });
});
