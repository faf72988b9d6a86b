/**
 * `metrics --site URL --jql QUERY` against the local Jira emulator: the same report as `--input` of the same
 * issues exported to a file, within the request budget; exit code 2 with one clear message (English or German)
 * for missing credentials, a refused token, rejected JQL, an unreachable site and option mistakes; and the real
 * command, spawned as a user runs it.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import type { JiraSeed } from '../../dev/emulator/seed';
import { JIRA_ROUTES } from '../../src/adapters/jira/jira-client';
import { defaultProjectSettings, listAllProjectStatuses } from '../../src/application/project-settings';
import { runCli } from '../../src/cli/main';
import { emulatorClient } from './support/emulator-client';
import { exportedSeedIssues } from './support/seed-export';
import { AGENT, buildFlowSeed } from './support/flow-seed';

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const AS_OF = '2025-02-01T00:00:00Z';
const CREDENTIALS = { JIRA_EMAIL: AGENT.emailAddress, JIRA_API_TOKEN: AGENT.apiToken };
const ISSUES = 200;

let emulator: RunningEmulator;
let seed: JiraSeed;
let dir = '';

/**
 * The mapping the project page derives for HD when nothing is saved (ITSM-aware defaults over the project's
 * workflow statuses, FLOW-METRICS.md §2), written out as a `--workflow` file.
 */
async function pageDefaultWorkflow(): Promise<object> {
  const { client } = emulatorClient(emulator, AGENT);
  return defaultProjectSettings(await listAllProjectStatuses(client, 'HD')).mapping;
}

beforeAll(async () => {
  seed = buildFlowSeed({ issues: ISSUES });
  emulator = await startEmulator({ seed });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metrics-site-'));
  fs.writeFileSync(path.join(dir, 'hd.json'), JSON.stringify(exportedSeedIssues(seed, 'HD-')));
  fs.writeFileSync(path.join(dir, 'workflow.json'), JSON.stringify(await pageDefaultWorkflow()));
});
afterAll(async () => {
  await emulator.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  emulator.requests.reset();
});

interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function run(argv: readonly string[], env: NodeJS.ProcessEnv = {}): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    env: { LANG: 'en_US.UTF-8', ...env },
    nowMs: Date.parse(AS_OF),
  });
  return { code, out, err };
}

const site = (...extra: string[]): string[] => [
  'metrics',
  '--site',
  emulator.url,
  '--jql',
  'project = HD ORDER BY key ASC',
  '--as-of',
  AS_OF,
  ...extra,
];

