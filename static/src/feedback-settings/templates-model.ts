/**
 * The reply-template editor's logic without React: inserting a placeholder at the cursor, the problems of the
 * edited templates (the backend's own check, `findReplyTemplateProblems`), and the live preview — the reply the
 * backend would post, rendered from the same domain function for a sample improvement, as lines of text and
 * mentions. Pure.
 */
import {
  FEEDBACK_REPLY_STEPS,
  findReplyTemplateProblems,
  renderFeedbackReply,
  type ReplyAdfNode,
  type ReplyTemplateProblem,
} from '../../../src/contract/feedback-rules';
import type { FeedbackReplyStep, ReplyLanguage, ReplyTemplates } from '../../../src/contract/feedback';

export const REPLY_LANGUAGES: readonly ReplyLanguage[] = ['de', 'en'];
export { FEEDBACK_REPLY_STEPS };

/** The id of a template's text area (the problem list links there). */
export function templateFieldId(step: FeedbackReplyStep, language: ReplyLanguage): string {
  return `template-${step}-${language}`;
}

/**
 * `text` with `{placeholder}` put in place of the selection [start, end) (the cursor when they are equal), and
 * where the cursor goes after it.
 * @example insertPlaceholder('Hallo !', 6, 6, 'reporter') // { text: 'Hallo {reporter}!', cursor: 16 }
 */
export function insertPlaceholder(
  text: string,
  start: number,
  end: number,
  placeholder: string,
): { readonly text: string; readonly cursor: number } {
  const from = Math.max(0, Math.min(start, text.length));
  const to = Math.max(from, Math.min(end, text.length));
  const inserted = `{${placeholder}}`;
  return { text: text.slice(0, from) + inserted + text.slice(to), cursor: from + inserted.length };
}

/** The problems of one template among all. */
export function problemsOf(
  problems: readonly ReplyTemplateProblem[],
  step: FeedbackReplyStep,
  language: ReplyLanguage,
): ReplyTemplateProblem[] {
  return problems.filter((p) => p.step === step && p.language === language);
}

/** Every problem of the edited templates (none: they may be saved). */
export function templateProblems(templates: ReplyTemplates): ReplyTemplateProblem[] {
  return findReplyTemplateProblems(templates);
}

/** One piece of a preview line. */
export type PreviewPiece =
  | { readonly kind: 'text'; readonly text: string }
  | { readonly kind: 'mention'; readonly text: string }
  | { readonly kind: 'break' };

/** The sample improvement a preview is rendered for (words in the preview's language). */
export interface PreviewSample {
  readonly reporterName: string;
  readonly improvementKey: string;
  readonly improvementSummary: string;
  readonly kpiName: string;
  readonly unit: string;
}

/**
 * The reply a template gives for the sample, as paragraphs of pieces: exactly what `renderFeedbackReply` builds
 * (mentions as "@Name"), without its last paragraph, the app's dedupe marker.
 */
export function previewReply(
  templates: ReplyTemplates,
  step: FeedbackReplyStep,
  language: ReplyLanguage,
  sample: PreviewSample,
): PreviewPiece[][] {
  const document = renderFeedbackReply(templates, {
    step,
    language,
    improvementIssueId: '0',
    improvementKey: sample.improvementKey,
    improvementSummary: sample.improvementSummary,
    feedbackIssueKey: 'PREVIEW-1',
    reporter: { accountId: 'preview', displayName: sample.reporterName },
    facts: {
      baseline: { name: sample.kpiName, unit: sample.unit },
      target: { value: 2, targetDate: '2026-12-31' },
      result: { name: sample.kpiName, value: 2.5, unit: sample.unit, measuredOn: '2026-11-30' },
    },
  });
  const paragraphs = document.content.slice(0, -1);
  return paragraphs.map((paragraph) => (paragraph.content ?? []).map(pieceOf));
}

function pieceOf(node: ReplyAdfNode): PreviewPiece {
  if (node.type === 'hardBreak') return { kind: 'break' };
  if (node.type === 'mention') {
    const text = node.attrs?.['text'];
    return { kind: 'mention', text: typeof text === 'string' ? text : '' };
  }
  return { kind: 'text', text: node.text ?? '' };
}
