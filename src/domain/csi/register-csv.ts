/**
 * CSV export of the CSI register for audits: one row per improvement with its rank in the register and every
 * field of its record. The only CSV of the register: the register page's export delegates to it. Its words are
 * the locale files' (`csiRegister.csv.*`, `csiRegister.source.*`, `csiRegister.decision.*`).
 *
 * RFC 4180 with every field in double quotes (quotes doubled), CRLF line ends, a UTF-8 byte order mark first so
 * spreadsheet programs read umlauts correctly. German: `;` as separator and a decimal comma (what German Excel
 * expects); English: `,` and a decimal point. Dates stay ISO 8601: calendar days `YYYY-MM-DD`, instants
 * `YYYY-MM-DDTHH:mm:ss.sssZ` (UTC). Text cells that start with `=`, `+`, `-`, `@` get a leading apostrophe so a
 * spreadsheet does not run them as formulas.
 */
import type { CsiRegisterItemView } from './views';
import type { CsiDecisionOutcome, CsiKpiValue, CsiSource } from './record-types';
import type { CsiLanguage } from './transition-rules';
import { csvDialectOf, csvDocument, csvNumber, csvRow, defuseFormula, type CsvDialect } from '../shared/csv';

/** The columns in export order; their headers come with {@link CsiCsvTexts} (from `locales/`). */
export const CSI_CSV_COLUMNS = [
  'rank',
  'key',
  'summary',
  'status',
  'created',
  'updated',
  'source',
  'sourceDetail',
  'service',
  'owner',
  'benefit',
  'urgency',
  'effort',
  'risk',
  'evaluatedBy',
  'evaluatedOn',
  'score',
  'decision',
  'decider',
  'decidedOn',
  'rationale',
  'baselineKpi',
  'baselineValue',
  'baselineUnit',
  'baselineMeasuredOn',
  'targetValue',
  'targetDate',
  'resultKpi',
  'resultValue',
  'resultUnit',
  'resultMeasuredOn',
  'lessonsLearned',
  'nextReview',
  'keyResult',
  'feedbackIssues',
  'overdue',
  'stuckDays',
  'daysInStatus',
  'recordUpdatedAt',
  'recordUpdatedBy',
] as const;

export type CsiCsvColumn = (typeof CSI_CSV_COLUMNS)[number];

/**
 * The words of the CSV in the reader's language, from `locales/` (the same names the register page and the
 * record panel show): column headers, source and decision names, yes and no.
 */
export interface CsiCsvTexts {
  readonly headers: Readonly<Record<CsiCsvColumn, string>>;
  readonly sources: Readonly<Record<CsiSource, string>>;
  readonly outcomes: Readonly<Record<CsiDecisionOutcome, string>>;
  readonly yes: string;
  readonly no: string;
}

function name(accountId: string | null | undefined, people: ReadonlyMap<string, string>): string {
  if (accountId === null || accountId === undefined) return '';
  return people.get(accountId) ?? accountId;
}

function kpi(value: CsiKpiValue | null, dialect: CsvDialect): string[] {
  if (value === null) return ['', '', '', ''];
  return [
    defuseFormula(value.name),
    csvNumber(value.value, dialect),
    defuseFormula(value.unit),
    value.measuredOn,
  ];
}

/**
 * The CSV text (with BOM) of `items` in the given order, each with every field of its `record`.
 *
 * The first column is the rank: the item's place (1-based) in `ranking`, the whole register in its order, so a
 * filtered export keeps the ranks the register shows (empty for an item not in `ranking`). `people` gives display
 * names of account ids (owner, evaluator, decider, last editor); ids without a name are written as ids.
 * The words (headers, source and decision names, yes/no) come from `texts`, so the file names things as the page
 * does; the format is the app's one CSV writer's (`src/domain/shared/csv.ts`) with every field quoted.
 * @example buildCsiRegisterCsv(view.items, 'de', germanTexts, names).startsWith('\uFEFF"Rang";"Schlüssel";') // true
 */
export function buildCsiRegisterCsv(
  items: readonly CsiRegisterItemView[],
  language: CsiLanguage,
  texts: CsiCsvTexts,
  people: ReadonlyMap<string, string>,
  ranking: readonly CsiRegisterItemView[] = items,
): string {
  const dialect = csvDialectOf(language, { quoteAll: true });
  const num = (value: number | null | undefined): string => csvNumber(value, dialect);
  const rankOf = new Map(ranking.map((item, index) => [item.issueKey, index + 1]));
  const rows = [
    csvRow(
      CSI_CSV_COLUMNS.map((column) => texts.headers[column]),
      dialect,
    ),
  ];
  for (const item of items) {
    const { record } = item;
    const { decision, evaluation, source } = record;
    const rank = rankOf.get(item.issueKey);
    const cells: string[] = [
      rank === undefined ? '' : String(rank),
      item.issueKey,
      defuseFormula(item.summary),
      defuseFormula(item.statusName),
      item.createdAt,
      item.updatedAt,
      source === null ? '' : texts.sources[source],
      defuseFormula(record.sourceDetail),
      defuseFormula(record.service),
      defuseFormula(name(record.ownerAccountId, people)),
      num(evaluation?.ratings.benefit),
      num(evaluation?.ratings.urgency),
      num(evaluation?.ratings.effort),
      num(evaluation?.ratings.risk),
      defuseFormula(name(evaluation?.evaluatedByAccountId, people)),
      evaluation?.evaluatedOn ?? '',
      num(record.score),
      decision === null ? '' : texts.outcomes[decision.outcome],
      defuseFormula(name(decision?.deciderAccountId, people)),
      decision?.decidedOn ?? '',
      defuseFormula(decision?.rationale ?? ''),
      ...kpi(record.baseline, dialect),
      num(record.target?.value),
      record.target?.targetDate ?? '',
      ...kpi(record.result, dialect),
      defuseFormula(record.lessonsLearned),
      record.nextReviewOn ?? '',
      defuseFormula(record.keyResultId ?? ''),
      record.feedbackIssueKeys.join(' '),
      item.overdue ? texts.yes : texts.no,
      num(item.stuckDays),
      num(item.daysInStatus),
      record.updatedAt ?? '',
      defuseFormula(name(record.updatedByAccountId, people)),
    ];
    rows.push(csvRow(cells, dialect));
  }
  return csvDocument(rows, { bom: true });
}
