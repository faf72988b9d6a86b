/**
 * The `jira:workflowValidator` function: rule from the configuration or the target status, the record the app
 * stores checked (the issue property only mirrors it, and a mirror that does not match is refused), refusals in
 * the configured language, and refusal (never approval) whenever the record cannot be read.
 */
import { localeFileTexts } from '../../src/adapters/texts/locale-file-texts';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { csiRecordStoreKey, sha256Hex, type StoredCsiRecordEntry } from '../../src/application/csi-record';
import type { JiraPort } from '../../src/application/ports/jira-port';
import type { StorePort } from '../../src/application/ports/store-port';
import { csiMirrorValue } from '../../src/domain/csi/record-mirror';
import { EMPTY_CSI_RECORD, type CsiRecord } from '../../src/domain/csi/record-types';
import {
  createCsiTransitionValidator,
  parseValidatorConfiguration,
} from '../../src/entry/validators/csi-validator';

const evaluated: CsiRecord = {
  ...EMPTY_CSI_RECORD,
  evaluation: {
    ratings: { benefit: 4, urgency: 3, effort: 2, risk: 1 },
    evaluatedByAccountId: 'acc-claudia',
    evaluatedOn: '2026-02-12',
  },
  score: 7.1,
};
const approvedRecord: CsiRecord = {
  ...evaluated,
  decision: { outcome: 'approved', deciderAccountId: 'acc-claudia', decidedOn: '2026-02-26', rationale: '' },
};

interface FakeOptions {
  /** The record the app stores for CSI-7 (issue id 20007), saved `version` times; absent: none. */
  readonly stored?: CsiRecord;
  readonly version?: number;
  /** The issue property; default: the mirror of the stored record (absent when nothing is stored). */
  readonly property?: unknown;
  readonly propertyError?: Error;
  readonly statusError?: Error;
  readonly storeError?: Error;
}

/** The app's store with CSI-7's record saved `version` times (the last save holds `record`). */
async function storeWith(record: CsiRecord | undefined, version: number, error?: Error): Promise<StorePort> {
  const store = createMemoryStore();
  if (record !== undefined) {
    let current: number | null = null;
    for (let i = 0; i < version; i++) {
      const entry: StoredCsiRecordEntry = { savedAt: '2026-02-26T12:00:00.000Z', record };
      current = (await store.put(csiRecordStoreKey('20007'), entry, current)).version;
    }
  }
  if (error === undefined) return store;
  return Object.assign(Object.create(store) as StorePort, { get: () => Promise.reject(error) });
}

/** The property a save through the panel writes for `record` at `version`. */
const mirrorOf = (record: CsiRecord, version: number): unknown =>
  csiMirrorValue({ record, version }, sha256Hex);

/** A Jira (as the app) with CSI-7 (id 20007) in project 10002, whose statuses are the CSI workflow's. */
function fakeJira(options: FakeOptions, calls: string[] = []): () => JiraPort {
  const property =
    'property' in options
      ? options.property
      : options.stored === undefined
        ? null
        : mirrorOf(options.stored, options.version ?? 1);
  const jira: Partial<JiraPort> = {
    getIssueProperty: (issue, key) => {
      calls.push(`property ${issue} ${key}`);
      if (options.propertyError) return Promise.reject(options.propertyError);
      return Promise.resolve(property);
    },
    getIssue: (issue) => {
      calls.push(`issue ${issue}`);
      return Promise.resolve({ id: '20007', key: 'CSI-7', fields: { project: { id: '10002', key: 'CSI' } } });
    },
    listProjectStatuses: (project) => {
      calls.push(`statuses ${project}`);
      if (options.statusError) return Promise.reject(options.statusError);
      return Promise.resolve([
        {
          id: '10006',
          name: 'Verbesserung (CSI)',
          statuses: [
            { id: '10301', name: 'Bewertet' },
            { id: '10302', name: 'Genehmigt' },
            { id: '10304', name: 'Wirksamkeitsprüfung' },
          ],
        },
      ]);
    },
  };
  return () => jira as JiraPort;
}

const event = (configuration: unknown, toId = '10302') => ({
  issue: { key: 'CSI-7' },
  transition: { from: { id: '10301' }, to: { id: toId } },
  ...(configuration === undefined ? {} : { configuration }),
});

async function validator(options: FakeOptions, calls?: string[]) {
  const errors: string[] = [];
  const validate = createCsiTransitionValidator({
    jiraApp: fakeJira(options, calls),
    store: await storeWith(options.stored, options.version ?? 1, options.storeError),
    logError: (message) => errors.push(message),
    texts: localeFileTexts,
  });
  return { validate, errors };
}

