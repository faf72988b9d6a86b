import type { FlowReport, IssueReport } from '../domain/flow/types';
import {
  MACHINE_CSV,
  csvCell,
  csvField as sharedCsvField,
  csvRow,
  defuseFormula,
  type CsvValue,
} from '../domain/shared/csv';

const MS_PER_DAY = 86_400_000;

/**
 * Text a spreadsheet shows as text (the one CSV writer's rule, `src/domain/shared/csv.ts`, as on the project page
 * and in the CSI register).
 */
export { defuseFormula };

/**
 * One CSV field (RFC 4180) of the machine dialect: quoted when it holds a quote, comma or line break. Text is
 * defused; numbers are written as they are, so a negative number stays a number.
 */
export function csvField(value: CsvValue): string {
  return sharedCsvField(csvCell(value, MACHINE_CSV), MACHINE_CSV);
}

const days = (ms: number | null | undefined): number | null =>
  ms === null || ms === undefined ? null : Math.round((ms / MS_PER_DAY) * 1000) / 1000;

/**
 * The per-issue table as CSV for spreadsheets, one line (CRLF-terminated) at a time: the header, then one row
 * per issue; durations in ms and in days (3 decimals), one `time in <status> (ms)` column per status in stage
 * order; compatibility mode adds the stage dates. Text cells are defused against formula injection.
 */
export function* csvLines(report: FlowReport): Generator<string> {
  const statuses = report.daily[0] ? Object.keys(report.daily[0].byStatus) : [];
  const extraStatuses = new Set<string>();
  for (const issue of report.issues)
    for (const s of Object.keys(issue.timeInStatusMs)) if (!statuses.includes(s)) extraStatuses.add(s);
  const allStatuses = [...statuses, ...extraStatuses];
  const compat = report.mode === 'jira-agile-metrics';
  const header = [
    'key',
    'issueType',
    'status',
    'stage',
    'created',
    'startAt',
    'doneAt',
    'leadTimeMs',
    'leadTimeDays',
    'cycleTimeMs',
    'cycleTimeDays',
    'cycleTimeCalendarDays',
    'cycleTimeWorkingDays',
    'flowEfficiency',
    'blockedMs',
    ...(compat
      ? [
          ...report.stages.map((s) => `stageDate ${s.name}`),
          'compatStartDate',
          'compatDoneDate',
          'compatCycleTimeDays',
        ]
      : []),
    ...allStatuses.map((s) => `timeInStatusMs ${s}`),
    'warnings',
  ];
  const row = (i: IssueReport): CsvValue[] => [
    i.key,
    i.issueType,
    i.status,
    i.stage,
    i.created,
    i.startAt,
    i.doneAt,
    i.leadTimeMs,
    days(i.leadTimeMs),
    i.cycleTimeMs,
    days(i.cycleTimeMs),
    i.cycleTimeCalendarDays,
    i.cycleTimeWorkingDays === null || i.cycleTimeWorkingDays === undefined
      ? null
      : Math.round(i.cycleTimeWorkingDays * 1000) / 1000,
    i.flowEfficiency === null ? null : Math.round(i.flowEfficiency * 10000) / 10000,
    i.blockedMs,
    ...(compat
      ? [
          ...report.stages.map((s) => i.stageDates?.[s.name] ?? null),
          i.startDate,
          i.doneDate,
          i.cycleTimeDays,
        ]
      : []),
    ...allStatuses.map((s) => i.timeInStatusMs[s] ?? 0),
    i.warnings.join(' '),
  ];
  const line = (cells: readonly CsvValue[]): string =>
    csvRow(
      cells.map((cell) => csvCell(cell, MACHINE_CSV)),
      MACHINE_CSV,
    );
  yield line(header);
  for (const issue of report.issues) yield line(row(issue));
}

/** The whole CSV as one string ({@link csvLines} joined); the command line streams the lines instead. */
export function formatCsv(report: FlowReport): string {
  return [...csvLines(report)].join('');
}
