/**
 * Engine benchmark: `npm run bench [-- --issues N[,M…]] [--runs N] [--compat-runs N] [--array] [--profile]
 * [--cli-only]`.
 *
 * For each size (default 10,000 and 100,000 issues) it generates the synthetic project once into `bench/out/`
 * (reused while the file name — size, seed, start, generator version — matches), then measures, each in a fresh
 * child process:
 * - the baseline: `JSON.parse` of the whole file (median of `--runs`);
 * - the CLI's way, canonical and jira-agile-metrics mode: the file streamed element by element
 *   (`forEachJsonArrayElement`) into `createFlowAccumulator`, timing "read+parse, streamed" apart from the
 *   engine (summed `add()` + `finish()`), with the peak memory of that process;
 * - with `--array`, also the former way: `computeFlowReport` on the whole parsed array.
 * It prints a table and the targets of the largest size (engine ≤ 1× whole-file `JSON.parse` time, peak RSS of
 * the streaming process < 512 MB) as PASS/MISS.
 *
 * Then, for the largest size, the command line end to end (cli-bench.ts): the compiled CLI writing the JSON
 * report to a file against a process that only reads and `JSON.parse`s the file, wall time and peak RSS each
 * ≤ 1.5×, and `cli effect` on the same file once (wall time, peak RSS; no target). `--cli-only` measures just that
 * (and the in-process parse for reference).
 *
 * It reports; it never fails on a missed target (exit 0 unless something crashed).
 *
 * `--profile` runs the largest size's streaming children under `--cpu-prof` and prints the engine functions that
 * dominate (profiles in `bench/out/profiles/`).
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import type { MetricsMode } from '../src/domain/flow/types';

import {
  BENCH_AS_OF_MS,
  BENCH_OUT_DIR,
  BENCH_SEED,
  BENCH_START_MS,
  BENCH_TIME_ZONE,
  issueCountLabel,
  projectFilePath,
  STREAM_ENGINE_FRAMES,
} from './bench-params';
import { writeProjectFile } from './generate-project';
import type {
  ArrayEngineFigures,
  MeasureOptions,
  MeasurePhase,
  MeasureResult,
  ParseFigures,
  StreamFigures,
} from './measure-engine';
import { buildCli, measureCli, measureEffect, printCliFigures, printEffectFigures } from './cli-bench';
import { summarizeCpuProfile } from './profile-summary';

const TARGET_ENGINE_TO_PARSE_RATIO = 1;
const TARGET_PEAK_RSS_MB = 512;

interface BenchArgs {
  readonly sizes: number[];
  readonly runs: number;
  readonly compatRuns: number;
  readonly array: boolean;
  readonly profile: boolean;
  readonly cliOnly: boolean;
}

function positiveInt(flag: string, value: string | undefined): number {
  const n = Number(value);
  if (value === undefined || !Number.isInteger(n) || n < 1) {
    throw new Error(`${flag} needs a positive integer, got ${value ?? 'nothing'}`);
  }
  return n;
}

function parseArgs(argv: readonly string[]): BenchArgs {
  let sizes = [10_000, 100_000];
  let runs = 3;
  let compatRuns = 1;
  let array = false;
  let profile = false;
  let cliOnly = false;
  for (let i = 0; i < argv.length; i += 1) {
    const flag = argv[i];
    const [name, inline] = (flag ?? '').split('=', 2);
    const value = (): string | undefined => inline ?? argv[++i];
    switch (name) {
      case '--issues':
        sizes = (value() ?? '').split(',').map((part) => positiveInt('--issues', part.trim()));
        break;
      case '--runs':
        runs = positiveInt('--runs', value());
        break;
      case '--compat-runs':
        compatRuns = Number(value());
        if (!Number.isInteger(compatRuns) || compatRuns < 0)
          throw new Error('--compat-runs needs an integer ≥ 0');
        break;
      case '--array':
        array = true;
        break;
      case '--profile':
        profile = true;
        break;
      case '--cli-only':
        cliOnly = true;
        break;
      default:
        throw new Error(
          `unknown option ${flag ?? ''} (use --issues N[,M], --runs N, --compat-runs N, --array, --profile, --cli-only)`,
        );
    }
  }
  return { sizes: [...new Set(sizes)].sort((a, b) => a - b), runs, compatRuns, array, profile, cliOnly };
}

function ensureProject(issues: number): string {
  const file = projectFilePath(issues, BENCH_SEED);
  if (fs.existsSync(file)) {
    console.log(`reusing ${path.relative(process.cwd(), file)}`);
    return file;
  }
  const t0 = performance.now();
  const stats = writeProjectFile(file, { issues, seed: BENCH_SEED, startMs: BENCH_START_MS });
  console.log(
    `generated ${path.relative(process.cwd(), file)}: ${stats.issues} issues, ${stats.statusChanges} status changes, ` +
      `${(stats.bytes / 1024 / 1024).toFixed(1)} MB in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return file;
}

function runChild(options: MeasureOptions, profileDir: string | null): MeasureResult {
  const script = path.join(__dirname, 'measure-engine.ts');
  const nodeArgs = ['--expose-gc', '--import', 'tsx'];
  if (profileDir !== null) nodeArgs.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  const child = spawnSync(process.execPath, [...nodeArgs, script, JSON.stringify(options)], {
    cwd: path.join(__dirname, '..'),
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.error !== undefined) throw child.error;
  const line = child.stdout.split('\n').find((l) => l.startsWith('BENCH_RESULT '));
  if (child.status !== 0 || line === undefined) {
    throw new Error(`measuring child failed (exit ${child.status ?? child.signal ?? '?'}):\n${child.stdout}`);
  }
  return JSON.parse(line.slice('BENCH_RESULT '.length)) as MeasureResult;
}

interface SizeResult {
  readonly parse: ParseFigures;
  readonly canonical: StreamFigures;
  readonly compat: StreamFigures | null;
  readonly arrayCanonical: ArrayEngineFigures | null;
}

/** Options of a child; under `profileDir`, it also saves its modules' source maps there. */
function childOptions(
  file: string,
  phase: MeasurePhase,
  mode: MetricsMode,
  runs: number,
  profileDir: string | null,
): MeasureOptions {
  if (profileDir === null) return { file, phase, mode, runs };
  fs.mkdirSync(profileDir, { recursive: true });
  return { file, phase, mode, runs, sourceMapsOut: path.join(profileDir, 'source-maps.json') };
}

