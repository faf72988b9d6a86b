import { parseArgs } from 'node:util';
import { startOfLocalDayMs, isValidTimeZone } from '../domain/flow/calendar';
import { createFlowAccumulator } from '../domain/flow/engine';
import { parseJiraInstant } from '../domain/flow/timestamps';
import type {
  FlowOptions,
  FlowReport,
  MetricsMode,
  StartPolicy,
  WorkflowMapping,
} from '../domain/flow/types';
import { CliError } from './cli-error';
import type { CliText } from './cli-text';
import { formatCsv } from './format-csv';
import { formatTable } from './format-table';
import { forEachIssueInFile, readMappingFile } from './read-input';

export type OutputFormat = 'json' | 'table' | 'csv';

export interface MetricsArgs {
  readonly input: string;
  readonly workflow: string | null;
  readonly format: OutputFormat;
  readonly options: FlowOptions;
}

function oneOf<T extends string>(value: string, allowed: readonly T[], option: string, text: CliText): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(text.badOption(text.notOneOf(option, value, allowed)));
}

function positiveInteger(value: string, option: string, text: CliText): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(text.badOption(text.notPositiveInteger(option, value)));
  return n;
}

/**
 * The message for an error of `node:util` `parseArgs`, in the user's language. Node's own messages are English
 * and name the option in quotes (`Unknown option '--frobnicate'`); the option is taken from there.
 */
function parseArgsMessage(error: unknown, text: CliText): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  const quoted = /'([^']*)'/.exec(message)?.[1] ?? '';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return text.unknownOption(quoted);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      return text.missingValue(quoted.split(' ')[0] ?? quoted);
    case 'ERR_PARSE_ARGS_UNEXPECTED_POSITIONAL':
      return text.unexpectedArgument(quoted);
    default:
      return message;
  }
}

/**
 * Parses `metrics` arguments (FLOW-METRICS.md §5). `nowMs` is the default `--as-of`.
 * @throws CliError with a message that names the bad option and what to do.
 */
export function parseMetricsArgs(
  argv: readonly string[],
  nowMs: number,
  text: CliText,
): MetricsArgs | 'help' {
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
    throw new CliError(text.badOption(parseArgsMessage(error, text)));
  }
  const v = parsed.values;
  if (v.help === true) return 'help';
  if (v.site !== undefined || v.jql !== undefined) throw new CliError(text.siteNotYet);
  if (v.input === undefined) throw new CliError(text.badOption(text.inputRequired));
  const timeZone = v.tz;
  if (!isValidTimeZone(timeZone)) {
    throw new CliError(text.badOption(text.badTimeZone(timeZone)));
  }
  let asOfMs = nowMs;
  const asOf = v['as-of'];
  if (asOf !== undefined) {
    const instant = /^\d{4}-\d{2}-\d{2}$/.test(asOf)
      ? startOfLocalDayMs(asOf, timeZone)
      : parseJiraInstant(asOf);
    if (instant === null || !Number.isFinite(instant)) {
      throw new CliError(text.badOption(text.badAsOf(asOf)));
    }
    asOfMs = instant;
  }
  const workingWeekdays = v.workdays
    .split(',')
    .filter((s) => s.trim() !== '')
    .map(Number);
  if (workingWeekdays.some((d) => !Number.isInteger(d) || d < 1 || d > 7)) {
    throw new CliError(text.badOption(text.badWorkdays(v.workdays)));
  }
  const holidays = v.holidays
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const badHoliday = holidays.find((h) => !/^\d{4}-\d{2}-\d{2}$/.test(h));
  if (badHoliday !== undefined) throw new CliError(text.badOption(text.badHoliday(badHoliday)));

  return {
    input: v.input,
    workflow: v.workflow ?? null,
    format: oneOf(v.format, ['json', 'table', 'csv'] as const, '--format', text),
    options: {
      mode: oneOf<MetricsMode>(v.mode, ['canonical', 'jira-agile-metrics'], '--mode', text),
      startPolicy: oneOf<StartPolicy>(v['start-policy'], ['first', 'last'], '--start-policy', text),
      timeZone,
      asOfMs,
      calendar: { timeZone, workingWeekdays, holidays },
      windowDays: positiveInteger(v['window-days'], '--window-days', text),
      seed: positiveInteger(v.seed, '--seed', text),
    },
  };
}

/**
 * The workflow mapping of `--workflow` (null without it). A problem with the file is only thrown after the input
 * file has been read through, so that, as ever, the input file's problems are the ones reported first.
 */
function readMappingAfterInput(args: MetricsArgs, text: CliText): WorkflowMapping | null {
  if (args.workflow === null) return null;
  try {
    return readMappingFile(args.workflow, text);
  } catch (error) {
    if (error instanceof CliError) forEachIssueInFile(args.input, text, () => undefined);
    throw error;
  }
}

/**
 * Runs `metrics`: streams the issues of the input file into the engine one at a time (the file and the parsed
 * list are never held whole), computes the report, renders it in the chosen format.
 */
export function runMetrics(
  args: MetricsArgs,
  text: CliText,
  notice: (message: string) => void = () => undefined,
): string {
  const mapping = readMappingAfterInput(args, text);
  let report: FlowReport;
  try {
    const accumulator = createFlowAccumulator(mapping === null ? args.options : { ...args.options, mapping });
    forEachIssueInFile(args.input, text, (issue) => {
      accumulator.add(issue);
    });
    report = accumulator.finish();
  } catch (error) {
    if (error instanceof Error && error.name === 'MappingError')
      throw new CliError(text.badMapping(error.message));
    if (error instanceof Error && error.name === 'FlowOptionsError') throw new CliError(error.message);
    throw error;
  }
  const unmapped = report.summary.warningCounts['unmapped-status'] ?? 0;
  if (mapping === null && unmapped > 0) notice(text.unmappedWithoutWorkflow(unmapped));
  switch (args.format) {
    case 'json':
      return JSON.stringify(report, null, 2) + '\n';
    case 'csv':
      return formatCsv(report);
    case 'table':
      return formatTable(report, text);
  }
}
