/**
 * CSV export of the project page's per-issue table, built in the browser (no extra resolver call).
 *
 * Written by the app's one CSV writer (`src/contract/csv.ts`): RFC 4180 with CRLF, fields quoted where needed,
 * a UTF-8 byte order mark first so Excel opens umlauts correctly; German `;` and a decimal comma, English `,` and
 * a decimal point. Dates are `YYYY-MM-DD HH:mm` in the project's time zone. Formula-like text is defused.
 */
import {
  csvDialectOf,
  csvDocument,
  csvField as dialectField,
  csvNumber,
  csvRow,
  defuseFormula,
} from '../../../src/contract/csv';
import { ISSUE_ROW, type ProjectFlowView } from '../../../src/contract/project-flow';
import type { UiLanguage } from '../i18n/translator';
import { downloadText } from '../platform/download';

export interface CsvHeaders {
  readonly key: string;
  readonly summary: string;
  readonly type: string;
  readonly stage: string;
  readonly created: string;
  readonly started: string;
  readonly done: string;
  readonly cycleTimeDays: string;
  readonly leadTimeDays: string;
  readonly flowEfficiency: string;
  readonly blockedDays: string;
  readonly warnings: string;
}

/** One field, quoted when it has to be (RFC 4180 §2.6–2.7). */
export function csvField(value: string, separator: ',' | ';'): string {
  return dialectField(value, { separator, decimalComma: separator === ';', quoteAll: false });
}

function localDateTime(ms: number | null, timeZone: string): string {
  if (ms === null) return '';
  // sv-SE formats as `YYYY-MM-DD HH:mm`, the unambiguous form spreadsheets recognise.
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(ms);
}

/**
 * The CSV text (with BOM) of `view.issues`: one row per issue, columns in `headers` order.
 * @example issuesCsv(view, 'de', headers).startsWith('\uFEFFSchlüssel;') // true
 */
export function issuesCsv(view: ProjectFlowView, language: UiLanguage, headers: CsvHeaders): string {
  const dialect = csvDialectOf(language);
  const timeZone = view.settings.timeZone;
  const rows: string[] = [
    csvRow(
      [
        headers.key,
        headers.summary,
        headers.type,
        headers.stage,
        headers.created,
        headers.started,
        headers.done,
        headers.cycleTimeDays,
        headers.leadTimeDays,
        headers.flowEfficiency,
        headers.blockedDays,
        headers.warnings,
      ],
      dialect,
    ),
  ];
  for (const row of view.issues.rows) {
    const stage = view.settings.stages[row[ISSUE_ROW.stageIndex]]?.name ?? '';
    const efficiency = row[ISSUE_ROW.flowEfficiency];
    const cells = [
      defuseFormula(row[ISSUE_ROW.key]),
      defuseFormula(row[ISSUE_ROW.summary]),
      defuseFormula(view.issues.types[row[ISSUE_ROW.typeIndex]] ?? ''),
      defuseFormula(stage),
      localDateTime(row[ISSUE_ROW.createdMs], timeZone),
      localDateTime(row[ISSUE_ROW.startMs], timeZone),
      localDateTime(row[ISSUE_ROW.doneMs], timeZone),
      csvNumber(row[ISSUE_ROW.cycleTimeDays], dialect, 2),
      csvNumber(row[ISSUE_ROW.leadTimeDays], dialect, 2),
      csvNumber(efficiency === null ? null : efficiency * 100, dialect, 1),
      csvNumber(row[ISSUE_ROW.blockedDays], dialect, 2),
      String(row[ISSUE_ROW.warningCount]),
    ];
    rows.push(csvRow(cells, dialect));
  }
  return csvDocument(rows, { bom: true });
}

/** Offers `csv` as a file download (Blob + temporary link; no server round trip). */
export function downloadCsv(csv: string, fileName: string): void {
  downloadText(csv, fileName, 'text/csv;charset=utf-8');
}