/** Profile directory of one engine mode, or null when this size is not profiled. */
function modeProfileDir(profileRoot: string | null, mode: MetricsMode): string | null {
  return profileRoot === null ? null : path.join(profileRoot, mode);
}

/**
 * Streams the file through the engine `runs` times, each run in a fresh process: a run's peak RSS then is what one
 * real run needs, not what it needs while earlier runs' reports await collection. Times: median of the runs.
 */
function runStream(file: string, mode: MetricsMode, runs: number, profileRoot: string | null): StreamFigures {
  const dir = modeProfileDir(profileRoot, mode);
  const results: StreamFigures[] = [];
  for (let run = 0; run < runs; run++) {
    // Only the first run is profiled: one profile is enough and profiling slows the run.
    const profileDir = run === 0 ? dir : null;
    const result = runChild(childOptions(file, 'stream', mode, 1, profileDir), profileDir);
    if (result.phase !== 'stream' || result.mode !== mode)
      throw new Error('measuring child answered wrongly');
    results.push(result);
  }
  const first = results[0];
  if (first === undefined) throw new Error('runStream needs at least one run');
  const median = (values: number[]): number => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
  };
  const all = (key: 'readParseRunsMs' | 'engineRunsMs' | 'addRunsMs' | 'finishRunsMs'): number[] =>
    results.flatMap((r) => r[key]);
  const max = (
    key:
      | 'processPeakRssMb'
      | 'peakMallocedMb'
      | 'heapAccumulatedMb'
      | 'heapUsedAfterRunMb'
      | 'heapRetainedWithReportMb'
      | 'heapTotalMaxMb',
  ): number => Math.max(...results.map((r) => r[key]));
  return {
    ...first,
    readParseRunsMs: all('readParseRunsMs'),
    readParseMedianMs: median(all('readParseRunsMs')),
    engineRunsMs: all('engineRunsMs'),
    engineMedianMs: median(all('engineRunsMs')),
    addRunsMs: all('addRunsMs'),
    finishRunsMs: all('finishRunsMs'),
    processPeakRssMb: max('processPeakRssMb'),
    peakMallocedMb: max('peakMallocedMb'),
    heapAccumulatedMb: max('heapAccumulatedMb'),
    heapUsedAfterRunMb: max('heapUsedAfterRunMb'),
    heapRetainedWithReportMb: max('heapRetainedWithReportMb'),
    heapTotalMaxMb: max('heapTotalMaxMb'),
  };
}

