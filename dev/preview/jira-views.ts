/**
 * The Jira data the preview's host page shows around the modules (the issue list, an issue's fields, the
 * projects), read through the app's own Jira client as the selected sample user, so Jira's permissions apply.
 */
import type { AdfNode, JiraPort } from '../../src/application/ports/jira-port';
import type { JiraIssueInput } from '../../src/domain/flow/types';
import type {
  PreviewIssueDetails,
  PreviewIssueList,
  PreviewIssueSummary,
  PreviewPerson,
  PreviewProject,
  PreviewStatus,
  StatusCategoryKey,
} from './preview-api';

/** A project key as JQL may quote it unescaped. */
export const PROJECT_KEY_PATTERN = /^[A-Z][A-Z0-9_]{0,254}$/;
/** An issue key, e.g. `HD-42`. */
export const ISSUE_KEY_PATTERN = /^[A-Z][A-Z0-9_]{0,254}-[1-9][0-9]*$/;

const LIST_FIELDS = ['summary', 'status', 'issuetype'] as const;
const DETAIL_FIELDS = [
  ...LIST_FIELDS,
  'project',
  'priority',
  'assignee',
  'reporter',
  'labels',
  'created',
  'updated',
  'resolutiondate',
  'resolution',
  'description',
] as const;

/** Issues the text search reads at most (the emulator's JQL has no text search, so the preview filters). */
const MAX_SCANNED_ISSUES = 5_000;

function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null ? (value as Record<string, unknown>) : {};
}
function stringOr<T>(value: unknown, fallback: T): string | T {
  return typeof value === 'string' ? value : fallback;
}

function categoryKey(value: unknown): StatusCategoryKey {
  return value === 'new' || value === 'done' ? value : 'indeterminate';
}

function statusOf(issue: JiraIssueInput): PreviewStatus {
  const status = issue.fields?.status;
  return { name: status?.name ?? '?', categoryKey: categoryKey(status?.statusCategory?.key) };
}

function summaryOf(issue: JiraIssueInput): PreviewIssueSummary {
  return {
    id: issue.id ?? '',
    key: issue.key ?? issue.id ?? '',
    summary: issue.fields?.summary ?? '',
    status: statusOf(issue),
    issueType: issue.fields?.issuetype?.name ?? '',
  };
}

function personOf(value: unknown): PreviewPerson | null {
  const person = record(value);
  const accountId = person['accountId'];
  if (typeof accountId !== 'string') return null;
  return { accountId, displayName: stringOr(person['displayName'], accountId) };
}

/** Plain text of an ADF node (text nodes joined; hard breaks as spaces). */
function adfText(node: AdfNode): string {
  if (node.type === 'text') return node.text ?? '';
  if (node.type === 'hardBreak') return ' ';
  return (node.content ?? []).map(adfText).join('');
}

/** The block-level texts of an ADF document: one entry per paragraph, heading, list item, quote or code block. */
export function adfParagraphs(document: unknown): string[] {
  const paragraphs: string[] = [];
  const visit = (node: AdfNode, prefix: string): void => {
    if (node.type === 'paragraph' || node.type === 'heading' || node.type === 'codeBlock') {
      const text = adfText(node).trim();
      if (text !== '') paragraphs.push(prefix + text);
      return;
    }
    const bullet = node.type === 'listItem' ? '• ' : prefix;
    for (const child of node.content ?? []) visit(child, bullet);
  };
  const root = record(document);
  if (typeof root['type'] === 'string') visit(root as unknown as AdfNode, '');
  return paragraphs;
}

/** The projects the user may browse, by key. */
export async function listProjects(jira: JiraPort): Promise<PreviewProject[]> {
  const projects = await jira.searchProjects();
  return projects
    .map((project) => ({
      id: project.id,
      key: project.key,
      name: project.name,
      typeKey: project.projectTypeKey ?? 'software',
    }))
    .sort((a, b) => a.key.localeCompare(b.key));
}

/**
 * The issues of a project the list shows, newest first: all of them up to `limit`, or, with a `query`, those whose
 * key or summary contains it (case-insensitive). A query that is an issue key finds that issue in any project.
 */
export async function searchIssueList(
  jira: JiraPort,
  options: { readonly projectKey: string; readonly query: string; readonly limit: number },
): Promise<PreviewIssueList> {
  const query = options.query.trim();
  const wanted = query.toUpperCase();
  if (ISSUE_KEY_PATTERN.test(wanted)) {
    const exact = await collect(jira, `key = ${wanted}`, () => true, options.limit).catch(() => null);
    if (exact !== null && exact.issues.length > 0) return exact;
  }
  if (!PROJECT_KEY_PATTERN.test(options.projectKey)) return { issues: [], truncated: false };
  const needle = query.toLocaleLowerCase('de-DE');
  const matches = (issue: PreviewIssueSummary): boolean =>
    needle === '' ||
    issue.key.toLocaleLowerCase('de-DE').includes(needle) ||
    issue.summary.toLocaleLowerCase('de-DE').includes(needle);
  return collect(jira, `project = ${options.projectKey} ORDER BY created DESC`, matches, options.limit);
}

async function collect(
  jira: JiraPort,
  jql: string,
  matches: (issue: PreviewIssueSummary) => boolean,
  limit: number,
): Promise<PreviewIssueList> {
  const issues: PreviewIssueSummary[] = [];
  let scanned = 0;
  for await (const page of jira.searchIssues(jql, LIST_FIELDS)) {
    for (const issue of page) {
      const summary = summaryOf(issue);
      if (!matches(summary)) continue;
      if (issues.length === limit) return { issues, truncated: true };
      issues.push(summary);
    }
    scanned += page.length;
    if (scanned >= MAX_SCANNED_ISSUES) return { issues, truncated: true };
  }
  return { issues, truncated: false };
}

/** The fields of one issue the issue view shows. */
export async function readIssueDetails(jira: JiraPort, issueKey: string): Promise<PreviewIssueDetails> {
  const issue = await jira.getIssue(issueKey, DETAIL_FIELDS);
  const fields = issue.fields ?? {};
  const project = record(fields['project']);
  const labels = fields['labels'];
  return {
    ...summaryOf(issue),
    project: {
      id: stringOr(project['id'], ''),
      key: stringOr(project['key'], issueKey.split('-')[0] ?? ''),
      name: stringOr(project['name'], ''),
      typeKey: stringOr(project['projectTypeKey'], 'software'),
    },
    issueTypeId: fields.issuetype?.id ?? '',
    priority: stringOr(record(fields['priority'])['name'], null),
    assignee: personOf(fields['assignee']),
    reporter: personOf(fields['reporter']),
    labels: Array.isArray(labels) ? labels.filter((label) => typeof label === 'string') : [],
    created: fields.created ?? '',
    updated: stringOr(fields['updated'], null),
    resolutionDate: fields.resolutiondate ?? null,
    resolution: stringOr(record(fields['resolution'])['name'], null),
    descriptionParagraphs: adfParagraphs(fields['description']),
  };
}
