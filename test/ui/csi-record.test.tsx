/**
 * The improvement-record panel without a browser: the panel's state goes through the same reducer and resolver
 * calls the component uses (with a fake `invoke` that records every call), and each state is rendered to HTML in
 * German and English. The browser walkthrough (`test/e2e`) clicks the real thing in the preview.
 *
 * The record of CSI-4 (hand-made): customer feedback, ratings benefit 5, urgency 4, effort 3, risk 2 with the
 * default weights 3/2/1/1 → (3·1 + 2·0.75 + 1·0.5 + 1·0.75) / 7 · 10 = 8.21… → 8.2; status "Bewertet", so the
 * next transition is "Genehmigen", which still lacks an approving decision and its decider.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import type { CsiRecordView, CsiResult, SaveCsiRecordRequest } from '../../src/contract/csi';
import { CSI_ERROR_CODES } from '../../src/contract/csi';
import germanMessages from '../../locales/de-DE.json';
import englishMessages from '../../locales/en-US.json';
import {
  CSI_CRITERIA,
  CSI_SOURCES,
  DEFAULT_CSI_WEIGHTS,
  EMPTY_CSI_RECORD,
  type CsiRecord,
} from '../../src/domain/csi/record-types';
import { CSI_STATUS_KEYS } from '../../src/domain/csi/workflow';
import type {
  CsiRecordPayload,
  CsiRecordResolverName,
  CsiRecordResponse,
  InvokeCsiRecord,
} from '../../static/src/csi-record/csi-api-types';
import { envelopeOf } from '../../static/src/api/resolver-types';
import { CsiRecordPanel, liveScore, peopleOptions } from '../../static/src/csi-record/csi-record-panel';
import {
  DRAFT_PROBLEM_CODES,
  calendarDayIn,
  draftOf,
  draftProblems,
  formatCalendarDay,
  parseDraftNumber,
  recordInputOf,
  type DraftEdit,
} from '../../static/src/csi-record/record-draft';
import {
  INITIAL_PANEL_STATE,
  loadRecord,
  panelReducer,
  saveRecord,
  type PanelState,
} from '../../static/src/csi-record/record-panel-state';
import { CSI_NEEDS, nextStepOf, stepStates } from '../../static/src/csi-record/record-workflow';
import type { UiI18n } from '../../static/src/i18n/load';
import { englishUi, germanUi } from './support/ui-i18n';
import { plainText } from './support/html-text';
import { recordMarkup } from './support/csi-render';

const ANNA = 'acc-anna';
const BERND = 'acc-bernd';
const ME = 'acc-me';

const storedRecord: CsiRecord = {
  ...EMPTY_CSI_RECORD,
  source: 'customer-feedback',
  sourceDetail: 'Umfrage Q1',
  service: 'Service Desk',
  ownerAccountId: ANNA,
  evaluation: {
    ratings: { benefit: 5, urgency: 4, effort: 3, risk: 2 },
    evaluatedByAccountId: ANNA,
    evaluatedOn: '2026-03-10',
  },
  score: 8.2,
  baseline: { name: 'Durchlaufzeit p85', value: 4.5, unit: 'Tage', measuredOn: '2026-03-01' },
  feedbackIssueKeys: ['HD-12'],
  updatedAt: '2026-03-12T13:05:00.000Z',
  updatedByAccountId: BERND,
};

const view: CsiRecordView = {
  issueKey: 'CSI-4',
  issueId: '10404',
  projectKey: 'CSI',
  summary: 'Self-Service-Passwortrücksetzung einführen',
  statusName: 'Bewertet',
  statusKey: 'assessed',
  record: storedRecord,
  version: 4,
  mirror: 'in-sync',
  weights: DEFAULT_CSI_WEIGHTS,
  canEdit: true,
  people: [
    { accountId: ANNA, displayName: 'Anna Albers' },
    { accountId: BERND, displayName: 'Bernd Brandt' },
  ],
  linkedIssues: [
    { key: 'HD-12', summary: 'Passwort vergessen', statusName: 'Geschlossen', statusCategoryKey: 'done' },
    { key: 'HD-31', summary: 'Konto gesperrt', statusName: 'Gelöst', statusCategoryKey: 'done' },
  ],
};

/** A fake `invoke` answering from a queue and recording every call. */
function fakeInvoke(...answers: CsiResult<CsiRecordView>[]) {
  const calls: { name: string; payload: unknown }[] = [];
  const invoke: InvokeCsiRecord = <K extends CsiRecordResolverName>(
    name: K,
    payload: CsiRecordPayload<K>,
  ) => {
    calls.push({ name, payload });
    const answer = answers.shift();
    if (answer === undefined) throw new Error(`unexpected call of ${name}`);
    // Both resolvers answer with a CsiResult<CsiRecordView>.
    return Promise.resolve(answer as CsiRecordResponse<K>);
  };
  return { invoke, calls };
}

