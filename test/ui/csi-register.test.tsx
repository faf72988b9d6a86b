/**
 * The CSI register page (`static/src/csi-register`): ranking, client-side filters with counts, the overdue and
 * stuck control, the flow and capability sections, the CSV export and the empty, not-set-up, loading and error
 * states, rendered to HTML in German and English (no browser). Four hand-made improvements; every expected value
 * is worked out in the comments.
 */
import germanMessages from '../../locales/de-DE.json';
import englishMessages from '../../locales/en-US.json';
import type { CsiRegisterItemView, CsiRegisterView } from '../../src/contract/csi';
import { CSI_ERROR_CODES } from '../../src/contract/csi';
import { CSI_SOURCES } from '../../src/domain/csi/record-types';
import { CSI_CSV_COLUMNS } from '../../src/domain/csi/register-csv';
import { type RegisterPageState } from '../../static/src/csi-register/csi-register-page';
import { exportRegister, registerCsvOf } from '../../static/src/csi-register/register-export';
import {
  ALL,
  NONE,
  NO_FILTERS,
  applyFilters,
  barPercent,
  countWithout,
  filterOptions,
  localDateOf,
  overdueReasons,
  type RegisterFilters,
} from '../../static/src/csi-register/register-model';
import type { UiI18n } from '../../static/src/i18n/load';
import { englishUi, germanUi } from './support/ui-i18n';
import { htmlText } from './support/html-text';
import { registerMarkup } from './support/csi-render';
import { anna, ben, registerItem as item } from './support/csi-register-items';

/** The CSV's column headers in both languages, from the locale files. */
const CSI_CSV_HEADERS = {
  de: CSI_CSV_COLUMNS.map((c) => germanUi.t(`csiRegister.csv.${c}`)),
  en: CSI_CSV_COLUMNS.map((c) => englishUi.t(`csiRegister.csv.${c}`)),
};

/** Named only as evaluator and last editor: the CSV knows her name from `view.people`. */
const carla = { accountId: 'acc-carla', displayName: 'Carla Dietz' };

/**
 * Ranked as the server ranks: open by score (8.5, 6.2), the unevaluated open one last among open, then the closed.
 * Today in Berlin is 2026-03-10: MAIL-7's target date 2026-03-01 has passed, MAIL-9's review date 2026-03-05 too.
 */
const items: readonly CsiRegisterItemView[] = [
  item(
    {
      issueKey: 'MAIL-7',
      summary: 'Anmeldung schneller; "SSO" prüfen',
      statusName: 'Genehmigt',
      statusKey: 'approved',
      source: 'audit',
      service: 'E-Mail-Service',
      owner: anna,
      score: 8.5,
      decision: {
        outcome: 'approved',
        deciderAccountId: 'acc-ben',
        decidedOn: '2026-01-20',
        rationale: 'ok',
      },
      targetDate: '2026-03-01',
      hasBaselineAndTarget: true,
      overdue: true,
      stuckDays: 45,
      daysInStatus: 45.5,
      feedbackIssueCount: 2,
    },
    {
      sourceDetail: 'Audit 2026/1, Feststellung 4',
      evaluation: {
        ratings: { benefit: 5, urgency: 4, effort: 2, risk: 2 },
        evaluatedByAccountId: 'acc-carla',
        evaluatedOn: '2026-01-15',
      },
      baseline: { name: 'Anmeldedauer p85', value: 12.5, unit: 's', measuredOn: '2026-01-10' },
      target: { value: 4.5, targetDate: '2026-03-01' },
      updatedAt: '2026-01-20T10:00:00.000Z',
      updatedByAccountId: 'acc-carla',
    },
  ),
  item({
    issueKey: 'MAIL-3',
    summary: 'Kundenzufriedenheit erhöhen',
    statusName: 'Bewertet',
    statusKey: 'assessed',
    source: 'customer-feedback',
    service: 'Service Desk',
    owner: ben,
    score: 6.2,
    targetDate: '2026-06-30',
  }),
  item({ issueKey: 'MAIL-9', summary: '=HYPERLINK("x")', nextReviewOn: '2026-03-05', overdue: true }),
  item(
    {
      issueKey: 'MAIL-1',
      summary: 'Fehlgeschlagene Anmeldungen −15 %',
      statusName: 'Abgeschlossen',
      statusKey: 'closed',
      source: 'measurement',
      service: 'E-Mail-Service',
      owner: anna,
      score: 7,
      hasBaselineAndTarget: true,
      hasResult: true,
    },
    {
      baseline: { name: 'Fehlanmeldungen/Woche', value: 40, unit: '', measuredOn: '2025-11-03' },
      target: { value: 34, targetDate: '2026-02-01' },
      result: { name: 'Fehlanmeldungen/Woche', value: 33.5, unit: '', measuredOn: '2026-02-02' },
      lessonsLearned: 'Sperrfrist kürzer',
    },
  ),
];

