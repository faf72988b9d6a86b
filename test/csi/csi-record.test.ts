/**
 * The improvement-record resolvers over the emulator with the sample data: reading a sample record, saving with
 * the score computed, lost updates refused, non-editors refused, invalid payloads and records rejected with the
 * member named, non-CSI issues, and a property overwritten with garbage restored from the stored record. The
 * sample records start in the app's store at version 1 with their properties as mirrors (as saved by the panel).
 */
import { user } from '../../dev/sample-data/model';
import { csiRecordStoreKey, sha256Hex } from '../../src/application/csi-record';
import { csiMirrorValue } from '../../src/domain/csi/record-mirror';
import type { CsiRecordInput, CsiRecordView } from '../../src/contract/csi';
import { CSI_RECORD_PROPERTY_KEY } from '../../src/domain/csi/workflow';
import { startCsiHarness, type CsiHarness } from './support';

let h: CsiHarness;

beforeAll(async () => {
  h = await startCsiHarness();
});

afterAll(async () => {
  await h.stop();
});

function seedIssue(key: string) {
  const issue = h.seed.issues.find((i) => i.key === key);
  if (issue === undefined) throw new Error(`no ${key} in the sample data`);
  return issue;
}

async function load(
  key: string,
  who: Parameters<CsiHarness['contextOf']>[0] = 'admin',
): Promise<CsiRecordView> {
  const result = await h.handlers.getCsiRecord({ issueKey: key }, h.contextOf(who));
  if (!result.ok) throw new Error(`getCsiRecord ${key}: ${result.error.code} ${result.error.detail}`);
  return result.value;
}

function inputOf(view: CsiRecordView): CsiRecordInput {
  const derived = new Set(['score', 'updatedAt', 'updatedByAccountId']);
  return Object.fromEntries(
    Object.entries(view.record).filter(([key]) => !derived.has(key)),
  ) as unknown as CsiRecordInput;
}

const evaluation = {
  ratings: { benefit: 5, urgency: 4, effort: 3, risk: 2 },
  evaluatedByAccountId: user('claudia').accountId,
  evaluatedOn: '2026-03-02',
};

describe('getCsiRecord', () => {
  it('reads a sample improvement with its record, people and linked issues', async () => {
    const view = await load('CSI-3');
    expect(view).toMatchObject({
      issueKey: 'CSI-3',
      issueId: seedIssue('CSI-3').id,
      projectKey: 'CSI',
      summary: 'Self-Service-Passwortrücksetzung einführen',
      statusName: 'Wirksamkeitsprüfung',
      statusKey: 'verifying',
      version: 1,
      mirror: 'in-sync',
      canEdit: true,
      weights: { benefit: 3, urgency: 2, effort: 1, risk: 1 },
    });
    expect(csiMirrorValue({ record: view.record, version: 1 }, sha256Hex)).toEqual(
      seedIssue('CSI-3').properties[CSI_RECORD_PROPERTY_KEY],
    );
    expect(view.record.score).toBe(8.2);
    expect(view.people).toEqual(
      expect.arrayContaining([
        { accountId: user('sabine').accountId, displayName: user('sabine').displayName },
        { accountId: user('claudia').accountId, displayName: user('claudia').displayName },
      ]),
    );
    const linked = view.linkedIssues.map((l) => l.key);
    for (const key of view.record.feedbackIssueKeys) expect(linked).toContain(key);
    expect(view.linkedIssues.find((l) => l.key.startsWith('HD-'))?.summary).not.toBe('');
  });

  it('answers not-csi-issue for an incident', async () => {
    const result = await h.handlers.getCsiRecord({ issueKey: 'HD-1' }, h.contextOf('admin'));
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'not-csi-issue',
        detail: expect.stringContaining('HD-1 is of the issue type') as string,
      },
    });
  });

  it('answers not-found for an issue the user may not see', async () => {
    const result = await h.handlers.getCsiRecord({ issueKey: 'CSI-3' }, h.contextOf('paul'));
    expect(result.ok ? 'ok' : result.error.code).toBe('not-found');
  });

  it('rejects a payload without an issue key', async () => {
    expect(await h.handlers.getCsiRecord({ key: 'CSI-3' }, h.contextOf('admin'))).toEqual({
      ok: false,
      error: { code: 'invalid-payload', detail: 'issueKey: the payload must be an object { issueKey }' },
    });
  });

  it('restores a property overwritten with garbage from the stored record', async () => {
    const jira = h.jiraFor(user('admin').accountId);
    const mirrorBefore = await jira.getIssueProperty('CSI-24', CSI_RECORD_PROPERTY_KEY);
    await jira.setIssueProperty('CSI-24', CSI_RECORD_PROPERTY_KEY, { schemaVersion: 9, whatever: true });
    const view = await load('CSI-24');
    expect(view.mirror).toBe('repaired');
    expect(csiMirrorValue({ record: view.record, version: 1 }, sha256Hex)).toEqual(mirrorBefore);
    expect(await jira.getIssueProperty('CSI-24', CSI_RECORD_PROPERTY_KEY)).toEqual(mirrorBefore);
  });
});

