/**
 * The measuring process of the engine benchmark. `engine-bench.ts` starts it fresh for every project size and
 * every phase (`node --expose-gc --import tsx bench/measure-engine.ts '<json options>'`), so garbage of earlier
 * work never pollutes the memory figures: V8 keeps heap pages it once grew to, so three parses of a 180 MB file
 * in one process would inflate every later RSS figure. It prints one line `BENCH_RESULT {json}` on stdout.
 *
 * - phase `parse`: the baseline. Read the whole file (timed, outside the parse timing), `JSON.parse` it `runs`
 *   times (garbage collected between runs, the median counts); peak RSS of reading + parsing.
 * - phase `stream` (mode canonical or jira-agile-metrics): what the CLI does. `runs` times: stream the file
 *   through `forEachJsonArrayElement` into `createFlowAccumulator(...)`, timing separately the reading, scanning
 *   and per-element `JSON.parse` ("read+parse, streamed") and the engine (the summed `add()` calls plus
 *   `finish()`); each report dropped before the next run. Peak RSS of the whole process: no run ever holds the
 *   file or the parsed list.
 * - phase `array` (opt-in, `--array`): the former way, for comparison. Read and parse the whole file once, then
 *   run `computeFlowReport` on the parsed array `runs` times; peak RSS with the parsed input resident.
 *
 * Peak RSS per phase: Linux resets the high-water mark when "5" is written to `/proc/self/clear_refs` (and
 * `process.resourceUsage().maxRSS` follows it); elsewhere only the whole-process peak is known.
 */
import * as fs from 'node:fs';
import { findSourceMap } from 'node:module';
import * as v8 from 'node:v8';

import { forEachJsonArrayElement } from '../src/cli/issue-stream';
import { computeFlowReport, createFlowAccumulator } from '../src/domain/flow/engine';
import type { FlowAccumulator } from '../src/domain/flow/engine';
import type { FlowOptions, FlowReport, JiraIssueInput, MetricsMode } from '../src/domain/flow/types';

import { BENCH_AS_OF_MS, BENCH_TIME_ZONE } from './bench-params';
import { BENCH_WORKFLOW_MAPPING } from './generate-project';

export type MeasurePhase = 'parse' | 'stream' | 'array';

export interface MeasureOptions {
  readonly file: string;
  readonly phase: MeasurePhase;
  /** Engine mode of the `stream` and `array` phases (ignored by `parse`). */
  readonly mode: MetricsMode;
  readonly runs: number;
  /** When set (profiling), the source maps of the loaded TypeScript modules are written to this file. */
  readonly sourceMapsOut?: string;
}

interface ProcessFigures {
  /** `process.resourceUsage().maxRSS` over the whole process (MB): the maximum of the phase peaks. */
  readonly processPeakRssMb: number;
  readonly peakMallocedMb: number;
}

export interface ParseFigures extends ProcessFigures {
  readonly phase: 'parse';
  readonly fileSizeMb: number;
  readonly issues: number;
  readonly histories: number;
  readonly statusChanges: number;
  readonly readMs: number;
  readonly runsMs: number[];
  readonly medianMs: number;
  /** V8 heap used by the parsed input alone, text dropped, after a full GC (MB). */
  readonly heapUsedInputMb: number;
}

/** A few numbers of the last report, to show the engine really did the work. */
export interface ReportCheck {
  readonly reportedIssues: number;
  readonly dailyRows: number;
  readonly leadTimeCount: number;
  readonly leadTimeP50Days: number | null;
  readonly cycleTimeCount: number;
  readonly cycleTimeP50Days: number | null;
  readonly cycleTimeP85Days: number | null;
  readonly wipNow: number;
  readonly warningCounts: Record<string, number>;
}