const ok = (value: CsiRecordView): CsiResult<CsiRecordView> => ({ ok: true, value });
const failed = (code: (typeof CSI_ERROR_CODES)[number], detail = 'detail'): CsiResult<CsiRecordView> => ({
  ok: false,
  error: { code, detail },
});

async function loaded(i18n: UiI18n, answer: CsiResult<CsiRecordView> = ok(view)): Promise<PanelState> {
  const { invoke } = fakeInvoke(answer);
  return panelReducer(INITIAL_PANEL_STATE, await loadRecord(invoke, 'CSI-4', i18n.formattingLocale));
}

const edits = (state: PanelState, ...list: DraftEdit[]): PanelState =>
  list.reduce<PanelState>((s, edit) => panelReducer(s, { type: 'edit', edit }), state);

function render(state: PanelState, i18n: UiI18n, me: string | null = ME): string {
  return recordMarkup(state, i18n, me, '2026-03-20');
}

/** The `<input>`/`<select>`/`<textarea>` with `id`, as rendered. */
function control(html: string, id: string): string {
  const match = new RegExp(`<(input|select|textarea)[^>]*id="${id}"[^>]*>`).exec(html);
  if (match === null) throw new Error(`no control #${id}`);
  return match[0];
}

describe('loading and showing the record', () => {
  it('asks getCsiRecord for the issue and shows the record in German', async () => {
    const { invoke, calls } = fakeInvoke(ok(view));
    const state = panelReducer(INITIAL_PANEL_STATE, await loadRecord(invoke, 'CSI-4', 'de-DE'));
    expect(calls).toEqual([{ name: 'getCsiRecord', payload: { issueKey: 'CSI-4' } }]);
    const html = render(state, germanUi);
    const shown = plainText(html);

    expect(html).toContain('<label class="field-label" for="csi-source">Quelle</label>');
    expect(html).toContain('<option value="customer-feedback" selected="">Kundenrückmeldung</option>');
    expect(control(html, 'csi-service')).toContain('value="Service Desk"');
    expect(html).toContain(`<option value="${ANNA}" selected="">Anna Albers</option>`);
    expect(html).toContain('<legend>Bewertung</legend>');
    expect(html).toContain('<legend>Entscheidung</legend>');
    expect(shown).toContain('Nutzen (Gewicht 3)');
    expect(shown).toContain('Risiko (Gewicht 1)');
    expect(control(html, 'csi-rating-benefit-5')).toContain('checked=""');
    expect(control(html, 'csi-rating-benefit-4')).not.toContain('checked');
    expect(shown).toContain('Punktzahl 8,2 von 10');
    // Decimal comma in the German number field, ISO value in the date field (the browser shows it localised).
    expect(control(html, 'csi-baselineValue')).toContain('value="4,5"');
    expect(control(html, 'csi-baselineMeasuredOn')).toContain('value="2026-03-01"');
    // Feedback: HD-12 chosen, HD-31 offered.
    expect(html).toMatch(/<input type="checkbox" checked=""\/><span class="issue-key">HD-12<\/span>/);
    expect(html).toMatch(/<input type="checkbox"\/><span class="issue-key">HD-31<\/span>/);
    // Saved 13:05 UTC = 14:05 in Berlin, by Bernd; evaluated on 10 March.
    expect(shown).toContain(
      'Zuletzt gespeichert am 12.03.2026, 14:05 von Bernd Brandt. Bewertet am 10.03.2026.',
    );
    expect(html).toContain('<button type="submit" class="button-primary">Speichern</button>');
    expect(html).not.toContain('data-testid="dirty"');
  });

  it('shows the same record in English with a decimal point and English dates', async () => {
    const html = render(await loaded(englishUi), englishUi);
    const shown = plainText(html);
    expect(html).toContain('<option value="customer-feedback" selected="">Customer feedback</option>');
    expect(shown).toContain('Benefit (weight 3)');
    expect(shown).toContain('Score 8.2 of 10');
    expect(control(html, 'csi-baselineValue')).toContain('value="4.5"');
    expect(shown).toContain(
      'Last saved on Mar 12, 2026, 1:05 PM by Bernd Brandt. Evaluated on Mar 10, 2026.',
    );
    expect(html).toContain('>Save</button>');
  });

  it('shows the step in the CSI workflow and what the next transition still needs', async () => {
    const html = render(await loaded(germanUi), germanUi);
    expect(html).toMatch(/<li class="csi-step step-current" aria-current="step">.*?Bewertet/);
    expect(html).toMatch(/<li class="csi-step step-done">.*?Erfasst/);
    expect(plainText(html)).toContain('Für »Genehmigen« fehlt: Entscheidung »Genehmigt« mit Entscheider.');
  });

  it('announces loading, then explains an issue that is not an improvement without offering a retry', async () => {
    expect(render(INITIAL_PANEL_STATE, germanUi)).toContain('role="status" aria-busy="true"');
    const state = await loaded(germanUi, failed('not-csi-issue', 'issue type Incident'));
    const html = render(state, germanUi);
    expect(html).toContain('data-testid="not-csi-issue"');
    expect(plainText(html)).toContain('Kein Verbesserungsvorgang');
    expect(plainText(html)).toContain('Projekteinstellungen → »CSI einrichten«');
    expect(html).not.toContain('<button');
    const english = plainText(render(await loaded(englishUi, failed('not-csi-issue')), englishUi));
    expect(english).toContain('Project settings → “Set up CSI”');
  });

  it('offers a retry when Jira is unavailable, but not when the issue is missing', async () => {
    const busy = render(await loaded(germanUi, failed('jira-unavailable', '503')), germanUi);
    expect(busy).toContain('role="alert"');
    expect(plainText(busy)).toContain('Jira ist gerade ausgelastet');
    expect(busy).toContain('>Erneut versuchen</button>');
    expect(plainText(busy)).toContain('jira-unavailable: 503');
    const missing = render(await loaded(englishUi, failed('not-found')), englishUi);
    expect(missing).not.toContain('Try again</button>');
  });

  it('reports a panel without an issue in its context as not found, without calling a resolver', async () => {
    const { invoke, calls } = fakeInvoke();
    const action = await loadRecord(invoke, null, 'de-DE');
    expect(calls).toEqual([]);
    expect(panelReducer(INITIAL_PANEL_STATE, action).load).toEqual({
      phase: 'error',
      code: 'not-found',
      detail: 'no issue in the view context',
    });
  });

  it('renders the stateful panel as loading before its effect runs', () => {
    const { invoke } = fakeInvoke(ok(view));
    const html = renderToStaticMarkup(
      <CsiRecordPanel
        issueKey="CSI-4"
        accountId={ME}
        timeZone="Europe/Berlin"
        invoke={invoke}
        i18n={germanUi}
      />,
    );
    expect(plainText(html)).toBe('Verbesserungsnachweis wird geladen …');
  });
});