describe('metrics --site', () => {
  it('prints the same report as --input of the same issues with the same workflow, in 2 search pages, 1 field list and 1 bulk fetch', async () => {
    const workflow = ['--workflow', path.join(dir, 'workflow.json'), '--tz', 'Europe/Berlin'];
    const fromSite = await run(site(...workflow), CREDENTIALS);
    const fromFile = await run(
      ['metrics', '--input', path.join(dir, 'hd.json'), '--as-of', AS_OF, ...workflow],
      {},
    );

    expect(fromSite.code).toBe(0);
    expect(fromFile.code).toBe(0);
    const report = JSON.parse(fromSite.out) as { issues: { key: string; cycleTimeMs: number | null }[] };
    expect(report.issues).toHaveLength(ISSUES);
    expect(report.issues.filter((i) => i.cycleTimeMs !== null).length).toBeGreaterThan(0);
    expect(fromSite.out).toBe(fromFile.out);
    expect(fromSite.err).toBe(fromFile.err);
    expect(emulator.requests.count(JIRA_ROUTES.searchJql)).toBe(2);
    expect(emulator.requests.count(JIRA_ROUTES.bulkFetchChangelogs)).toBe(1);
    // The field list: bulkfetch needs the Flagged field's id.
    expect(emulator.requests.count(JIRA_ROUTES.listFields)).toBe(1);
    expect(emulator.requests.count()).toBe(4);
  });

  it('without --workflow maps every workflow status from the site, with one status request per project', async () => {
    const fromSite = await run(site(), CREDENTIALS);

    expect(fromSite.code).toBe(0);
    const siteReport = JSON.parse(fromSite.out) as { summary: { warningCounts: Record<string, number> } };
    expect(siteReport.summary.warningCounts['unmapped-status']).toBeUndefined();
    expect(fromSite.err).toBe('');
    // Same numbers as the file with the mapping the project page derives by default ("Wartet auf Kunde" waits).
    const withWorkflow = await run(
      [
        'metrics',
        '--input',
        path.join(dir, 'hd.json'),
        '--as-of',
        AS_OF,
        '--workflow',
        path.join(dir, 'workflow.json'),
      ],
      {},
    );
    expect(JSON.parse(fromSite.out)).toEqual(JSON.parse(withWorkflow.out));
    expect(emulator.requests.count(JIRA_ROUTES.listProjectStatuses)).toBe(1);
    expect(emulator.requests.count()).toBe(5);
  });

  it('prints the table format too', async () => {
    const result = await run(site('--format', 'table'), CREDENTIALS);

    expect(result.code).toBe(0);
    expect(result.out).toContain('HD-200');
  });

  it.each([
    [
      'both variables',
      {},
      "--site reads Jira with an Atlassian account: set JIRA_EMAIL and JIRA_API_TOKEN (JIRA_EMAIL: the account's e-mail address; JIRA_API_TOKEN: an API token from https://id.atlassian.com/manage-profile/security/api-tokens).",
    ],
    [
      'the token',
      { JIRA_EMAIL: AGENT.emailAddress, JIRA_API_TOKEN: ' ' },
      "--site reads Jira with an Atlassian account: set JIRA_API_TOKEN (JIRA_EMAIL: the account's e-mail address; JIRA_API_TOKEN: an API token from https://id.atlassian.com/manage-profile/security/api-tokens).",
    ],
  ])('exits 2 naming the missing credentials (%s) without asking Jira', async (_what, env, message) => {
    const result = await run(site(), env);

    expect(result).toEqual({ code: 2, out: '', err: `${message}\n` });
    expect(emulator.requests.count()).toBe(0);
  });

  it('says so in German with LANG=de_DE.UTF-8', async () => {
    const result = await run(site(), { LANG: 'de_DE.UTF-8' });

    expect(result.code).toBe(2);
    expect(result.err).toMatch(
      /^--site liest Jira mit einem Atlassian-Konto: setzen Sie JIRA_EMAIL und JIRA_API_TOKEN/,
    );
  });

  it('exits 2 when Jira refuses the token', async () => {
    const result = await run(site(), { ...CREDENTIALS, JIRA_API_TOKEN: 'expired' });

    expect(result).toEqual({
      code: 2,
      out: '',
      err: `Jira at ${emulator.url} did not accept JIRA_EMAIL and JIRA_API_TOKEN (Jira answered 401 to POST /rest/api/3/search/jql: Client must be authenticated to access this resource.). Check both; API tokens can expire.\n`,
    });
  });

  it('exits 2 with Jira’s reason when it rejects the JQL', async () => {
    const result = await run(
      ['metrics', '--site', emulator.url, '--jql', 'ORDER BY created', '--as-of', AS_OF],
      CREDENTIALS,
    );

    expect(result).toEqual({
      code: 2,
      out: '',
      err: 'Jira rejected the query --jql "ORDER BY created": Unbounded JQL queries are not allowed here. Please add a search restriction to your query.\n',
    });
  });

  it('exits 2 when the site cannot be reached', async () => {
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as net.AddressInfo;
    await new Promise<void>((resolve) => {
      server.close(() => {
        resolve();
      });
    });

    const result = await run(
      ['metrics', '--site', `http://127.0.0.1:${port}`, '--jql', 'project = HD'],
      CREDENTIALS,
    );

    expect(result.code).toBe(2);
    expect(result.err).toBe(
      `Jira is not available: Cannot reach Jira at http://127.0.0.1:${port}/rest/api/3/search/jql: fetch failed (ECONNREFUSED). Check --site and the network, or try again later.\n`,
    );
  });

  it('recovers from a rate limit on the way', async () => {
    emulator.faults.inject({ endpoint: JIRA_ROUTES.searchJql, status: 429, retryAfterSeconds: 0, times: 1 });

    const result = await run(site(), CREDENTIALS);

    emulator.faults.clear();
    expect(result.code).toBe(0);
    expect(emulator.requests.count(JIRA_ROUTES.searchJql)).toBe(3);
  });

  it.each([
    [
      ['--site', 'https://x.example', '--input', 'a.json', '--jql', 'project = HD'],
      'Use either --input FILE or --site URL --jql QUERY, not both.',
    ],
    [
      ['--site', 'https://x.example'],
      '--site needs --jql QUERY, the issues to measure (for example --jql "project = HD").',
    ],
    [
      ['--jql', 'project = HD'],
      '--jql needs --site URL, your Jira Cloud site (for example --site https://example.atlassian.net).',
    ],
    [
      ['--site', 'example.atlassian.net', '--jql', 'project = HD'],
      '--site "example.atlassian.net" is not a site URL such as https://example.atlassian.net.',
    ],
    [[], '--input FILE or --site URL --jql QUERY is required.'],
  ])('exits 2 for %j', async (extra, message) => {
    const result = await run(['metrics', ...extra], CREDENTIALS);

    expect(result).toEqual({
      code: 2,
      out: '',
      err: `${message}\nRun "npm run --silent cli -- metrics --help" for the options.\n`,
    });
  });
});

test('npm run cli -- metrics --site works against the emulator’s URL as a user runs it', async () => {
  const child = spawn('npm', ['run', '--silent', 'cli', '--', ...site('--format', 'csv')], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...CREDENTIALS, LANG: 'en_US.UTF-8', LC_ALL: '', LC_MESSAGES: '' },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve));

  expect(stderr).toBe('');
  expect(code).toBe(0);
  expect(stdout.trim().split('\n')).toHaveLength(ISSUES + 1);
  // 2 search pages, 1 field list, 1 bulk changelog fetch, 1 project status list.
  expect(emulator.requests.count()).toBe(5);
}, 60_000);
