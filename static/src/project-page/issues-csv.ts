/**
 * CSV export of the project page's per-issue table, built in the browser (no extra resolver call).
 *
 * RFC 4180: CRLF line ends, fields with the separator, a quote or a line break in double quotes, quotes doubled.
 * A UTF-8 byte order mark first so Excel opens umlauts correctly. German Excel expects `;` as the separator and
 * a decimal comma; English gets `,` and a decimal point. Dates are `YYYY-MM-DD HH:mm` in the project's time zone.
 * Text cells that start with `=`, `+`, `-`, `@` (formula injection in spreadsheets) get a leading apostrophe.
 */
import { ISSUE_ROW, type ProjectFlowView } from '../../../src/contract/project-flow';
import type { UiLanguage } from '../i18n/translator';

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

/** The separator for a UI language: `;` for German (Excel's list separator there), `,` otherwise. */
export function csvSeparatorOf(language: UiLanguage): ';' | ',' {
  return language === 'de' ? ';' : ',';
}

/** One field, quoted when it has to be (RFC 4180 §2.6–2.7). */
export function csvField(value: string, separator: string): string {
  const needsQuotes = value.includes(separator) || /["\r\n]/.test(value);
  return needsQuotes ? `"${value.replace(/"/g, '""')}"` : value;
}

function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
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

function decimal(value: number | null, language: UiLanguage, digits: number): string {
  if (value === null) return '';
  const text = value.toFixed(digits);
  return language === 'de' ? text.replace('.', ',') : text;
}

/**
 * The CSV text (with BOM) of `view.issues`: one row per issue, columns in `headers` order.
 * @example issuesCsv(view, 'de', headers).startsWith('\uFEFFSchlüssel;') // true
 */
export function issuesCsv(view: ProjectFlowView, language: UiLanguage, headers: CsvHeaders): string {
  const separator = csvSeparatorOf(language);
  const timeZone = view.settings.timeZone;
  const lines: string[] = [
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
    ]
      .map((header) => csvField(header, separator))
      .join(separator),
  ];
  for (const row of view.issues.rows) {
    const stage = view.settings.stages[row[ISSUE_ROW.stageIndex]]?.name ?? '';
    const efficiency = row[ISSUE_ROW.flowEfficiency];
    const cells = [
      safeText(row[ISSUE_ROW.key]),
      safeText(row[ISSUE_ROW.summary]),
      safeText(view.issues.types[row[ISSUE_ROW.typeIndex]] ?? ''),
      safeText(stage),
      localDateTime(row[ISSUE_ROW.createdMs], timeZone),
      localDateTime(row[ISSUE_ROW.startMs], timeZone),
      localDateTime(row[ISSUE_ROW.doneMs], timeZone),
      decimal(row[ISSUE_ROW.cycleTimeDays], language, 2),
      decimal(row[ISSUE_ROW.leadTimeDays], language, 2),
      decimal(efficiency === null ? null : efficiency * 100, language, 1),
      decimal(row[ISSUE_ROW.blockedDays], language, 2),
      String(row[ISSUE_ROW.warningCount]),
    ];
    lines.push(cells.map((cell) => csvField(cell, separator)).join(separator));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

/** Offers `csv` as a file download (Blob + temporary link; no server round trip). */
export function downloadCsv(csv: string, fileName: string): void {
  const url = URL.createObjectURL(new Blob([csv], { type: 'text/csv;charset=utf-8' }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked after the click has been handled (the download has started by then).
  setTimeout(() => {
    URL.revokeObjectURL(url);
  }, 0);
}
