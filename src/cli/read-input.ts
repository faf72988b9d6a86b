import { readFileSync } from 'node:fs';
import type { JiraIssueInput, WorkflowMapping } from '../domain/flow/types';
import { CliError } from './cli-error';
import type { CliText } from './cli-text';

function readJson(path: string, what: string, text: CliText): unknown {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? String(error);
    throw new CliError(text.cannotRead(what, path, reason));
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new CliError(text.notJson(what, path, error instanceof Error ? error.message : String(error)));
  }
}

/**
 * Reads issues from a JSON file: an array of issues or a search response `{ "issues": [...] }`.
 * Entries that are not objects are kept as empty issues, so they are reported per issue instead of
 * silently dropped.
 */
export function readIssuesFile(path: string, text: CliText): JiraIssueInput[] {
  const data = readJson(path, 'input', text);
  const list: unknown = Array.isArray(data)
    ? data
    : typeof data === 'object' && data !== null && 'issues' in data
      ? (data as { issues: unknown }).issues
      : undefined;
  if (!Array.isArray(list)) throw new CliError(text.notIssueList(path));
  return list.map((entry): JiraIssueInput => (typeof entry === 'object' && entry !== null ? (entry as JiraIssueInput) : {}));
}

/** Reads a workflow mapping file (FLOW-METRICS.md §2); its structure is checked by the engine. */
export function readMappingFile(path: string, text: CliText): WorkflowMapping {
  const data = readJson(path, 'workflow', text);
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { stages?: unknown }).stages)) {
    throw new CliError(text.notMapping(path));
  }
  return data as WorkflowMapping;
}
