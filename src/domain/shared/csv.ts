/**
 * The one CSV writer of the app (CLI, project page, CSI register): pure, no I/O, one row at a time so a caller can
 * stream lines or join them.
 *
 * RFC 4180: CRLF after every row; a field holding the separator, a double quote or a line break is quoted (or every
 * field, where a dialect asks for it) with inner quotes doubled. German spreadsheets expect `;` and a decimal comma,
 * English ones `,` and a decimal point. An optional UTF-8 byte order mark lets Excel read umlauts. Text that starts
 * like a formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading apostrophe, so a summary or status named
 * `=HYPERLINK(…)` is shown as text instead of run when the file is opened (CSV injection).
 */

/** How a CSV is written. */
export interface CsvDialect {
  readonly separator: ',' | ';';
  /** Decimal comma (German) instead of a decimal point. */
  readonly decimalComma: boolean;
  /** Quote every field, not only those that need it. */
  readonly quoteAll: boolean;
}

/** A UTF-8 byte order mark, written first where spreadsheets should read the file as UTF-8. */
export const CSV_BOM = '\uFEFF';

/** The line end after every row. */
export const CSV_LINE_END = '\r\n';

/**
 * The dialect of a language: German `;` with a decimal comma (what German Excel expects), otherwise `,` with a
 * decimal point.
 * @example csvDialectOf('de').separator // ';'
 */
export function csvDialectOf(
  language: 'de' | 'en',
  options: { readonly quoteAll?: boolean } = {},
): CsvDialect {
  const german = language === 'de';
  return { separator: german ? ';' : ',', decimalComma: german, quoteAll: options.quoteAll ?? false };
}

/** The plain dialect for machines: `,`, decimal point, quotes only where needed (the command line's). */
export const MACHINE_CSV: CsvDialect = { separator: ',', decimalComma: false, quoteAll: false };

const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text a spreadsheet shows as text: one that starts like a formula gets a leading apostrophe.
 * @example defuseFormula('=1+1') // "'=1+1"
 */
export function defuseFormula(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/**
 * A number as the dialect writes it: `digits` fixed decimals when given, else as short as JavaScript writes it;
 * empty for no value.
 * @example csvNumber(2.5, csvDialectOf('de'), 2) // '2,50'
 */
export function csvNumber(value: number | null | undefined, dialect: CsvDialect, digits?: number): string {
  if (value === null || value === undefined) return '';
  const text = digits === undefined ? String(value) : value.toFixed(digits);
  return dialect.decimalComma ? text.replace('.', ',') : text;
}

/**
 * One field as written (the value itself is not changed, only quoted): in double quotes when the dialect quotes
 * all, or when it holds the separator, a quote or a line break.
 */
export function csvField(value: string, dialect: CsvDialect): string {
  const needsQuotes = dialect.quoteAll || value.includes(dialect.separator) || /["\r\n]/.test(value);
  return needsQuotes ? `"${value.replace(/"/g, '""')}"` : value;
}

/** A cell of {@link csvCell}: text (defused), a number (in the dialect) or nothing. */
export type CsvValue = string | number | null | undefined;

/** A value as a field's text: text defused ({@link defuseFormula}), numbers in the dialect, nothing as empty. */
export function csvCell(value: CsvValue, dialect: CsvDialect): string {
  if (typeof value === 'string') return defuseFormula(value);
  return csvNumber(value, dialect);
}

/**
 * One row: the fields (already as text: see {@link csvCell}, {@link csvNumber}, {@link defuseFormula}) quoted
 * where needed, joined by the separator, ended by CRLF.
 * @example csvRow(['a', 'b;c'], csvDialectOf('de')) // 'a;"b;c"\r\n'
 */
export function csvRow(fields: readonly string[], dialect: CsvDialect): string {
  return fields.map((field) => csvField(field, dialect)).join(dialect.separator) + CSV_LINE_END;
}

/** The whole text of `rows` (each from {@link csvRow}), after a byte order mark when asked. */
export function csvDocument(rows: Iterable<string>, options: { readonly bom: boolean }): string {
  let text = options.bom ? CSV_BOM : '';
  for (const row of rows) text += row;
  return text;
}