describe('editing', () => {
  it('updates the live score when a rating changes (benefit 5 → 1: 2.75 / 7 · 10 = 3.9)', async () => {
    const state = edits(await loaded(germanUi), {
      type: 'rate',
      criterion: 'benefit',
      rating: 1,
      me: ME,
      today: '2026-03-20',
    });
    const html = render(state, germanUi);
    expect(plainText(html)).toContain('Punktzahl 3,9 von 10');
    expect(control(html, 'csi-rating-benefit-1')).toContain('checked=""');
    expect(html).toContain('<span class="csi-dirty" data-testid="dirty">Ungespeicherte Änderungen</span>');
    // The existing evaluator and day stay: only a first rating fills them in.
    expect(state.draft?.evaluatedByAccountId).toBe(ANNA);
    expect(state.draft?.evaluatedOn).toBe('2026-03-10');
  });

  it('fills in the evaluator (me) and today with the first rating; the score waits for all four', async () => {
    const empty = await loaded(englishUi, ok({ ...view, record: EMPTY_CSI_RECORD, version: null }));
    const first = edits(empty, {
      type: 'rate',
      criterion: 'urgency',
      rating: 5,
      me: ME,
      today: '2026-03-20',
    });
    expect(first.draft?.evaluatedByAccountId).toBe(ME);
    expect(first.draft?.evaluatedOn).toBe('2026-03-20');
    expect(plainText(render(first, englishUi))).toContain('Score – (rate all four criteria)');
    // "me" is offered even though the record names nobody with my account id.
    expect(render(first, englishUi)).toContain(
      `<option value="${ME}" selected="">Signed-in user (me)</option>`,
    );
    const all = edits(
      first,
      ...(['benefit', 'effort', 'risk'] as const).map((criterion): DraftEdit => ({
        type: 'rate',
        criterion,
        rating: 3,
        me: ME,
        today: '2026-03-20',
      })),
    );
    // (3·0.5 + 2·1 + 1·0.5 + 1·0.5) / 7 · 10 = 4.5 / 7 · 10 = 6.43 → 6.4
    expect(plainText(render(all, englishUi))).toContain('Score 6.4 of 10');
  });

  it('computes the score with the project weights, like the server', () => {
    const ratings = { benefit: 5, urgency: 4, effort: 3, risk: 2 };
    expect(liveScore(ratings, DEFAULT_CSI_WEIGHTS)).toBe(8.2);
    // Only effort counts: (5 − 3) / 4 · 10 = 5
    expect(liveScore(ratings, { benefit: 0, urgency: 0, effort: 1, risk: 0 })).toBe(5);
    expect(liveScore({ ...ratings, risk: null }, DEFAULT_CSI_WEIGHTS)).toBeNull();
    expect(liveScore(ratings, { benefit: 0, urgency: 0, effort: 0, risk: 0 })).toBeNull();
  });

  it('dates a decision today and recomputes the workflow hint as the user types', async () => {
    const state = edits(
      await loaded(germanUi),
      { type: 'set-outcome', value: 'approved', today: '2026-03-20' },
      { type: 'set', field: 'deciderAccountId', value: BERND },
    );
    expect(state.draft?.decidedOn).toBe('2026-03-20');
    expect(plainText(render(state, germanUi))).toContain(
      'Nächster Schritt: »Genehmigen« – alles Nötige ist erfasst.',
    );
  });

  it('toggles feedback issues', async () => {
    const state = edits(
      await loaded(germanUi),
      { type: 'toggle-feedback', key: 'HD-31' },
      { type: 'toggle-feedback', key: 'HD-12' },
    );
    expect(state.draft?.feedbackIssueKeys).toEqual(['HD-31']);
  });
});