describe('saveCsiRecord', () => {
  it('saves with the score, who and when, and guards the version', async () => {
    const before = await load('CSI-25', 'claudia');
    expect(before.record.evaluation).toBeNull();
    const saved = await h.handlers.saveCsiRecord(
      { issueKey: 'CSI-25', record: { ...inputOf(before), evaluation }, expectedVersion: before.version },
      h.contextOf('claudia'),
    );
    if (!saved.ok) throw new Error(saved.error.detail);
    expect(before.version).toBe(1);
    expect(saved.value.version).toBe(2);
    expect(saved.value.record).toMatchObject({
      evaluation,
      score: 8.2,
      updatedAt: '2026-03-02T11:00:00.000Z',
      updatedByAccountId: user('claudia').accountId,
    });
    const property = await h
      .jiraFor(user('admin').accountId)
      .getIssueProperty('CSI-25', CSI_RECORD_PROPERTY_KEY);
    // The property mirrors the stored record with its version and digest.
    expect(property).toEqual(csiMirrorValue({ record: saved.value.record, version: 2 }, sha256Hex));
    expect((await h.store.get(csiRecordStoreKey(seedIssue('CSI-25').id)))?.version).toBe(2);
    expect((await load('CSI-25')).version).toBe(2);

    // A second editor saves from the version loaded before the first save: refused, nothing overwritten.
    const stale = await h.handlers.saveCsiRecord(
      {
        issueKey: 'CSI-25',
        record: { ...inputOf(before), service: 'Überschrieben' },
        expectedVersion: before.version,
      },
      h.contextOf('sabine'),
    );
    expect(stale).toEqual({
      ok: false,
      error: {
        code: 'conflict',
        detail:
          'The improvement record was saved by someone else after you loaded it. Reload to see their version; your input is kept.',
      },
    });
    expect(
      await h.jiraFor(user('admin').accountId).getIssueProperty('CSI-25', CSI_RECORD_PROPERTY_KEY),
    ).toEqual(csiMirrorValue({ record: saved.value.record, version: 2 }, sha256Hex));

    // From the current version the save goes through.
    const next = await h.handlers.saveCsiRecord(
      {
        issueKey: 'CSI-25',
        record: { ...inputOf(saved.value), service: 'Service Desk' },
        expectedVersion: 2,
      },
      h.contextOf('sabine'),
    );
    expect(next.ok && next.value.version).toBe(3);
    expect(next.ok && next.value.record.updatedByAccountId).toBe(user('sabine').accountId);
  });

  it('refuses a user who may not edit the issue before writing anything', async () => {
    const before = await load('CSI-23');
    h.readOnly.add(user('lukas').accountId);
    try {
      const view = await load('CSI-23', 'lukas');
      expect(view.canEdit).toBe(false);
      const result = await h.handlers.saveCsiRecord(
        { issueKey: 'CSI-23', record: { ...inputOf(before), service: 'Anders' }, expectedVersion: null },
        h.contextOf('lukas'),
      );
      expect(result.ok ? 'ok' : result.error.code).toBe('forbidden');
      expect(result.ok ? '' : result.error.detail).toContain('"Edit Issues" permission in project CSI');
    } finally {
      h.readOnly.delete(user('lukas').accountId);
    }
    expect((await load('CSI-23')).record).toEqual(before.record);
    expect((await h.store.get(csiRecordStoreKey(seedIssue('CSI-23').id)))?.version).toBe(1);
  });

  it('rejects invalid records naming the member and rule', async () => {
    const before = await load('CSI-22');
    const bad = await h.handlers.saveCsiRecord(
      {
        issueKey: 'CSI-22',
        record: {
          ...inputOf(before),
          evaluation: { ...evaluation, ratings: { ...evaluation.ratings, benefit: 7 } },
        },
        expectedVersion: null,
      },
      h.contextOf('admin'),
    );
    expect(bad).toEqual({
      ok: false,
      error: {
        code: 'invalid-record',
        detail: 'The improvement record is invalid: record.evaluation.ratings.benefit: must be at most 5.',
      },
    });
    const notLinked = await h.handlers.saveCsiRecord(
      {
        issueKey: 'CSI-22',
        record: { ...inputOf(before), feedbackIssueKeys: ['HD-1'] },
        expectedVersion: null,
      },
      h.contextOf('admin'),
    );
    expect(notLinked.ok ? '' : notLinked.error.detail).toBe(
      'The improvement record is invalid: feedbackIssueKeys.0: HD-1 is not linked to CSI-22; link it in Jira first.',
    );
    const crossField = await h.handlers.saveCsiRecord(
      {
        issueKey: 'CSI-22',
        record: { ...inputOf(before), baseline: null, target: { value: 3, targetDate: '2026-06-30' } },
        expectedVersion: null,
      },
      h.contextOf('admin'),
    );
    expect(crossField.ok ? '' : crossField.error.code).toBe('invalid-record');
    expect(crossField.ok ? '' : crossField.error.detail).toContain(
      'target: a target KPI needs the baseline KPI',
    );
    const noVersion = await h.handlers.saveCsiRecord(
      { issueKey: 'CSI-22', record: inputOf(before) },
      h.contextOf('admin'),
    );
    expect(noVersion.ok ? '' : noVersion.error.code).toBe('invalid-payload');
    expect((await h.store.get(csiRecordStoreKey(seedIssue('CSI-22').id)))?.version).toBe(1);
  });

  it('refuses to save a record on an issue that is not a CSI improvement', async () => {
    const result = await h.handlers.saveCsiRecord(
      { issueKey: 'HD-1', record: inputOf(await load('CSI-3')), expectedVersion: null },
      h.contextOf('admin'),
    );
    expect(result.ok ? 'ok' : result.error.code).toBe('not-csi-issue');
  });
});
