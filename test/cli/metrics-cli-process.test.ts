/**
 * The real command, spawned as a user runs it (`npm run --silent cli -- metrics ...`, FLOW-METRICS.md §5): exit
 * code 0 and a JSON report on stdout; exit code 2 and one message on stderr for a missing file. And the package's
 * `bin`, the compiled JavaScript, run by plain Node (no TypeScript compiler at run time).
 */
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as os from 'node:os';
import * as path from 'node:path';

import { DAY, issue } from '../support/jira-fixtures';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
let dir = '';

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metrics-process-'));
  fs.writeFileSync(
    path.join(dir, 'issues.json'),
    JSON.stringify([
      issue('HD-1', '2024-03-01T08:00:00.000+0000', [
        ['2024-03-01T10:00:00.000+0000', 'To Do', 'In Progress'],
        ['2024-03-02T10:00:00.000+0000', 'In Progress', 'Done'],
      ]),
      issue('HD-2', '2024-03-01T08:00:00.000+0000', [], { status: 'To Do' }),
      issue('HD-3', '2024-03-01T08:00:00.000+0000', [
        ['2024-03-03T08:00:00.000+0000', 'To Do', 'In Progress'],
      ]),
    ]),
  );
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

function npmCli(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync('npm', ['run', '--silent', 'cli', '--', ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

test('npm run cli -- metrics prints the JSON report and exits 0', () => {
  const result = npmCli([
    'metrics',
    '--input',
    path.join(dir, 'issues.json'),
    '--format',
    'json',
    '--as-of',
    '2024-03-05T00:00:00Z',
  ]);
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  const report = JSON.parse(result.stdout) as {
    asOf: string;
    issues: { key: string; cycleTimeMs: number | null }[];
  };
  expect(report.asOf).toBe('2024-03-05T00:00:00.000Z');
  // No --workflow: stages derived from the status categories; HD-1 In Progress 03-01 10:00 → Done 03-02 10:00.
  expect(report.issues.map((i) => [i.key, i.cycleTimeMs])).toEqual([
    ['HD-1', DAY],
    ['HD-2', null],
    ['HD-3', null],
  ]);
}, 60_000);

describe('the compiled bin', () => {
  const packageJson = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    bin?: Record<string, string>;
  };
  const binFile = path.join(REPO_ROOT, packageJson.bin?.['three-ways-metrics'] ?? 'missing-bin-entry');

  beforeAll(() => {
    const build = spawnSync('npm', ['run', '--silent', 'build:cli'], {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      timeout: 120_000,
    });
    expect(build.stdout + build.stderr).toBe('');
    expect(build.status).toBe(0);
  }, 120_000);

  function bin(args: readonly string[]): { status: number | null; stdout: string; stderr: string } {
    // Plain node: it fails if the bin still needed TypeScript (tsx is not loaded).
    const result = spawnSync(process.execPath, [binFile, ...args], {
      cwd: dir,
      encoding: 'utf8',
      env: { PATH: process.env['PATH'] ?? '', LANG: 'en_US.UTF-8' },
      timeout: 60_000,
      maxBuffer: 64 * 1024 * 1024,
    });
    return { status: result.status, stdout: result.stdout, stderr: result.stderr };
  }

  test('package.json names dist/cli/main.js as the bin three-ways-metrics, a JavaScript file with a node shebang', () => {
    expect(packageJson.bin).toEqual({ 'three-ways-metrics': 'dist/cli/main.js' });
    const source = fs.readFileSync(binFile, 'utf8');
    expect(source.startsWith('#!/usr/bin/env node\n')).toBe(true);
    expect(source).not.toMatch(/^import |^export /m);
  });

  test('prints the JSON report as the in-process run does', () => {
    const result = bin(['metrics', '--input', 'issues.json', '--as-of', '2024-03-05T00:00:00Z']);
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    const report = JSON.parse(result.stdout) as { issues: { key: string; cycleTimeMs: number | null }[] };
    expect(result.stdout).toBe(JSON.stringify(report, null, 2) + '\n');
    expect(report.issues.map((i) => [i.key, i.cycleTimeMs])).toEqual([
      ['HD-1', DAY],
      ['HD-2', null],
      ['HD-3', null],
    ]);
  });

  test('streams a CSV of many issues with formula-like text defused', () => {
    const many = Array.from({ length: 2_000 }, (_, n) =>
      issue(
        `HD-${n + 1}`,
        '2024-03-01T08:00:00.000+0000',
        [['2024-03-02T08:00:00.000+0000', 'To Do', '=cmd']],
        {
          category: 'indeterminate',
        },
      ),
    );
    fs.writeFileSync(path.join(dir, 'many.json'), JSON.stringify(many));
    const result = bin([
      'metrics',
      '--input',
      'many.json',
      '--format',
      'csv',
      '--as-of',
      '2024-03-05T00:00:00Z',
    ]);
    expect(result.status).toBe(0);
    const lines = result.stdout.split('\r\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1 + many.length);
    expect(lines[2_000]).toMatch(/^HD-2000,Task,'=cmd,/);
  });

  describe('reading on a worker thread (the compiled issue-stream-parallel.js)', () => {
    type Parallel = typeof import('../../src/cli/issue-stream-parallel');
    type Serial = typeof import('../../src/cli/issue-stream');
    const requireCompiled = createRequire(__filename);
    const load = (): { parallel: Parallel; serial: Serial } => ({
      // The compiled modules: only there does a worker thread run.
      parallel: requireCompiled(path.join(REPO_ROOT, 'dist/cli/issue-stream-parallel.js')) as Parallel,
      serial: requireCompiled(path.join(REPO_ROOT, 'dist/cli/issue-stream.js')) as Serial,
    });
    /** Files of any size are read with the worker here (by default only from 16 MiB on). */
    const ANY_SIZE = { minWorkerFileBytes: 0 };
    /** About 3.5 MB: several batches of 1 MiB. */
    const elements = Array.from({ length: 1_500 }, (_, n) => ({ key: `HD-${n}`, pad: 'ä"\\]}'.repeat(400) }));
    const write = (name: string, text: string): string => {
      const file = path.join(dir, name);
      fs.writeFileSync(file, text);
      return file;
    };

    /** Runs the reader, recording the indexes handed on and the error thrown (null when none). */
    async function outcome(
      read: (file: string, onElement: (element: unknown, index: number) => void) => unknown,
      file: string,
    ): Promise<{ seen: number[]; keys: unknown[]; error: string | null }> {
      const seen: number[] = [];
      const keys: unknown[] = [];
      try {
        await read(file, (element, index) => {
          seen.push(index);
          keys.push((element as { key?: unknown }).key);
        });
        return { seen, keys, error: null };
      } catch (error) {
        return {
          seen,
          keys,
          error: error instanceof Error ? `${error.name}: ${error.message}` : String(error),
        };
      }
    }

    test('hands on the same elements in the same order as the one-thread reader', async () => {
      const { parallel, serial } = load();
      const file = write('parallel-ok.json', JSON.stringify({ total: 1_500, issues: elements }));
      const expected = await outcome(serial.forEachJsonArrayElement, file);
      const modes: string[] = [];
      const actual = await outcome(
        (f, onElement) =>
          parallel.forEachJsonArrayElementParallel(f, onElement, ANY_SIZE, (mode) => modes.push(mode)),
        file,
      );
      expect(modes).toEqual(['worker']);
      expect(expected.error).toBeNull();
      expect(actual).toEqual(expected);
      expect(actual.seen).toEqual(elements.map((_, n) => n));
    });

    test.each([
      ['an element that is not valid JSON', (t: string) => t.replace('{"key":"HD-1200"', '{"key" "HD-1200"')],
      ['garbage between two elements', (t: string) => t.replace(',{"key":"HD-1200"', ' x,{"key":"HD-1200"')],
      ['a file cut off', (t: string) => t.slice(0, Math.floor(t.length * 0.9))],
      ['JSON of another shape at the end', (t: string) => `{"issues": ${t}, "issues": []}`],
    ])('%s: the same elements handed on once each, then the same error', async (name, breakIt) => {
      const { parallel, serial } = load();
      const file = write(`parallel-${name.replace(/\W+/g, '-')}.json`, breakIt(JSON.stringify(elements)));
      const expected = await outcome(serial.forEachJsonArrayElement, file);
      const modes: string[] = [];
      const actual = await outcome(
        (f, onElement) =>
          parallel.forEachJsonArrayElementParallel(f, onElement, ANY_SIZE, (mode) => modes.push(mode)),
        file,
      );
      expect(modes).toEqual(['this-thread-after-worker']);
      expect(expected.error).toMatch(/^JsonStreamError: /);
      expect(actual).toEqual(expected);
      // The worker handed on the elements before the problem; the fallback only the rest (none: it fails there).
      expect(actual.seen.length).toBeGreaterThan(1_000);
      expect(new Set(actual.seen).size).toBe(actual.seen.length);
    });

    test('an error of onElement arrives unchanged and stops the reading', async () => {
      const { parallel } = load();
      const file = write('parallel-stop.json', JSON.stringify(elements));
      const stop = new Error('stop at 1000');
      const modes: string[] = [];
      let last = -1;
      await expect(
        parallel.forEachJsonArrayElementParallel(
          file,
          (_element, index) => {
            last = index;
            if (index === 1_000) throw stop;
          },
          ANY_SIZE,
          (mode) => modes.push(mode),
        ),
      ).rejects.toBe(stop);
      expect(modes).toEqual([]);
      expect(last).toBe(1_000);
    });

    test('a missing file: the file system error, as the one-thread reader', async () => {
      const { parallel } = load();
      await expect(
        parallel.forEachJsonArrayElementParallel(path.join(dir, 'missing.json'), () => undefined, ANY_SIZE),
      ).rejects.toMatchObject({ code: 'ENOENT' });
    });

    test('a small file is read on the calling thread: a worker would cost more than it saves', async () => {
      const { parallel } = load();
      const file = write('parallel-small.json', JSON.stringify(elements.slice(0, 10)));
      const modes: string[] = [];
      const count = await parallel.forEachJsonArrayElementParallel(
        file,
        () => undefined,
        {},
        (mode) => modes.push(mode),
      );
      expect(count).toBe(10);
      expect(modes).toEqual(['this-thread']);
    });
  });

  test('stops quietly with exit code 0 when the reader closes the pipe early (… | head)', async () => {
    const many = Array.from({ length: 3_000 }, (_, n) =>
      issue(`HD-${n + 1}`, '2024-03-01T08:00:00.000+0000', []),
    );
    fs.writeFileSync(path.join(dir, 'head.json'), JSON.stringify(many));
    const child = spawn(
      process.execPath,
      [binFile, 'metrics', '--input', 'head.json', '--as-of', '2024-03-05'],
      {
        cwd: dir,
        env: { PATH: process.env['PATH'] ?? '', LANG: 'en_US.UTF-8' },
      },
    );
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    // Read the first piece, then close the pipe as `head -c` does.
    child.stdout.once('data', () => {
      child.stdout.destroy();
    });
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(stderr).toBe('');
    expect(code).toBe(0);
  }, 60_000);

  test('exits 2 with one message for a missing file', () => {
    const result = bin(['metrics', '--input', 'does-not-exist.json']);
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining('does-not-exist.json')]);
  });
});

test('npm run cli -- metrics exits 2 with one message on stderr for a missing file', () => {
  const missing = path.join(dir, 'does-not-exist.json');
  const result = npmCli(['metrics', '--input', missing]);
  expect(result.status).toBe(2);
  expect(result.stdout).toBe('');
  expect(result.stderr.trim().split('\n')).toEqual([expect.stringContaining(missing)]);
}, 60_000);
