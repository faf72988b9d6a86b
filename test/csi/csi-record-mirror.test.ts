/**
 * Review finding 3: the improvement record is authoritative in the app's store; the issue property only mirrors
 * it. Any issue editor can write the property through Jira's REST API ("score 10, decided by someone else"), and a
 * save's property write can arrive late (after a 429 retry) over a newer save's: neither may be believed. Over the
 * emulator with the sample data (records start in the store at version 1, their properties as mirrors).
 */
import { user } from '../../dev/sample-data/model';
import {
  checkCsiMirror,
  csiRecordStoreKey,
  readStoredCsiRecord,
  saveCsiRecord,
  sha256Hex,
} from '../../src/application/csi-record';
import { JiraUnavailableError } from '../../src/application/errors';
import type { JiraPort } from '../../src/application/ports/jira-port';
import type { CsiRecordInput, CsiRecordView } from '../../src/contract/csi';
import { csiMirrorValue } from '../../src/domain/csi/record-mirror';
import type { CsiRecord } from '../../src/domain/csi/record-types';
import { csiScore } from '../../src/domain/csi/scoring';
import { CSI_RECORD_PROPERTY_KEY } from '../../src/domain/csi/workflow';
import { SAMPLE_NOW_MS, startCsiHarness, type CsiHarness } from './support';

let h: CsiHarness;

beforeAll(async () => {
  h = await startCsiHarness();
});

afterAll(async () => {
  await h.stop();
});

async function load(
  key: string,
  who: Parameters<CsiHarness['contextOf']>[0] = 'admin',
): Promise<CsiRecordView> {
  const result = await h.handlers.getCsiRecord({ issueKey: key }, h.contextOf(who));
  if (!result.ok) throw new Error(`getCsiRecord ${key}: ${result.error.code} ${result.error.detail}`);
  return result.value;
}

function inputOf(record: CsiRecord): CsiRecordInput {
  // The panel sends the record without what the server derives (score, who and when).
  const derived = new Set(['score', 'updatedAt', 'updatedByAccountId']);
  return Object.fromEntries(
    Object.entries(record).filter(([key]) => !derived.has(key)),
  ) as unknown as CsiRecordInput;
}

const admin = () => h.jiraFor(user('admin').accountId);

/** What an issue editor writes through the REST API: the panel's record with a score of 10 and another decider. */
function forgedFrom(record: CsiRecord): CsiRecord {
  return {
    ...record,
    score: 10,
    decision: {
      outcome: 'approved',
      deciderAccountId: user('sabine').accountId,
      decidedOn: '2026-03-02',
      rationale: 'nie beschlossen',
    },
  };
}