describe('saving', () => {
  it('sends the edited record with the version it was loaded with', async () => {
    const state = edits(
      await loaded(germanUi),
      { type: 'set', field: 'targetValue', value: '2,5' },
      { type: 'set', field: 'targetDate', value: '2026-06-30' },
      { type: 'set', field: 'service', value: '  Service Desk 1st Level ' },
      { type: 'toggle-feedback', key: 'HD-31' },
    );
    if (state.load.phase !== 'loaded' || state.draft === null) throw new Error('not loaded');
    const savedView: CsiRecordView = {
      ...view,
      version: 5,
      record: { ...storedRecord, target: { value: 2.5, targetDate: '2026-06-30' } },
    };
    const { invoke, calls } = fakeInvoke(ok(savedView));
    const sending: string[] = [];
    const action = await saveRecord(invoke, state.load.view, state.draft, 'de-DE', () => {
      sending.push('saving');
    });
    expect(sending).toEqual(['saving']);
    const expected: SaveCsiRecordRequest = {
      issueKey: 'CSI-4',
      expectedVersion: 4,
      record: {
        schemaVersion: 1,
        source: 'customer-feedback',
        sourceDetail: 'Umfrage Q1',
        service: 'Service Desk 1st Level',
        ownerAccountId: ANNA,
        evaluation: storedRecord.evaluation,
        decision: null,
        baseline: { name: 'Durchlaufzeit p85', value: 4.5, unit: 'Tage', measuredOn: '2026-03-01' },
        target: { value: 2.5, targetDate: '2026-06-30' },
        result: null,
        lessonsLearned: '',
        nextReviewOn: null,
        keyResultId: null,
        feedbackIssueKeys: ['HD-12', 'HD-31'],
      },
    };
    expect(calls).toEqual([{ name: 'saveCsiRecord', payload: expected }]);

    const after = panelReducer(panelReducer(state, { type: 'save-started' }), action);
    expect(after.load.phase === 'loaded' && after.load.view.version).toBe(5);
    const html = render(after, germanUi);
    expect(plainText(html)).toContain('Gespeichert.');
    expect(html).not.toContain('data-testid="dirty"');
  });

  it('sends expectedVersion null for a record never saved', async () => {
    const state = edits(await loaded(englishUi, ok({ ...view, record: EMPTY_CSI_RECORD, version: null })), {
      type: 'set-source',
      value: 'audit',
    });
    if (state.load.phase !== 'loaded' || state.draft === null) throw new Error('not loaded');
    const { invoke, calls } = fakeInvoke(ok(view));
    await saveRecord(invoke, state.load.view, state.draft, 'en-US');
    expect(calls[0]?.payload).toMatchObject({ expectedVersion: null, record: { source: 'audit' } });
  });

  it('keeps the input on a conflict, says someone else saved and offers "Neu laden"', async () => {
    const state = edits(await loaded(germanUi), {
      type: 'set',
      field: 'lessonsLearned',
      value: 'Früher messen',
    });
    if (state.load.phase !== 'loaded' || state.draft === null) throw new Error('not loaded');
    const { invoke } = fakeInvoke(failed('conflict', 'version 4 expected, 5 stored'));
    const after = panelReducer(
      panelReducer(state, { type: 'save-started' }),
      await saveRecord(invoke, state.load.view, state.draft, 'de-DE'),
    );
    expect(after.draft?.lessonsLearned).toBe('Früher messen');
    expect(after.load.phase === 'loaded' && after.load.view.version).toBe(4);
    const html = render(after, germanUi);
    expect(html).toContain('Früher messen</textarea>');
    expect(plainText(html)).toContain(
      'Jemand anderes hat diesen Nachweis gespeichert, nachdem Sie ihn geöffnet haben.',
    );
    expect(plainText(html)).toContain('nichts wurde überschrieben');
    expect(html).toContain('<button type="button">Neu laden</button>');
    expect(html).toContain('data-testid="dirty"');
    // English too.
    const english = plainText(render({ ...after }, englishUi));
    expect(english).toContain('Someone else saved this record after you opened it.');
    expect(english).toContain('Reload');
  });

  it('checks the draft before sending: a target value needs a target date', async () => {
    const state = edits(await loaded(germanUi), { type: 'set', field: 'targetValue', value: '3' });
    if (state.load.phase !== 'loaded' || state.draft === null) throw new Error('not loaded');
    const { invoke, calls } = fakeInvoke();
    const action = await saveRecord(invoke, state.load.view, state.draft, 'de-DE');
    expect(calls).toEqual([]);
    expect(action).toEqual({
      type: 'save-blocked',
      problems: [{ code: 'target-date-missing', field: 'targetDate' }],
    });
    const html = render(panelReducer(state, action), germanUi);
    expect(control(html, 'csi-targetDate')).toContain('aria-invalid="true"');
    expect(control(html, 'csi-targetDate')).toContain('aria-describedby="csi-targetDate-problem"');
    expect(plainText(html)).toContain('»Zieldatum« fehlt: ein Zielwert braucht ein Zieldatum.');
    expect(html).toContain('<a href="#csi-targetDate">');
    const english = plainText(render(panelReducer(state, action), englishUi));
    expect(english).toContain('“Target date” is missing: a target value needs a target date.');
  });

  it('shows the resolver detail of an invalid record next to the form and keeps the input', async () => {
    const state = edits(await loaded(englishUi), { type: 'set', field: 'service', value: 'Mail' });
    const after = panelReducer(panelReducer(state, { type: 'save-started' }), {
      type: 'saved',
      result: failed('invalid-record', 'feedbackIssueKeys: HD-99 is not linked to CSI-4'),
      locale: 'en-US',
    });
    const html = render(after, englishUi);
    expect(plainText(html)).toContain('The record breaks a rule and was not saved:');
    expect(html).toContain('<p class="csi-detail">feedbackIssueKeys: HD-99 is not linked to CSI-4</p>');
    expect(control(html, 'csi-service')).toContain('value="Mail"');
  });

  it('turns read-only when the save is refused for lack of permission, keeping what was typed', async () => {
    const state = edits(await loaded(germanUi), { type: 'set', field: 'service', value: 'Mail' });
    const after = panelReducer(panelReducer(state, { type: 'save-started' }), {
      type: 'saved',
      result: failed('forbidden'),
      locale: 'de-DE',
    });
    const html = render(after, germanUi);
    expect(html).toContain('data-testid="read-only-note"');
    expect(html).toContain('<fieldset disabled=""');
    expect(html).not.toContain('>Speichern</button>');
    expect(control(html, 'csi-service')).toContain('value="Mail"');
  });

  it('ignores edits while a save is under way', async () => {
    const saving = panelReducer(await loaded(germanUi), { type: 'save-started' });
    expect(edits(saving, { type: 'set', field: 'service', value: 'X' })).toBe(saving);
  });
});

