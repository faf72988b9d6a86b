/**
 * The CSV export of the CSI register for audits, built in the browser from the loaded view (no extra resolver
 * call): the domain's audit CSV (`src/domain/csi/register-csv.ts`, the only CSV of the register) over the items
 * the page shows, with every field of their records and the names of the people the records name.
 *
 * Format (see there): every field quoted, CRLF, a UTF-8 byte order mark so Excel reads umlauts; German gets `;` and
 * a decimal comma, English `,` and a decimal point; dates ISO 8601 (instants in UTC); formula-like text defused.
 */
import type { CsiRegisterItemView, CsiRegisterView } from '../../../src/contract/csi';
import { buildCsiRegisterCsv } from '../../../src/contract/csi-rules';
import type { UiI18n } from '../i18n/load';
import { localDateOf } from './register-model';

/**
 * The CSV text (with BOM) of `items` (default: all of `view.items`) in the UI language: headers and labels in
 * German or English, names from `view.people`. The rank is the item's place in the whole register, also when
 * `items` is a filtered subset.
 * @example registerCsvOf(view, germanUi).startsWith('\uFEFF"Rang";"Schlüssel";') // true
 */
export function registerCsvOf(
  view: CsiRegisterView,
  i18n: Pick<UiI18n, 'language'>,
  items: readonly CsiRegisterItemView[] = view.items,
): string {
  const names = new Map(view.people.map((p) => [p.accountId, p.displayName]));
  return buildCsiRegisterCsv(items, i18n.language, names, view.items);
}

/** The export file's name: `csi-register-<KEY>-<YYYY-MM-DD of the register's date>.csv`. */
export function registerCsvFileName(view: CsiRegisterView): string {
  return `csi-register-${view.projectKey}-${localDateOf(view.asOf, view.timeZone)}.csv`;
}

/** Builds the CSV of the shown items and offers it through `download` (the browser's Blob download in Jira). */
export function exportRegister(
  view: CsiRegisterView,
  shown: readonly CsiRegisterItemView[],
  i18n: Pick<UiI18n, 'language' | 't'>,
  download: (csv: string, fileName: string) => void,
): void {
  download(registerCsvOf(view, i18n, shown), registerCsvFileName(view));
}