function measureSize(file: string, args: BenchArgs, profileRoot: string | null): SizeResult {
  const parse = runChild(childOptions(file, 'parse', 'canonical', args.runs, null), null);
  if (parse.phase !== 'parse') throw new Error('measuring child answered for the wrong phase');
  const canonical = runStream(file, 'canonical', args.runs, profileRoot);
  const compat =
    args.compatRuns > 0 ? runStream(file, 'jira-agile-metrics', args.compatRuns, profileRoot) : null;
  let arrayCanonical: ArrayEngineFigures | null = null;
  if (args.array) {
    const result = runChild(childOptions(file, 'array', 'canonical', args.runs, null), null);
    if (result.phase !== 'array') throw new Error('measuring child answered for the wrong phase');
    arrayCanonical = result;
  }
  return { parse, canonical, compat, arrayCanonical };
}

function printProfile(profileRoot: string, phase: MetricsMode): void {
  const dir = path.join(profileRoot, phase);
  // Node writes one profile per thread (`CPU.<date>.<time>.<pid>.<thread>.<seq>.cpuprofile`); with `--import`
  // the module loader has its own thread, and the engine runs on the main thread, number 0.
  const profiles = fs.existsSync(dir)
    ? fs.readdirSync(dir).filter((name) => name.endsWith('.cpuprofile'))
    : [];
  const profile = profiles.find((name) => /\.0\.\d+\.cpuprofile$/.test(name)) ?? profiles[0];
  console.log('');
  if (profile === undefined) {
    console.log(`no .cpuprofile of ${phase} found in ${dir}`);
    return;
  }
  const sourceMaps = path.join(dir, 'source-maps.json');
  console.log(`Engine profile, mode ${phase}:`);
  console.log(
    summarizeCpuProfile(path.join(dir, profile), STREAM_ENGINE_FRAMES, 20, {
      sourceMapsFile: fs.existsSync(sourceMaps) ? sourceMaps : null,
    }),
  );
}

const fmt = (value: number | null | undefined, digits = 0): string =>
  value === null || value === undefined || Number.isNaN(value)
    ? '–'
    : value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

