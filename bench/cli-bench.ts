/**
 * End-to-end benchmark of the command line, part of `npm run bench` (engine-bench.ts): the compiled CLI
 * (`dist/cli/main.js`, built here first) as a user runs it, `metrics --input FILE --format json > file`, against
 * `JSON.parse` of the same file. Both are child processes timed the same way, from spawn to exit (Node's start,
 * reading the file and everything else included), and each reports its peak RSS (`process.resourceUsage().maxRSS`,
 * written at exit by a one-line module preloaded into both).
 *
 * Targets (issue 8): CLI wall time ≤ 1.5× the `JSON.parse` process's, CLI peak RSS ≤ 1.5× the parse's.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

import { BENCH_AS_OF_MS, BENCH_OUT_DIR, BENCH_TIME_ZONE } from './bench-params';
import { BENCH_WORKFLOW_MAPPING } from './generate-project';

export const TARGET_CLI_TIME_RATIO = 1.5;
export const TARGET_CLI_RSS_RATIO = 1.5;

const REPO_ROOT = path.join(__dirname, '..');
const CLI_BIN = path.join(REPO_ROOT, 'dist', 'cli', 'main.js');
const MB = 1024 * 1024;

/** Preloaded into each timed process: writes its peak RSS (KB) to `$BENCH_RSS_OUT` when it exits. */
const RSS_PROBE =
  'data:text/javascript,' +
  encodeURIComponent(
    "import { writeFileSync } from 'node:fs';" +
      "process.on('exit', () => writeFileSync(process.env.BENCH_RSS_OUT, String(process.resourceUsage().maxRSS)));",
  );

/** The baseline process: read the file and `JSON.parse` it, nothing else. */
const PARSE_SCRIPT = "JSON.parse(require('node:fs').readFileSync(process.argv[1], 'utf8'));";

export interface ProcessRun {
  readonly wallMs: number;
  readonly peakRssMb: number;
}

export interface CliBenchFigures {
  readonly parseRuns: ProcessRun[];
  readonly cliRuns: ProcessRun[];
  readonly parseWallMedianMs: number;
  readonly cliWallMedianMs: number;
  readonly parsePeakRssMb: number;
  readonly cliPeakRssMb: number;
  readonly outputMb: number;
  readonly reportedIssues: number;
  readonly cycleTimeCount: number;
  readonly wipNow: number;
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor((sorted.length - 1) / 2)] ?? Number.NaN;
};

/** Compiles the CLI (`npm run build:cli`), so the benchmark never times a stale build. */
export function buildCli(): void {
  const build = spawnSync(
    process.platform === 'win32' ? 'npm.cmd' : 'npm',
    ['run', '--silent', 'build:cli'],
    {
      cwd: REPO_ROOT,
      stdio: 'inherit',
    },
  );
  if (build.status !== 0) throw new Error(`npm run build:cli failed (exit ${build.status ?? '?'})`);
}

/** Runs `node <args>` with stdout to `stdoutFile` (or discarded); its wall time and peak RSS. */
function timedNode(args: readonly string[], stdoutFile: string | null): ProcessRun {
  const rssFile = path.join(BENCH_OUT_DIR, `rss-${process.pid}.txt`);
  fs.rmSync(rssFile, { force: true });
  const out = stdoutFile === null ? 'ignore' : fs.openSync(stdoutFile, 'w');
  try {
    const t0 = performance.now();
    const child = spawnSync(process.execPath, ['--import', RSS_PROBE, ...args], {
      cwd: REPO_ROOT,
      stdio: ['ignore', out, 'pipe'],
      env: { ...process.env, BENCH_RSS_OUT: rssFile, LANG: 'en_US.UTF-8' },
      encoding: 'utf8',
    });
    const wallMs = performance.now() - t0;
    if (child.error !== undefined) throw child.error;
    if (child.status !== 0) {
      throw new Error(
        `node ${args.join(' ')} failed (exit ${child.status ?? child.signal ?? '?'}): ${child.stderr}`,
      );
    }
    const peakRssMb = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
    return { wallMs, peakRssMb };
  } finally {
    if (typeof out === 'number') fs.closeSync(out);
    fs.rmSync(rssFile, { force: true });
  }
}

/**
 * Times `runs` runs each of the parse baseline and of the CLI on `file`, alternating (so a busy moment of the
 * machine hits both alike), and checks the CLI's output is the report of all issues.
 */
