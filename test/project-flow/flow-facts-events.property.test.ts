/**
 * Property (issue 13's must-show): after a random sequence of operations on Jira (transitions, flag and unflag,
 * creates, deletes, moves between two synced projects) whose events reach the sync with random duplicates, in
 * random order, late (an old event again after newer ones) and with flushes run in between, the stored facts of
 * each project equal a from-scratch backfill of Jira's current state: the same ids, and per id the same facts.
 */
import fc from 'fast-check';
import type { ProductEvent } from '../../dev/emulator';
import { ensureBackfill, recordIssueEvent } from '../../src/application/flow-facts-sync';
import { ADMIN, buildSeed, DAY_MS, HD_ID, NEU_ID, START_MS, STATUS, TYPE } from '../emulator/seed-builder';
import { clientFor } from '../emulator/http-client';
import {
  eventTargets,
  factsDifference,
  factsFromScratch,
  startSyncHarness,
  storedFacts,
} from './flow-facts-sync-support';
import type { SyncHarness } from './flow-facts-sync-support';

const PROJECTS = [
  { id: HD_ID, key: 'HD' },
  { id: NEU_ID, key: 'NEU' },
] as const;
const STATUS_IDS = [STATUS.neu.id, STATUS.inBearbeitung.id, STATUS.wartet.id, STATUS.geloest.id];

/** An event delivery: the `index`-th (modulo) of the events not yet delivered, once or twice. */
const pick = fc.record({ index: fc.nat(), twice: fc.boolean() });

type Operation =
  | { kind: 'transition'; issue: number; status: number }
  | { kind: 'flag'; issue: number; on: boolean }
  | { kind: 'create'; project: number }
  | { kind: 'delete'; issue: number }
  | { kind: 'move'; issue: number }
  | { kind: 'deliver'; picks: { index: number; twice: boolean }[] }
  | { kind: 'redeliver'; index: number }
  | { kind: 'flush' }
  /** A change to Jira and deliveries while the queued flushes run (their Jira reads race the change). */
  | { kind: 'during-flush'; change: JiraOperation; picks: { index: number; twice: boolean }[] };

type JiraOperation = Extract<Operation, { kind: 'transition' | 'flag' | 'create' | 'delete' | 'move' }>;

const jiraOperation: fc.Arbitrary<JiraOperation> = fc.oneof(
  fc.record({ kind: fc.constant('transition' as const), issue: fc.nat(), status: fc.nat() }),
  fc.record({ kind: fc.constant('flag' as const), issue: fc.nat(), on: fc.boolean() }),
  fc.record({ kind: fc.constant('create' as const), project: fc.nat() }),
  fc.record({ kind: fc.constant('delete' as const), issue: fc.nat() }),
  fc.record({ kind: fc.constant('move' as const), issue: fc.nat() }),
);

const operation: fc.Arbitrary<Operation> = fc.oneof(
  jiraOperation,
  fc.record({ kind: fc.constant('deliver' as const), picks: fc.array(pick, { maxLength: 4 }) }),
  fc.record({ kind: fc.constant('redeliver' as const), index: fc.nat() }),
  fc.constant({ kind: 'flush' as const }),
  fc.record({
    kind: fc.constant('during-flush' as const),
    change: jiraOperation,
    picks: fc.array(pick, { maxLength: 3 }),
  }),
);

/** What the run did, for a failure's report. */
interface RunLog {
  readonly steps: string[];
}

