/**
 * One project, one measurement: the German sample help desk (HD, "Wartet auf Kunde" is a waiting status) measured
 * by the project page and by the CLI against the local Jira emulator gives the same flow efficiency — for HD-1 and
 * for the project — (1) with nothing saved, where the CLI without `--workflow` applies the page's ITSM-aware
 * defaults, from `--site` and from an exported file, and (2) with a saved mapping that the status mapping page's
 * "Export for the CLI" hands to the CLI as `--workflow`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import type { JiraSeed } from '../../dev/emulator/seed';
import { generateSampleSeed, HD_WORKFLOW_MAPPING, SAMPLE_TIME_ZONE } from '../../dev/sample-data/generate';
import type { JiraClient } from '../../src/adapters/jira/jira-client';
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import { mappingStoreKey } from '../../src/application/ports/store-port';
import { getProjectFlow, planProjectFlow, type FlowFactsViews } from '../../src/application/project-flow';
import { getProjectFlowSettings } from '../../src/application/project-settings';
import type { StoredProjectSettings } from '../../src/application/project-settings';
import { getStatusMapping } from '../../src/application/status-mapping';
import { runCli } from '../../src/cli/main';
import { ISSUE_ROW } from '../../src/contract/project-flow';
import type { ProjectFlowAnswer, ProjectFlowView } from '../../src/contract/project-flow';
import { localDate } from '../../src/domain/flow/calendar';
import { cliWorkflowFileName, cliWorkflowJson } from '../../static/src/status-mapping/cli-export';
import { emulatorClient } from './support/emulator-client';
import { exportedSeedIssues } from './support/seed-export';
import { seedReadyFacts } from '../project-flow/facts-fixtures';

const NOW = Date.UTC(2026, 2, 2, 12);
const TIMEOUT_MS = 60_000;
const REQUEST = { projectKey: 'HD', from: '2025-01-01', to: '2026-03-02' } as const;

interface CliIssue {
  readonly key: string;
  readonly doneAt: string | null;
  readonly cycleTimeMs: number | null;
  readonly flowEfficiency: number | null;
  readonly timeInStatusMs: Record<string, number>;
}

let emulator: RunningEmulator;
let seed: JiraSeed;
let client: JiraClient;
let credentials: NodeJS.ProcessEnv;
let dir = '';
/** The help desk's flow facts, as a finished backfill leaves them: what the page measures. */
let facts: FlowFactsViews;

function readyView(answer: ProjectFlowAnswer): ProjectFlowView {
  if (answer.status !== 'ready') throw new Error(`expected a ready view, got ${answer.status}`);
  return answer.view;
}

async function cliIssues(argv: readonly string[]): Promise<CliIssue[]> {
  let out = '';
  let err = '';
  const code = await runCli(
    ['metrics', '--as-of', new Date(NOW).toISOString(), '--tz', SAMPLE_TIME_ZONE, ...argv],
    {
      out: (s) => (out += s),
      err: (s) => (err += s),
      env: { LANG: 'en_US.UTF-8', ...credentials },
      nowMs: NOW,
    },
  );
  if (code !== 0) throw new Error(`the CLI failed (${String(code)}): ${err}`);
  return (JSON.parse(out) as { issues: CliIssue[] }).issues;
}

/** The page's project flow efficiency from CLI rows: Σ efficiency × cycle ÷ Σ cycle of the items done in range. */
function projectEfficiency(issues: readonly CliIssue[]): number | null {
  let active = 0;
  let cycle = 0;
  for (const issue of issues) {
    if (issue.doneAt === null || issue.cycleTimeMs === null || issue.flowEfficiency === null) continue;
    const day = localDate(Date.parse(issue.doneAt), SAMPLE_TIME_ZONE);
    if (day < REQUEST.from || day > REQUEST.to) continue;
    active += issue.flowEfficiency * issue.cycleTimeMs;
    cycle += issue.cycleTimeMs;
  }
  return cycle > 0 ? Math.round((active / cycle) * 1000) / 1000 : null;
}

function rowEfficiency(view: ProjectFlowView, key: string): unknown {
  const row = view.issues.rows.find((r) => r[ISSUE_ROW.key] === key);
  if (row === undefined) throw new Error(`${key} is not on the page`);
  return row[ISSUE_ROW.flowEfficiency];
}

const round3 = (value: number | null | undefined): number | null =>
  value === null || value === undefined ? null : Math.round(value * 1000) / 1000;