function printTable(results: readonly SizeResult[], args: BenchArgs): void {
  const { runs, compatRuns } = args;
  const ratio = (engine: StreamFigures | null, r: SizeResult): string =>
    fmt((engine?.engineMedianMs ?? NaN) / r.parse.medianMs, 2);
  const streamRows = (label: string, pick: (r: SizeResult) => StreamFigures | null, n: number) => {
    const rows: [string, (r: SizeResult) => string][] = [
      [`read+parse, streamed, ${label} process (ms, median of ${n})`, (r) => fmt(pick(r)?.readParseMedianMs)],
      [
        `  read+parse runs (ms)`,
        (r) =>
          pick(r)
            ?.readParseRunsMs.map((v) => fmt(v))
            .join(' / ') ?? '–',
      ],
      [`engine ${label}: add() + finish() (ms, median of ${n})`, (r) => fmt(pick(r)?.engineMedianMs)],
      [
        `  engine runs, add + finish (ms)`,
        (r) => {
          const f = pick(r);
          if (f === null) return '–';
          return f.addRunsMs.map((add, i) => `${fmt(add)}+${fmt(f.finishRunsMs[i])}`).join(' / ');
        },
      ],
      [`  ratio engine ${label} / whole-file JSON.parse`, (r) => ratio(pick(r), r)],
      [`peak RSS, ${label} streaming process (MB)`, (r) => fmt(pick(r)?.processPeakRssMb)],
      [`  V8 heap, accumulated state before finish (MB)`, (r) => fmt(pick(r)?.heapAccumulatedMb)],
      [`  V8 heap right after finish (MB)`, (r) => fmt(pick(r)?.heapUsedAfterRunMb)],
      [`  V8 heap retained with the report (MB)`, (r) => fmt(pick(r)?.heapRetainedWithReportMb)],
      [`  V8 heap total, max sampled (MB)`, (r) => fmt(pick(r)?.heapTotalMaxMb)],
    ];
    return rows;
  };
  const rows: [string, (r: SizeResult) => string][] = [
    ['file size (MB)', (r) => fmt(r.parse.fileSizeMb, 1)],
    ['issues', (r) => fmt(r.parse.issues)],
    ['status changes', (r) => fmt(r.parse.statusChanges)],
    ['histories', (r) => fmt(r.parse.histories)],
    ['whole file: read (ms, not in parse)', (r) => fmt(r.parse.readMs)],
    [`whole file: JSON.parse (ms, median of ${runs})`, (r) => fmt(r.parse.medianMs)],
    ['  parse runs (ms)', (r) => r.parse.runsMs.map((v) => fmt(v)).join(' / ')],
    ['  peak RSS, whole-file read + parse process (MB)', (r) => fmt(r.parse.processPeakRssMb)],
    ['  V8 heap used, parsed input (MB)', (r) => fmt(r.parse.heapUsedInputMb)],
    ...streamRows('canonical', (r) => r.canonical, runs),
  ];
  if (compatRuns > 0) rows.push(...streamRows('jira-agile-metrics', (r) => r.compat, compatRuns));
  if (args.array) {
    rows.push(
      [`array: computeFlowReport canonical (ms, median of ${runs})`, (r) => fmt(r.arrayCanonical?.medianMs)],
      ['  array: peak RSS, whole-file parse + engine (MB)', (r) => fmt(r.arrayCanonical?.processPeakRssMb)],
    );
  }
  rows.push(
    ['check: streamed issues', (r) => fmt(r.canonical.issues)],
    ['check: reported issues', (r) => fmt(r.canonical.check.reportedIssues)],
    ['check: daily rows', (r) => fmt(r.canonical.check.dailyRows)],
    [
      'check: lead times / p50 (days)',
      (r) => `${fmt(r.canonical.check.leadTimeCount)} / ${fmt(r.canonical.check.leadTimeP50Days, 2)}`,
    ],
    [
      'check: cycle times / p50 / p85 (days)',
      (r) => {
        const c = r.canonical.check;
        return `${fmt(c.cycleTimeCount)} / ${fmt(c.cycleTimeP50Days, 2)} / ${fmt(c.cycleTimeP85Days, 2)}`;
      },
    ],
    ['check: WIP at asOf', (r) => fmt(r.canonical.check.wipNow)],
    [
      'check: warnings',
      (r) =>
        Object.entries(r.canonical.check.warningCounts)
          .map(([code, n]) => `${code} ${n}`)
          .join(', ') || 'none',
    ],
  );
  if (compatRuns > 0) {
    rows.push([
      'check: compat cycle times / p50 (days)',
      (r) => `${fmt(r.compat?.check.cycleTimeCount)} / ${fmt(r.compat?.check.cycleTimeP50Days, 1)}`,
    ]);
  }
  if (args.array) {
    rows.push([
      'check: array report = streamed report (p50 cycle, WIP)',
      (r) => {
        const a = r.arrayCanonical?.check;
        const c = r.canonical.check;
        if (a === undefined) return '–';
        return a.cycleTimeP50Days === c.cycleTimeP50Days && a.wipNow === c.wipNow ? 'same' : 'DIFFERENT';
      },
    ]);
  }

  const header = ['', ...results.map((r) => `${fmt(r.parse.issues)} issues`)];
  const cells = rows.map(([label, cell]) => [label, ...results.map(cell)]);
  const widths = header.map((h, col) => Math.max(h.length, ...cells.map((row) => (row[col] ?? '').length)));
  const line = (row: readonly string[]): string =>
    row
      .map((cell, col) => (col === 0 ? cell.padEnd(widths[col] ?? 0) : cell.padStart(widths[col] ?? 0)))
      .join('   ');
  console.log('');
  console.log(line(header));
  console.log(widths.map((w) => '-'.repeat(w)).join('   '));
  for (const row of cells) console.log(line(row));
}