/** The file streamed into the accumulator, per run: the CLI's way. */
export interface StreamFigures extends ProcessFigures {
  readonly phase: 'stream';
  readonly mode: MetricsMode;
  readonly issues: number;
  /** Reading, decoding, scanning and the per-element `JSON.parse` of one run: its time minus `add()` (ms). */
  readonly readParseRunsMs: number[];
  readonly readParseMedianMs: number;
  /** Engine time of one run: the summed `add()` calls plus `finish()` (ms). */
  readonly engineRunsMs: number[];
  readonly engineMedianMs: number;
  readonly addRunsMs: number[];
  readonly finishRunsMs: number[];
  /** V8 heap used after all issues are added, before `finish()`, after a full GC: the accumulator's state (MB). */
  readonly heapAccumulatedMb: number;
  /** V8 heap used right after `finish()`, its garbage included (largest of the runs, MB). */
  readonly heapUsedAfterRunMb: number;
  /** V8 heap used with the report alive after a full GC (MB). */
  readonly heapRetainedWithReportMb: number;
  readonly heapTotalMaxMb: number;
  readonly check: ReportCheck;
}

/** The whole file parsed into an array, then `computeFlowReport` on it: the former way, for comparison. */
export interface ArrayEngineFigures extends ProcessFigures {
  readonly phase: 'array';
  readonly mode: MetricsMode;
  readonly runsMs: number[];
  readonly medianMs: number;
  /** RSS with the parsed input resident, file text dropped, after a full GC, before the engine runs (MB). */
  readonly rssInputResidentMb: number;
  /** Peak RSS of the engine phase, input resident (MB); null when the peak cannot be reset on this OS. */
  readonly enginePhasePeakRssMb: number | null;
  readonly heapUsedInputMb: number;
  /** V8 heap used right after a run, garbage of the run included (largest of the runs, MB). */
  readonly heapUsedAfterRunMb: number;
  /** V8 heap used by input + report after a full GC with the report alive (MB): what the report retains. */
  readonly heapRetainedWithReportMb: number;
  /** One `JSON.parse` of the file in this process, right before the engine runs (ms): a same-load cross-check. */
  readonly loadParseMs: number;
  readonly heapTotalMaxMb: number;
  readonly check: ReportCheck;
}

export type MeasureResult = ParseFigures | StreamFigures | ArrayEngineFigures;

const MB = 1024 * 1024;

function gc(): void {
  // `--expose-gc` puts `gc` on globalThis; without it the figures are only noisier, so carry on.
  const collect = (globalThis as { gc?: () => void }).gc;
  if (collect !== undefined) collect();
}

/** Peak RSS since the last reset in MB (`maxRSS` is in KB). */
function peakRssMb(): number {
  return process.resourceUsage().maxRSS / 1024;
}

/** Starts a new peak-RSS phase (Linux); returns false where that is not possible. */
function resetPeakRss(): boolean {
  try {
    fs.writeFileSync('/proc/self/clear_refs', '5');
    return true;
  } catch {
    return false;
  }
}

/** Median of the values (mean of the middle two for an even count); NaN for none. */
export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  if (sorted.length === 0) return NaN;
  return sorted.length % 2 === 1
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

function countStatusChanges(issues: readonly JiraIssueInput[]): { histories: number; statusChanges: number } {
  let histories = 0;
  let statusChanges = 0;
  for (const issue of issues) {
    for (const history of issue.changelog?.histories ?? []) {
      histories += 1;
      for (const item of history.items ?? []) {
        if (item.field === 'status' || item.fieldId === 'status') statusChanges += 1;
      }
    }
  }
  return { histories, statusChanges };
}

function asIssues(parsed: unknown, file: string): JiraIssueInput[] {
  if (!Array.isArray(parsed)) throw new Error(`${file} is not a JSON array of issues`);
  // The generator writes the Jira REST shape; the engine validates what it reads itself.
  return parsed as JiraIssueInput[];
}

function checkFigures(report: FlowReport): ReportCheck {
  const { leadTime, cycleTime } = report.summary;
  const toDays = (value: number | null, unit: 'ms' | 'days'): number | null =>
    value === null ? null : unit === 'ms' ? value / 86_400_000 : value;
  return {
    reportedIssues: report.issues.length,
    dailyRows: report.daily.length,
    leadTimeCount: leadTime.count,
    leadTimeP50Days: toDays(leadTime.p50, leadTime.unit),
    cycleTimeCount: cycleTime.count,
    cycleTimeP50Days: toDays(cycleTime.p50, cycleTime.unit),
    cycleTimeP85Days: toDays(cycleTime.p85, cycleTime.unit),
    wipNow: report.summary.wipNow,
    warningCounts: report.summary.warningCounts,
  };
}