const MISMATCH_DE =
  /^Der Übergang wird abgelehnt: Der Verbesserungsnachweis von CSI-7 in der Vorgangseigenschaft stimmt nicht mit dem von der App gespeicherten überein/;
const MISMATCH_EN =
  /^The transition is refused: the improvement record of CSI-7 in the issue property does not match the one the app stored/;

describe('CSI transition validator', () => {
  it('refuses an unevaluated approval in the configured language', async () => {
    const { validate } = await validator({});
    const answer = await validate(event({ rule: 'approve', lang: 'de' }));
    expect(answer.result).toBe(false);
    expect(answer.errorMessage).toMatch(/^Genehmigen ist erst möglich, wenn die Verbesserung bewertet ist/);
    expect(answer.errorMessage).toContain('Fehlt: die Bewertung mit allen vier Kriterien');
    const english = await validate(event({ rule: 'approve', lang: 'en' }));
    expect(english.errorMessage).toMatch(/^An improvement can only be approved once/);
  });

  it('lets an evaluated and approved improvement through, checking the stored record against its mirror', async () => {
    const calls: string[] = [];
    const { validate } = await validator({ stored: approvedRecord, version: 3 }, calls);
    expect(await validate(event({ rule: 'approve', lang: 'de' }))).toEqual({ result: true });
    expect(calls).toEqual(['issue CSI-7', 'property 20007 three-ways-csi']);
  });

  it('names the missing decision of an evaluated improvement', async () => {
    const { validate } = await validator({ stored: evaluated });
    const answer = await validate(event(JSON.stringify({ rule: 'approve', lang: 'de' })));
    expect(answer.errorMessage).toContain('Fehlt: die Entscheidung „genehmigt“ mit Entscheider.');
  });

  it('derives the rule from the target status when there is no configuration, answering in both languages', async () => {
    const calls: string[] = [];
    const { validate } = await validator({}, calls);
    const answer = await validate(event(undefined, '10302'));
    expect(answer.result).toBe(false);
    expect(answer.errorMessage).toMatch(
      /^Genehmigen ist erst möglich.* \/ An improvement can only be approved/,
    );
    expect(calls).toEqual(['issue CSI-7', 'statuses 10002', 'issue CSI-7', 'property 20007 three-ways-csi']);
    // Verifying: baseline and target
    const verify = await validate(event({ lang: 'en' }, '10304'));
    expect(verify.errorMessage).toMatch(/^The effectiveness check can only start/);
  });

  it('allows a transition without a rule', async () => {
    const { validate } = await validator({});
    expect(await validate(event(undefined, '10301'))).toEqual({ result: true });
    expect(await validate({ issue: { key: 'CSI-7' }, transition: { to: { name: 'In Umsetzung' } } })).toEqual(
      {
        result: true,
      },
    );
  });

  it('refuses when the record cannot be read, and says so', async () => {
    const { validate, errors } = await validator({ propertyError: new Error('Jira answered 503') });
    const answer = await validate(event({ rule: 'approve', lang: 'de' }));
    expect(answer).toEqual({
      result: false,
      errorMessage:
        'Der Übergang wird abgelehnt, weil der Verbesserungsnachweis von CSI-7 nicht gelesen werden konnte (Jira answered 503). Bitte in einigen Minuten erneut versuchen.',
    });
    expect(errors).toEqual(['CSI validator: record of CSI-7 not readable']);
  });

  it("refuses when the app's storage cannot be read", async () => {
    const { validate } = await validator({ stored: approvedRecord, storeError: new Error('KVS timed out') });
    const answer = await validate(event({ rule: 'approve', lang: 'en' }));
    expect(answer.result).toBe(false);
    expect(answer.errorMessage).toContain('could not be read (KVS timed out)');
  });

  it('refuses when the property is invalid, as a mirror that does not match', async () => {
    const { validate, errors } = await validator({
      stored: approvedRecord,
      property: { ...approvedRecord, schemaVersion: 7 },
    });
    const answer = await validate(event({ rule: 'approve', lang: 'en' }));
    expect(answer.result).toBe(false);
    expect(answer.errorMessage).toMatch(MISMATCH_EN);
    expect(errors[0]).toContain('the stored record has schemaVersion 7');
  });

  it('refuses when the target status cannot be read (it may be an approval)', async () => {
    const { validate } = await validator({
      stored: approvedRecord,
      statusError: new Error('Jira answered 500'),
    });
    const answer = await validate(event(undefined, '10302'));
    expect(answer.result).toBe(false);
    expect(answer.errorMessage).toContain('Jira answered 500');
  });

  it('refuses a ruled transition without an issue key', async () => {
    const { validate } = await validator({ stored: approvedRecord });
    const answer = await validate({ configuration: { rule: 'close', lang: 'en' } });
    expect(answer.errorMessage).toBe(
      'The transition is refused: Jira did not tell the CSI validator which issue it is. Try again.',
    );
  });
});

