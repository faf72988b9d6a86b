/**
 * The stored form of an {@link IssueFactsRecord}: a compact JSON array (issue 13 keeps ~50,000 per project in
 * values of 240 KiB), and its strict reader, which turns anything that is not a valid record of this version into
 * null (stored values may be old or corrupt: the caller then re-reads the issue from Jira).
 *
 * Version 1, by position:
 * `[1, id, key, projectId, typeId, created, createdOffsetMin, status, resolved, summary, updated, changes, flags]`
 * - ids (issue, project, type, status) of up to 15 digits without a leading zero are JSON numbers, other refs
 *   strings (`=Name`, `''` for no type, digit strings that would not survive as a number);
 * - `created` in Jira Cloud's own form (`2026-03-02T08:15:00.000+0100`) is its instant (ms) and its offset in
 *   minutes; any other string is kept as it is, with offset null;
 * - every other instant is a difference in ms: each status change to the previous change (the first to
 *   `created`'s instant, 0 when `created` does not parse), each flag to the previous flag (the first to
 *   `created`); `resolved` (or null) and `updated` to the last status change (without changes to `created`): an
 *   issue is resolved by its last transition, so `resolved` is mostly 0;
 * - `changes` flat, three elements per change: `Δms, from, to`; `from` is null (Jira gave none), 0 (the previous
 *   change's target, as in almost every changelog) or a ref;
 * - `flags` flat, one number per flag: `2 × Δms + (1 flagged | 0 cleared)`.
 */
import type { FactsStatusRef, IssueFactsRecord } from './issue-facts';
import { parseJiraInstant, toIsoUtc } from './timestamps';

const VERSION = 1;
const FIELDS = 13;
/** Digit strings that survive a round trip through a JSON number. */
const NUMERIC_ID = /^[1-9][0-9]{0,14}$/;
const DIGITS = /^[0-9]+$/;
const JIRA_CLOUD_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}([+-])(\d{2})(\d{2})$/;
/** `from` meaning "the previous change's target". */
const CHAINED = 0;

