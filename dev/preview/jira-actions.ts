/**
 * What the preview's host page changes in Jira, as Jira's own UI would, acting as the selected sample user over
 * Jira's REST API: creating an issue (the "Create" dialog) and moving an issue through its workflow (the
 * transition buttons of the issue view). Jira's refusals (a validator's message, a missing field) come back as
 * {@link JiraRefusal} with Jira's messages, so the page can show them as Jira does.
 */
import type { JiraTransport } from '../../src/adapters/jira/transport';
import { PROJECT_KEY_PATTERN } from './jira-views';
import type {
  PreviewCreatedIssue,
  PreviewCreateIssueRequest,
  PreviewIssueType,
  PreviewStatus,
  PreviewTransition,
  PreviewTransitionResult,
  StatusCategoryKey,
} from './preview-api';

/** A request Jira answered with an error: its HTTP status and its messages (`errorMessages` and field `errors`). */
export class JiraRefusal extends Error {
  override readonly name = 'JiraRefusal';
  readonly status: number;
  /** Jira's messages, as Jira shows them (the validator's text for a refused transition). */
  readonly messages: readonly string[];
  constructor(status: number, messages: readonly string[]) {
    super(messages.length === 0 ? `Jira answered HTTP ${String(status)}` : messages.join(' '));
    this.status = status;
    this.messages = messages;
  }
}

function record(value: unknown): Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** Jira's error messages of an `ErrorCollection` body: `errorMessages` first, then the field errors. */
export function jiraErrorMessages(body: unknown): string[] {
  const collection = record(body);
  const general = Array.isArray(collection['errorMessages'])
    ? (collection['errorMessages'] as unknown[]).filter((m): m is string => typeof m === 'string')
    : [];
  const fields = Object.values(record(collection['errors'])).filter(
    (m): m is string => typeof m === 'string',
  );
  return [...general, ...fields].filter((message) => message.trim() !== '');
}

async function call(
  transport: JiraTransport,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
): Promise<unknown> {
  const response = await transport.send(body === undefined ? { method, path } : { method, path, body });
  const text = await response.text();
  let parsed: unknown = null;
  if (text.trim() !== '') {
    try {
      parsed = JSON.parse(text) as unknown;
    } catch {
      parsed = null;
    }
  }
  if (response.status >= 400) throw new JiraRefusal(response.status, jiraErrorMessages(parsed));
  return parsed;
}

function categoryKey(value: unknown): StatusCategoryKey {
  return value === 'new' || value === 'done' ? value : 'indeterminate';
}

function statusOf(value: unknown): PreviewStatus {
  const status = record(value);
  const name = status['name'];
  return {
    name: typeof name === 'string' ? name : '?',
    categoryKey: categoryKey(record(status['statusCategory'])['key']),
  };
}

/** The issue types a user can create in a project (no sub-tasks: they need a parent), in Jira's order. */
export async function listCreatableIssueTypes(
  transport: JiraTransport,
  projectKey: string,
): Promise<PreviewIssueType[]> {
  if (!PROJECT_KEY_PATTERN.test(projectKey))
    throw new JiraRefusal(400, [`Not a project key: "${projectKey}"`]);
  const project = record(await call(transport, 'GET', `/rest/api/3/project/${projectKey}`));
  const types = Array.isArray(project['issueTypes']) ? (project['issueTypes'] as unknown[]) : [];
  return types
    .map(record)
    .filter((type) => type['subtask'] !== true)
    .flatMap((type) => {
      const id = type['id'];
      const name = type['name'];
      return typeof id === 'string' && typeof name === 'string' ? [{ id, name }] : [];
    });
}

/** Creates an issue (`POST /rest/api/3/issue`) with project, issue type and summary; Jira's refusal as is. */
export async function createIssue(
  transport: JiraTransport,
  request: PreviewCreateIssueRequest,
): Promise<PreviewCreatedIssue> {
  const created = record(
    await call(transport, 'POST', '/rest/api/3/issue', {
      fields: {
        project: { key: request.projectKey },
        issuetype: { id: request.issueTypeId },
        summary: request.summary,
      },
    }),
  );
  const key = created['key'];
  const id = created['id'];
  if (typeof key !== 'string' || typeof id !== 'string')
    throw new JiraRefusal(502, ['Jira created the issue but did not answer with its key.']);
  return { key, id };
}

/** The transitions the user may take on the issue now (`GET …/transitions`), in Jira's order. */
export async function listTransitions(
  transport: JiraTransport,
  issueKey: string,
): Promise<PreviewTransition[]> {
  const body = record(
    await call(transport, 'GET', `/rest/api/3/issue/${encodeURIComponent(issueKey)}/transitions`),
  );
  const transitions = Array.isArray(body['transitions']) ? (body['transitions'] as unknown[]) : [];
  return transitions
    .map(record)
    .filter((transition) => transition['isAvailable'] !== false)
    .flatMap((transition) => {
      const id = transition['id'];
      const name = transition['name'];
      return typeof id === 'string' && typeof name === 'string'
        ? [{ id, name, to: statusOf(transition['to']) }]
        : [];
    });
}

/**
 * Takes a transition (`POST …/transitions`) and answers with the issue's status afterwards. A validator's refusal
 * comes back as Jira sends it (400 with the validator's `errorMessages`) as a {@link JiraRefusal}.
 */
export async function transitionIssue(
  transport: JiraTransport,
  issueKey: string,
  transitionId: string,
): Promise<PreviewTransitionResult> {
  const path = `/rest/api/3/issue/${encodeURIComponent(issueKey)}`;
  await call(transport, 'POST', `${path}/transitions`, { transition: { id: transitionId } });
  const issue = record(await call(transport, 'GET', `${path}?fields=status`));
  return { issueKey, status: statusOf(record(issue['fields'])['status']) };
}
