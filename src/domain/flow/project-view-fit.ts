/**
 * Fits the project flow page's view into one resolver answer (Forge answers at most 5 MB). A range over tens of
 * thousands of issues makes the issue table the bulk of the answer (about 100 bytes per row with its summary), so
 * when the view's JSON is over the budget the table gives way, in this order:
 * 1. the summaries are left out (every row keeps its key, so the page still links each issue);
 * 2. then issue rows are left out, least needed first: rows no chart points to (not started, or done outside the
 *    range), then rows of work in progress (the aging chart has its own items), then scatter points, oldest first.
 * Everything else — key figures, percentile lines, histograms, daily series, aging WIP, value stream, forecast —
 * stays whole: it is computed over all issues before anything is cut. The view says what was cut
 * (`issues.summariesOmitted`, `issues.rowsOmitted`), and the page tells the reader to narrow the scope.
 *
 * Pure: no clock, no I/O.
 */
import type { ProjectFlowIssueRow, ProjectFlowView } from './project-view-types';

/**
 * JSON bytes (UTF-8) a view may take: Forge's resolver answer limit is 5 MB; the rest is room for the answer's
 * wrapper (`{ ok, value: { status, view } }`) and the bridge's own envelope.
 */
export const MAX_VIEW_ANSWER_BYTES = 4_500_000;

/** Bytes the flags themselves may add (`,"summariesOmitted":true,"rowsOmitted":1234567`), with room. */
const FLAG_BYTES = 64;

/**
 * UTF-8 length of a string in bytes, without encoding it.
 * @example utf8Bytes('Gelöst') === 7
 */
export function utf8Bytes(text: string): number {
  let bytes = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && i + 1 < text.length) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4; // a surrogate pair is one code point of 4 bytes
        i++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}

/** JSON bytes (UTF-8) of a value as the resolver sends it. */
export function jsonBytes(value: unknown): number {
  return utf8Bytes(JSON.stringify(value));
}

const SUMMARY = 1;
const START_MS = 5;
const DONE_MS = 6;
const CREATED_MS = 4;

/**
 * The view within `maxBytes` of JSON (default {@link MAX_VIEW_ANSWER_BYTES}): unchanged when it fits; otherwise
 * without summaries, and if still too large without the least needed issue rows (see the module comment), the
 * scatter's `pointRows` renumbered to the rows kept. Rows keep their order.
 *
 * @example
 * const fitted = fitProjectFlowView(view);
 * fitted.issues.summariesOmitted // true when the summaries had to go
 * fitted.issues.rowsOmitted      // rows left out (absent when none)
 */
export function fitProjectFlowView(
  view: ProjectFlowView,
  maxBytes: number = MAX_VIEW_ANSWER_BYTES,
): ProjectFlowView {
  const total = jsonBytes(view);
  if (total <= maxBytes) return view;

  // 1. Summaries: each becomes "" (2 bytes).
  let bytes = total + FLAG_BYTES;
  const rows: ProjectFlowIssueRow[] = view.issues.rows.map((row) => {
    bytes -= jsonBytes(row[SUMMARY]) - 2;
    return row[SUMMARY] === '' ? row : withoutSummary(row);
  });
  if (bytes <= maxBytes) return withRows(view, rows, view.cycleTime.pointRows, 0);

  // 2. Rows, least needed first; each costs its JSON and a comma, a scatter point also its index and a comma.
  const isPoint = new Set(view.cycleTime.pointRows);
  const order = rows
    .map((row, index) => ({ index, tier: tierOf(row, isPoint.has(index)), atMs: ageKey(row) }))
    .sort((a, b) => a.tier - b.tier || a.atMs - b.atMs || a.index - b.index);
  const cut = new Set<number>();
  for (const { index } of order) {
    if (bytes <= maxBytes) break;
    const row = rows[index];
    if (row === undefined) continue;
    bytes -= jsonBytes(row) + 1;
    if (isPoint.has(index)) bytes -= String(index).length + 1;
    cut.add(index);
  }
  const newIndex = new Map<number, number>();
  const kept: ProjectFlowIssueRow[] = [];
  rows.forEach((row, index) => {
    if (cut.has(index)) return;
    newIndex.set(index, kept.length);
    kept.push(row);
  });
  const pointRows = view.cycleTime.pointRows.flatMap((index) => {
    const next = newIndex.get(index);
    return next === undefined ? [] : [next];
  });
  return withRows(view, kept, pointRows, cut.size);
}

function withoutSummary(row: ProjectFlowIssueRow): ProjectFlowIssueRow {
  const copy = [...row] as [...ProjectFlowIssueRow];
  copy[SUMMARY] = '';
  return copy;
}

/** 0: no chart points to the row; 1: work in progress (started, not done); 2: a scatter point. */
function tierOf(row: ProjectFlowIssueRow, isPoint: boolean): number {
  if (isPoint) return 2;
  return row[START_MS] !== null && row[DONE_MS] === null ? 1 : 0;
}

/** The instant that makes a row old within its tier: done, else started, else created (epoch ms). */
function ageKey(row: ProjectFlowIssueRow): number {
  return row[DONE_MS] ?? row[START_MS] ?? row[CREATED_MS] ?? Number.NEGATIVE_INFINITY;
}

function withRows(
  view: ProjectFlowView,
  rows: readonly ProjectFlowIssueRow[],
  pointRows: readonly number[],
  rowsOmitted: number,
): ProjectFlowView {
  return {
    ...view,
    issues: {
      ...view.issues,
      rows,
      summariesOmitted: true,
      ...(rowsOmitted > 0 ? { rowsOmitted } : {}),
    },
    cycleTime: { ...view.cycleTime, pointRows },
  };
}
