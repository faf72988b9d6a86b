/**
 * Small builders for Atlassian Document Format (ADF) documents: the sample data's descriptions and comments.
 */
import type { AdfNode } from '../emulator/seed';

/** A run of text, optionally bold. */
export function text(value: string, bold = false): AdfNode {
  return bold ? { type: 'text', text: value, marks: [{ type: 'strong' }] } : { type: 'text', text: value };
}

/** A paragraph of text runs; a plain string becomes one run. */
export function paragraph(...runs: readonly (string | AdfNode)[]): AdfNode {
  return { type: 'paragraph', content: runs.map((run) => (typeof run === 'string' ? text(run) : run)) };
}

/** A paragraph starting with a bold label: "**Label:** value". */
export function labelled(label: string, value: string): AdfNode {
  return paragraph(text(`${label}: `, true), text(value));
}

export function heading(value: string, level = 3): AdfNode {
  return { type: 'heading', attrs: { level }, content: [text(value)] };
}

export function bulletList(items: readonly string[]): AdfNode {
  return {
    type: 'bulletList',
    content: items.map((item) => ({ type: 'listItem', content: [paragraph(item)] })),
  };
}

/** A complete ADF document (`version: 1`, root `doc`). */
export function doc(...blocks: readonly AdfNode[]): AdfNode {
  return { type: 'doc', version: 1, content: blocks };
}

/** A document of one paragraph per string: the usual shape of a short comment. */
export function plainDoc(...paragraphs: readonly string[]): AdfNode {
  return doc(...paragraphs.map((p) => paragraph(p)));
}

/** The plain text of an ADF tree (text runs joined by spaces), e.g. for tests and search. */
export function adfPlainText(node: AdfNode): string {
  if (node.text !== undefined) return node.text;
  return (node.content ?? []).map(adfPlainText).join(' ');
}
