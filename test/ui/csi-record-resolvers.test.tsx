/**
 * The improvement-record panel against the real resolvers (`createCsiRecordHandlers`) over the local Jira emulator
 * with the sample data: the panel's load and save steps, its reducer and its rendering, with `invoke` routed to
 * the handlers as the preview's bridge does. Shows that what the panel sends is what the resolvers accept, that
 * a lost update is refused and the loser keeps their input, and that the sample records load and save unchanged.
 */
import { user, type UserKey } from '../../dev/sample-data/model';
import type { CsiRecordView } from '../../src/contract/csi';
import { CSI_RECORD_PROPERTY_KEY } from '../../src/domain/csi/workflow';
import type {
  CsiRecordPayload,
  CsiRecordResolverName,
  CsiRecordResponse,
  InvokeCsiRecord,
} from '../../static/src/csi-record/csi-api-types';
import { draftOf, recordInputOf, type DraftEdit } from '../../static/src/csi-record/record-draft';
import {
  INITIAL_PANEL_STATE,
  loadRecord,
  panelReducer,
  saveRecord,
  type PanelState,
} from '../../static/src/csi-record/record-panel-state';
import { startCsiHarness, type CsiHarness } from '../csi/support';
import { germanUi } from './support/ui-i18n';
import { plainText } from './support/html-text';
import { recordMarkup } from './support/csi-render';

let h: CsiHarness;

beforeAll(async () => {
  h = await startCsiHarness();
});

afterAll(async () => {
  await h.stop();
});

/** `invoke` as the bridge routes it: to the handler of that name, in the user's invocation context. */
function invokeAs(who: UserKey): InvokeCsiRecord {
  return <K extends CsiRecordResolverName>(name: K, payload: CsiRecordPayload<K>) =>
    h.handlers[name](payload, h.contextOf(who)) as Promise<CsiRecordResponse<K>>;
}

async function open(who: UserKey, issueKey: string): Promise<PanelState> {
  return panelReducer(INITIAL_PANEL_STATE, await loadRecord(invokeAs(who), issueKey, 'de-DE'));
}

async function save(who: UserKey, state: PanelState): Promise<PanelState> {
  if (state.load.phase !== 'loaded' || state.draft === null) throw new Error('not loaded');
  const started = panelReducer(state, { type: 'save-started' });
  return panelReducer(started, await saveRecord(invokeAs(who), state.load.view, state.draft, 'de-DE'));
}

const edit = (state: PanelState, ...edits: DraftEdit[]): PanelState =>
  edits.reduce<PanelState>((s, e) => panelReducer(s, { type: 'edit', edit: e }), state);

function viewOf(state: PanelState): CsiRecordView {
  if (state.load.phase !== 'loaded') throw new Error(`not loaded: ${JSON.stringify(state.load)}`);
  return state.load.view;
}

const render = (state: PanelState, me: UserKey): string =>
  recordMarkup(state, germanUi, user(me).accountId, '2026-03-02');

/** The keys of the sample CSI improvements. */
function csiKeys(): string[] {
  return h.seed.issues.filter((issue) => issue.key.startsWith('CSI-')).map((issue) => issue.key);
}

/** A sample improvement whose record has an evaluation. */
function evaluatedKey(): string {
  const issue = h.seed.issues.find((i) => {
    const record = i.properties[CSI_RECORD_PROPERTY_KEY] as { evaluation?: unknown } | undefined;
    return i.key.startsWith('CSI-') && record?.evaluation != null;
  });
  if (issue === undefined) throw new Error('no evaluated improvement in the sample data');
  return issue.key;
}

describe('the record panel over the resolvers and the emulator', () => {
  it('loads and saves every sample record unchanged: the panel finds nothing to object to', async () => {
    const keys = csiKeys();
    expect(keys.length).toBeGreaterThan(10);
    for (const key of keys) {
      const state = await open('admin', key);
      const view = viewOf(state);
      expect({ key, input: recordInputOf(draftOf(view.record, 'de-DE')).ok }).toEqual({ key, input: true });
      const saved = await save('admin', state);
      expect({ key, save: saved.save }).toEqual({ key, save: { phase: 'saved' } });
      // The server computed the same score the panel shows.
      expect(viewOf(saved).record.score).toBe(view.record.score);
    }
  }, 60_000);

  it('saves an edit with the server-computed score and the new version, and shows it', async () => {
    const key = evaluatedKey();
    const state = edit(
      await open('sabine', key),
      { type: 'set', field: 'lessonsLearned', value: 'Früher messen, dann entscheiden.' },
      { type: 'rate', criterion: 'risk', rating: 5, me: user('sabine').accountId, today: '2026-03-02' },
    );
    const before = viewOf(state).version;
    const saved = await save('sabine', state);
    expect(saved.save).toEqual({ phase: 'saved' });
    const view = viewOf(saved);
    expect(view.version).not.toBe(before);
    expect(view.record.lessonsLearned).toBe('Früher messen, dann entscheiden.');
    expect(view.record.evaluation?.ratings.risk).toBe(5);
    expect(view.record.updatedByAccountId).toBe(user('sabine').accountId);
    const html = render(saved, 'sabine');
    expect(plainText(html)).toContain('Gespeichert.');
    expect(html).not.toContain('data-testid="dirty"');
    // Loaded again, the record is what was saved.
    expect(viewOf(await open('claudia', key)).record).toEqual(view.record);
  });

  it('refuses a lost update: the second editor keeps their input and is told to reload', async () => {
    const key = csiKeys()[2] ?? 'CSI-3';
    const first = await open('sabine', key);
    const second = await open('claudia', key);
    const firstSaved = await save(
      'sabine',
      edit(first, { type: 'set', field: 'service', value: 'Service Desk (1st Level)' }),
    );
    expect(firstSaved.save).toEqual({ phase: 'saved' });

    const secondSaved = await save(
      'claudia',
      edit(second, { type: 'set', field: 'service', value: 'Service Desk (2nd Level)' }),
    );
    expect(secondSaved.save).toMatchObject({ phase: 'failed', code: 'conflict' });
    expect(secondSaved.draft?.service).toBe('Service Desk (2nd Level)');
    expect(plainText(render(secondSaved, 'claudia'))).toContain(
      'Jemand anderes hat diesen Nachweis gespeichert',
    );
    // Nothing was overwritten.
    expect(viewOf(await open('admin', key)).record.service).toBe('Service Desk (1st Level)');
  });

  it('shows the record read-only to a user who may not edit, and the server refuses their save', async () => {
    const key = csiKeys()[3] ?? 'CSI-4';
    const lukas = user('lukas').accountId;
    h.readOnly.add(lukas);
    try {
      const state = await open('lukas', key);
      expect(viewOf(state).canEdit).toBe(false);
      expect(render(state, 'lukas')).toContain('data-testid="read-only-note"');
      const refused = await save('lukas', edit(state, { type: 'set', field: 'service', value: 'X' }));
      expect(refused.save).toMatchObject({ phase: 'failed', code: 'forbidden' });
      expect(refused.draft?.service).toBe('X');
    } finally {
      h.readOnly.delete(lukas);
    }
  });

  it('explains an incident that is not an improvement', async () => {
    const state = await open('admin', 'HD-1');
    expect(state.load).toMatchObject({ phase: 'error', code: 'not-csi-issue' });
    expect(render(state, 'admin')).toContain('data-testid="not-csi-issue"');
  });
});