function printTargets(result: SizeResult): void {
  const { parse } = result;
  const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');
  console.log('');
  console.log(`Targets (${fmt(parse.issues)} issues, ${fmt(parse.statusChanges)} status changes):`);
  const engineLines = (label: string, engine: StreamFigures, target: boolean): void => {
    const ratio = engine.engineMedianMs / parse.medianMs;
    const prefix = target ? '' : 'for reference, ';
    console.log(
      `  ${prefix}engine ${label} (add + finish) ≤ ${TARGET_ENGINE_TO_PARSE_RATIO}× whole-file JSON.parse: ` +
        `${fmt(engine.engineMedianMs)} ms vs ${fmt(parse.medianMs)} ms = ${fmt(ratio, 2)}× → ` +
        verdict(ratio <= TARGET_ENGINE_TO_PARSE_RATIO),
    );
    console.log(
      `  ${prefix}peak RSS < ${TARGET_PEAK_RSS_MB} MB, ${label} streaming process (read + parse + engine): ` +
        `${fmt(engine.processPeakRssMb)} MB → ${verdict(engine.processPeakRssMb < TARGET_PEAK_RSS_MB)}`,
    );
  };
  engineLines('canonical', result.canonical, true);
  if (result.compat !== null) engineLines('jira-agile-metrics', result.compat, false);
  console.log(
    `  for reference: streamed read+parse ${fmt(result.canonical.readParseMedianMs)} ms; whole-file read ` +
      `${fmt(parse.readMs)} ms + JSON.parse ${fmt(parse.medianMs)} ms peaking at ${fmt(parse.processPeakRssMb)} MB ` +
      `(file ${fmt(parse.fileSizeMb)} MB, parsed input ${fmt(parse.heapUsedInputMb)} MB of V8 heap).`,
  );
}

/** The command line end to end on the largest size (see the module comment). */
function benchCli(largest: number, args: BenchArgs, parseOnlyMs: number | null): void {
  const file = ensureProject(largest);
  console.log(
    `measuring the CLI end to end on ${issueCountLabel(largest)} issues (${args.runs} runs each) …`,
  );
  buildCli();
  printCliFigures(measureCli(file, args.runs), largest, parseOnlyMs);
  printEffectFigures(measureEffect(file), largest);
}

function main(): void {
  const args = parseArgs(process.argv.slice(2));
  fs.mkdirSync(BENCH_OUT_DIR, { recursive: true });
  console.log(
    `Engine benchmark: synthetic project seed ${BENCH_SEED}, as of ${new Date(BENCH_AS_OF_MS).toISOString()}, ` +
      `time zone ${BENCH_TIME_ZONE}, node ${process.version}.`,
  );
  const largest = Math.max(...args.sizes);
  if (args.cliOnly) {
    const parse = runChild(childOptions(ensureProject(largest), 'parse', 'canonical', args.runs, null), null);
    benchCli(largest, args, parse.phase === 'parse' ? parse.medianMs : null);
    return;
  }
  const profileDir = path.join(BENCH_OUT_DIR, 'profiles', String(process.pid));
  const results: SizeResult[] = [];
  for (const size of args.sizes) {
    const file = ensureProject(size);
    const profiling = args.profile && size === largest;
    const phases = [
      'whole-file parse',
      'streamed canonical',
      ...(args.compatRuns > 0 ? ['streamed jira-agile-metrics'] : []),
      ...(args.array ? ['array canonical'] : []),
    ].join(', ');
    console.log(
      `measuring ${issueCountLabel(size)} issues (${phases}, each in a fresh process` +
        `${profiling ? '; engines under --cpu-prof' : ''}) …`,
    );
    results.push(measureSize(file, args, profiling ? profileDir : null));
  }
  fs.writeFileSync(path.join(BENCH_OUT_DIR, 'last-result.json'), `${JSON.stringify(results, null, 2)}\n`);
  printTable(results, args);
  const last = results[results.length - 1];
  if (last !== undefined) printTargets(last);
  if (args.profile) {
    printProfile(profileDir, 'canonical');
    if (args.compatRuns > 0) printProfile(profileDir, 'jira-agile-metrics');
  }
  benchCli(largest, args, last?.parse.medianMs ?? null);
  console.log('');
  console.log(
    `figures saved to ${path.relative(process.cwd(), path.join(BENCH_OUT_DIR, 'last-result.json'))}`,
  );
}

try {
  main();
} catch (error) {
  // A crash is the one case the benchmark fails; a missed target is only reported.
  console.error(`bench failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
}
