/**
 * CSV export of the CSI register for audits: one row per improvement with its rank in the register and every
 * field of its record. The only CSV of the register: the register page's export delegates to it.
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

export const CSI_SOURCE_LABELS: Readonly<Record<CsiSource, Readonly<Record<CsiLanguage, string>>>> = {
  audit: { de: 'Audit', en: 'Audit' },
  assessment: { de: 'Assessment', en: 'Assessment' },
  measurement: { de: 'Messung/KPI', en: 'Measurement/KPI' },
  report: { de: 'Bericht', en: 'Report' },
  'customer-feedback': { de: 'Kundenfeedback', en: 'Customer feedback' },
  'incident-trend': { de: 'Störungs-/Problemtrend', en: 'Incident/problem trend' },
  retrospective: { de: 'Team-Retrospektive', en: 'Team retrospective' },
};

export const CSI_OUTCOME_LABELS: Readonly<Record<CsiDecisionOutcome, Readonly<Record<CsiLanguage, string>>>> =
  {
    approved: { de: 'genehmigt', en: 'approved' },
    rejected: { de: 'abgelehnt', en: 'rejected' },
    deferred: { de: 'zurückgestellt', en: 'deferred' },
  };

/** Column headers in export order. */
export const CSI_CSV_HEADERS: Readonly<Record<CsiLanguage, readonly string[]>> = {
  de: [
    'Rang',
    'Schlüssel',
    'Zusammenfassung',
    'Status',
    'Erstellt',
    'Aktualisiert',
    'Quelle',
    'Quelle (Details)',
    'Service/Prozess',
    'Verbesserungsverantwortlich',
    'Nutzen',
    'Dringlichkeit',
    'Aufwand',
    'Risiko',
    'Bewertet von',
    'Bewertet am',
    'Punktzahl',
    'Entscheidung',
    'Entscheider',
    'Entschieden am',
    'Begründung',
    'Baseline-KPI',
    'Baseline-Wert',
    'Baseline-Einheit',
    'Baseline gemessen am',
    'Zielwert',
    'Zieldatum',
    'Ergebnis-KPI',
    'Ergebnis-Wert',
    'Ergebnis-Einheit',
    'Ergebnis gemessen am',
    'Lessons learned',
    'Nächste Überprüfung',
    'Key Result',
    'Feedback-Vorgänge',
    'Überfällig',
    'Hängt seit (Tagen)',
    'Tage im Status',
    'Datensatz geändert am',
    'Datensatz geändert von',
  ],
  en: [
    'Rank',
    'Key',
    'Summary',
    'Status',
    'Created',
    'Updated',
    'Source',
    'Source detail',
    'Service/process',
    'Improvement owner',
    'Benefit',
    'Urgency',
    'Effort',
    'Risk',
    'Evaluated by',
    'Evaluated on',
    'Score',
    'Decision',
    'Decider',
    'Decided on',
    'Rationale',
    'Baseline KPI',
    'Baseline value',
    'Baseline unit',
    'Baseline measured on',
    'Target value',
    'Target date',
    'Result KPI',
    'Result value',
    'Result unit',
    'Result measured on',
    'Lessons learned',
    'Next review',
    'Key result',
    'Feedback issues',
    'Overdue',
    'Stuck for (days)',
    'Days in status',
    'Record updated at',
    'Record updated by',
  ],
};

/** The separator of a language: `;` for German, `,` for English. */
export function csiCsvSeparator(language: CsiLanguage): ';' | ',' {
  return language === 'de' ? ';' : ',';
}

/** A field in double quotes, inner quotes doubled. */
export function quoteCsvField(value: string): string {
  return `"${value.replace(/"/g, '""')}"`;
}

function safeText(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

function num(value: number | null | undefined, language: CsiLanguage): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return language === 'de' ? text.replace('.', ',') : text;
}

function name(accountId: string | null | undefined, people: ReadonlyMap<string, string>): string {
  if (accountId === null || accountId === undefined) return '';
  return people.get(accountId) ?? accountId;
}

function kpi(value: CsiKpiValue | null, language: CsiLanguage): string[] {
  if (value === null) return ['', '', '', ''];
  return [safeText(value.name), num(value.value, language), safeText(value.unit), value.measuredOn];
}

/**
 * The CSV text (with BOM) of `items` in the given order, each with every field of its `record`.
 *
 * The first column is the rank: the item's place (1-based) in `ranking`, the whole register in its order, so a
 * filtered export keeps the ranks the register shows (empty for an item not in `ranking`). `people` gives display
 * names of account ids (owner, evaluator, decider, last editor); ids without a name are written as ids.
 * @example buildCsiRegisterCsv(view.items, 'de', names).startsWith('\uFEFF"Rang";"Schlüssel";') // true
 */
export function buildCsiRegisterCsv(
  items: readonly CsiRegisterItemView[],
  language: CsiLanguage,
  people: ReadonlyMap<string, string>,
  ranking: readonly CsiRegisterItemView[] = items,
): string {
  const separator = csiCsvSeparator(language);
  const yesNo = (value: boolean): string =>
    value ? (language === 'de' ? 'ja' : 'yes') : language === 'de' ? 'nein' : 'no';
  const rankOf = new Map(ranking.map((item, index) => [item.issueKey, index + 1]));
  const lines = [CSI_CSV_HEADERS[language].map(quoteCsvField).join(separator)];
  for (const item of items) {
    const { record } = item;
    const { decision, evaluation, source } = record;
    const rank = rankOf.get(item.issueKey);
    const cells: string[] = [
      rank === undefined ? '' : String(rank),
      item.issueKey,
      safeText(item.summary),
      safeText(item.statusName),
      item.createdAt,
      item.updatedAt,
      source === null ? '' : CSI_SOURCE_LABELS[source][language],
      safeText(record.sourceDetail),
      safeText(record.service),
      safeText(name(record.ownerAccountId, people)),
      num(evaluation?.ratings.benefit, language),
      num(evaluation?.ratings.urgency, language),
      num(evaluation?.ratings.effort, language),
      num(evaluation?.ratings.risk, language),
      safeText(name(evaluation?.evaluatedByAccountId, people)),
      evaluation?.evaluatedOn ?? '',
      num(record.score, language),
      decision === null ? '' : CSI_OUTCOME_LABELS[decision.outcome][language],
      safeText(name(decision?.deciderAccountId, people)),
      decision?.decidedOn ?? '',
      safeText(decision?.rationale ?? ''),
      ...kpi(record.baseline, language),
      num(record.target?.value, language),
      record.target?.targetDate ?? '',
      ...kpi(record.result, language),
      safeText(record.lessonsLearned),
      record.nextReviewOn ?? '',
      safeText(record.keyResultId ?? ''),
      record.feedbackIssueKeys.join(' '),
      yesNo(item.overdue),
      num(item.stuckDays, language),
      num(item.daysInStatus, language),
      record.updatedAt ?? '',
      safeText(name(record.updatedByAccountId, people)),
    ];
    lines.push(cells.map(quoteCsvField).join(separator));
  }
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