describe('the issue property is a mirror of the stored record', () => {
  it('shows the stored record, not a property forged through the REST API, and restores the mirror', async () => {
    const before = await load('CSI-21');
    await admin().setIssueProperty('CSI-21', CSI_RECORD_PROPERTY_KEY, forgedFrom(before.record));
    const view = await load('CSI-21');
    expect(view.record).toEqual(before.record);
    expect(view.record.score).not.toBe(10);
    expect(view.mirror).toBe('repaired');
    expect(await admin().getIssueProperty('CSI-21', CSI_RECORD_PROPERTY_KEY)).toEqual(
      csiMirrorValue({ record: before.record, version: before.version ?? 0 }, sha256Hex),
    );
  });

  it('flags, without writing, a forged property seen by someone who may not edit the issue', async () => {
    const before = await load('CSI-20');
    const forged = forgedFrom(before.record);
    await admin().setIssueProperty('CSI-20', CSI_RECORD_PROPERTY_KEY, forged);
    h.readOnly.add(user('lukas').accountId);
    try {
      const view = await load('CSI-20', 'lukas');
      expect(view.record).toEqual(before.record);
      expect(view.mirror).toBe('mismatch');
    } finally {
      h.readOnly.delete(user('lukas').accountId);
    }
    expect(await admin().getIssueProperty('CSI-20', CSI_RECORD_PROPERTY_KEY)).toEqual(forged);
  });

  it('lists the stored record in the register and marks the forged mirror', async () => {
    const before = await load('CSI-19');
    await admin().setIssueProperty('CSI-19', CSI_RECORD_PROPERTY_KEY, forgedFrom(before.record));
    const result = await h.handlers.getCsiRegister({ projectKey: 'CSI' }, h.contextOf('claudia'));
    if (!result.ok) throw new Error(result.error.detail);
    const item = result.value.items.find((i) => i.issueKey === 'CSI-19');
    expect(item?.record).toEqual(before.record);
    expect(item?.score).toBe(before.record.score);
    expect(item?.mirrorMismatch).toBe(true);
    expect(result.value.items.filter((i) => i.mirrorMismatch).map((i) => i.issueKey)).toEqual(
      expect.arrayContaining(['CSI-19']),
    );
    expect(result.value.items.find((i) => i.issueKey === 'CSI-3')?.mirrorMismatch).toBe(false);
  });

  it('computes the score from the ratings and the weights, whatever score the input carries', async () => {
    const before = await load('CSI-18', 'claudia');
    const ratings = { benefit: 1, urgency: 1, effort: 5, risk: 5 };
    const result = await h.handlers.saveCsiRecord(
      {
        issueKey: 'CSI-18',
        record: {
          ...inputOf(before.record),
          score: 10,
          decision: null,
          evaluation: { ratings, evaluatedByAccountId: user('claudia').accountId, evaluatedOn: '2026-03-02' },
        },
        expectedVersion: before.version,
      },
      h.contextOf('claudia'),
    );
    if (!result.ok) throw new Error(result.error.detail);
    expect(result.value.record.score).toBe(csiScore(ratings, result.value.weights));
    expect(result.value.record.score).toBeLessThan(2);
  });
});