const view: CsiRegisterView = {
  projectKey: 'MAIL',
  projectName: 'E-Mail-Service',
  csiSetUp: true,
  asOf: '2026-03-10T09:00:00.000Z',
  timeZone: 'Europe/Berlin',
  stuckAfterDays: 30,
  audits: { year: 2026, planned: 0, done: 0, cancelled: 0, overdue: 0, findings: 0, findingsRegistered: 0 },
  items,
  people: [anna, ben, carla],
  capability: {
    level: 1,
    evidence: [
      { id: 'with-source', count: 3, total: 4, share: 0.75, level: 1, met: true },
      { id: 'with-source', count: 3, total: 4, share: 0.75, level: 2, met: false },
      { id: 'evaluated', count: 3, total: 3, share: 1, level: 2, met: true },
      { id: 'decision-recorded', count: 1, total: 2, share: 0.5, level: 2, met: true },
      { id: 'effect-verified', count: 1, total: 1, share: 1, level: 3, met: true },
      { id: 'with-owner', count: 3, total: 4, share: 0.75, level: 3, met: false },
    ],
    missingForNext: ['with-source'],
  },
  flow: {
    byStatus: [
      { statusKey: 'identified', statusName: 'Erfasst', count: 1 },
      { statusKey: 'assessed', statusName: 'Bewertet', count: 1 },
      { statusKey: 'approved', statusName: 'Genehmigt', count: 1 },
      { statusKey: 'closed', statusName: 'Abgeschlossen', count: 1 },
      { statusKey: 'rejected', statusName: 'Abgelehnt', count: 0 },
    ],
    leadTimeDays: { p50: 12.5, p85: 30, count: 1 },
    avgDaysInStatus: [
      { statusKey: 'identified', days: 4 },
      { statusKey: 'approved', days: 22.25 },
    ],
  },
};

const render = (
  state: RegisterPageState,
  filters: RegisterFilters = NO_FILTERS,
  i18n: UiI18n = germanUi,
): string => registerMarkup(state, { filters, i18n });

/** The issue keys of the register table's rows, in order. */
const tableKeys = (html: string): string[] => {
  const table = /<table class="data-table register-table".*?<\/table>/.exec(html)?.[0] ?? '';
  return [...table.matchAll(/<tr data-key="([^"]+)"/g)].map((m) => m[1] ?? '');
};

