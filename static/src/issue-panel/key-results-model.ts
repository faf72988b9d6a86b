/**
 * The issue panel's "Key Results" section without rendering: its resolver calls (`getIssueKeyResults`,
 * `searchKeyResults`, `linkIssueToKeyResult`, `unlinkIssueFromKeyResult`) and its states. It loads on its own,
 * next to the flow panel's request: a slow or failed answer here never holds up or breaks the flow panel.
 */
import type { IssueKeyResults, KeyResultSearchHit, OkrErrorCode } from '../../../src/contract/okr';
import type { Invoke } from '../api/resolver-types';

/** The resolvers the section calls (the panel passes the UI's one invoke). */
export type KeyResultsInvoke = Invoke<
  'getIssueKeyResults' | 'searchKeyResults' | 'linkIssueToKeyResult' | 'unlinkIssueFromKeyResult'
>;

/** Milliseconds of typing pause before the search asks the resolver (one request per pause, not per key). */
export const SEARCH_DEBOUNCE_MS = 250;

export type KeyResultsState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly code: OkrErrorCode; readonly detail: string }
  | { readonly phase: 'loaded'; readonly value: IssueKeyResults };

export type KeyResultItem = IssueKeyResults['keyResults'][number];

/** Loads the key results the issue serves. */
export async function loadIssueKeyResults(
  invoke: KeyResultsInvoke,
  issueKey: string,
): Promise<KeyResultsState> {
  // The invoke never rejects: a failed bridge call arrives as an `internal` error like a resolver's own.
  const result = await invoke('getIssueKeyResults', { issueKey });
  return result.ok ? { phase: 'loaded', value: result.value } : { phase: 'error', ...result.error };
}

/** The outcome of a link or unlink: the issue's key results afterwards, or why it failed. */
export type LinkOutcome =
  | { readonly ok: true; readonly value: IssueKeyResults }
  | { readonly ok: false; readonly code: OkrErrorCode; readonly detail: string };

/** Links (`link: true`) or unlinks the issue and a key result; answers the issue's key results afterwards. */
export async function changeLink(
  invoke: KeyResultsInvoke,
  issueKey: string,
  keyResultId: string,
  link: boolean,
): Promise<LinkOutcome> {
  const payload = { issueKey, keyResultId };
  const result = link
    ? await invoke('linkIssueToKeyResult', payload)
    : await invoke('unlinkIssueFromKeyResult', payload);
  return result.ok ? { ok: true, value: result.value } : { ok: false, ...result.error };
}

export type SearchOutcome =
  | { readonly ok: true; readonly hits: readonly KeyResultSearchHit[] }
  | { readonly ok: false; readonly code: OkrErrorCode; readonly detail: string };

/** Searches key results by words of the title or a `KR-<n>` id (empty: the current period's). */
export async function searchKeyResults(invoke: KeyResultsInvoke, query: string): Promise<SearchOutcome> {
  const result = await invoke('searchKeyResults', { query: query.trim() });
  return result.ok ? { ok: true, hits: result.value } : { ok: false, ...result.error };
}

/** The option to make active after an arrow key: the next or previous one, wrapping around; -1 for none. */
export function nextActiveIndex(current: number, count: number, key: 'ArrowDown' | 'ArrowUp'): number {
  if (count === 0) return -1;
  if (key === 'ArrowDown') return current < 0 || current >= count - 1 ? 0 : current + 1;
  return current <= 0 ? count - 1 : current - 1;
}
