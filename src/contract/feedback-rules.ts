/**
 * The feedback-reply rules the UI applies exactly as the backend does (issue 11): the steps and placeholders of a
 * reply template, the template checks and the rendering of a reply, so the project settings' Feedback page can
 * insert placeholders, mark a broken template before saving and show a live preview. Re-exports only: the rules
 * stay defined once, in `src/domain/feedback/replies.ts` (pure), and the UI reaches them through this door.
 */
export {
  DEFAULT_REPLY_TEMPLATES,
  FEEDBACK_REPLY_STEPS,
  REPLY_PLACEHOLDERS,
  REPLY_TEMPLATE_MAX_CHARS,
  findReplyTemplateProblems,
  renderFeedbackReply,
} from '../domain/feedback/replies';
export type {
  ReplyAdfDocument,
  ReplyAdfNode,
  ReplyInput,
  ReplyPlaceholder,
  ReplyTemplateProblem,
} from '../domain/feedback/replies';