describe('register filters', () => {
  it('narrows by source, service, status and owner, keeping the ranking order', () => {
    expect(applyFilters(items, { ...NO_FILTERS, source: 'audit' }).map((i) => i.issueKey)).toEqual([
      'MAIL-7',
    ]);
    expect(applyFilters(items, { ...NO_FILTERS, owner: 'acc-anna' }).map((i) => i.issueKey)).toEqual([
      'MAIL-7',
      'MAIL-1',
    ]);
    expect(
      applyFilters(items, {
        ...NO_FILTERS,
        owner: 'acc-anna',
        service: 'E-Mail-Service',
        status: 'Abgeschlossen',
      }).map((i) => i.issueKey),
    ).toEqual(['MAIL-1']);
    // Items without a value are found through the "none" option.
    expect(applyFilters(items, { ...NO_FILTERS, owner: NONE }).map((i) => i.issueKey)).toEqual(['MAIL-9']);
    expect(applyFilters(items, { ...NO_FILTERS, service: NONE }).map((i) => i.issueKey)).toEqual(['MAIL-9']);
  });

  it('counts each option among the items the other filters let through', () => {
    const annas: RegisterFilters = { ...NO_FILTERS, owner: 'acc-anna' };
    // Anna owns MAIL-7 (audit) and MAIL-1 (measurement): sources in CSI_SOURCES order, "none" last.
    expect(filterOptions(items, annas, 'source')).toEqual([
      { value: 'audit', text: 'audit', count: 1 },
      { value: 'measurement', text: 'measurement', count: 1 },
      { value: 'customer-feedback', text: 'customer-feedback', count: 0 },
      { value: NONE, text: '', count: 0 },
    ]);
    // The owner filter's own counts ignore the owner choice.
    expect(filterOptions(items, annas, 'owner')).toEqual([
      { value: 'acc-anna', text: 'Anna Berger', count: 2 },
      { value: 'acc-ben', text: 'Ben Çelik', count: 1 },
      { value: NONE, text: '', count: 1 },
    ]);
    // Statuses in workflow order.
    expect(filterOptions(items, NO_FILTERS, 'status').map((o) => o.value)).toEqual([
      'Erfasst',
      'Bewertet',
      'Genehmigt',
      'Abgeschlossen',
    ]);
    expect(countWithout(items, annas, 'source')).toBe(2);
    expect(countWithout(items, annas, 'owner')).toBe(4);
    expect(ALL).toBe('');
  });

  it('renders the filters as labelled selects with counts; a chosen filter narrows the table', () => {
    const html = render({ phase: 'loaded', view }, { ...NO_FILTERS, owner: 'acc-anna' });
    for (const [dimension, label] of [
      ['source', 'Quelle'],
      ['service', 'Service'],
      ['status', 'Status'],
      ['owner', 'Verantwortlich'],
    ] as const) {
      expect(html).toContain(
        `<label for="csi-filter-${dimension}">${label}</label><select id="csi-filter-${dimension}">`,
      );
    }
    expect(html).toContain('<option value="acc-anna" selected="">Anna Berger (2)</option>');
    expect(html).toContain('<option value="audit">Audit (1)</option>');
    expect(html).toContain('<option value="" selected="">Alle (2)</option>'); // source: Anna's two
    expect(tableKeys(html)).toEqual(['MAIL-7', 'MAIL-1']);
    expect(htmlText(html)).toContain('2 von 4 Verbesserungen angezeigt');
    expect(html).toContain('<button type="button">Filter zurücksetzen</button>');

    const none = render({ phase: 'loaded', view }, { ...NO_FILTERS, source: 'audit', status: 'Bewertet' });
    expect(tableKeys(none)).toEqual([]);
    expect(htmlText(none)).toContain('Keine Verbesserung passt zu den gewählten Filtern.');
  });
});