describe('read-only', () => {
  it('shows the record to someone who may not edit, with every control disabled and no save button', async () => {
    const state = await loaded(germanUi, ok({ ...view, canEdit: false }));
    const html = render(state, germanUi);
    expect(plainText(html)).toContain(
      'Sie dürfen diesen Vorgang nicht bearbeiten; der Nachweis wird nur angezeigt.',
    );
    expect(html).toContain('<fieldset disabled="" class="plain-fieldset csi-groups">');
    expect(html).not.toContain('type="submit"');
    expect(plainText(html)).toContain('Punktzahl 8,2 von 10');
    const english = render(await loaded(englishUi, ok({ ...view, canEdit: false })), englishUi);
    expect(plainText(english)).toContain('You may not edit this issue; the record is shown read-only.');
  });
});

describe('the mirror in the issue property', () => {
  it('says when the property did not match the stored record: restored, or refused transitions until saved', async () => {
    expect(render(await loaded(germanUi), germanUi)).not.toContain('data-testid="mirror-note"');
    const repaired = render(await loaded(germanUi, ok({ ...view, mirror: 'repaired' })), germanUi);
    expect(plainText(repaired)).toContain(
      'wurde eben wiederhergestellt. Angezeigt wird der gespeicherte Nachweis.',
    );
    const mismatch = render(
      await loaded(englishUi, ok({ ...view, canEdit: false, mirror: 'mismatch' })),
      englishUi,
    );
    expect(plainText(mismatch)).toContain('the CSI workflow refuses transitions of this issue');
  });

  it('explains a record that exists only in the property: not used, enter and save it, in German and English', async () => {
    const german = plainText(render(await loaded(germanUi, ok({ ...view, mirror: 'unsaved' })), germanUi));
    expect(german).toContain('enthält einen Verbesserungsnachweis, den die App nie gespeichert hat');
    expect(german).toContain('Erfassen Sie den Nachweis hier und speichern Sie ihn');
    expect(german).not.toContain('wiederhergestellt');
    const english = plainText(render(await loaded(englishUi, ok({ ...view, mirror: 'unsaved' })), englishUi));
    expect(english).toContain('holds an improvement record that the app never saved');
    expect(english).toContain('Enter the record here and save it');
    expect(english).toContain('refuses to approve, verify or close this issue');
  });
});

