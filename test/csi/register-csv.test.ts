/** The audit CSV: BOM, separators, decimal comma, quoting, formula protection, rank, all record fields. */
import type { CsiRegisterItemView } from '../../src/contract/csi';
import { EMPTY_CSI_RECORD, type CsiRecord } from '../../src/domain/csi/record-types';
import { buildCsiRegisterCsv, CSI_CSV_COLUMNS } from '../../src/domain/csi/register-csv';
import { csiCsvTextsOf } from '../../static/src/csi-register/register-export';
import { englishUi, germanUi } from '../ui/support/ui-i18n';

/** The CSV's words as the register page passes them (from the locale files). */
const TEXTS = { de: csiCsvTextsOf(germanUi.t), en: csiCsvTextsOf(englishUi.t) };
const CSI_CSV_HEADERS = {
  de: CSI_CSV_COLUMNS.map((c) => TEXTS.de.headers[c]),
  en: CSI_CSV_COLUMNS.map((c) => TEXTS.en.headers[c]),
};

const record: CsiRecord = {
  ...EMPTY_CSI_RECORD,
  source: 'customer-feedback',
  sourceDetail: 'Umfrage "Q1"; Freitext',
  service: 'Service Desk',
  ownerAccountId: 'acc-sabine',
  evaluation: {
    ratings: { benefit: 5, urgency: 4, effort: 3, risk: 2 },
    evaluatedByAccountId: 'acc-claudia',
    evaluatedOn: '2026-02-12',
  },
  score: 8.2,
  decision: {
    outcome: 'approved',
    deciderAccountId: 'acc-claudia',
    decidedOn: '2026-02-26',
    rationale: 'Hebel',
  },
  baseline: { name: 'Tickets/Woche', value: 12.5, unit: 'Tickets', measuredOn: '2026-01-05' },
  target: { value: -5, targetDate: '2026-06-30' },
  result: null,
  lessonsLearned: '=SUMME(A1)\nzweite Zeile',
  nextReviewOn: '2026-03-12',
  feedbackIssueKeys: ['HD-1', 'HD-2'],
  updatedAt: '2026-02-26T13:10:00.000Z',
  updatedByAccountId: 'acc-claudia',
};

const item: CsiRegisterItemView = {
  issueKey: 'CSI-3',
  mirrorMismatch: false,
  summary: 'Self-Service-Passwortrücksetzung einführen',
  statusName: 'Genehmigt',
  statusKey: 'approved',
  createdAt: '2026-01-05T08:00:00.000Z',
  updatedAt: '2026-02-26T13:10:00.000Z',
  source: 'customer-feedback',
  service: 'Service Desk',
  owner: { accountId: 'acc-sabine', displayName: 'Sabine Hoffmann' },
  score: 8.2,
  decision: record.decision,
  targetDate: '2026-06-30',
  nextReviewOn: '2026-03-12',
  hasBaselineAndTarget: true,
  hasResult: false,
  overdue: false,
  stuckDays: null,
  daysInStatus: 4,
  feedbackIssueCount: 2,
  record,
  loop: { feedbackIn: 2, decided: true, done: false, told: 0, effect: 'none' },
};

const people = new Map([
  ['acc-sabine', 'Sabine Hoffmann'],
  ['acc-claudia', 'Claudia Neumann'],
]);

/** Splits the CSV (without BOM) into rows of fields; fields are all quoted. */
function parse(csv: string, separator: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let i = 0;
  while (i < csv.length) {
    expect(csv[i]).toBe('"');
    let value = '';
    i++;
    for (;;) {
      if (csv[i] === '"' && csv[i + 1] === '"') {
        value += '"';
        i += 2;
      } else if (csv[i] === '"') {
        i++;
        break;
      } else {
        value += csv[i] ?? '';
        i++;
      }
    }
    row.push(value);
    if (csv[i] === separator) i++;
    else if (csv.startsWith('\r\n', i)) {
      rows.push(row);
      row = [];
      i += 2;
    }
  }
  return rows;
}

