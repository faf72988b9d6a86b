/**
 * Atlassian Document Format checks: REST v3 takes comment bodies and descriptions only as ADF documents, and
 * answers 400 to a plain string. The check is structural (a `doc` root of version 1 whose nodes all have a
 * `type`, text nodes a `text`), not a full schema validation.
 */
import type { AdfNode } from './seed';
import { isRecord } from './context';

function isAdfNode(value: unknown, depth: number): boolean {
  if (!isRecord(value) || typeof value.type !== 'string' || depth > 64) return false;
  if (value.type === 'text' && typeof value.text !== 'string') return false;
  if (value.content !== undefined) {
    if (!Array.isArray(value.content)) return false;
    for (const child of value.content as unknown[]) if (!isAdfNode(child, depth + 1)) return false;
  }
  return true;
}

/** True for an ADF document: `{ type: 'doc', version: 1, content: [...] }` with well-formed nodes. */
export function isAdfDocument(value: unknown): value is AdfNode {
  return (
    isRecord(value) &&
    value.type === 'doc' &&
    value.version === 1 &&
    Array.isArray(value.content) &&
    isAdfNode(value, 0)
  );
}

/** The plain text of an ADF document (paragraph texts joined by newlines), for changelog strings. */
export function adfText(node: AdfNode | null): string {
  if (node === null) return '';
  if (node.type === 'text') return node.text ?? '';
  const parts = (node.content ?? []).map(adfText);
  return node.type === 'doc' ? parts.join('\n') : parts.join('');
}

/** A one-paragraph ADF document, for tests and sample comments. */
export function adfParagraph(text: string): AdfNode {
  return { type: 'doc', version: 1, content: [{ type: 'paragraph', content: [{ type: 'text', text }] }] };
}
