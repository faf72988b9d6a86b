/**
 * A project's workflow statuses kept with its flow facts (issue 13), so a warm view derives the default mapping
 * without a status request: the backfill stores Jira's list with the ids, a flush that reads an issue in a status
 * the list does not know lists it again (once: a status Jira's list lacks is remembered), the nightly reconcile
 * lists it again, and the reader gives the list only for a ready project.
 */
import { JIRA_ROUTES } from '../../src/adapters/jira/jira-client';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { FlowFactsStore } from '../../src/application/flow-facts-store';
import {
  refreshIfUnknownStatuses,
  refreshWorkflowStatuses,
  statusRefsOf,
  statusTuplesOf,
  unknownStatusKeys,
  type StoredStatusTuple,
} from '../../src/application/flow-facts-statuses';
import { ensureBackfill, reconcileFacts, recordIssueEvent } from '../../src/application/flow-facts-sync';
import type { JiraIssueTypeStatuses } from '../../src/application/ports/jira-port';
import { jiraIssueOfFacts, type IssueFactsRecord } from '../../src/domain/flow/issue-facts';
import { buildSeed, DAY_MS, HD_ID, START_MS, STATUS } from '../emulator/seed-builder';
import { requestCounts, startSyncHarness, type SyncHarness } from './flow-facts-sync-support';

const NOW = START_MS + 30 * DAY_MS;
const TIMEOUT_MS = 60_000;
const STATUSES = JIRA_ROUTES.listProjectStatuses;