describe('buildCsiRegisterCsv', () => {
  it('writes German with BOM, semicolons, decimal commas and every field quoted', () => {
    const csv = buildCsiRegisterCsv([item], 'de', TEXTS.de, people);
    expect(csv.startsWith('\uFEFF"Rang";"Schlüssel";"Zusammenfassung";"Status"')).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    const [header, row] = parse(csv.slice(1), ';');
    expect(header).toEqual(CSI_CSV_HEADERS.de);
    const cell = (name: string): string => row?.[CSI_CSV_HEADERS.de.indexOf(name)] ?? 'missing';
    expect(row).toHaveLength(CSI_CSV_HEADERS.de.length);
    expect(cell('Punktzahl')).toBe('8,2');
    expect(cell('Baseline-Wert')).toBe('12,5');
    expect(cell('Zielwert')).toBe('-5');
    // The page's name of the source (one name per concept), not a CSV-only one.
    expect(cell('Quelle')).toBe('Kundenrückmeldung');
    expect(cell('Quellenangabe')).toBe('Umfrage "Q1"; Freitext');
    expect(cell('Verantwortlich für die Verbesserung')).toBe('Sabine Hoffmann');
    expect(cell('Entschieden von')).toBe('Claudia Neumann');
    expect(cell('Entscheidung')).toBe('Genehmigt');
    expect(cell('Erkenntnisse (Lessons Learned)')).toBe("'=SUMME(A1)\nzweite Zeile");
    expect(cell('Feedback-Vorgänge')).toBe('HD-1 HD-2');
    expect(cell('Überfällig')).toBe('nein');
    expect(cell('Zieldatum')).toBe('2026-06-30');
    expect(cell('Erstellt')).toBe('2026-01-05T08:00:00.000Z');
    expect(cell('Nutzen')).toBe('5');
    expect(cell('Rang')).toBe('1');
    expect(cell('Bewertet von')).toBe('Claudia Neumann');
    expect(cell('Datensatz geändert von')).toBe('Claudia Neumann');
    expect(cell('Datensatz geändert am')).toBe('2026-02-26T13:10:00.000Z');
    // the quote inside the detail is doubled in the raw text
    expect(csv).toContain('"Umfrage ""Q1""; Freitext"');
  });

  it('writes English with commas and decimal points', () => {
    const csv = buildCsiRegisterCsv([item], 'en', TEXTS.en, people);
    const [header, row] = parse(csv.slice(1), ',');
    expect(header?.slice(0, 3)).toEqual(['Rank', 'Key', 'Summary']);
    const cell = (name: string): string => row?.[CSI_CSV_HEADERS.en.indexOf(name)] ?? 'missing';
    expect(cell('Score')).toBe('8.2');
    expect(cell('Baseline value')).toBe('12.5');
    expect(cell('Decision')).toBe('Approved');
    expect(cell('Overdue')).toBe('no');
  });

  it('ranks a filtered export by the place in the whole register and writes unknown people as ids', () => {
    const open: CsiRegisterItemView = {
      ...item,
      issueKey: 'CSI-7',
      summary: '+Anmeldung',
      record: { ...EMPTY_CSI_RECORD, ownerAccountId: 'acc-unknown', service: 'E-Mail' },
    };
    const closed: CsiRegisterItemView = { ...item, issueKey: 'CSI-1' };
    const register = [open, item, closed];
    const csv = buildCsiRegisterCsv([open, closed], 'en', TEXTS.en, people, register);
    const [header, first, second, ...rest] = parse(csv.slice(1), ',');
    expect(rest).toEqual([]);
    const col = (name: string): number => header?.indexOf(name) ?? -1;
    expect(first?.[col('Rank')]).toBe('1');
    expect(first?.[col('Key')]).toBe('CSI-7');
    expect(first?.[col('Summary')]).toBe("'+Anmeldung");
    expect(first?.[col('Improvement owner')]).toBe('acc-unknown');
    expect(first?.[col('Service/process')]).toBe('E-Mail');
    expect(first?.[col('Score')]).toBe('');
    expect(first?.[col('Baseline KPI')]).toBe('');
    expect(second?.[col('Rank')]).toBe('3');
    expect(second?.[col('Key')]).toBe('CSI-1');
    expect(second?.[col('Improvement owner')]).toBe('Sabine Hoffmann');
    expect(second?.[col('Evaluated by')]).toBe('Claudia Neumann');
    // Without a ranking the given order is the rank.
    const [, alone] = parse(buildCsiRegisterCsv([closed], 'en', TEXTS.en, people).slice(1), ',');
    expect(alone?.[col('Rank')]).toBe('1');
  });
});
