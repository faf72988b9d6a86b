/**
 * `npm run --silent cli -- effect` (FLOW-METRICS.md §6), in process through `runCli`: the JSON contract with
 * numbers worked out by hand, local dates in `--tz`, the table in English and German, and exit code 2 with one
 * line on stderr (nothing on stdout, no stack trace) for unusable options and files.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { runCli } from '../../src/cli/main';
import { DAY, STANDARD_MAPPING, issue } from '../support/jira-fixtures';

let dir = '';
const file = (name: string): string => path.join(dir, name);

/** An issue created `leadDays` before `doneAt`, started an hour after creation, resolved at `doneAt`. */
function doneIssue(key: string, doneAt: string, leadDays: number) {
  const doneMs = Date.parse(doneAt);
  const iso = (ms: number): string => new Date(ms).toISOString().replace('Z', '+0000');
  return issue(key, iso(doneMs - leadDays * DAY), [
    [iso(doneMs - leadDays * DAY + 3_600_000), 'Open', 'In Progress'],
    [iso(doneMs), 'In Progress', 'Resolved'],
  ]);
}

/**
 * Before 1 March 2024: lead times 4, 5, …, 13 days; from it on: 1, 1.5, …, 5.5 days; and HD-99 (3 days), done
 * 2024-02-29T23:30Z: 1 March 00:30 in Berlin (after), 29 February in UTC (before).
 */
const issues = [
  ...Array.from({ length: 10 }, (_, i) => doneIssue(`HD-${i + 1}`, `2024-02-${10 + i}T12:00:00Z`, 4 + i)),
  ...Array.from({ length: 10 }, (_, i) =>
    doneIssue(`HD-${i + 11}`, `2024-03-${String(2 + i).padStart(2, '0')}T12:00:00Z`, 1 + i * 0.5),
  ),
  doneIssue('HD-99', '2024-02-29T23:30:00Z', 3),
  issue('HD-100', '2024-02-01T08:00:00.000+0000', []), // never done: in no sample
];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'effect-cli-'));
  fs.writeFileSync(file('issues.json'), JSON.stringify({ issues }));
  fs.writeFileSync(file('workflow.json'), JSON.stringify(STANDARD_MAPPING));
  fs.writeFileSync(file('not-json.json'), '[{"key": "HD-1",');
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function run(argv: readonly string[], lang = 'en_US.UTF-8') {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    env: { LANG: lang },
    nowMs: Date.UTC(2024, 6, 1),
  });
  return { code, out, err };
}

const effect = (...extra: string[]): string[] => [
  'effect',
  '--input',
  file('issues.json'),
  '--workflow',
  file('workflow.json'),
  '--change-date',
  '2024-03-01',
  ...extra,
];

describe('--format json', () => {
  it('prints the §6 object: windows, figures, test, interval, verdict (Berlin dates)', async () => {
    const result = await run(effect('--tz', 'Europe/Berlin'));
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const r = JSON.parse(result.out) as Record<string, unknown>;
    expect(Object.keys(r)).toEqual([
      'metric',
      'timeZone',
      'changeDate',
      'before',
      'after',
      'medianChange',
      'mannWhitney',
      'effectSize',
      'bootstrap',
      'verdict',
      'warnings',
    ]);
    // before: 4..13 → p50 8.5, p85 at position 7.65 → 11 + 0.65 = 11.65.
    // after: 1, 1.5, 2, 2.5, 3, 3 (HD-99), 3.5, 4, 4.5, 5, 5.5 → p50 3, p85 at position 8.5 → 4.75.
    // u: before 4 exceeds 7 after values and ties one (7.5), 5 exceeds 9 and ties one (9.5), 6..13 exceed all 11
    // (88) → 105. N = 21, ties 3, 4, 5 (t = 2 each) → Σ(t³ − t) = 18; σ² = 110/12 · (22 − 18/420) = 201.2738;
    // z = (105 − 55 − 0.5)/√201.2738 = 3.48908; p = 2·sf(z) = 0.000484677 (SciPy 0.00048467677017061003).
    expect(r).toMatchObject({
      metric: 'lead-time',
      timeZone: 'Europe/Berlin',
      changeDate: '2024-03-01',
      before: { from: '2023-12-02', to: '2024-03-01', n: 10, p50: 8.5 },
      after: { from: '2024-03-01', to: '2024-05-30', n: 11, p50: 3 },
      mannWhitney: { u: 105 },
      effectSize: 105 / 110,
      bootstrap: { resamples: 10_000, seed: 1 },
      verdict: 'improved',
      warnings: [],
    });
    const before = r['before'] as { p85: number };
    const after = r['after'] as { p85: number };
    expect(before.p85).toBeCloseTo(11.65, 12);
    expect(after.p85).toBeCloseTo(4.75, 12);
    expect(r['medianChange']).toBeCloseTo((3 - 8.5) / 8.5, 14);
    const mw = r['mannWhitney'] as { z: number; pValue: number };
    expect(mw.z).toBeCloseTo(49.5 / Math.sqrt((110 / 12) * (22 - 18 / 420)), 12);
    expect(mw.pValue).toBeCloseTo(0.00048467677017061003, 14);
    const b = r['bootstrap'] as { low: number; high: number };
    expect(b.low).toBeLessThanOrEqual(r['medianChange'] as number);
    expect(b.high).toBeGreaterThanOrEqual(r['medianChange'] as number);
  });

  it('takes local dates in --tz: in UTC HD-99 is done before the change date', async () => {
    const r = JSON.parse((await run(effect('--tz', 'UTC'))).out) as {
      before: { n: number };
      after: { n: number };
    };
    expect([r.before.n, r.after.n]).toEqual([11, 10]);
  });

  it('gives the same interval for the same seed and another for another seed', async () => {
    const interval = async (seed: string) =>
      (JSON.parse((await run(effect('--seed', seed))).out) as { bootstrap: unknown }).bootstrap;
    expect(await interval('9')).toEqual(await interval('9'));
    expect(await interval('9')).not.toEqual(await interval('10'));
  });

  it('says insufficient-data with short windows, and measures cycle time with --metric', async () => {
    // UTC: before [02-23, 03-01) holds HD-99 only, after [03-01, 03-08) the six done 2 … 7 March.
    const short = JSON.parse((await run(effect('--before-days', '7', '--after-days', '7'))).out) as {
      verdict: string;
      before: { n: number; from: string };
      after: { n: number; to: string };
      warnings: string[];
    };
    expect(short.before).toMatchObject({ n: 1, from: '2024-02-23' });
    expect(short.after).toMatchObject({ n: 6, to: '2024-03-08' });
    expect(short.verdict).toBe('insufficient-data');
    expect(short.warnings).toEqual(['before-too-small (1 < 8)', 'after-too-small (6 < 8)']);
    const cycle = JSON.parse((await run(effect('--metric', 'cycle-time', '--tz', 'Europe/Berlin'))).out) as {
      metric: string;
      before: { p50: number };
    };
    // Started an hour after creation: cycle time = lead time − 1 h.
    expect(cycle.metric).toBe('cycle-time');
    expect(cycle.before.p50).toBeCloseTo(8.5 - 1 / 24, 12);
  });
});

