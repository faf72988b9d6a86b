import { parseArgs } from 'node:util';
import { createHttpTransport } from '../adapters/jira/http-transport';
import { createJiraClient } from '../adapters/jira/jira-client';
import {
  IssueNotFoundError,
  JiraBadRequestError,
  JiraForbiddenError,
  JiraNotFoundError,
  JiraUnavailableError,
} from '../application/errors';
import { measureFlow } from '../application/flow-measurement';
import { startOfLocalDayMs, isValidTimeZone } from '../domain/flow/calendar';
import { createFlowAccumulator, reportOfFacts } from '../domain/flow/engine';
import type { FlowAccumulator } from '../domain/flow/engine';
import { parseJiraInstant } from '../domain/flow/timestamps';
import type {
  FlowFacts,
  FlowOptions,
  FlowReport,
  JiraIssueInput,
  MetricsMode,
  StartPolicy,
  WorkflowMapping,
} from '../domain/flow/types';
import { CliError } from './cli-error';
import type { CliText } from './cli-text';
import { csvLines } from './format-csv';
import { formatTable } from './format-table';
import { jsonPieces, joinSmallPieces } from './output-stream';
import { forEachIssueInFile, forEachIssueInFileParallel, readMappingFile } from './read-input';

export type OutputFormat = 'json' | 'table' | 'csv';

/** Where the issues come from: an exported file, or a Jira site searched with JQL. */
export type MetricsSource =
  | { readonly kind: 'file'; readonly input: string }
  | { readonly kind: 'site'; readonly site: string; readonly jql: string };

export interface MetricsArgs {
  readonly source: MetricsSource;
  readonly workflow: string | null;
  readonly format: OutputFormat;
  readonly options: FlowOptions;
}

export function oneOf<T extends string>(
  value: string,
  allowed: readonly T[],
  option: string,
  text: CliText,
): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new CliError(text.badOption(text.notOneOf(option, value, allowed)));
}

export function positiveInteger(value: string, option: string, text: CliText): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1)
    throw new CliError(text.badOption(text.notPositiveInteger(option, value)));
  return n;
}

/**
 * The message for an error of `node:util` `parseArgs`, in the user's language. Node's own messages are English
 * and name the option in quotes (`Unknown option '--frobnicate'`); the option is taken from there.
 */