describe('CsiRegisterContent', () => {
  it('shows the improvements ranked by score with key links, score, source, owner and target date (German)', () => {
    const html = render({ phase: 'loaded', view });
    expect(tableKeys(html)).toEqual(['MAIL-7', 'MAIL-3', 'MAIL-9', 'MAIL-1']);
    expect(html).toContain('<a href="/browse/MAIL-7" class="issue-key">MAIL-7</a>');
    const row = /<tr data-key="MAIL-7">.*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(htmlText(row)).toBe(
      '1 MAIL-7 Anmeldung schneller; "SSO" prüfen Genehmigt 8,5 Audit E-Mail-Service Anna Berger 01.03.2026 ' +
        'Überfällig Festgefahren: 45 Tage ' +
        // The feedback loop (issue 11): a symbol and the words per step, and how many of the five are reached.
        '✓ Feedback eingegangen: 2 Feedback-Vorgänge ✓ Entschieden: ja ○ Umgesetzt: noch nicht ' +
        '○ Leute informiert: 0 von 2 ○ Wirkung geprüft: keine Zielkennzahl 2/5',
    );
    const unevaluated = /<tr data-key="MAIL-9">.*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(htmlText(unevaluated)).toBe(
      '3 MAIL-9 =HYPERLINK("x") Erfasst nicht bewertet – – – – Überfällig ○ Feedback eingegangen: 0 Feedback-Vorgänge ' +
        '○ Entschieden: noch nicht ○ Umgesetzt: noch nicht – Leute informiert: keine Feedback-Vorgänge zu informieren ' +
        '○ Wirkung geprüft: keine Zielkennzahl 0/5',
    );
    // The disabled reset button: no filter is active.
    expect(html).toContain('<button type="button" disabled="">Filter zurücksetzen</button>');
    expect(htmlText(html)).toContain('Stand 10.03.2026, 10:00 · 4 Verbesserungen');
  });

  it('marks an item whose issue property does not mirror the stored record (German and English)', () => {
    const mismatched = {
      ...view,
      items: view.items.map((i) => (i.issueKey === 'MAIL-1' ? { ...i, mirrorMismatch: true } : i)),
    };
    const html = render({ phase: 'loaded', view: mismatched });
    const row = /<tr data-key="MAIL-1">.*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(row).toContain('data-flag="mirror"');
    expect(htmlText(row)).toContain('Kopie weicht ab');
    const others = /<tr data-key="MAIL-7">.*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(others).not.toContain('data-flag="mirror"');
    const english = render({ phase: 'loaded', view: mismatched }, NO_FILTERS, englishUi);
    expect(htmlText(/<tr data-key="MAIL-1">.*?<\/tr>/.exec(english)?.[0] ?? '')).toContain('Copy differs');
  });

  it('shows the ranking in English with decimal points', () => {
    const html = render({ phase: 'loaded', view }, NO_FILTERS, englishUi);
    const row = /<tr data-key="MAIL-7">.*?<\/tr>/.exec(html)?.[0] ?? '';
    expect(htmlText(row)).toBe(
      '1 MAIL-7 Anmeldung schneller; "SSO" prüfen Genehmigt 8.5 Audit E-Mail-Service Anna Berger Mar 1, 2026 ' +
        'Overdue Stuck: 45 days ✓ Feedback in: 2 feedback issues ✓ Decided: yes ○ Done: not yet ' +
        '○ People told: 0 of 2 ○ Effect verified: no target metric 2/5',
    );
    expect(html).toContain('<label for="csi-filter-owner">Owner</label>');
    expect(html).toContain('>Export CSV</button>');
  });

  it('lists overdue and stuck improvements with the reason for each (PR14.3)', () => {
    const html = render({ phase: 'loaded', view });
    const section = /<section[^>]*data-testid="attention".*?<\/section>/.exec(html)?.[0] ?? '';
    const shown = htmlText(section);
    expect(shown).toContain('Überfällig und festgefahren');
    expect(shown).toContain('ohne Statuswechsel seit mehr als 30 Tagen');
    expect(shown).toContain(
      'MAIL-7 Anmeldung schneller; "SSO" prüfen (Genehmigt) Zieldatum 01.03.2026 ist verstrichen ' +
        'Seit 45 Tagen ohne Statuswechsel (Schwelle: 30 Tage) Verantwortlich: Anna Berger',
    );
    expect(shown).toContain(
      'MAIL-9 =HYPERLINK("x") (Erfasst) Überprüfung war am 05.03.2026 fällig Niemand ist als verantwortlich eingetragen',
    );
    expect(shown).not.toContain('MAIL-3');
    expect(overdueReasons(items[0] as CsiRegisterItemView, '2026-03-10')).toEqual([
      { kind: 'target', date: '2026-03-01' },
    ]);
    // Not overdue: no reasons even with a past date.
    expect(
      overdueReasons({ ...(items[1] as CsiRegisterItemView), targetDate: '2026-01-01' }, '2026-03-10'),
    ).toEqual([]);
  });

  it('shows the flow of improvements: items per status with bars, average days, lead time p50/p85', () => {
    const html = render({ phase: 'loaded', view });
    const section = /<section[^>]*data-testid="flow".*?<\/section>/.exec(html)?.[0] ?? '';
    expect(htmlText(section)).toContain(
      '(beendete Verbesserungen: 1): Median 12,5 Tage, 85. Perzentil 30,0 Tage.',
    );
    expect(htmlText(section)).toContain('Genehmigt 1 22,3');
    expect(htmlText(section)).toContain('Abgelehnt 0 –');
    expect(section.match(/style="width:100%"/g)).toHaveLength(4);
    expect(section).toContain('style="width:0%"');
    expect(barPercent(1, 3)).toBe(33.3);
    expect(barPercent(0, 0)).toBe(0);
  });

  it('shows the capability level with each evidence, met or not, and what level 2 lacks in plain language', () => {
    const html = render({ phase: 'loaded', view });
    const section = /<section[^>]*data-testid="capability".*?<\/section>/.exec(html)?.[0] ?? '';
    const shown = htmlText(section);
    expect(shown).toContain('Die Daten belegen Fähigkeitsgrad 1 von 3.');
    expect(shown).toContain('Stufe 1: Verbesserungen werden erfasst, aber ad hoc entschieden');
    expect(
      htmlText(/<tr data-evidence="with-source" data-level="2">.*?<\/tr>/.exec(section)?.[0] ?? ''),
    ).toBe('Mit erfasster Quelle 2 80\u00a0% 75\u00a0% (3 von 4) nicht erfüllt');
    expect(htmlText(/<tr data-evidence="evaluated" data-level="2">.*?<\/tr>/.exec(section)?.[0] ?? '')).toBe(
      'Einheitlich bewertet 2 80\u00a0% 100\u00a0% (3 von 3) erfüllt',
    );
    expect(shown).toContain(
      'Für Stufe 2 fehlt: Bei mindestens 80\u00a0% der Verbesserungen die Quelle erfassen (Audit, Assessment, ' +
        'Messung, Bericht, Kundenrückmeldung, Incident-/Problem-Trend oder Team-Retrospektive). Derzeit: 75\u00a0% (3 von 4).',
    );
    const english = htmlText(render({ phase: 'loaded', view }, NO_FILTERS, englishUi));
    expect(english).toContain('Missing for level 2: Record the source of at least 80% of the improvements');
    expect(english).toContain('Now: 75% (3 of 4).');
  });

  it('says level 3 needs nothing more once reached', () => {
    const top: CsiRegisterView = {
      ...view,
      capability: { ...view.capability, level: 3, missingForNext: [] },
    };
    const html = render({ phase: 'loaded', view: top });
    expect(htmlText(html)).toContain('Alle Nachweise bis Stufe 3 sind erfüllt.');
    expect(html).not.toContain('data-testid="capability-missing"');
  });

  it('points to "CSI einrichten" when CSI is not set up in the project', () => {
    const notSetUp: CsiRegisterView = { ...view, csiSetUp: false, items: [] };
    const html = render({ phase: 'loaded', view: notSetUp });
    expect(html).toContain('data-testid="not-set-up"');
    expect(htmlText(html)).toContain('CSI ist in diesem Projekt noch nicht eingerichtet');
    expect(htmlText(html)).toContain('Projekteinstellungen → »CSI einrichten«');
    expect(html).not.toContain('<table');
    expect(htmlText(render({ phase: 'loaded', view: notSetUp }, NO_FILTERS, englishUi))).toContain(
      'Project settings → "Set up CSI"',
    );
  });

  it('explains how to register the first improvement when there is none yet', () => {
    const empty: CsiRegisterView = { ...view, items: [] };
    const html = render({ phase: 'loaded', view: empty });
    expect(htmlText(html)).toContain('Noch keine Verbesserungen erfasst');
    expect(html).not.toContain('register-table');
    expect(html).toMatch(
      /<button type="button" data-testid="export-csv" disabled="">CSV exportieren<\/button>/,
    );
  });

  it('announces loading and shows errors with a retry where one can help', () => {
    expect(render({ phase: 'loading' })).toContain('aria-busy="true"');
    const busy = render({ phase: 'error', code: 'jira-unavailable', detail: 'HTTP 503' });
    expect(busy).toContain('role="alert"');
    expect(busy).toContain('>Erneut laden</button>');
    const forbidden = render(
      { phase: 'error', code: 'forbidden', detail: 'no BROWSE' },
      NO_FILTERS,
      englishUi,
    );
    expect(htmlText(forbidden)).toContain("You may not see this project's issues.");
    expect(forbidden).not.toContain('Load again</button>');
  });
});

