/**
 * "Did we get there?" on the sample data: the help desk's lead time around the go-live of the self-service
 * password reset (`selfServiceGoLiveMs`), measured by `cli effect` from an exported file and live from the local
 * Jira emulator, comes out `improved`, with the same result both ways; and the real command, spawned as a user
 * runs it, exits 2 with one line on stderr for a missing change date.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import { generateSampleSeed, HD_WORKFLOW_MAPPING, SAMPLE_TIME_ZONE } from '../../dev/sample-data/generate';
import { selfServiceGoLiveMs } from '../../dev/sample-data/generate-csi';
import { runCli } from '../../src/cli/main';
import { localDate } from '../../src/domain/flow/calendar';
import type { EffectResult } from '../../src/domain/flow/effect';
import { exportedSeedIssues } from '../integration/support/seed-export';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
/** The data's "today": Monday 2 March 2026, 12:00 Berlin time. */
const NOW = Date.UTC(2026, 2, 2, 11);
const TIMEOUT_MS = 60_000;

let emulator: RunningEmulator;
let credentials: NodeJS.ProcessEnv;
let dir = '';
/** The local (Berlin) date of the go-live: the change date. */
let changeDate = '';

beforeAll(async () => {
  const seed = generateSampleSeed({ now: NOW });
  const admin = seed.users[0];
  if (admin === undefined) throw new Error('sample data has no users');
  credentials = { JIRA_EMAIL: admin.emailAddress, JIRA_API_TOKEN: admin.apiToken };
  emulator = await startEmulator({ seed, now: () => NOW });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'effect-sample-'));
  fs.writeFileSync(path.join(dir, 'hd.json'), JSON.stringify(exportedSeedIssues(seed, 'HD-')));
  fs.writeFileSync(path.join(dir, 'hd-workflow.json'), JSON.stringify(HD_WORKFLOW_MAPPING));
  changeDate = localDate(selfServiceGoLiveMs(NOW), SAMPLE_TIME_ZONE);
}, TIMEOUT_MS);
afterAll(async () => {
  await emulator.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function effect(source: readonly string[]): Promise<EffectResult> {
  let out = '';
  let err = '';
  const code = await runCli(
    [
      'effect',
      ...source,
      '--workflow',
      path.join(dir, 'hd-workflow.json'),
      '--change-date',
      changeDate,
      '--tz',
      SAMPLE_TIME_ZONE,
    ],
    {
      out: (s) => (out += s),
      err: (s) => (err += s),
      env: { LANG: 'en_US.UTF-8', ...credentials },
      nowMs: NOW,
    },
  );
  if (code !== 0) throw new Error(`the CLI failed (${String(code)}): ${err}`);
  expect(err).toBe('');
  return JSON.parse(out) as EffectResult;
}

describe('cli effect on the sample help desk around the self-service go-live', () => {
  it(
    'finds the lead-time drop: improved, significant, the whole interval below zero',
    async () => {
      const result = await effect(['--input', path.join(dir, 'hd.json')]);
      expect(result).toMatchObject({ metric: 'lead-time', timeZone: SAMPLE_TIME_ZONE, changeDate });
      expect(result.verdict).toBe('improved');
      expect(result.before.n).toBeGreaterThan(350);
      expect(result.after.n).toBeGreaterThan(350);
      expect(result.medianChange ?? 0).toBeLessThan(-0.15);
      expect(result.mannWhitney.pValue ?? 1).toBeLessThan(0.001);
      expect(result.effectSize ?? 0).toBeGreaterThan(0.5);
      expect(result.bootstrap.high ?? 0).toBeLessThan(0);
      expect(result.warnings).toEqual([]);
    },
    TIMEOUT_MS,
  );

  it(
    'gives the same result live from the site as from the exported file',
    async () => {
      const fromFile = await effect(['--input', path.join(dir, 'hd.json')]);
      const fromSite = await effect(['--site', emulator.url, '--jql', 'project = HD']);
      expect(fromSite).toEqual(fromFile);
    },
    TIMEOUT_MS,
  );
});

test(
  'the spawned command exits 2 with one line on stderr for a missing --change-date',
  () => {
    const result = spawnSync(
      'npm',
      ['run', '--silent', 'cli', '--', 'effect', '--input', path.join(dir, 'hd.json')],
      {
        cwd: REPO_ROOT,
        encoding: 'utf8',
        env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
        timeout: TIMEOUT_MS,
      },
    );
    expect(result.status).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^--change-date YYYY-MM-DD is required[^\n]*\n$/);
  },
  TIMEOUT_MS,
);
