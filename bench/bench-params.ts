/**
 * Fixed parameters of the engine benchmark, shared by the driver (`engine-bench.ts`) and the measuring child
 * process (`measure-engine.ts`), so both agree on the data set and on the instant the report is computed for.
 */
import * as path from 'node:path';

import { GENERATOR_VERSION, projectEndMs } from './generate-project';

/** Seed of the synthetic project. */
export const BENCH_SEED = 42;
/** Monday 2022-01-03 00:00 UTC: the earliest possible `created`. */
export const BENCH_START_MS = Date.UTC(2022, 0, 3);
/** One day after the last possible change of the project: every change is known, open items still age. */
export const BENCH_AS_OF_MS = projectEndMs(BENCH_START_MS) + 86_400_000;
export const BENCH_TIME_ZONE = 'Europe/Berlin';
/** Where generated projects, results and profiles go (git-ignored). */
export const BENCH_OUT_DIR = path.join(__dirname, 'out');

/**
 * Function names whose time is the engine's in a CPU profile of a streaming measuring process: the named
 * wrappers of `add()` and `finish()` in `measure-engine.ts` (here, because importing that module runs it).
 */
export const STREAM_ENGINE_FRAMES = ['engineAdd', 'engineFinish'] as const;

/** `100000` → `100k`, `2500` → `2500`. */
export function issueCountLabel(issues: number): string {
  return issues % 1000 === 0 ? `${issues / 1000}k` : String(issues);
}

/**
 * The cached project file for a size and seed; the name carries everything the content depends on, so a file
 * with the same name is the same data and can be reused.
 *
 * @example projectFilePath(100_000, 42) ends with 'bench/out/project-100k-seed42-start1641168000000-v1.json'
 */
export function projectFilePath(issues: number, seed: number): string {
  return path.join(
    BENCH_OUT_DIR,
    `project-${issueCountLabel(issues)}-seed${seed}-start${BENCH_START_MS}-v${GENERATOR_VERSION}.json`,
  );
}
