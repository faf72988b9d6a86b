/**
 * Opaque `nextPageToken` values: base64url of the query's fingerprint and the offset. A token only continues
 * the query it was issued for; anything else is a 400, like an expired or foreign token at Jira.
 */
import { createHash } from 'node:crypto';
import { badRequest } from './errors';

/** A short fingerprint of everything that defines a result list (user, JQL or issue list, filters). */
export function queryFingerprint(parts: readonly string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('base64url').slice(0, 16);
}

export function encodePageToken(fingerprint: string, offset: number): string {
  return Buffer.from(`${fingerprint}:${offset}`, 'utf8').toString('base64url');
}

/** The offset a token stands for; 0 without a token; 400 for a malformed token or one of another query. */
export function decodePageToken(token: unknown, fingerprint: string): number {
  if (token === undefined || token === null || token === '') return 0;
  if (typeof token !== 'string') throw badRequest('The nextPageToken must be a string.');
  const decoded = Buffer.from(token, 'base64url').toString('utf8');
  const colon = decoded.lastIndexOf(':');
  const offset = Number(decoded.slice(colon + 1));
  if (colon < 0 || decoded.slice(0, colon) !== fingerprint || !Number.isInteger(offset) || offset < 0) {
    throw badRequest('The provided next page token is invalid or expired.');
  }
  return offset;
}