describe('CSV export', () => {
  /** The cells of a CSV line whose fields are all quoted (no line breaks inside the fixture's fields). */
  const cellsOf = (line: string | undefined, separator: string): string[] =>
    [...(line ?? '').matchAll(new RegExp(`"((?:[^"]|"")*)"(?:${separator}|$)`, 'g'))].map((m) =>
      (m[1] ?? '').replace(/""/g, '"'),
    );

  it('offers the shown items as the German audit CSV: BOM, ";", decimal comma, ISO dates, every record field', () => {
    let file: { csv: string; name: string } | null = null;
    exportRegister(view, applyFilters(items, { ...NO_FILTERS, owner: 'acc-anna' }), germanUi, (csv, name) => {
      file = { csv, name };
    });
    expect(file).not.toBeNull();
    const { csv, name } = file as unknown as { csv: string; name: string };
    expect(name).toBe('csi-register-MAIL-2026-03-10.csv');
    expect(
      csv.startsWith('\uFEFF"Rang";"Schlüssel";"Zusammenfassung";"Status";"Erstellt";"Aktualisiert";'),
    ).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(4); // header, MAIL-7, MAIL-1, empty after the final CRLF
    expect(cellsOf(lines[0], ';')).toEqual(CSI_CSV_HEADERS.de);
    // MAIL-7 in full: rank 1; the summary's quotes doubled inside quotes (raw text checked below); instants in UTC;
    // Carla (evaluator, last editor) and Ben (decider) by name from view.people; 12,5 and 45,5 with decimal comma.
    expect(cellsOf(lines[1], ';')).toEqual([
      '1',
      'MAIL-7',
      'Anmeldung schneller; "SSO" prüfen',
      'Genehmigt',
      '2026-01-05T08:00:00.000Z',
      '2026-03-01T08:00:00.000Z',
      'Audit',
      'Audit 2026/1, Feststellung 4',
      'E-Mail-Service',
      'Anna Berger',
      '5',
      '4',
      '2',
      '2',
      'Carla Dietz',
      '2026-01-15',
      '8,5',
      'Genehmigt',
      'Ben Çelik',
      '2026-01-20',
      'ok',
      'Anmeldedauer p85',
      '12,5',
      's',
      '2026-01-10',
      '4,5',
      '2026-03-01',
      '',
      '',
      '',
      '',
      '',
      '',
      '',
      'HD-1 HD-2',
      'ja',
      '45',
      '45,5',
      '2026-01-20T10:00:00.000Z',
      'Carla Dietz',
    ]);
    expect(lines[1]).toContain(';"Anmeldung schneller; ""SSO"" prüfen";');
    // The rank is the place in the whole register (MAIL-1 is 4th) even in a filtered export; its result 33,5.
    const mail1 = cellsOf(lines[2], ';');
    const cell = (header: string): string | undefined => mail1[CSI_CSV_HEADERS.de.indexOf(header)];
    expect(mail1.slice(0, 4)).toEqual(['4', 'MAIL-1', 'Fehlgeschlagene Anmeldungen −15 %', 'Abgeschlossen']);
    expect(cell('Quelle')).toBe('Messung/Kennzahl');
    expect(cell('Ergebnis-Wert')).toBe('33,5');
    expect(cell('Erkenntnisse (Lessons Learned)')).toBe('Sperrfrist kürzer');
    expect(cell('Überfällig')).toBe('nein');
  });

  it('writes English CSV with "," and decimal points, and defuses formula-like text', () => {
    const csv = registerCsvOf(view, englishUi);
    const lines = csv.slice(1).split('\r\n');
    expect(lines).toHaveLength(6);
    expect(cellsOf(lines[0], ',')).toEqual(CSI_CSV_HEADERS.en);
    expect(lines[0]?.startsWith('"Rank","Key","Summary","Status","Created","Updated","Source",')).toBe(true);
    const row = (n: number): ((header: string) => string | undefined) => {
      const cells = cellsOf(lines[n], ',');
      return (header) => cells[CSI_CSV_HEADERS.en.indexOf(header)];
    };
    const mail7 = row(1);
    expect([mail7('Rank'), mail7('Key'), mail7('Score'), mail7('Baseline value')]).toEqual([
      '1',
      'MAIL-7',
      '8.5',
      '12.5',
    ]);
    expect([mail7('Decision'), mail7('Decided by'), mail7('Evaluated by')]).toEqual([
      'Approved',
      'Ben Çelik',
      'Carla Dietz',
    ]);
    expect(mail7('Days in status')).toBe('45.5');
    expect(mail7('Overdue')).toBe('yes');
    const mail9 = row(3);
    expect([mail9('Rank'), mail9('Key'), mail9('Summary'), mail9('Next review')]).toEqual([
      '3',
      'MAIL-9',
      `'=HYPERLINK("x")`,
      '2026-03-05',
    ]);
    expect(lines[3]).toContain(`,"'=HYPERLINK(""x"")",`);
  });
});

