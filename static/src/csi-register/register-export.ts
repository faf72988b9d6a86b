/**
 * The CSV export of the CSI register for audits, built in the browser from the loaded view (no extra resolver
 * call): the domain's audit CSV (`src/domain/csi/register-csv.ts`, the only CSV of the register) over the items
 * the page shows, with every field of their records and the names of the people the records name.
 *
 * Format (see there): every field quoted, CRLF, a UTF-8 byte order mark so Excel reads umlauts; German gets `;` and
 * a decimal comma, English `,` and a decimal point; dates ISO 8601 (instants in UTC); formula-like text defused.
 */
import type { CsiRegisterItemView, CsiRegisterView } from '../../../src/contract/csi';
import {
  CSI_CSV_COLUMNS,
  CSI_SOURCES,
  buildCsiRegisterCsv,
  type CsiCsvColumn,
  type CsiCsvTexts,
  type CsiDecisionOutcome,
  type CsiSource,
} from '../../../src/contract/csi-rules';
import type { UiI18n } from '../i18n/load';
import { localDateOf } from './register-model';

const OUTCOMES: readonly CsiDecisionOutcome[] = ['approved', 'rejected', 'deferred'];

/**
 * The CSV's words in the UI language, from the locale files: headers (`csiRegister.csv.<column>`) and the same
 * source and decision names the register page shows (`csiRegister.source.*`, `csiRegister.decision.*`).
 */
export function csiCsvTextsOf(t: UiI18n['t']): CsiCsvTexts {
  return {
    headers: Object.fromEntries(CSI_CSV_COLUMNS.map((c) => [c, t(`csiRegister.csv.${c}`)])) as Record<
      CsiCsvColumn,
      string
    >,
    sources: Object.fromEntries(CSI_SOURCES.map((s) => [s, t(`csiRegister.source.${s}`)])) as Record<
      CsiSource,
      string
    >,
    outcomes: Object.fromEntries(OUTCOMES.map((o) => [o, t(`csiRegister.decision.${o}`)])) as Record<
      CsiDecisionOutcome,
      string
    >,
    yes: t('csiRegister.csv.yes'),
    no: t('csiRegister.csv.no'),
  };
}

/**
 * The CSV text (with BOM) of `items` (default: all of `view.items`) in the UI language: headers and labels in
 * German or English, names from `view.people`. The rank is the item's place in the whole register, also when
 * `items` is a filtered subset.
 * @example registerCsvOf(view, germanUi).startsWith('\uFEFF"Rang";"Schlüssel";') // true
 */
export function registerCsvOf(
  view: CsiRegisterView,
  i18n: Pick<UiI18n, 'language' | 't'>,
  items: readonly CsiRegisterItemView[] = view.items,
): string {
  const names = new Map(view.people.map((p) => [p.accountId, p.displayName]));
  return buildCsiRegisterCsv(items, i18n.language, csiCsvTextsOf(i18n.t), names, view.items);
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
