/**
 * The improvement record lives in the app's own storage (authoritative, with a version that only the app's
 * compare-and-set saves move); the issue property `three-ways-csi` is a searchable mirror of it for JQL
 * (`csiScore > 7`). Anyone who may edit an issue can write its properties through Jira's REST API, so the mirror
 * is never believed: it carries the version and a digest of the record it mirrors, and every reader compares it
 * with the stored record. A mirror that does not match (written by hand, or an older save's write that arrived
 * late) is reported here and repaired by the app on its next save or read. Pure: the digest function is passed in.
 */
import { canonicalJson } from '../flow/jql-scope';
import { parseStoredCsiRecord } from './record';
import type { CsiRecord } from './record-types';

/** What the mirror carries besides the record: the stored version it mirrors and the record's digest. */
export interface CsiMirrorTag {
  readonly version: number;
  /** Hex SHA-256 of the record's canonical JSON ({@link csiRecordCanonicalText}). */
  readonly sha256: string;
}

/** The record as stored in app storage, with its version. */
export interface VersionedCsiRecord {
  readonly record: CsiRecord;
  readonly version: number;
}

/**
 * Why a mirror does not match the stored record:
 * - `no-stored-record`: the property holds a record the app never saved (nothing in app storage);
 * - `missing`: the app stored a record but the property is absent;
 * - `unreadable`: the property is not a valid record;
 * - `stale`: the property mirrors an older version (a late write of an earlier save);
 * - `changed`: the property's content or tag differs from the stored record of that version (edited outside
 *   the app).
 */
export type CsiMirrorMismatch = 'no-stored-record' | 'missing' | 'unreadable' | 'stale' | 'changed';

export type CsiMirrorCheck =
  | { readonly kind: 'in-sync' }
  | { readonly kind: 'mismatch'; readonly reason: CsiMirrorMismatch; readonly detail: string };

/**
 * The text a record's digest is computed over: its canonical JSON (sorted keys), so equal records give equal
 * digests whatever the order of their members.
 */
export function csiRecordCanonicalText(record: CsiRecord): string {
  return canonicalJson(record);
}

/**
 * The property value that mirrors `stored`: the record with a `mirror` tag. Readers of older versions ignore the
 * tag (the stored schema drops unknown members).
 *
 * @example csiMirrorValue({ record, version: 3 }, sha256Hex) // { ...record, mirror: { version: 3, sha256: '…' } }
 */
export function csiMirrorValue(
  stored: VersionedCsiRecord,
  digest: (text: string) => string,
): CsiRecord & { readonly mirror: CsiMirrorTag } {
  return {
    ...stored.record,
    mirror: { version: stored.version, sha256: digest(csiRecordCanonicalText(stored.record)) },
  };
}

function tagOf(value: unknown): CsiMirrorTag | null {
  if (typeof value !== 'object' || value === null) return null;
  const tag = (value as { mirror?: unknown }).mirror;
  if (typeof tag !== 'object' || tag === null) return null;
  const { version, sha256 } = tag as { version?: unknown; sha256?: unknown };
  return typeof version === 'number' && Number.isInteger(version) && typeof sha256 === 'string'
    ? { version, sha256 }
    : null;
}

/**
 * Compares the issue property (`propertyValue`, whatever it holds) with the stored record (null: the app has none).
 * In sync means: both absent, or the property's record has the stored record's content and its tag names the
 * stored version and digest. Never throws.
 *
 * @example compareCsiMirror({ record, version: 2 }, csiMirrorValue({ record, version: 2 }, d), d).kind === 'in-sync'
 */
export function compareCsiMirror(
  stored: VersionedCsiRecord | null,
  propertyValue: unknown,
  digest: (text: string) => string,
): CsiMirrorCheck {
  const absent = propertyValue === null || propertyValue === undefined;
  if (stored === null) {
    return absent
      ? { kind: 'in-sync' }
      : {
          kind: 'mismatch',
          reason: 'no-stored-record',
          detail: 'the issue property holds a record the app never saved',
        };
  }
  if (absent)
    return { kind: 'mismatch', reason: 'missing', detail: 'the issue property with the record is missing' };
  const parsed = parseStoredCsiRecord(propertyValue);
  if (parsed.problem !== null) return { kind: 'mismatch', reason: 'unreadable', detail: parsed.problem };
  const storedDigest = digest(csiRecordCanonicalText(stored.record));
  const tag = tagOf(propertyValue);
  if (tag !== null && tag.version < stored.version) {
    return {
      kind: 'mismatch',
      reason: 'stale',
      detail: `the issue property mirrors version ${String(tag.version)}, the app stores version ${String(stored.version)}`,
    };
  }
  if (
    tag === null ||
    tag.version !== stored.version ||
    tag.sha256 !== storedDigest ||
    digest(csiRecordCanonicalText(parsed.record)) !== storedDigest
  ) {
    return {
      kind: 'mismatch',
      reason: 'changed',
      detail: 'the issue property differs from the record the app stores (changed outside the app)',
    };
  }
  return { kind: 'in-sync' };
}