describe('localDateOf', () => {
  it("takes the calendar day in the register's time zone", () => {
    expect(localDateOf('2026-03-09T23:30:00Z', 'Europe/Berlin')).toBe('2026-03-10');
    expect(localDateOf('2026-03-09T23:30:00Z', 'UTC')).toBe('2026-03-09');
    expect(localDateOf('2026-03-09T23:30:00Z', 'Not/AZone')).toBe('2026-03-09');
  });
});

describe('strings of the register page', () => {
  const built = [
    ...CSI_ERROR_CODES.map((code) => `csiRegister.failure.${code}`),
    ...CSI_SOURCES.map((source) => `csiRegister.source.${source}`),
    ...['approved', 'rejected', 'deferred'].map((d) => `csiRegister.decision.${d}`),
    ...['source', 'service', 'status', 'owner'].flatMap((d) => [
      `csiRegister.filter.${d}`,
      `csiRegister.filter.none.${d}`,
    ]),
    ...[0, 1, 2, 3].map((level) => `csiRegister.capability.levelText.${String(level)}`),
    ...[
      'with-source',
      'evaluated',
      'decision-recorded',
      'with-owner',
      'with-actions',
      'reviewed-on-time',
      'effect-verified',
    ].flatMap((id) => [`csiRegister.evidence.${id}`, `csiRegister.missing.${id}`]),
    ...['target', 'review'].map((kind) => `csiRegister.attention.${kind}Passed`),
    'manifest.csiRegister.title',
    'manifest.csiSetup.title',
  ];

  it.each([
    ['de-DE', germanMessages as Record<string, string>],
    ['en-US', englishMessages as Record<string, string>],
  ])('%s has every key the page builds from codes', (_locale, messages) => {
    expect(built.filter((key) => typeof messages[key] !== 'string' || messages[key] === '')).toEqual([]);
  });
});