describe('--format table', () => {
  it('lays out both windows and the verdict in English and German', async () => {
    const en = await run(effect('--format', 'table', '--tz', 'Europe/Berlin'));
    expect(en.code).toBe(0);
    expect(en.out).toContain('Effect of the change on 2024-03-01 · lead-time · Europe/Berlin');
    expect(en.out).toMatch(/before\s+2023-12-02\s+2024-03-01\s+10\s+8\.50\s+11\.65/);
    expect(en.out).toMatch(/after\s+2024-03-01\s+2024-05-30\s+11\s+3\.00\s+4\.75/);
    expect(en.out).toContain('u 105, z 3.489, p 4.85E-4');
    expect(en.out).toContain('Verdict: improved');
    const de = await run(effect('--format', 'table', '--tz', 'Europe/Berlin'), 'de_DE.UTF-8');
    expect(de.out).toMatch(/vorher\s+2023-12-02\s+2024-03-01\s+10\s+8,50\s+11,65/);
    expect(de.out).toContain('Urteil: verbessert');
  });
});

describe('unusable options and files: exit code 2, one line on stderr, nothing on stdout', () => {
  it.each([
    ['no --change-date', ['effect', '--input', 'x.json'], '--change-date YYYY-MM-DD is required'],
    [
      'a change date that is no date',
      ['--change-date', '2024-02-30'],
      '--change-date "2024-02-30" is not a date',
    ],
    [
      'a change date in another format',
      ['--change-date', '01.03.2024'],
      '--change-date "01.03.2024" is not a date',
    ],
    [
      'an unknown metric',
      ['--metric', 'throughput'],
      '--metric "throughput" is not one of: lead-time, cycle-time',
    ],
    ['alpha outside 0..1', ['--alpha', '5'], '--alpha "5" must be a number between 0 and 1'],
    ['zero days before', ['--before-days', '0'], '--before-days "0" must be a whole number ≥ 1'],
    ['an unknown time zone', ['--tz', 'Mars/Olympus'], '--tz "Mars/Olympus" is not an IANA time zone'],
    ['csv', ['--format', 'csv'], '--format "csv" is not one of: json, table'],
  ])('%s', async (_, args, message) => {
    const argv = args[0] === 'effect' ? args : [...effect(), ...args];
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    // One line: what is wrong, then where the options are (no stack trace).
    expect(result.err).toMatch(/^[^\n]+\n$/);
    expect(result.err).toContain(message);
    expect(result.err).toMatch(/ Options: "npm run --silent cli -- effect --help"\.\n$/);
  });

  it.each([
    ['a missing file', 'missing.json', 'Cannot read the input file'],
    ['a file that is not JSON', 'not-json.json', 'is not valid JSON'],
  ])('%s', async (_, name, message) => {
    const result = await run(['effect', '--input', file(name), '--change-date', '2024-03-01']);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err.trimEnd().split('\n')).toEqual([expect.stringContaining(message)]);
  });

  it('prints its help with --help', async () => {
    const result = await run(['effect', '--help']);
    expect(result.code).toBe(0);
    expect(result.out).toContain('--change-date DATE');
  });
});
