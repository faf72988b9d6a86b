/**
 * The project page's answer fits one resolver answer (Forge: 5 MB) also for a range over 50,000 issues: the view
 * leaves out the summaries and, when still too large, the least needed issue rows, says so in `issues`, and keeps
 * every chart and figure whole. The project is the bench's generated service desk (`bench/generate-project.ts`),
 * answered through the real use case over an in-memory Jira.
 */
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import type { JiraPort } from '../../src/application/ports/jira-port';
import { mappingStoreKey } from '../../src/application/ports/store-port';
import { getProjectFlow, type FlowFactsViews } from '../../src/application/project-flow';
import { FlowFactsStore } from '../../src/application/flow-facts-store';
import {
  factsOfJiraIssue,
  mergeFactsNames,
  namesOfJiraIssue,
  type FactsNames,
} from '../../src/domain/flow/issue-facts';
import type { StoredProjectSettings } from '../../src/application/project-settings';
import type { ProjectFlowAnswer, ProjectFlowView } from '../../src/contract/project-flow';
import { ISSUE_ROW } from '../../src/contract/project-flow';
import { addDays, localDate } from '../../src/domain/flow/calendar';
import {
  fitProjectFlowView,
  jsonBytes,
  MAX_VIEW_ANSWER_BYTES,
  utf8Bytes,
} from '../../src/domain/flow/project-view-fit';
import type { JiraHistory, JiraIssueInput } from '../../src/domain/flow/types';
import { BENCH_AS_OF_MS, BENCH_SEED, BENCH_START_MS, BENCH_TIME_ZONE } from '../../bench/bench-params';
import { BENCH_WORKFLOW_MAPPING, generateProject } from '../../bench/generate-project';
import { storeBackfilled } from './facts-fixtures';

const ISSUES = 50_000;
const FORGE_ANSWER_LIMIT_BYTES = 5_000_000;
const PROJECT_ID = '10000';
const TIMEOUT_MS = 180_000;

/**
 * Jira over generated issues: the project and the ids-only search (all a view of a project with ready facts asks),
 * plus search pages of 100 and changelogs in bulk for anything read live.
 */
function memoryJira(issues: readonly JiraIssueInput[]): JiraPort {
  const byId = new Map(issues.map((issue) => [issue.id ?? '', issue]));
  const port: Pick<
    JiraPort,
    'getProject' | 'listFields' | 'searchIssueRefs' | 'searchIssues' | 'bulkFetchChangelogs'
  > = {
    getProject: () => Promise.resolve({ id: PROJECT_ID, key: 'SD', name: 'Synthetic Service Desk' }),
    listFields: () =>
      Promise.resolve([
        {
          id: 'customfield_10021',
          name: 'Flagged',
          custom: true,
          clauseNames: ['Flagged'],
          customType: null,
        },
      ]),
    searchIssueRefs: () =>
      Promise.resolve(issues.map((issue) => ({ id: issue.id ?? '', key: issue.key ?? '' }))),
    async *searchIssues() {
      for (let i = 0; i < issues.length; i += 100)
        yield await Promise.resolve(
          issues.slice(i, i + 100).map((issue) => ({ ...issue, changelog: { histories: [] } })),
        );
    },
    bulkFetchChangelogs: (ids) => {
      const result = new Map<string, readonly JiraHistory[]>();
      for (const id of ids) result.set(id, byId.get(id)?.changelog?.histories ?? []);
      return Promise.resolve(result);
    },
  };
  return port as JiraPort;
}

/** The project's facts as a finished backfill leaves them (the view reads them; no backfill is started). */
async function readyFactsOf(issues: readonly JiraIssueInput[]): Promise<FlowFactsViews> {
  const facts = new FlowFactsStore(createMemoryStore(), {
    clock: () => BENCH_AS_OF_MS,
    sleep: () => Promise.resolve(),
  });
  let names: FactsNames = { statuses: {}, types: {} };
  const records = issues.map((issue) => {
    const record = factsOfJiraIssue(issue);
    if (record === null) throw new Error(`no facts for ${issue.key ?? '?'}`);
    names = mergeFactsNames(names, namesOfJiraIssue(issue));
    return record;
  });
  await storeBackfilled(facts, { id: PROJECT_ID, key: 'SD' }, records, names, BENCH_AS_OF_MS);
  return {
    reader: facts,
    startBackfill: () => Promise.reject(new Error('the project’s facts are ready; no backfill')),
  };
}