describe('the draft', () => {
  const base = draftOf(EMPTY_CSI_RECORD, 'de-DE');

  it('reads numbers with a decimal comma or point, and nothing else', () => {
    expect(parseDraftNumber('12,5')).toBe(12.5);
    expect(parseDraftNumber(' 12.5 ')).toBe(12.5);
    expect(parseDraftNumber('−3')).toBe(-3);
    expect(parseDraftNumber('')).toBeNull();
    expect(parseDraftNumber('1.234,5')).toBeNaN();
    expect(parseDraftNumber('12 Tage')).toBeNaN();
  });

  it('lists every rule a draft breaks', () => {
    expect(draftProblems(base)).toEqual([]);
    expect(
      draftProblems({
        ...base,
        ratings: { benefit: 3, urgency: null, effort: null, risk: null },
        decisionOutcome: 'approved',
        baselineValue: 'viel',
        resultValue: '2',
      }).map((p) => `${p.code}@${p.field}`),
    ).toEqual([
      'evaluation-incomplete@rating-urgency',
      'evaluator-missing@evaluatedByAccountId',
      'evaluated-on-missing@evaluatedOn',
      'decider-missing@deciderAccountId',
      'decided-on-missing@decidedOn',
      'baseline-name-missing@baselineName',
      'baseline-measured-on-missing@baselineMeasuredOn',
      'result-without-kpi@baselineName',
      'result-measured-on-missing@resultMeasuredOn',
      'number-invalid@baselineValue',
    ]);
  });

  it('applies the rules across fields the resolver applies', () => {
    const draft = {
      ...draftOf(storedRecord, 'de-DE'),
      resultValue: '3',
      resultMeasuredOn: '2026-02-01',
      decisionOutcome: 'approved' as const,
      deciderAccountId: BERND,
      decidedOn: '2026-03-09',
    };
    expect(draftProblems(draft).map((p) => p.code)).toEqual([
      'result-before-baseline',
      'decision-before-evaluation',
    ]);
  });

  it('gives a result the KPI name and unit of the baseline', () => {
    const draft = { ...draftOf(storedRecord, 'de-DE'), resultValue: '3,1', resultMeasuredOn: '2026-06-01' };
    const input = recordInputOf(draft);
    expect(input.ok && input.input.result).toEqual({
      name: 'Durchlaufzeit p85',
      value: 3.1,
      unit: 'Tage',
      measuredOn: '2026-06-01',
    });
  });

  it('round-trips a stored record unchanged', () => {
    const full: CsiRecord = {
      ...storedRecord,
      decision: {
        outcome: 'approved',
        deciderAccountId: BERND,
        decidedOn: '2026-03-11',
        rationale: 'Lohnt sich',
      },
      target: { value: 2.5, targetDate: '2026-06-30' },
      result: { name: 'Durchlaufzeit p85', value: 2.25, unit: 'Tage', measuredOn: '2026-07-01' },
      lessonsLearned: 'Früher messen',
      nextReviewOn: '2026-04-01',
      keyResultId: 'kr-7',
    };
    for (const locale of ['de-DE', 'en-US']) {
      const input = recordInputOf(draftOf(full, locale));
      expect(input).toEqual({
        ok: true,
        input: { ...full, score: undefined, updatedAt: undefined, updatedByAccountId: undefined },
      });
    }
  });

  it('has today in the user time zone and formats calendar days per locale', () => {
    // 23:30 UTC on 31 March is already 1 April in Berlin.
    expect(calendarDayIn(Date.UTC(2026, 2, 31, 23, 30), 'Europe/Berlin')).toBe('2026-04-01');
    expect(calendarDayIn(Date.UTC(2026, 2, 31, 23, 30), 'Not/AZone')).toBe('2026-03-31');
    expect(formatCalendarDay('2026-04-01', 'de-DE')).toBe('01.04.2026');
    expect(formatCalendarDay('2026-04-01', 'en-US')).toBe('Apr 1, 2026');
  });

  it('offers me, the people of the record and unknown stored account ids as persons', () => {
    const draft = { ...draftOf(storedRecord, 'de-DE'), deciderAccountId: 'acc-gone' };
    expect(peopleOptions(view.people, ANNA, draft, germanUi)).toEqual([
      { accountId: ANNA, label: 'Anna Albers (ich)' },
      { accountId: BERND, label: 'Bernd Brandt' },
      { accountId: 'acc-gone', label: 'Unbekannte Person (acc-gone)' },
    ]);
  });
});