describe('a late mirror write never wins over a newer save', () => {
  it('rewrites the newest record when an older save writes its mirror after a newer save', async () => {
    const before = await load('CSI-17', 'claudia');
    const claudia = h.jiraFor(user('claudia').accountId);
    let newerSave: Promise<unknown> | null = null;
    // Claudia's property write is held back (as by a 429 retry) until Sabine's later save has completed.
    const slowJira: JiraPort = Object.assign(Object.create(claudia) as JiraPort, {
      setIssueProperty: async (issue: string, key: string, value: unknown) => {
        if (newerSave === null) {
          newerSave = h.handlers.saveCsiRecord(
            {
              issueKey: 'CSI-17',
              record: { ...inputOf(before.record), service: 'Sabines Fassung' },
              expectedVersion: (before.version ?? 0) + 1,
            },
            h.contextOf('sabine'),
          );
          await newerSave;
        }
        await claudia.setIssueProperty(issue, key, value);
      },
    });
    const older = await saveCsiRecord(
      h.store,
      slowJira,
      'CSI-17',
      { ...inputOf(before.record), service: 'Claudias Fassung' },
      before.version,
      { nowMs: SAMPLE_NOW_MS, actingAccountId: user('claudia').accountId },
    );
    const newer = (await (newerSave as unknown as Promise<unknown>)) as { ok: boolean; value: CsiRecordView };
    expect(older.version).toBe((before.version ?? 0) + 1);
    expect(newer.ok && newer.value.version).toBe((before.version ?? 0) + 2);
    const property = await admin().getIssueProperty('CSI-17', CSI_RECORD_PROPERTY_KEY);
    expect(property).toEqual(
      csiMirrorValue({ record: newer.value.record, version: newer.value.version ?? 0 }, sha256Hex),
    );
    expect((property as CsiRecord).service).toBe('Sabines Fassung');
  });

  it('keeps a save whose mirror write fails (429 until the retries give up): saved, mirror flagged, repaired on the next read', async () => {
    const before = await load('CSI-13', 'claudia');
    const propertyBefore = await admin().getIssueProperty('CSI-13', CSI_RECORD_PROPERTY_KEY);
    const claudia = h.jiraFor(user('claudia').accountId);
    const rateLimited: JiraPort = Object.assign(Object.create(claudia) as JiraPort, {
      setIssueProperty: () =>
        Promise.reject(new JiraUnavailableError('Jira answered 429 until the deadline', 429)),
    });
    const saved = await saveCsiRecord(
      h.store,
      rateLimited,
      'CSI-13',
      { ...inputOf(before.record), service: 'Trotz 429' },
      before.version,
      { nowMs: SAMPLE_NOW_MS, actingAccountId: user('claudia').accountId },
    );
    // The record is saved (one compare-and-set), and the user is told that only its searchable copy lags.
    expect(saved.version).toBe((before.version ?? 0) + 1);
    expect(saved.mirror).toBe('mismatch');
    expect(await admin().getIssueProperty('CSI-13', CSI_RECORD_PROPERTY_KEY)).toEqual(propertyBefore);
    // Until then the property is an older version: the validator's check refuses it.
    const issueId = (await admin().getIssue('CSI-13', [])).id ?? '';
    const stored = await readStoredCsiRecord(h.store, issueId);
    expect(checkCsiMirror(stored.stored, propertyBefore)).toMatchObject({
      kind: 'mismatch',
      reason: 'stale',
    });
    // The next read by an editor writes the mirror of the saved record.
    const view = await load('CSI-13', 'claudia');
    expect(view.mirror).toBe('repaired');
    expect(view.record.service).toBe('Trotz 429');
    expect((await load('CSI-13', 'claudia')).mirror).toBe('in-sync');
  });

  it('finds a stale mirror written after everything else and repairs it on the next read', async () => {
    const before = await load('CSI-16', 'claudia');
    const first = await h.handlers.saveCsiRecord(
      {
        issueKey: 'CSI-16',
        record: { ...inputOf(before.record), service: 'Erste' },
        expectedVersion: before.version,
      },
      h.contextOf('claudia'),
    );
    if (!first.ok) throw new Error(first.error.detail);
    const second = await h.handlers.saveCsiRecord(
      {
        issueKey: 'CSI-16',
        record: { ...inputOf(first.value.record), service: 'Zweite' },
        expectedVersion: first.value.version,
      },
      h.contextOf('sabine'),
    );
    if (!second.ok) throw new Error(second.error.detail);
    // The first save's write arrives last of all.
    await admin().setIssueProperty(
      'CSI-16',
      CSI_RECORD_PROPERTY_KEY,
      csiMirrorValue({ record: first.value.record, version: first.value.version ?? 0 }, sha256Hex),
    );
    const register = await h.handlers.getCsiRegister({ projectKey: 'CSI' }, h.contextOf('claudia'));
    expect(register.ok && register.value.items.find((i) => i.issueKey === 'CSI-16')?.mirrorMismatch).toBe(
      true,
    );
    const view = await load('CSI-16');
    expect(view.record.service).toBe('Zweite');
    expect(view.mirror).toBe('repaired');
    expect(((await admin().getIssueProperty('CSI-16', CSI_RECORD_PROPERTY_KEY)) as CsiRecord).service).toBe(
      'Zweite',
    );
  });

  it('tells only one of two editors saving from the same version that it was saved', async () => {
    const before = await load('CSI-15', 'claudia');
    const [a, b] = await Promise.all([
      h.handlers.saveCsiRecord(
        {
          issueKey: 'CSI-15',
          record: { ...inputOf(before.record), service: 'A' },
          expectedVersion: before.version,
        },
        h.contextOf('claudia'),
      ),
      h.handlers.saveCsiRecord(
        {
          issueKey: 'CSI-15',
          record: { ...inputOf(before.record), service: 'B' },
          expectedVersion: before.version,
        },
        h.contextOf('sabine'),
      ),
    ]);
    const outcomes = [a, b].map((r) => (r.ok ? 'saved' : r.error.code)).sort();
    expect(outcomes).toEqual(['conflict', 'saved']);
    const winner = (a.ok ? a : b) as { ok: true; value: CsiRecordView };
    expect(((await admin().getIssueProperty('CSI-15', CSI_RECORD_PROPERTY_KEY)) as CsiRecord).service).toBe(
      winner.value.record.service,
    );
  });

  it('does not take over a record that exists only in the property: shows the empty stored record, asks for a save', async () => {
    const before = await load('CSI-14');
    const issueId = (await admin().getIssue('CSI-14', [])).id ?? '';
    // As if the app never saved a record here: only the property holds one (e.g. written through the REST API).
    await h.store.delete(csiRecordStoreKey(issueId));
    const forged = forgedFrom(before.record);
    await admin().setIssueProperty('CSI-14', CSI_RECORD_PROPERTY_KEY, forged);

    const view = await load('CSI-14');
    expect(view.mirror).toBe('unsaved');
    expect(view.version).toBeNull();
    expect(view.record.decision).toBeNull();
    expect(view.record.score).toBeNull();
    // Left as it is: nothing stored could replace it, and its content is not believed.
    expect(await admin().getIssueProperty('CSI-14', CSI_RECORD_PROPERTY_KEY)).toEqual(forged);

    // Entering and saving the record makes the stored record authoritative and the property its mirror.
    const saved = await h.handlers.saveCsiRecord(
      { issueKey: 'CSI-14', record: inputOf(view.record), expectedVersion: null },
      h.contextOf('admin'),
    );
    expect(saved.ok ? saved.value.mirror : saved.error.code).toBe('in-sync');
    expect((await load('CSI-14')).mirror).toBe('in-sync');
  });

  it('never saves a record whose mirror (record + version and digest) Jira would refuse as over 32,768 characters', async () => {
    const before = await load('CSI-12');
    const admin1 = user('admin').accountId;
    // Control characters are six characters each in JSON (\u0001), so texts within their limits reach Jira's limit.
    const input = (padding: number): CsiRecordInput => ({
      ...inputOf(before.record),
      lessonsLearned: '\u0001'.repeat(4000),
      sourceDetail: '\u0001'.repeat(500),
      evaluation: {
        ratings: { benefit: 3, urgency: 3, effort: 3, risk: 3 },
        evaluatedByAccountId: admin1,
        evaluatedOn: '2026-02-01',
      },
      decision: {
        outcome: 'deferred',
        deciderAccountId: admin1,
        decidedOn: '2026-02-02',
        rationale: '\u0001'.repeat(padding),
      },
    });
    // The longest rationale the save accepts (a refused save writes nothing, so the search has no side effects).
    let version = before.version;
    let low = 0;
    let high = 2000;
    let longest: CsiRecordView | null = null;
    while (low <= high) {
      const padding = Math.floor((low + high) / 2);
      const result = await h.handlers.saveCsiRecord(
        { issueKey: 'CSI-12', record: input(padding), expectedVersion: version },
        h.contextOf('admin'),
      );
      if (result.ok) {
        version = result.value.version;
        longest = result.value;
        low = padding + 1;
      } else {
        expect(result.error.code).toBe('invalid-record');
        expect(result.error.detail).toContain('Jira stores at most 32768');
        high = padding - 1;
      }
    }
    expect(longest?.record.decision?.rationale.length).toBeGreaterThan(0);
    // What was saved is mirrored: Jira took the property (its JSON within the limit), the validator accepts it.
    expect(longest?.mirror).toBe('in-sync');
    const property = await admin().getIssueProperty('CSI-12', CSI_RECORD_PROPERTY_KEY);
    expect(JSON.stringify(property).length).toBeLessThanOrEqual(32_768);
    expect((await load('CSI-12')).mirror).toBe('in-sync');
  });
});