beforeAll(async () => {
  seed = generateSampleSeed({ now: NOW });
  const admin = seed.users[0];
  if (admin === undefined) throw new Error('sample data has no users');
  credentials = { JIRA_EMAIL: admin.emailAddress, JIRA_API_TOKEN: admin.apiToken };
  emulator = await startEmulator({ seed, now: () => NOW });
  client = emulatorClient(emulator, admin).client;
  const seeded = await seedReadyFacts(createMemoryStore(), client, 'HD', NOW);
  facts = {
    reader: seeded.facts,
    startBackfill: () => Promise.reject(new Error('the help desk’s facts are ready; no backfill')),
  };
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-page-'));
  fs.writeFileSync(path.join(dir, 'hd.json'), JSON.stringify(exportedSeedIssues(seed, 'HD-')));
}, TIMEOUT_MS);
afterAll(async () => {
  await emulator.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('the project page and the CLI measure the sample help desk the same way', () => {
  it(
    'with nothing saved: the CLI without --workflow counts "Wartet auf Kunde" as waiting, as the page does',
    async () => {
      const store = createMemoryStore();
      const clock = (): number => NOW;
      const view = readyView(await getProjectFlow(client, store, 'HD', REQUEST, clock, facts));
      const settings = await getProjectFlowSettings(store, client, 'HD');
      expect(settings.derived).toBe(true);
      const plan = planProjectFlow(settings, REQUEST, NOW);

      const fromSite = await cliIssues(['--site', emulator.url, '--jql', plan.jql]);
      const siteKeys = new Set(fromSite.map((i) => i.key));
      const fromFile = (await cliIssues(['--input', path.join(dir, 'hd.json')])).filter((i) =>
        siteKeys.has(i.key),
      );

      // The first ticket that waited on the customer: the CLI used to count that time as active work.
      const waited = fromSite.find(
        (i) => (i.timeInStatusMs['Wartet auf Kunde'] ?? 0) > 0 && i.flowEfficiency !== null,
      );
      if (waited === undefined) throw new Error('no ticket waited on the customer');
      expect(waited.flowEfficiency).toBeLessThan(1);
      for (const key of ['HD-1', waited.key]) {
        expect(round3(fromSite.find((i) => i.key === key)?.flowEfficiency)).toBe(rowEfficiency(view, key));
        expect(round3(fromFile.find((i) => i.key === key)?.flowEfficiency)).toBe(rowEfficiency(view, key));
      }

      expect(view.summary.flowEfficiency).not.toBeNull();
      expect(view.summary.flowEfficiency).toBeLessThan(0.9);
      expect(projectEfficiency(fromSite)).toBe(view.summary.flowEfficiency);
      expect(projectEfficiency(fromFile)).toBe(view.summary.flowEfficiency);
    },
    TIMEOUT_MS,
  );

  it(
    "with a saved mapping: the status mapping page's export, fed to the CLI as --workflow, gives the page's numbers",
    async () => {
      const store = createMemoryStore();
      const project = await client.getProject('HD');
      // A mapping that differs from the defaults: "Wartet auf Kunde" counted as active work.
      const saved: StoredProjectSettings = {
        mapping: {
          ...HD_WORKFLOW_MAPPING,
          stages: HD_WORKFLOW_MAPPING.stages.map((stage) =>
            stage.kind === 'waiting' ? { ...stage, kind: 'active' } : stage,
          ),
        },
        calendar: { timeZone: SAMPLE_TIME_ZONE, workingWeekdays: [1, 2, 3, 4, 5], holidays: [] },
        percentiles: [50, 85, 95],
      };
      await store.put(mappingStoreKey(project.id), saved, null);
      const clock = (): number => NOW;
      const view = readyView(await getProjectFlow(client, store, 'HD', REQUEST, clock, facts));
      const plan = planProjectFlow(await getProjectFlowSettings(store, client, 'HD'), REQUEST, NOW);

      const page = await getStatusMapping(store, client, 'HD');
      const file = path.join(dir, cliWorkflowFileName(page.projectKey));
      fs.writeFileSync(file, cliWorkflowJson(page.mapping));
      expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual(saved.mapping);

      const exported = await cliIssues(['--site', emulator.url, '--jql', plan.jql, '--workflow', file]);
      const defaults = await cliIssues(['--site', emulator.url, '--jql', plan.jql]);

      expect(projectEfficiency(exported)).toBe(view.summary.flowEfficiency);
      expect(round3(exported.find((i) => i.key === 'HD-1')?.flowEfficiency)).toBe(
        rowEfficiency(view, 'HD-1'),
      );
      // Not by chance: without the export the CLI measures with the defaults and gets other numbers.
      expect(projectEfficiency(defaults)).not.toBe(view.summary.flowEfficiency);
    },
    TIMEOUT_MS,
  );
});