describe('the workflow hints', () => {
  const input = (record: CsiRecord) => {
    const result = recordInputOf(draftOf(record, 'en-US'));
    if (!result.ok) throw new Error('invalid');
    return result.input;
  };

  it('names the next main-line transition and what its rule lacks', () => {
    expect(nextStepOf('identified', input(EMPTY_CSI_RECORD))).toMatchObject({
      transition: { key: 'assess' },
      missing: [],
    });
    expect(nextStepOf('assessed', input(EMPTY_CSI_RECORD))?.missing).toEqual(['evaluation', 'decision']);
    const deferredUndecided: CsiRecord = {
      ...storedRecord,
      decision: { outcome: 'deferred', deciderAccountId: BERND, decidedOn: '2026-03-11', rationale: '' },
    };
    expect(nextStepOf('assessed', input(deferredUndecided))?.missing).toEqual(['decision-approved']);
    expect(nextStepOf('implementing', input(storedRecord))).toMatchObject({
      transition: { key: 'verify' },
      missing: ['target'],
    });
    expect(nextStepOf('verifying', input(storedRecord))?.missing).toEqual(['result']);
    expect(nextStepOf('deferred', input(storedRecord))?.transition.key).toBe('resume');
    expect(nextStepOf('closed', input(storedRecord))).toBeNull();
    expect(nextStepOf(null, input(storedRecord))).toBeNull();
  });

  it('marks the steps before the current one as done', () => {
    expect(stepStates('approved').map((s) => s.state)).toEqual([
      'done',
      'done',
      'current',
      'upcoming',
      'upcoming',
      'upcoming',
    ]);
  });

  it('shows a side exit as its own status', async () => {
    const html = render(
      await loaded(germanUi, ok({ ...view, statusKey: 'deferred', statusName: 'Zurückgestellt' })),
      germanUi,
    );
    expect(plainText(html)).toContain('Status: Zurückgestellt');
    expect(plainText(html)).toContain('Nächster Schritt: »Wieder aufnehmen«.');
    expect(html).not.toContain('aria-current');
  });
});

