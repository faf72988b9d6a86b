/**
 * The engine benchmark's synthetic project (`generate-project.ts`) as a seed of the local Jira emulator, shared by
 * the Jira request bench and the flow facts bench's emulator process: one project, the generator's statuses and
 * issue types, every issue with its histories, reported and updated by the bench's user.
 */
import type { JiraSeed, SeedHistory, SeedIssue, SeedStatus, SeedUser } from '../dev/emulator/seed';
import type { JiraChangeItem, StageKind } from '../src/domain/flow/types';
import { BENCH_SEED, BENCH_START_MS } from './bench-params';
import { BENCH_WORKFLOW_MAPPING, iterateProject } from './generate-project';

const CATEGORY_OF_KIND: Readonly<Record<StageKind, SeedStatus['categoryKey']>> = {
  backlog: 'new',
  active: 'indeterminate',
  waiting: 'indeterminate',
  done: 'done',
};

function isFlowItem(item: JiraChangeItem): boolean {
  return item.fieldId === 'status' || item.field === 'status' || item.field?.toLowerCase() === 'flagged';
}

export interface SyntheticSeed {
  readonly seed: JiraSeed;
  /** Histories with at least one status or Flagged item: what a flow fetch must deliver. */
  readonly flowHistories: number;
}

/** The synthetic project of `issues` issues as an emulator seed, with `user` as the project lead and reporter. */
export function syntheticProjectSeed(options: {
  readonly issues: number;
  readonly projectId: string;
  readonly projectKey: string;
  readonly user: SeedUser;
}): SyntheticSeed {
  const { issues, projectId, projectKey, user } = options;
  const statusIds = new Map<string, string>();
  const issueTypes = new Map<string, string>();
  const seedIssues: SeedIssue[] = [];
  let flowHistories = 0;
  const noteStatus = (id: string | null | undefined, name: string | null | undefined): void => {
    if (typeof id === 'string' && typeof name === 'string' && name !== '') statusIds.set(name, id);
  };
  const iterator = iterateProject({ issues, seed: BENCH_SEED, startMs: BENCH_START_MS });
  for (let step = iterator.next(); step.done !== true; step = iterator.next()) {
    const issue = step.value;
    const fields = issue.fields;
    if (issue.id === undefined || issue.key === undefined || fields?.created === undefined)
      throw new Error('generate-project yielded an issue without id, key or created');
    noteStatus(fields.status?.id, fields.status?.name);
    issueTypes.set(fields.issuetype?.id ?? '10001', fields.issuetype?.name ?? 'Task');
    const histories: SeedHistory[] = (issue.changelog?.histories ?? []).map((h) => {
      const items = h.items ?? [];
      for (const item of items) {
        if (item.fieldId === 'status') {
          noteStatus(item.from, item.fromString);
          noteStatus(item.to, item.toString);
        }
      }
      if (items.some(isFlowItem)) flowHistories++;
      return {
        id: h.id ?? '',
        created: h.created ?? fields.created ?? '',
        authorAccountId: user.accountId,
        items,
      };
    });
    const resolutiondate = fields.resolutiondate ?? null;
    seedIssues.push({
      id: issue.id,
      key: issue.key,
      projectId,
      issueTypeId: fields.issuetype?.id ?? '10001',
      statusId: fields.status?.id ?? '1',
      summary: fields.summary ?? issue.key,
      description: null,
      created: fields.created,
      updated: histories.reduce((latest, h) => (h.created > latest ? h.created : latest), fields.created),
      resolutiondate,
      resolution: resolutiondate === null ? null : 'Done',
      priority: 'Medium',
      labels: [],
      reporterAccountId: user.accountId,
      assigneeAccountId: null,
      flagged: false,
      histories,
      comments: [],
      properties: {},
    });
  }
  const statuses: SeedStatus[] = BENCH_WORKFLOW_MAPPING.stages.flatMap((stage) =>
    stage.statuses.map((name) => {
      const id = statusIds.get(name);
      if (id === undefined) throw new Error(`status ${name} does not occur in the generated project`);
      return { id, name, categoryKey: CATEGORY_OF_KIND[stage.kind] };
    }),
  );
  return {
    flowHistories,
    seed: {
      users: [user],
      projects: [
        {
          id: projectId,
          key: projectKey,
          name: 'Synthetic Service Desk',
          style: 'classic',
          projectTypeKey: 'service_desk',
          leadAccountId: user.accountId,
          issueTypeIds: [...issueTypes.keys()],
          statusIds: statuses.map((s) => s.id),
        },
      ],
      issueTypes: [...issueTypes].map(([id, name]) => ({ id, name, description: '', subtask: false })),
      statuses,
      linkTypes: [],
      issues: seedIssues,
      links: [],
    },
  };
}