describe('workflow statuses kept with the flow facts', () => {
  let h: SyncHarness;
  let jiraList: StoredStatusTuple[];

  beforeAll(async () => {
    h = await startSyncHarness(buildSeed({ hd: 30, csi: 0, sec: 0 }), { nowMs: NOW });
    jiraList = statusTuplesOf(await h.client.listProjectStatuses(HD_ID));
  }, TIMEOUT_MS);
  afterAll(async () => {
    await h.stop();
  });

  /** An HD issue whose current status is `statusId`. */
  async function issueIn(statusId: string): Promise<string> {
    const record = (await h.facts.readFacts(HD_ID)).find((r) => r.status === statusId);
    if (record === undefined) throw new Error(`no HD issue in status ${statusId}`);
    return record.id;
  }

  it(
    'stores Jira’s list with the backfill and gives it to views only once the project is ready',
    async () => {
      expect(await h.facts.workflowStatuses('HD')).toBeNull(); // nothing known of HD yet
      await ensureBackfill(h.deps, HD_ID, 'HD');
      h.emulator.requests.reset();
      await h.drain();
      expect(requestCounts(h.emulator)[STATUSES]).toBe(1);
      expect((await h.facts.readWorkflowStatuses(HD_ID))?.statuses).toEqual(jiraList);
      // Jira's list flattened per issue type, without exact repeats: what the default mapping reads.
      const flattened = (await h.client.listProjectStatuses(HD_ID)).flatMap((type) => type.statuses);
      expect(flattened.length).toBeGreaterThan(jiraList.length);
      expect(await h.facts.workflowStatuses('HD')).toEqual(statusRefsOf(jiraList));
      expect(statusRefsOf(jiraList)).toEqual(
        flattened.filter(
          (status, index) =>
            flattened.findIndex((s) => JSON.stringify(s) === JSON.stringify(status)) === index,
        ),
      );
      // A project being backfilled again (not ready) is measured with Jira's list.
      await h.facts.updateSync(HD_ID, (prev) => (prev === null ? null : { ...prev, phase: 'loading' }));
      expect(await h.facts.workflowStatuses('HD')).toBeNull();
      await h.facts.updateSync(HD_ID, (prev) => (prev === null ? null : { ...prev, phase: 'ready' }));
    },
    TIMEOUT_MS,
  );

  it(
    'lists the statuses again when a flush reads an issue in a status the list does not know, and only then',
    async () => {
      // The stored list is from before "Wartet auf Kunde" was added to the workflow.
      const stale = jiraList.filter(([id]) => id !== STATUS.wartet.id);
      await h.facts.saveWorkflowStatuses(HD_ID, stale, h.time.now);
      expect(await h.facts.workflowStatuses('HD')).toEqual(statusRefsOf(stale));

      // An event about an issue in a known status: the flush asks no status list.
      h.emulator.requests.reset();
      await recordIssueEvent(h.deps, { issueId: await issueIn(STATUS.geloest.id), projectId: HD_ID });
      await h.drain();
      expect(requestCounts(h.emulator)[STATUSES]).toBeUndefined();

      // An event about an issue waiting for the customer: the list is read again, with the new status.
      h.emulator.requests.reset();
      await recordIssueEvent(h.deps, { issueId: await issueIn(STATUS.wartet.id), projectId: HD_ID });
      await h.drain();
      expect(requestCounts(h.emulator)[STATUSES]).toBe(1);
      expect(await h.facts.workflowStatuses('HD')).toEqual(statusRefsOf(jiraList));
      expect(h.logged).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'lists the statuses again in the nightly reconcile, though no issue is in the new status',
    async () => {
      const stale = jiraList.filter(([id]) => id !== STATUS.geschlossen.id);
      await h.facts.saveWorkflowStatuses(HD_ID, stale, h.time.now);
      h.emulator.requests.reset();
      await reconcileFacts(h.deps);
      expect(requestCounts(h.emulator)[STATUSES]).toBe(1);
      expect(await h.facts.workflowStatuses('HD')).toEqual(statusRefsOf(jiraList));
    },
    TIMEOUT_MS,
  );
});

describe('refreshing a stored status list', () => {
  const open = { id: '1', name: 'Open', statusCategory: { key: 'new', name: 'To Do' } };
  const done = { id: '5', name: 'Done', statusCategory: { key: 'done', name: 'Done' } };
  const odd = { id: '77', name: 'Legacy', statusCategory: { key: 'indeterminate', name: 'In Progress' } };
  const perType = (...statuses: (typeof open)[]): JiraIssueTypeStatuses[] => [
    { id: '10', name: 'Bug', statuses },
    { id: '11', name: 'Task', statuses },
  ];

  function setup(list: JiraIssueTypeStatuses[]) {
    let now = 1000;
    let asked = 0;
    const facts = new FlowFactsStore(createMemoryStore(), { sleep: () => Promise.resolve() });
    const deps = {
      jiraApp: {
        listProjectStatuses: () => {
          asked++;
          return Promise.resolve(list);
        },
      },
      facts,
      clock: () => ++now,
    };
    return { deps, facts, asked: () => asked };
  }

  it('asks once for a status Jira’s list lacks, then remembers it until the reconcile', async () => {
    const { deps, facts, asked } = setup(perType(open, done));
    expect(await refreshIfUnknownStatuses(deps, '10000', [open])).toBe(true); // nothing stored yet
    expect(await refreshIfUnknownStatuses(deps, '10000', [open, done])).toBe(false);
    // An issue in a status the workflow list does not name (left over from an old workflow): one list more …
    expect(await refreshIfUnknownStatuses(deps, '10000', [odd])).toBe(true);
    // … and not at every later flush.
    expect(await refreshIfUnknownStatuses(deps, '10000', [odd, open])).toBe(false);
    expect(asked()).toBe(2);
    expect((await facts.readWorkflowStatuses('10000'))?.statuses).toEqual([
      ['1', 'Open', 'new', 'To Do'],
      ['5', 'Done', 'done', 'Done'],
    ]);
  });

  it('takes a renamed status or a changed category as unknown', () => {
    const stored = { statuses: statusTuplesOf(perType(open, done)), readAtMs: 1, unlisted: [] };
    expect(unknownStatusKeys(stored, [open, done])).toEqual([]);
    expect(unknownStatusKeys(stored, [{ ...open, name: 'Offen' }])).toHaveLength(1);
    expect(unknownStatusKeys(stored, [{ ...done, statusCategory: { key: 'indeterminate' } }])).toHaveLength(
      1,
    );
    expect(unknownStatusKeys(null, [open])).toHaveLength(1);
  });

  it('teaches the names dictionary a status or issue type renamed in Jira (no issue event ever does)', async () => {
    // The backfill learned status 1 as "Open" and type 10 as "Fehler"; then Jira renamed them "Neu" and "Bug": no
    // issue changes, no flush runs.
    const renamed = { ...open, name: 'Neu' };
    const { deps, facts } = setup(perType(renamed, done));
    await facts.mergeNames({ statuses: { '1': ['Open', 'new'] }, types: { '10': 'Fehler' } });
    await refreshWorkflowStatuses(deps, '10000'); // the nightly reconcile's list
    const names = await facts.readNames();
    expect(names.statuses['1']).toEqual(['Neu', 'new']);
    expect(names.statuses['5']).toEqual(['Done', 'done']);
    expect(names.types).toEqual({ '10': 'Bug', '11': 'Task' });
    // A view from facts shows (and maps) the issue's status under the name Jira gives it now, as the live view.
    const record: IssueFactsRecord = {
      id: '100',
      key: 'HD-1',
      projectId: '10000',
      typeId: '10',
      created: '2026-03-02T08:15:00.000+0100',
      status: '1',
      resolvedMs: null,
      summary: 's',
      updatedMs: 1,
      changes: [],
      flags: [],
    };
    expect(jiraIssueOfFacts(record, names).fields?.status).toEqual({
      id: '1',
      name: 'Neu',
      statusCategory: { key: 'new' },
    });
    // The type name the project page offers as a filter: Jira's JQL knows only the current one.
    expect(jiraIssueOfFacts(record, names).fields?.issuetype).toEqual({ id: '10', name: 'Bug' });
  });

  it('never replaces a list with one read earlier', async () => {
    const { facts } = setup([]);
    await facts.saveWorkflowStatuses('10000', [['1', 'Open', 'new', 'To Do']], 200);
    await facts.saveWorkflowStatuses('10000', [], 100);
    expect((await facts.readWorkflowStatuses('10000'))?.readAtMs).toBe(200);
  });
});