describe('the bridge envelope', () => {
  it('turns foreign answers and unknown codes into internal errors', () => {
    expect(envelopeOf('getCsiRecord', undefined, CSI_ERROR_CODES)).toEqual({
      ok: false,
      error: { code: 'internal', detail: 'resolver getCsiRecord returned no result envelope' },
    });
    expect(envelopeOf('saveCsiRecord', { ok: false, error: { code: 'boom' } }, CSI_ERROR_CODES)).toEqual({
      ok: false,
      error: { code: 'internal', detail: 'resolver saveCsiRecord failed' },
    });
    expect(
      envelopeOf('saveCsiRecord', { ok: false, error: { code: 'conflict', detail: 'v4' } }, CSI_ERROR_CODES),
    ).toEqual({
      ok: false,
      error: { code: 'conflict', detail: 'v4' },
    });
  });
});

describe('strings of the improvement-record panel', () => {
  const built = [
    ...CSI_ERROR_CODES.flatMap((code) => [`csiRecord.error.${code}`, `csiRecord.saveError.${code}`]),
    ...CSI_SOURCES.map((source) => `csiRecord.source.${source}`),
    ...CSI_CRITERIA.flatMap((c) => [`csiRecord.criterion.${c}`, `csiRecord.criterion.${c}.help`]),
    ...['approved', 'rejected', 'deferred'].map((o) => `csiRecord.decision.${o}`),
    ...DRAFT_PROBLEM_CODES.map((code) => `csiRecord.problem.${code}`),
    ...CSI_NEEDS.map((need) => `csiRecord.need.${need}`),
    ...['done', 'current'].map((s) => `csiRecord.workflow.step.${s}`),
    // Finished statuses: those without an outgoing transition.
    ...CSI_STATUS_KEYS.filter((s) => nextStepOf(s, input0()) === null).map(
      (s) => `csiRecord.workflow.finished.${s}`,
    ),
    'manifest.csiRecord.title',
  ];

  function input0() {
    const result = recordInputOf(draftOf(EMPTY_CSI_RECORD, 'en-US'));
    if (!result.ok) throw new Error('invalid');
    return result.input;
  }

  it.each([
    ['German', germanMessages as Record<string, string>],
    ['English', englishMessages as Record<string, string>],
  ])('has every key built from a code in %s', (_language, messages) => {
    expect(built.filter((key) => messages[key] === undefined)).toEqual([]);
  });

  it('uses real German', () => {
    const german = germanMessages as Record<string, string>;
    expect(german['manifest.csiRecord.title']).toBe('Verbesserungsnachweis (CSI)');
    expect(german['csiRecord.source.customer-feedback']).toBe('Kundenrückmeldung');
  });
});