function measureParse(options: MeasureOptions): ParseFigures {
  resetPeakRss();
  const readStart = performance.now();
  let text: string | undefined = fs.readFileSync(options.file, 'utf8');
  const readMs = performance.now() - readStart;
  const runsMs: number[] = [];
  let parsed: unknown;
  for (let run = 0; run < options.runs; run += 1) {
    parsed = undefined;
    gc();
    const t0 = performance.now();
    parsed = JSON.parse(text);
    runsMs.push(performance.now() - t0);
  }
  const processPeakRssMb = peakRssMb();
  const issues = asIssues(parsed, options.file);
  const { histories, statusChanges } = countStatusChanges(issues);
  text = undefined;
  gc();
  return {
    phase: 'parse',
    fileSizeMb: fs.statSync(options.file).size / MB,
    issues: issues.length,
    histories,
    statusChanges,
    readMs,
    runsMs,
    medianMs: median(runsMs),
    heapUsedInputMb: v8.getHeapStatistics().used_heap_size / MB,
    processPeakRssMb,
    peakMallocedMb: v8.getHeapStatistics().peak_malloced_memory / MB,
  };
}

function flowOptionsOf(mode: MetricsMode): FlowOptions {
  return {
    mode,
    startPolicy: 'first',
    timeZone: BENCH_TIME_ZONE,
    asOfMs: BENCH_AS_OF_MS,
    mapping: BENCH_WORKFLOW_MAPPING,
  };
}

/** The engine's part of reading one issue; a named frame for `--profile` (see STREAM_ENGINE_FRAMES). */
function engineAdd(accumulator: FlowAccumulator, issue: JiraIssueInput): void {
  accumulator.add(issue);
}

/** The engine's report of everything added; a named frame for `--profile`. */
function engineFinish(accumulator: FlowAccumulator): FlowReport {
  return accumulator.finish();
}

function measureStream(options: MeasureOptions): StreamFigures {
  const flowOptions = flowOptionsOf(options.mode);
  const readParseRunsMs: number[] = [];
  const engineRunsMs: number[] = [];
  const addRunsMs: number[] = [];
  const finishRunsMs: number[] = [];
  let issues = 0;
  let heapAccumulatedMb = 0;
  let heapUsedAfterRunMb = 0;
  let heapRetainedWithReportMb = 0;
  let heapTotalMaxMb = 0;
  let check: ReportCheck | undefined;
  for (let run = 0; run < options.runs; run += 1) {
    gc();
    const accumulator = createFlowAccumulator(flowOptions);
    let addMs = 0;
    const t0 = performance.now();
    forEachJsonArrayElement(options.file, (element) => {
      const a0 = performance.now();
      // The generator writes the Jira REST shape; the engine validates what it reads itself.
      engineAdd(accumulator, element as JiraIssueInput);
      addMs += performance.now() - a0;
    });
    const streamMs = performance.now() - t0;
    issues = accumulator.count;
    heapTotalMaxMb = Math.max(heapTotalMaxMb, v8.getHeapStatistics().total_heap_size / MB);
    gc();
    heapAccumulatedMb = Math.max(heapAccumulatedMb, v8.getHeapStatistics().used_heap_size / MB);
    const f0 = performance.now();
    const report = engineFinish(accumulator);
    const finishMs = performance.now() - f0;
    readParseRunsMs.push(streamMs - addMs);
    addRunsMs.push(addMs);
    finishRunsMs.push(finishMs);
    engineRunsMs.push(addMs + finishMs);
    const heap = v8.getHeapStatistics();
    heapUsedAfterRunMb = Math.max(heapUsedAfterRunMb, heap.used_heap_size / MB);
    heapTotalMaxMb = Math.max(heapTotalMaxMb, heap.total_heap_size / MB);
    check = checkFigures(report);
    gc();
    heapRetainedWithReportMb = Math.max(heapRetainedWithReportMb, v8.getHeapStatistics().used_heap_size / MB);
  }
  if (check === undefined) throw new Error('runs must be at least 1');
  const processPeakRssMb = peakRssMb();
  return {
    phase: 'stream',
    mode: options.mode,
    issues,
    readParseRunsMs,
    readParseMedianMs: median(readParseRunsMs),
    engineRunsMs,
    engineMedianMs: median(engineRunsMs),
    addRunsMs,
    finishRunsMs,
    heapAccumulatedMb,
    heapUsedAfterRunMb,
    heapRetainedWithReportMb,
    heapTotalMaxMb,
    check,
    // The whole process: module loading, every run, every report.
    processPeakRssMb,
    peakMallocedMb: v8.getHeapStatistics().peak_malloced_memory / MB,
  };
}

