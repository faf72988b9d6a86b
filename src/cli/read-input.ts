import { readFileSync } from 'node:fs';
import type { JiraIssueInput, WorkflowMapping } from '../domain/flow/types';
import { CliError } from './cli-error';
import type { CliText } from './cli-text';
import { forEachJsonArrayElement, JsonStreamError } from './issue-stream';
import { forEachJsonArrayElementParallel } from './issue-stream-parallel';

/** The reason of a file system error for messages: its code (ENOENT, EACCES, EISDIR, …). */
function ioReason(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? String(error);
}

function readJson(path: string, what: string, text: CliText): unknown {
  let raw: string;
  try {
    raw = readFileSync(path, 'utf8');
  } catch (error) {
    throw new CliError(text.cannotRead(what, path, ioReason(error)));
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch (error) {
    throw new CliError(text.notJson(what, path, error instanceof Error ? error.message : String(error)));
  }
}

/**
 * Where an issue's changelog has a shape the engine cannot read (histories that are not a list, a history or
 * item that is not an object), as a JSON path; null when it is readable. Such an issue would otherwise either
 * stop the whole run or be measured without part of its history, i.e. silently wrong.
 */
function unreadableChangelogAt(entry: object): string | null {
  const changelog: unknown = (entry as { changelog?: unknown }).changelog;
  if (changelog === undefined || changelog === null) return null;
  if (typeof changelog !== 'object') return 'changelog';
  const histories: unknown = (changelog as { histories?: unknown }).histories;
  if (histories === undefined || histories === null) return null;
  if (!Array.isArray(histories)) return 'changelog.histories';
  for (const [h, history] of (histories as unknown[]).entries()) {
    if (typeof history !== 'object' || history === null) return `changelog.histories[${h}]`;
    const items: unknown = (history as { items?: unknown }).items;
    if (items === undefined || items === null) continue;
    if (!Array.isArray(items)) return `changelog.histories[${h}].items`;
    const bad = (items as unknown[]).findIndex((item) => typeof item !== 'object' || item === null);
    if (bad >= 0) return `changelog.histories[${h}].items[${bad}]`;
  }
  return null;
}

/** Carries an error of the per-issue work out of the stream reader, so it is not mistaken for a reading error. */
class PassThrough extends Error {
  constructor(readonly original: unknown) {
    super('error while handling an issue');
  }
}

/**
 * The issue to hand on for one entry of the list: entries that are not objects become empty issues, so they are
 * reported per issue instead of silently dropped. An issue whose changelog cannot be read at all makes the file
 * unusable (CliError naming it).
 */
function checkedIssue(entry: unknown, index: number, path: string, text: CliText): JiraIssueInput {
  if (typeof entry !== 'object' || entry === null) return {};
  const where = unreadableChangelogAt(entry);
  if (where !== null) {
    const key: unknown = (entry as { key?: unknown }).key;
    throw new CliError(text.badChangelog(path, index + 1, typeof key === 'string' ? key : '?', where));
  }
  return entry;
}

/**
 * Streams the issues of a JSON file (an array of issues or a search response `{ "issues": [...] }`) to
 * `onIssue`, one at a time and in file order, without holding the file or the parsed list (a 100,000-issue
 * export would not fit in a Forge function's memory otherwise). Each entry is checked as {@link readIssuesFile}
 * describes before it is handed on. Errors of `onIssue` arrive unchanged.
 *
 * @returns the number of issues handed on.
 * @throws CliError when the file cannot be read, is not JSON, holds no list of issues or an unreadable changelog;
 *   issues handed on before such an error stay handed on, so callers discard what they built from them.
 * @example
 * const accumulator = createFlowAccumulator(options);
 * forEachIssueInFile('issues.json', text, (issue) => accumulator.add(issue));
 * const report = accumulator.finish();
 */
export function forEachIssueInFile(
  path: string,
  text: CliText,
  onIssue: (issue: JiraIssueInput, index: number) => void,
): number {
  const handler = checkingHandler(path, text, onIssue);
  try {
    forEachJsonArrayElement(path, handler.onElement);
  } catch (error) {
    throw readingFailure(error, path, text);
  }
  return handler.count();
}

/**
 * {@link forEachIssueInFile} with the file read and scanned on a worker thread while this thread parses the
 * issues and runs `onIssue` (`issue-stream-parallel.ts`): the same issues in the same order, the same errors.
 */
export async function forEachIssueInFileParallel(
  path: string,
  text: CliText,
  onIssue: (issue: JiraIssueInput, index: number) => void,
): Promise<number> {
  const handler = checkingHandler(path, text, onIssue);
  try {
    await forEachJsonArrayElementParallel(path, handler.onElement);
  } catch (error) {
    throw readingFailure(error, path, text);
  }
  return handler.count();
}

/** The per-element work of reading issues: each entry checked, then handed on; its errors marked to pass through. */
function checkingHandler(
  path: string,
  text: CliText,
  onIssue: (issue: JiraIssueInput, index: number) => void,
): { onElement: (entry: unknown, index: number) => void; count: () => number } {
  let count = 0;
  return {
    onElement: (entry, index) => {
      try {
        onIssue(checkedIssue(entry, index, path, text), index);
      } catch (error) {
        throw new PassThrough(error);
      }
      count += 1;
    },
    count: () => count,
  };
}

/** Errors of the reading itself (file system, format) become messages; those of the issues pass through. */
function readingFailure(error: unknown, path: string, text: CliText): unknown {
  if (error instanceof PassThrough) return error.original;
  if (error instanceof JsonStreamError) {
    return new CliError(
      error.kind === 'shape' ? text.notIssueList(path) : text.notJson('input', path, error.message),
    );
  }
  if (typeof (error as NodeJS.ErrnoException | null)?.syscall === 'string') {
    return new CliError(text.cannotRead('input', path, ioReason(error)));
  }
  return error;
}

/**
 * Reads all issues of a JSON file into an array: an array of issues or a search response `{ "issues": [...] }`.
 * Entries that are not objects are kept as empty issues, so they are reported per issue instead of
 * silently dropped. An issue whose changelog cannot be read at all makes the file unusable (CliError naming it).
 * Prefer {@link forEachIssueInFile} where the issues can be consumed one at a time.
 */
export function readIssuesFile(path: string, text: CliText): JiraIssueInput[] {
  const issues: JiraIssueInput[] = [];
  forEachIssueInFile(path, text, (issue) => issues.push(issue));
  return issues;
}

/** Reads a workflow mapping file (FLOW-METRICS.md §2); its structure is checked by the engine. */
export function readMappingFile(path: string, text: CliText): WorkflowMapping {
  const data = readJson(path, 'workflow', text);
  if (typeof data !== 'object' || data === null || !Array.isArray((data as { stages?: unknown }).stages)) {
    throw new CliError(text.notMapping(path));
  }
  return data as WorkflowMapping;
}