export function measureCli(file: string, runs: number): CliBenchFigures {
  const workflowFile = path.join(BENCH_OUT_DIR, 'bench-workflow.json');
  fs.writeFileSync(workflowFile, JSON.stringify(BENCH_WORKFLOW_MAPPING));
  const outputFile = path.join(BENCH_OUT_DIR, 'cli-report.json');
  const cliArgs = [
    CLI_BIN,
    'metrics',
    '--input',
    file,
    '--workflow',
    workflowFile,
    '--tz',
    BENCH_TIME_ZONE,
    '--as-of',
    new Date(BENCH_AS_OF_MS).toISOString(),
    '--format',
    'json',
  ];
  const parseRuns: ProcessRun[] = [];
  const cliRuns: ProcessRun[] = [];
  for (let run = 0; run < runs; run += 1) {
    parseRuns.push(timedNode(['-e', PARSE_SCRIPT, file], null));
    cliRuns.push(timedNode(cliArgs, outputFile));
  }
  const outputMb = fs.statSync(outputFile).size / MB;
  const report = JSON.parse(fs.readFileSync(outputFile, 'utf8')) as {
    issues: unknown[];
    summary: { cycleTime: { count: number }; wipNow: number };
  };
  fs.rmSync(outputFile, { force: true });
  return {
    parseRuns,
    cliRuns,
    parseWallMedianMs: median(parseRuns.map((r) => r.wallMs)),
    cliWallMedianMs: median(cliRuns.map((r) => r.wallMs)),
    parsePeakRssMb: Math.max(...parseRuns.map((r) => r.peakRssMb)),
    cliPeakRssMb: Math.max(...cliRuns.map((r) => r.peakRssMb)),
    outputMb,
    reportedIssues: report.issues.length,
    cycleTimeCount: report.summary.cycleTime.count,
    wipNow: report.summary.wipNow,
  };
}

const fmt = (value: number, digits = 0): string =>
  value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });

/**
 * Prints the CLI figures and the two targets as PASS/MISS; `parseOnlyMs` (the in-process `JSON.parse` median of
 * the engine benchmark, without reading the file or starting Node) is shown for reference.
 */
export function printCliFigures(f: CliBenchFigures, issues: number, parseOnlyMs: number | null): void {
  const verdict = (ok: boolean): string => (ok ? 'PASS' : 'MISS');
  const timeRatio = f.cliWallMedianMs / f.parseWallMedianMs;
  const rssRatio = f.cliPeakRssMb / f.parsePeakRssMb;
  const runs = (list: readonly ProcessRun[]): string => list.map((r) => fmt(r.wallMs)).join(' / ');
  console.log('');
  console.log(
    `CLI end to end, ${fmt(issues)} issues: node dist/cli/main.js metrics --input FILE --format json > file ` +
      `(report ${fmt(f.outputMb, 1)} MB, ${fmt(f.reportedIssues)} issues, ${fmt(f.cycleTimeCount)} cycle times, ` +
      `WIP ${fmt(f.wipNow)})`,
  );
  console.log(`  JSON.parse process (node -e: read + JSON.parse), wall ms: ${runs(f.parseRuns)}`);
  console.log(`  CLI process, wall ms:                                      ${runs(f.cliRuns)}`);
  console.log(
    `  CLI time ≤ ${TARGET_CLI_TIME_RATIO}× JSON.parse of the same file: ${fmt(f.cliWallMedianMs)} ms vs ` +
      `${fmt(f.parseWallMedianMs)} ms (medians) = ${fmt(timeRatio, 2)}× → ${verdict(timeRatio <= TARGET_CLI_TIME_RATIO)}`,
  );
  console.log(
    `  CLI peak RSS ≤ ${TARGET_CLI_RSS_RATIO}× the parse's: ${fmt(f.cliPeakRssMb)} MB vs ${fmt(f.parsePeakRssMb)} MB ` +
      `= ${fmt(rssRatio, 2)}× → ${verdict(rssRatio <= TARGET_CLI_RSS_RATIO)}`,
  );
  if (parseOnlyMs !== null) {
    console.log(
      `  for reference: CLI wall time / in-process JSON.parse alone (${fmt(parseOnlyMs)} ms, no read, no Node ` +
        `start) = ${fmt(f.cliWallMedianMs / parseOnlyMs, 2)}×`,
    );
  }
}

/**
 * `cli effect` on the same file, once (report only: no target): the issues done in the 90 days before and after
 * the local date 90 days before the as-of instant, lead time. Its wall time, peak RSS and the samples' sizes.
 */
export function measureEffect(
  file: string,
): ProcessRun & { readonly before: number; readonly after: number } {
  const workflowFile = path.join(BENCH_OUT_DIR, 'bench-workflow.json');
  fs.writeFileSync(workflowFile, JSON.stringify(BENCH_WORKFLOW_MAPPING));
  const outputFile = path.join(BENCH_OUT_DIR, 'cli-effect.json');
  const changeDate = new Intl.DateTimeFormat('en-CA', { timeZone: BENCH_TIME_ZONE }).format(
    BENCH_AS_OF_MS - 90 * 86_400_000,
  );
  const asOf = new Date(BENCH_AS_OF_MS).toISOString();
  const effectArgs = ['effect', '--input', file, '--workflow', workflowFile, '--change-date', changeDate];
  const run = timedNode([CLI_BIN, ...effectArgs, '--tz', BENCH_TIME_ZONE, '--as-of', asOf], outputFile);
  const result = JSON.parse(fs.readFileSync(outputFile, 'utf8')) as {
    before: { n: number };
    after: { n: number };
  };
  fs.rmSync(outputFile, { force: true });
  return { ...run, before: result.before.n, after: result.after.n };
}

/** The line of {@link measureEffect}. */
export function printEffectFigures(f: ReturnType<typeof measureEffect>, issues: number): void {
  console.log(
    `  cli effect, ${fmt(issues)} issues (lead time, ${fmt(f.before)} before / ${fmt(f.after)} after, 10,000 ` +
      `bootstrap rounds): wall ${fmt(f.wallMs)} ms, peak RSS ${fmt(f.peakRssMb)} MB`,
  );
}