export function parseArgsMessage(error: unknown, text: CliText): string {
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

/** `--input FILE`, or `--site URL` with `--jql QUERY`; exactly one of the two. */
export function metricsSource(
  v: {
    readonly input?: string | undefined;
    readonly site?: string | undefined;
    readonly jql?: string | undefined;
  },
  text: CliText,
): MetricsSource {
  if (v.site === undefined && v.jql === undefined) {
    if (v.input === undefined) throw new CliError(text.badOption(text.inputRequired));
    return { kind: 'file', input: v.input };
  }
  if (v.input !== undefined) throw new CliError(text.badOption(text.siteAndInput));
  if (v.site === undefined) throw new CliError(text.badOption(text.siteRequired));
  if (v.jql === undefined || v.jql.trim() === '') throw new CliError(text.badOption(text.jqlRequired));
  let url: URL | null = null;
  try {
    url = new URL(v.site);
  } catch {
    url = null;
  }
  if (url === null || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new CliError(text.badOption(text.badSite(v.site)));
  }
  return { kind: 'site', site: v.site, jql: v.jql };
}

/**
 * `--as-of`: an ISO-8601 instant, or `YYYY-MM-DD` for that day's start in `timeZone`; `nowMs` without it.
 * @throws CliError naming the value.
 */
export function parseAsOf(asOf: string | undefined, timeZone: string, nowMs: number, text: CliText): number {
  if (asOf === undefined) return nowMs;
  const instant = /^\d{4}-\d{2}-\d{2}$/.test(asOf)
    ? startOfLocalDayMs(asOf, timeZone)
    : parseJiraInstant(asOf);
  if (instant === null || !Number.isFinite(instant)) throw new CliError(text.badOption(text.badAsOf(asOf)));
  return instant;
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
  const source = metricsSource(v, text);
  const timeZone = v.tz;
  if (!isValidTimeZone(timeZone)) {
    throw new CliError(text.badOption(text.badTimeZone(timeZone)));
  }
  const asOfMs = parseAsOf(v['as-of'], timeZone, nowMs, text);
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
    source,
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
function readMappingAfterInput(
  args: Pick<MetricsArgs, 'workflow'>,
  input: string,
  text: CliText,
): WorkflowMapping | null {
  if (args.workflow === null) return null;
  try {
    return readMappingFile(args.workflow, text);
  } catch (error) {
    if (error instanceof CliError) forEachIssueInFile(input, text, () => undefined);
    throw error;
  }
}

/** The Jira account of `--site`: `JIRA_EMAIL` and `JIRA_API_TOKEN`. */
function siteCredentials(env: NodeJS.ProcessEnv, text: CliText): { email: string; apiToken: string } {
  const email = env['JIRA_EMAIL']?.trim() ?? '';
  const apiToken = env['JIRA_API_TOKEN']?.trim() ?? '';
  const missing = [...(email === '' ? ['JIRA_EMAIL'] : []), ...(apiToken === '' ? ['JIRA_API_TOKEN'] : [])];
  if (missing.length > 0) throw new CliError(text.missingCredentials(missing));
  return { email, apiToken };
}

/** The message a user can act on for a failure of reading the site; null for a failure that is a bug. */
function siteFailure(error: unknown, site: string, jql: string, text: CliText): CliError | null {
  if (error instanceof JiraForbiddenError) {
    return new CliError(
      error.status === 401
        ? text.jiraRejectedCredentials(site, error.message)
        : text.jiraForbidden(site, error.message),
    );
  }
  if (error instanceof JiraBadRequestError) {
    return new CliError(
      text.jiraRejectedQuery(
        jql,
        error.jiraMessages.length > 0 ? error.jiraMessages.join(' ') : error.message,
      ),
    );
  }
  // A 404 on the search means the URL is not a Jira site (or not its root).
  if (
    error instanceof JiraUnavailableError ||
    error instanceof JiraNotFoundError ||
    error instanceof IssueNotFoundError
  ) {
    return new CliError(text.jiraUnavailable(error.message));
  }
  return null;
}

/**
 * Measures the issues of `--site`/`--jql` with the flow measurement service (the one the app's pages use): the
 * Jira client over HTTP with the account of `JIRA_EMAIL`/`JIRA_API_TOKEN`, search pages of 100 and one bulk
 * changelog fetch per 1,000 issues; without `--workflow`, the defaults the status mapping page derives from the
 * workflows of the issues' projects (one more request per project).
 */
async function measureSite(
  source: Extract<MetricsSource, { kind: 'site' }>,
  args: Pick<MetricsArgs, 'options'>,
  mapping: WorkflowMapping | null,
  env: NodeJS.ProcessEnv,
  text: CliText,
): Promise<FlowFacts> {
  const { email, apiToken } = siteCredentials(env, text);
  const client = createJiraClient(createHttpTransport({ baseUrl: source.site, email, apiToken }));
  const { options } = args;
  try {
    const { facts } = await measureFlow(client, {
      scope: { kind: 'jql', jql: source.jql },
      period: null,
      mapping,
      calendar: options.calendar ?? {
        timeZone: options.timeZone,
        workingWeekdays: [1, 2, 3, 4, 5],
        holidays: [],
      },
      asOfMs: options.asOfMs,
      mode: options.mode,
      startPolicy: options.startPolicy,
      ...(options.windowDays === undefined ? {} : { windowDays: options.windowDays }),
      ...(options.seed === undefined ? {} : { seed: options.seed }),
    });
    return facts;
  } catch (error) {
    throw siteFailure(error, source.site, source.jql, text) ?? error;
  }
}

/**
 * The report in the chosen format, as pieces to write one after the other (rendered lazily, as they are taken):
 * JSON exactly as `JSON.stringify(report, null, 2)` plus a line end, CSV line by line joined into pieces of
 * 64 KiB, the table whole (its columns are aligned over all rows; it is meant for a person, not for 100,000 issues).
 */
export function renderReport(report: FlowReport, format: OutputFormat, text: CliText): Iterable<string> {
  switch (format) {
    case 'json':
      return jsonPieces(report as unknown as Readonly<Record<string, unknown>>);
    case 'csv':
      return joinSmallPieces(csvLines(report));
    case 'table':
      return [formatTable(report, text)];
  }
}

/** What a measurement needs: where the issues come from, the mapping file and the engine's options. */
export type MeasureArgs = Pick<MetricsArgs, 'source' | 'workflow' | 'options'>;

/**
 * Measures the issues of the input file, or of the Jira site's search (`env` holds its credentials), with the
 * flow engine: a file is streamed into the engine one issue at a time (the file or the parsed list is never held
 * whole) and finished by `fromFile`; a site is measured by the flow measurement service and its facts handed to
 * `fromSite`. Writes the notice about unmapped statuses when no `--workflow` was given.
 * @throws CliError for an unusable mapping or options, and the messages of the file and site readers.
 */
export async function measureSource<
  T extends { readonly summary: { readonly warningCounts: Record<string, number> } },
>(
  args: MeasureArgs,
  text: CliText,
  finish: { fromFile: (accumulator: FlowAccumulator) => T; fromSite: (facts: FlowFacts) => T },
  notice: (message: string) => void,
  env: NodeJS.ProcessEnv,
): Promise<T> {
  const { source } = args;
  const mapping =
    source.kind === 'file'
      ? readMappingAfterInput(args, source.input, text)
      : args.workflow === null
        ? null
        : readMappingFile(args.workflow, text);
  let result: T;
  try {
    if (source.kind === 'file') {
      // Without --workflow the engine applies the same ITSM-aware defaults as the app (FLOW-METRICS.md §2) to the
      // statuses the file shows with their category.
      const accumulator = createFlowAccumulator(
        mapping === null ? args.options : { ...args.options, mapping },
      );
      await forEachIssueInFileParallel(source.input, text, (issue: JiraIssueInput): void => {
        accumulator.add(issue);
      });
      result = finish.fromFile(accumulator);
    } else result = finish.fromSite(await measureSite(source, args, mapping, env, text));
  } catch (error) {
    if (error instanceof Error && error.name === 'MappingError')
      throw new CliError(text.badMapping(error.message));
    if (error instanceof Error && error.name === 'FlowOptionsError') throw new CliError(error.message);
    throw error;
  }
  const unmapped = result.summary.warningCounts['unmapped-status'] ?? 0;
  if (mapping === null && unmapped > 0) notice(text.unmappedWithoutWorkflow(unmapped));
  return result;
}

/**
 * Runs `metrics`: measures the issues ({@link measureSource}), computes the report, and returns its rendering as
 * pieces to write ({@link renderReport}), so the output is never held whole either.
 */
export async function runMetrics(
  args: MetricsArgs,
  text: CliText,
  notice: (message: string) => void = () => undefined,
  env: NodeJS.ProcessEnv = {},
): Promise<Iterable<string>> {
  const report = await measureSource(
    args,
    text,
    { fromFile: (accumulator) => accumulator.finish(), fromSite: reportOfFacts },
    notice,
    env,
  );
  return renderReport(report, args.format, text);
}