function measureArray(options: MeasureOptions): ArrayEngineFigures {
  const { mode } = options;
  resetPeakRss();
  let text: string | undefined = fs.readFileSync(options.file, 'utf8');
  const parseStart = performance.now();
  const issues = asIssues(JSON.parse(text), options.file);
  const loadParseMs = performance.now() - parseStart;
  text = undefined;
  gc();
  const loadPeakRssMb = peakRssMb();
  const heapUsedInputMb = v8.getHeapStatistics().used_heap_size / MB;
  const rssInputResidentMb = process.memoryUsage.rss() / MB;

  const flowOptions = flowOptionsOf(mode);
  const reset = resetPeakRss();
  const runsMs: number[] = [];
  let heapUsedAfterRunMb = 0;
  let heapRetainedWithReportMb = 0;
  let heapTotalMaxMb = 0;
  let check: ReportCheck | undefined;
  for (let run = 0; run < options.runs; run += 1) {
    gc();
    const t0 = performance.now();
    const report = computeFlowReport(issues, flowOptions);
    runsMs.push(performance.now() - t0);
    const heap = v8.getHeapStatistics();
    heapUsedAfterRunMb = Math.max(heapUsedAfterRunMb, heap.used_heap_size / MB);
    heapTotalMaxMb = Math.max(heapTotalMaxMb, heap.total_heap_size / MB);
    check = checkFigures(report);
    gc();
    heapRetainedWithReportMb = Math.max(heapRetainedWithReportMb, v8.getHeapStatistics().used_heap_size / MB);
  }
  if (check === undefined) throw new Error('runs must be at least 1');
  const enginePeakRssMb = peakRssMb();
  return {
    phase: 'array',
    mode,
    runsMs,
    medianMs: median(runsMs),
    rssInputResidentMb,
    enginePhasePeakRssMb: reset ? enginePeakRssMb : null,
    heapUsedInputMb,
    heapUsedAfterRunMb,
    heapRetainedWithReportMb,
    loadParseMs,
    heapTotalMaxMb,
    check,
    processPeakRssMb: reset ? Math.max(loadPeakRssMb, enginePeakRssMb) : enginePeakRssMb,
    peakMallocedMb: v8.getHeapStatistics().peak_malloced_memory / MB,
  };
}

/**
 * tsx compiles each module to minified code, so `--cpu-prof` positions point into that code. The compiled
 * modules' source maps (tsx registers them) let the profile summary name TypeScript lines instead.
 */
function writeSourceMaps(file: string): void {
  const maps: Record<string, unknown> = {};
  for (const modulePath of Object.keys(require.cache)) {
    if (!modulePath.endsWith('.ts') || modulePath.includes('node_modules')) continue;
    const map = findSourceMap(modulePath);
    if (map === undefined) continue;
    // sourcesContent would only make the file big; the summary needs the mappings.
    const { version, file: mapFile, sources, sourceRoot, names, mappings } = map.payload;
    const payload = { version, file: mapFile, sources, sourceRoot, names, mappings };
    maps[modulePath] = payload;
  }
  fs.writeFileSync(file, JSON.stringify(maps));
}

function main(): void {
  const raw = process.argv[2];
  if (raw === undefined) {
    process.stderr.write(
      'usage: node --expose-gc --import tsx bench/measure-engine.ts ' +
        '\'{"file":…,"phase":"parse"|"stream"|"array","mode":"canonical","runs":3}\'\n',
    );
    process.exit(2);
  }
  const options = JSON.parse(raw) as MeasureOptions;
  const measure = { parse: measureParse, stream: measureStream, array: measureArray }[options.phase];
  const result: MeasureResult = measure(options);
  if (options.sourceMapsOut !== undefined) writeSourceMaps(options.sourceMapsOut);
  process.stdout.write(`BENCH_RESULT ${JSON.stringify(result)}\n`);
}

main();