/** Jira Cloud's form of an instant written in a UTC offset: `2026-03-02T08:15:00.000+0100`. */
function jiraCloudInstant(instantMs: number, offsetMin: number): string {
  const wall = toIsoUtc(instantMs + offsetMin * 60_000).slice(0, 23);
  const abs = Math.abs(offsetMin);
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${wall}${offsetMin < 0 ? '-' : '+'}${hh}${mm}`;
}

/** `created` as instant and offset when it is in Jira Cloud's form and rebuilds to the very same string. */
function compactCreated(created: string): readonly [number, number] | null {
  const m = JIRA_CLOUD_INSTANT.exec(created);
  const instantMs = parseJiraInstant(created);
  if (m === null || instantMs === null) return null;
  const offsetMin = (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3]));
  return jiraCloudInstant(instantMs, offsetMin) === created ? [instantMs, offsetMin] : null;
}

const encodeId = (id: string): number | string => (NUMERIC_ID.test(id) ? Number(id) : id);

/**
 * The stored form of a record (see the module comment). Instants are integer epoch ms, as
 * `factsOfJiraIssue` makes them.
 */
export function encodeFacts(record: IssueFactsRecord): unknown[] {
  const compact = compactCreated(record.created);
  const baseMs = compact?.[0] ?? parseJiraInstant(record.created) ?? 0;
  const changes: unknown[] = [];
  let prevMs = baseMs;
  let prevTo: FactsStatusRef | null = null;
  for (const [atMs, from, to] of record.changes) {
    changes.push(
      atMs - prevMs,
      from === null ? null : prevTo !== null && from === prevTo ? CHAINED : encodeId(from),
      encodeId(to),
    );
    prevMs = atMs;
    prevTo = to;
  }
  const lastChangeMs = prevMs;
  const flags: number[] = [];
  prevMs = baseMs;
  for (const [atMs, on] of record.flags) {
    flags.push(2 * (atMs - prevMs) + on);
    prevMs = atMs;
  }
  return [
    VERSION,
    encodeId(record.id),
    record.key,
    encodeId(record.projectId),
    encodeId(record.typeId),
    compact === null ? record.created : compact[0],
    compact === null ? null : compact[1],
    encodeId(record.status),
    record.resolvedMs === null ? null : record.resolvedMs - lastChangeMs,
    record.summary,
    record.updatedMs - lastChangeMs,
    changes,
    flags,
  ];
}

/** Thrown inside the decoder only; {@link decodeFacts} turns it into null. */
class Junk extends Error {}

function junk(): never {
  throw new Junk();
}

/** A digits id: a safe non-negative integer number or a string of digits. */
function digitsId(value: unknown): string {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) return String(value);
  if (typeof value === 'string' && DIGITS.test(value)) return value;
  return junk();
}

/** A status ref: a digits id or `=Name`. */
function statusRef(value: unknown): FactsStatusRef {
  return typeof value === 'string' && value.startsWith('=') ? value : digitsId(value);
}

/** A safe integer (instants and their differences are whole ms). */
function whole(value: unknown): number {
  return typeof value === 'number' && Number.isSafeInteger(value) ? value : junk();
}

function text(value: unknown): string {
  return typeof value === 'string' ? value : junk();
}

function list(value: unknown): readonly unknown[] {
  return Array.isArray(value) ? (value as readonly unknown[]) : junk();
}

function decodeCreated(value: unknown, offset: unknown): { created: string; baseMs: number } {
  if (typeof value === 'string' && offset === null)
    return { created: value, baseMs: parseJiraInstant(value) ?? 0 };
  const instantMs = whole(value);
  const offsetMin = whole(offset);
  // Jira offsets are within ±18 h (as the parser accepts them).
  if (Math.abs(offsetMin) > 18 * 60 + 59) return junk();
  const created = jiraCloudInstant(instantMs, offsetMin);
  if (parseJiraInstant(created) !== instantMs) return junk();
  return { created, baseMs: instantMs };
}

function decodeChanges(raw: unknown, baseMs: number): IssueFactsRecord['changes'] {
  const flat = list(raw);
  if (flat.length % 3 !== 0) return junk();
  const changes: (readonly [number, FactsStatusRef | null, FactsStatusRef])[] = [];
  let atMs = baseMs;
  let prevTo: FactsStatusRef | null = null;
  for (let i = 0; i < flat.length; i += 3) {
    atMs = whole(atMs + whole(flat[i]));
    const fromRaw = flat[i + 1];
    let from: FactsStatusRef | null;
    if (fromRaw === null) from = null;
    else if (fromRaw === CHAINED) from = prevTo ?? junk();
    else from = statusRef(fromRaw);
    const to = statusRef(flat[i + 2]);
    changes.push([atMs, from, to]);
    prevTo = to;
  }
  return changes;
}

function decodeFlags(raw: unknown, baseMs: number): IssueFactsRecord['flags'] {
  const flags: (readonly [number, 0 | 1])[] = [];
  let atMs = baseMs;
  for (const value of list(raw)) {
    const v = whole(value);
    const on = ((v % 2) + 2) % 2 === 1 ? 1 : 0;
    atMs = whole(atMs + (v - on) / 2);
    flags.push([atMs, on]);
  }
  return flags;
}

/**
 * A record from its stored form, every element checked (version, digits ids, refs, whole ms, strings, arrays).
 *
 * @returns the record, or null when `raw` is not a version-1 record (old, corrupt or foreign data).
 */
export function decodeFacts(raw: unknown): IssueFactsRecord | null {
  try {
    const a = list(raw);
    if (a.length !== FIELDS || a[0] !== VERSION) return null;
    const typeRaw = a[4];
    const typeId = typeRaw === '' ? '' : statusRef(typeRaw);
    const { created, baseMs } = decodeCreated(a[5], a[6]);
    const resolvedRaw = a[8];
    const changes = decodeChanges(a[11], baseMs);
    const lastChangeMs = changes[changes.length - 1]?.[0] ?? baseMs;
    return {
      id: digitsId(a[1]),
      key: text(a[2]),
      projectId: digitsId(a[3]),
      typeId,
      created,
      status: statusRef(a[7]),
      resolvedMs: resolvedRaw === null ? null : whole(lastChangeMs + whole(resolvedRaw)),
      summary: text(a[9]),
      updatedMs: whole(lastChangeMs + whole(a[10])),
      changes,
      flags: decodeFlags(a[12], baseMs),
    };
  } catch (error) {
    if (error instanceof Junk) return null;
    throw error;
  }
}