describe('CSI transition validator: the issue property is a mirror, never the record', () => {
  /** What an issue editor writes through Jira's REST API: score 10, decided by someone else. */
  const forged: CsiRecord = {
    ...approvedRecord,
    score: 10,
    decision: {
      outcome: 'approved',
      deciderAccountId: 'acc-someone-else',
      decidedOn: '2026-02-26',
      rationale: '',
    },
  };

  it('refuses an approval written into the property over an unevaluated stored record', async () => {
    const stored: CsiRecord = { ...EMPTY_CSI_RECORD, service: 'E-Mail' };
    // The forger even copies the mirror tag of the real save.
    const realTag = (mirrorOf(stored, 2) as { mirror: unknown }).mirror;
    const { validate } = await validator({ stored, version: 2, property: { ...forged, mirror: realTag } });
    const answer = await validate(event({ rule: 'approve', lang: 'de' }));
    expect(answer.result).toBe(false);
    expect(answer.errorMessage).toMatch(MISMATCH_DE);
    expect(answer.errorMessage).toContain('Verbesserungsnachweis (CSI)');
  });

  it('refuses a record that exists only in the property (never saved through the app), asking to enter and save it', async () => {
    const { validate } = await validator({ property: forged });
    const answer = await validate(event({ rule: 'approve' }));
    expect(answer.result).toBe(false);
    // Not "the app restores it there": there is nothing stored to restore; the record has to be saved.
    expect(answer.errorMessage).toMatch(
      /^Der Übergang wird abgelehnt: Die Vorgangseigenschaft von CSI-7 enthält einen Verbesserungsnachweis, den die App nie gespeichert hat/,
    );
    expect(answer.errorMessage).toContain(
      'Erfassen Sie den Nachweis im Bereich „Verbesserungsnachweis (CSI)“, speichern Sie ihn',
    );
    expect(answer.errorMessage).toContain(
      ' / The transition is refused: the issue property of CSI-7 holds an improvement record that the app never saved',
    );
    expect(answer.errorMessage).toContain(
      'Enter the record in the "Improvement record (CSI)" panel, save it',
    );
    expect(answer.errorMessage).not.toContain('restores');
  });

  it("refuses a stale mirror: an older save's late write over a newer stored record", async () => {
    // Version 2 (evaluated only) was written late, after version 3 (approved) was stored and mirrored.
    const { validate } = await validator({
      stored: approvedRecord,
      version: 3,
      property: mirrorOf(evaluated, 2),
    });
    const answer = await validate(event({ rule: 'approve', lang: 'en' }));
    expect(answer.result).toBe(false);
    expect(answer.errorMessage).toMatch(MISMATCH_EN);
  });

  it('refuses a mirror whose content was edited while its tag was kept', async () => {
    const tampered = { ...(mirrorOf(evaluated, 1) as object), decision: approvedRecord.decision };
    const { validate } = await validator({ stored: evaluated, property: tampered });
    expect((await validate(event({ rule: 'approve', lang: 'en' }))).errorMessage).toMatch(MISMATCH_EN);
  });
});

describe('parseValidatorConfiguration', () => {
  it('reads the configuration in the shapes Forge may hand over', () => {
    expect(parseValidatorConfiguration({ rule: 'verify', lang: 'en' })).toEqual({
      rule: 'verify',
      lang: 'en',
    });
    expect(parseValidatorConfiguration('{"rule":"close"}')).toEqual({ rule: 'close', lang: null });
    expect(parseValidatorConfiguration({ value: '{"rule":"approve","lang":"de"}' })).toEqual({
      rule: 'approve',
      lang: 'de',
    });
    expect(parseValidatorConfiguration('approve')).toEqual({ rule: 'approve', lang: null });
    expect(parseValidatorConfiguration({ rule: 'delete-everything' })).toEqual({ rule: null, lang: null });
    expect(parseValidatorConfiguration(undefined)).toEqual({ rule: null, lang: null });
  });
});