/** Applies one Jira operation as the administrator; what Jira refuses (e.g. a transition to the same status) is skipped. */
async function applyOperation(h: SyncHarness, op: Operation, issues: string[], log: RunLog): Promise<void> {
  const http = clientFor(h.emulator.url, ADMIN);
  const issueOf = (n: number): string | undefined => issues[n % Math.max(1, issues.length)];
  h.time.now += 60_000;
  switch (op.kind) {
    case 'transition': {
      const id = issueOf(op.issue);
      const status = STATUS_IDS[op.status % STATUS_IDS.length] ?? STATUS.neu.id;
      if (id === undefined) return;
      const reply = await http.post(`/rest/api/3/issue/${id}/transitions`, { transition: { id: status } });
      log.steps.push(`transition ${id} → ${status}: ${String(reply.status)}`);
      return;
    }
    case 'flag': {
      const id = issueOf(op.issue);
      if (id === undefined) return;
      const reply = await http.put(`/rest/api/3/issue/${id}`, {
        fields: { customfield_10021: op.on ? [{ value: 'Impediment' }] : null },
      });
      log.steps.push(`flag ${id} ${String(op.on)}: ${String(reply.status)}`);
      return;
    }
    case 'create': {
      const project = PROJECTS[op.project % PROJECTS.length] ?? PROJECTS[0];
      const created = await h.client.createIssue({
        projectId: project.id,
        issueTypeId: TYPE.incident.id,
        summary: `Neu ${String(issues.length)}`,
      });
      issues.push(created.id);
      log.steps.push(`create ${created.id} in ${project.key}`);
      return;
    }
    case 'delete': {
      const id = issueOf(op.issue);
      if (id === undefined) return;
      const reply = await http.del(`/rest/api/3/issue/${id}`);
      issues.splice(issues.indexOf(id), 1);
      log.steps.push(`delete ${id}: ${String(reply.status)}`);
      return;
    }
    case 'move': {
      const id = issueOf(op.issue);
      if (id === undefined) return;
      const now = (await h.client.getIssue(id, ['project'])).fields?.project as { id?: string } | undefined;
      const target = PROJECTS.find((p) => p.id !== now?.id) ?? PROJECTS[0];
      const moved = h.emulator.issues.move(id, target.key);
      log.steps.push(`move ${id} → ${moved.key}`);
      return;
    }
  }
}

async function deliver(h: SyncHarness, event: ProductEvent): Promise<void> {
  for (const target of eventTargets(event)) await recordIssueEvent(h.deps, target);
}

describe('flow facts after random events', () => {
  it('equal a from-scratch backfill of the current Jira state, per project and per issue', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(operation, { minLength: 1, maxLength: 14 }),
        fc.array(pick, { maxLength: 30 }),
        async (operations, finalPicks) => {
          const h = await startSyncHarness(
            buildSeed({ hd: 6, csi: 0, sec: 0, extraItems: true, emptyProject: true }),
            { nowMs: START_MS + 20 * DAY_MS },
          );
          const log: RunLog = { steps: [] };
          try {
            for (const project of PROJECTS) await ensureBackfill(h.deps, project.id, project.key);
            await h.drain();
            const issues = Array.from({ length: 6 }, (_, i) => String(100_001 + i));
            const waiting: ProductEvent[] = [];
            const delivered: ProductEvent[] = [];
            const take = async (picks: readonly { index: number; twice: boolean }[]): Promise<void> => {
              // Events arrive after Jira's turn (the emulator sends them on the next tick).
              await new Promise((resolve) => setImmediate(resolve));
              waiting.push(...h.events.splice(0));
              for (const { index, twice } of picks) {
                if (waiting.length === 0) return;
                const [event] = waiting.splice(index % waiting.length, 1);
                if (event === undefined) return;
                delivered.push(event);
                await deliver(h, event);
                if (twice) await deliver(h, event);
              }
            };
            for (const op of operations) {
              if (op.kind === 'deliver') await take(op.picks);
              else if (op.kind === 'redeliver') {
                const event = delivered[op.index % Math.max(1, delivered.length)];
                if (event !== undefined) await deliver(h, event);
              } else if (op.kind === 'flush') await h.drain();
              else if (op.kind === 'during-flush') {
                log.steps.push('(during a flush:');
                await Promise.all([
                  h.drain(),
                  (async () => {
                    await applyOperation(h, op.change, issues, log);
                    await take(op.picks);
                  })(),
                ]);
                log.steps.push(')');
              } else await applyOperation(h, op, issues, log);
            }
            // Every event not yet delivered arrives, in a random order, some twice; then the queue runs dry.
            await take(finalPicks);
            await take(waiting.map(() => ({ index: 0, twice: false })));
            await h.drain();

            expect(h.logged.filter((l) => l.message.startsWith('queue message'))).toEqual([]);
            for (const project of PROJECTS) {
              const difference = factsDifference(
                await storedFacts(h.facts, project.id),
                await factsFromScratch(h.client, project.id),
              );
              if (difference.missing.length + difference.extra.length + difference.different.length > 0)
                throw new Error(
                  `${project.key} differs from Jira: ${JSON.stringify(difference)} after ${log.steps.join('; ')}`,
                );
              expect(await h.facts.readPending(project.id)).toEqual([]);
            }
          } finally {
            await h.stop();
          }
        },
      ),
      { numRuns: 100 },
    );
  }, 180_000);
});
