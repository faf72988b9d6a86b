import { parseArgs } from 'node:util';
import { startOfLocalDayMs, isValidTimeZone } from '../domain/flow/calendar';
import { computeFlowReport } from '../domain/flow/engine';
import { parseJiraInstant } from '../domain/flow/timestamps';
import type { FlowOptions, FlowReport, MetricsMode, StartPolicy, WorkflowMapping } from '../domain/flow/types';
import { CliError } from './cli-error';
import type { CliText } from './cli-text';
import { formatCsv } from './format-csv';
import { formatTable } from './format-table';
import { readIssuesFile, readMappingFile } from './read-input';

export type OutputFormat = 'json' | 'table' | 'csv';

export interface MetricsArgs {
  readonly input: string;
  readonly workflow: string | null;
  readonly format: OutputFormat;
  readonly options: FlowOptions;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string, text: CliText): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(text.badOption(`${option} "${value}" is not one of: ${allowed.join(', ')}.`));
}

function positiveInteger(value: string, option: string, text: CliText): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new CliError(text.badOption(`${option} "${value}" must be a whole number ≥ 1.`));
  return n;
}

/**
 * Parses `metrics` arguments (FLOW-METRICS.md §5). `nowMs` is the default `--as-of`.
 * @throws CliError with a message that names the bad option and what to do.
 */
export function parseMetricsArgs(argv: readonly string[], nowMs: number, text: CliText): MetricsArgs | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        input: { type: 'string' },
        workflow: { type: 'string' },
        mode: { type: 'string', default: 'canonical' },
        'start-policy': { type: 'string', default: 'first' },
        tz: { type: 'string', default: 'UTC' },
        'as-of': { type: 'string' },
        format: { type: 'string', default: 'json' },
        workdays: { type: 'string', default: '1,2,3,4,5' },
        holidays: { type: 'string', default: '' },
        'window-days': { type: 'string', default: '90' },
        seed: { type: 'string', default: '1' },
        site: { type: 'string' },
        jql: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new CliError(text.badOption(error instanceof Error ? error.message : String(error)));
  }
  const v = parsed.values;
  if (v.help === true) return 'help';
  if (v.site !== undefined || v.jql !== undefined) throw new CliError(text.siteNotYet);
  if (v.input === undefined) throw new CliError(text.badOption('--input FILE is required.'));
  const timeZone = v.tz ?? 'UTC';
  if (!isValidTimeZone(timeZone)) {
    throw new CliError(text.badOption(`--tz "${timeZone}" is not an IANA time zone (for example Europe/Berlin or UTC).`));
  }
  let asOfMs = nowMs;
  const asOf = v['as-of'];
  if (asOf !== undefined) {
    const instant = /^\d{4}-\d{2}-\d{2}$/.test(asOf) ? startOfLocalDayMs(asOf, timeZone) : parseJiraInstant(asOf);
    if (instant === null || !Number.isFinite(instant)) {
      throw new CliError(text.badOption(`--as-of "${asOf}" is not an ISO-8601 instant such as 2026-01-31T00:00:00Z.`));
    }
    asOfMs = instant;
  }
  const workingWeekdays = (v.workdays ?? '').split(',').filter((s) => s.trim() !== '').map(Number);
  if (workingWeekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    throw new CliError(text.badOption(`--workdays "${v.workdays ?? ''}" must list ISO weekday numbers 1 (Mon) … 7 (Sun).`));
  }
  const holidays = (v.holidays ?? '').split(',').map((s) => s.trim()).filter((s) => s !== '');
  const badHoliday = holidays.find((h) => !/^\d{4}-\d{2}-\d{2}$/.test(h));
  if (badHoliday !== undefined) throw new CliError(text.badOption(`--holidays: "${badHoliday}" is not a date YYYY-MM-DD.`));

  return {
    input: v.input,
    workflow: v.workflow ?? null,
    format: oneOf(v.format ?? 'json', ['json', 'table', 'csv'] as const, '--format', text),
    options: {
      mode: oneOf<MetricsMode>(v.mode ?? 'canonical', ['canonical', 'jira-agile-metrics'], '--mode', text),
      startPolicy: oneOf<StartPolicy>(v['start-policy'] ?? 'first', ['first', 'last'], '--start-policy', text),
      timeZone,
      asOfMs,
      calendar: { timeZone, workingWeekdays, holidays },
      windowDays: positiveInteger(v['window-days'] ?? '90', '--window-days', text),
      seed: positiveInteger(v.seed ?? '1', '--seed', text),
    },
  };
}

/** Runs `metrics`: reads the files, computes the report, renders it in the chosen format. */
export function runMetrics(args: MetricsArgs, text: CliText): string {
  const issues = readIssuesFile(args.input, text);
  const mapping: WorkflowMapping | null = args.workflow === null ? null : readMappingFile(args.workflow, text);
  let report: FlowReport;
  try {
    report = computeFlowReport(issues, mapping === null ? args.options : { ...args.options, mapping });
  } catch (error) {
    if (error instanceof Error && (error.name === 'MappingError' || error.name === 'FlowOptionsError')) {
      throw new CliError(error.message);
    }
    throw error;
  }
  switch (args.format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'csv':
      return formatCsv(report);
    case 'table':
      return formatTable(report, text);
  }
}