function answerBytes(answer: ProjectFlowAnswer): number {
  return jsonBytes({ ok: true, value: answer });
}

/** Everything of a view but the issue table and the scatter's row indexes. */
function beyondTable(view: ProjectFlowView): unknown {
  return {
    ...view,
    issues: { types: view.issues.types },
    cycleTime: { ...view.cycleTime, pointRows: null },
  };
}

describe('project view within one resolver answer', () => {
  let full: ProjectFlowView;
  let fitted: ProjectFlowView;
  let bytes: number;

  beforeAll(async () => {
    const project = generateProject({ issues: ISSUES, seed: BENCH_SEED, startMs: BENCH_START_MS }).map(
      (issue) => ({ ...issue, fields: { ...issue.fields, project: { id: PROJECT_ID, key: 'SD' } } }),
    );
    const store = createMemoryStore();
    const settings: StoredProjectSettings = {
      mapping: BENCH_WORKFLOW_MAPPING,
      calendar: { timeZone: BENCH_TIME_ZONE, workingWeekdays: [1, 2, 3, 4, 5], holidays: [] },
      percentiles: [50, 85, 95],
    };
    await store.put(mappingStoreKey(PROJECT_ID), settings, null);
    const to = localDate(BENCH_AS_OF_MS, BENCH_TIME_ZONE);
    // The whole project: 3 years, every issue loaded.
    const request = { projectKey: 'SD', from: addDays(to, -3 * 365), to };
    const answer = await getProjectFlow(
      memoryJira(project),
      store,
      'SD',
      request,
      () => BENCH_AS_OF_MS,
      await readyFactsOf(project),
    );
    if (answer.status !== 'ready') throw new Error(`expected a view, got ${answer.status}`);
    fitted = answer.view;
    bytes = answerBytes(answer);
    // The answer's rows without the flags: the view the row cuts start from.
    full = { ...fitted, issues: { types: fitted.issues.types, rows: fitted.issues.rows } };
  }, TIMEOUT_MS);

  it(
    'answers 50,000 issues in under 5 MB by leaving out the summaries, and says so',
    () => {
      console.info(
        `project page answer, ${String(ISSUES)} issues over 3 years: ${String(bytes)} bytes` +
          ` (${String(fitted.issues.rows.length)} rows, summaries ${fitted.issues.summariesOmitted === true ? 'left out' : 'kept'}, rows left out: ${String(fitted.issues.rowsOmitted ?? 0)})`,
      );
      expect(fitted.summary.issuesLoaded).toBe(ISSUES);
      expect(bytes).toBeLessThan(FORGE_ANSWER_LIMIT_BYTES);
      expect(jsonBytes(fitted)).toBeLessThanOrEqual(MAX_VIEW_ANSWER_BYTES);
      expect(fitted.issues.summariesOmitted).toBe(true);
      expect(fitted.issues.rows.every((row) => row[ISSUE_ROW.summary] === '')).toBe(true);
      // The rows keep their keys (one per issue as far as they are listed), the charts are whole.
      expect(fitted.issues.rows.length + (fitted.issues.rowsOmitted ?? 0)).toBe(ISSUES);
      expect(fitted.issues.rows.every((row) => /^SD-\d+$/.test(row[ISSUE_ROW.key]))).toBe(true);
      expect(fitted.aging.items.length).toBeGreaterThan(0);
      expect(fitted.cycleTime.pointRows.length).toBeGreaterThan(30_000);
    },
    TIMEOUT_MS,
  );

  it('leaves the view as it is when it fits (no flags)', () => {
    const small = { ...full, issues: { ...full.issues, rows: full.issues.rows.slice(0, 100) } };
    const view = { ...small, cycleTime: { ...small.cycleTime, pointRows: [] } };
    expect(fitProjectFlowView(view)).toBe(view);
    expect(fitProjectFlowView(view).issues.summariesOmitted).toBeUndefined();
  });

  it(
    'cuts issue rows when leaving out the summaries is not enough: rows no chart needs first, the rest whole',
    () => {
      const budget = 3_000_000;
      const startMs = performance.now();
      const cut = fitProjectFlowView(full, budget);
      const fitMs = performance.now() - startMs;
      expect(jsonBytes(cut)).toBeLessThanOrEqual(budget);
      expect(cut.issues.summariesOmitted).toBe(true);
      const omitted = cut.issues.rowsOmitted ?? 0;
      expect(omitted).toBeGreaterThan(0);
      expect(cut.issues.rows.length).toBe(full.issues.rows.length - omitted);
      // Figures, lines, histograms, series, aging WIP, value stream, forecast: as computed over all issues.
      expect(beyondTable(cut)).toEqual(beyondTable({ ...full, issues: { ...full.issues } }));

      // The scatter's indexes point at the same issues as before.
      const keyOf = (view: ProjectFlowView, index: number): string =>
        view.issues.rows[index]?.[ISSUE_ROW.key] ?? '?';
      const fullPoints = full.cycleTime.pointRows.map((i) => keyOf(full, i));
      const cutPoints = cut.cycleTime.pointRows.map((i) => keyOf(cut, i));
      const fullPointSet = new Set(fullPoints);
      expect(cutPoints.every((key) => fullPointSet.has(key))).toBe(true);
      expect(new Set(cutPoints).size).toBe(cutPoints.length);

      // Rows no chart points to went first, then work in progress, then scatter points.
      const kept = new Set(cut.issues.rows.map((row) => row[ISSUE_ROW.key]));
      const pointKeys = new Set(fullPoints);
      const isWip = (row: (typeof full.issues.rows)[number]): boolean =>
        row[ISSUE_ROW.startMs] !== null && row[ISSUE_ROW.doneMs] === null;
      const tiers = { other: { kept: 0, cut: 0 }, wip: { kept: 0, cut: 0 }, point: { kept: 0, cut: 0 } };
      for (const row of full.issues.rows) {
        const key = row[ISSUE_ROW.key];
        const tier = pointKeys.has(key) ? tiers.point : isWip(row) ? tiers.wip : tiers.other;
        if (kept.has(key)) tier.kept++;
        else tier.cut++;
      }
      console.info(
        `rows cut to fit ${String(budget)} bytes in ${fitMs.toFixed(0)} ms: ${JSON.stringify(tiers)}`,
      );
      expect(tiers.other.cut).toBeGreaterThan(0);
      if (tiers.other.kept > 0) expect(tiers.wip.cut + tiers.point.cut).toBe(0);
      if (tiers.wip.kept > 0) expect(tiers.point.cut).toBe(0);
      // Of the scatter points, the oldest (by done) went first.
      const doneOf = new Map(full.issues.rows.map((row) => [row[ISSUE_ROW.key], row[ISSUE_ROW.doneMs] ?? 0]));
      const lostDone = fullPoints.filter((key) => !kept.has(key)).map((key) => doneOf.get(key) ?? 0);
      const keptDone = cutPoints.map((key) => doneOf.get(key) ?? 0);
      if (lostDone.length > 0) expect(Math.max(...lostDone)).toBeLessThanOrEqual(Math.min(...keptDone));
    },
    TIMEOUT_MS,
  );

  it('counts UTF-8 bytes as the wire does', () => {
    for (const text of ['', 'SD-1', 'Gelöst', 'Wartet auf Kunde – “dringend”', '😀 ok', '\ud800x'])
      expect(utf8Bytes(text)).toBe(Buffer.byteLength(text, 'utf8'));
  });
});
