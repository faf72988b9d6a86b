/**
 * Feedback out (issue 11): the one reply every feedback issue of an improvement gets when the improvement reaches a
 * step of the CSI workflow — Closed always, In Implementation when the project asks for it. Pure: templates, the
 * dedupe key that makes a reply happen once per improvement, feedback issue and step, and the rendering to
 * Jira's Atlassian Document Format (ADF) with a `mention` node for the reporter.
 *
 * Templates are plain text with placeholders; a blank line starts a new paragraph:
 * - `{reporter}`: the reporter, rendered as an ADF `mention` (falls back to a greeting word without a reporter);
 * - `{improvementKey}`, `{improvementSummary}`: the improvement issue;
 * - `{change}`: what changed — the record's measured result (Closed) or its target (In Implementation).
 */

/** The steps of the CSI workflow that tell the people who gave the feedback. */
export const FEEDBACK_REPLY_STEPS = ['in-implementation', 'closed'] as const;
export type FeedbackReplyStep = (typeof FEEDBACK_REPLY_STEPS)[number];

/** The reply languages; a reporter whose Jira locale starts with `de` is answered in German, anyone else in English. */
export type ReplyLanguage = 'de' | 'en';

/** The placeholders a template may use. */
export const REPLY_PLACEHOLDERS = ['reporter', 'improvementKey', 'improvementSummary', 'change'] as const;
export type ReplyPlaceholder = (typeof REPLY_PLACEHOLDERS)[number];

/** Longest template, characters (a Jira comment takes far more; a reply should be short). */
export const REPLY_TEMPLATE_MAX_CHARS = 2000;

/** One template per step and language. */
export type ReplyTemplates = Readonly<Record<FeedbackReplyStep, Readonly<Record<ReplyLanguage, string>>>>;

/** The defaults, used for any step and language a project has not set. */
export const DEFAULT_REPLY_TEMPLATES: ReplyTemplates = {
  closed: {
    de:
      'Hallo {reporter}, danke für Ihre Rückmeldung. Die Verbesserung {improvementKey} „{improvementSummary}“, ' +
      'zu der sie beigetragen hat, ist abgeschlossen.\n\nWas sich geändert hat: {change}',
    en:
      'Hello {reporter}, thank you for your feedback. The improvement {improvementKey} "{improvementSummary}" ' +
      'it contributed to is complete.\n\nWhat changed: {change}',
  },
  'in-implementation': {
    de:
      'Hallo {reporter}, Ihre Rückmeldung hat zur Verbesserung {improvementKey} „{improvementSummary}“ geführt; ' +
      'sie wird jetzt umgesetzt.\n\nUnser Ziel: {change}',
    en:
      'Hello {reporter}, your feedback led to the improvement {improvementKey} "{improvementSummary}", which is ' +
      'now being implemented.\n\nOur goal: {change}',
  },
};

/** Greeting word for `{reporter}` when the feedback issue has no reporter (anonymous, deleted account). */
const NO_REPORTER_WORDS: Readonly<Record<ReplyLanguage, string>> = { de: 'zusammen', en: 'there' };

/** Text for `{change}` when the record names neither result nor target. */
const NO_CHANGE_WORDS: Readonly<Record<ReplyLanguage, string>> = {
  de: 'Details stehen in der Verbesserung.',
  en: 'see the improvement for details.',
};

/** The language of a reporter's Jira locale (`de_DE`, `de-AT`, `de` → German; anything else or none → English). */
export function replyLanguageOf(locale: string | null | undefined): ReplyLanguage {
  return typeof locale === 'string' && /^de(?:[_-]|$)/i.test(locale.trim()) ? 'de' : 'en';
}

/**
 * The store key that makes a reply happen once: per improvement (issue id), feedback issue (key, as the record
 * lists it) and step. Only characters Forge's KVS keys allow (issue keys are `A-Z0-9_` and `-`).
 */
export function feedbackReplyDedupeKey(
  improvementIssueId: string,
  feedbackIssueKey: string,
  step: FeedbackReplyStep,
): string {
  return `feedback-reply:${improvementIssueId}:${feedbackIssueKey}:${step}`;
}

/**
 * The marker the reply carries in its last paragraph, so a writer that lost track (its invocation ended between
 * reserving and recording) finds its own comment instead of posting a second one.
 */
export function feedbackReplyMarker(
  improvementIssueId: string,
  feedbackIssueKey: string,
  step: FeedbackReplyStep,
): string {
  return `[three-ways-reply ${improvementIssueId}/${feedbackIssueKey}/${step}]`;
}

/** The parts of the improvement record a reply names (a subset of `CsiRecord`). */
export interface ReplyRecordFacts {
  readonly baseline: { readonly name: string; readonly unit: string } | null;
  readonly target: { readonly value: number; readonly targetDate: string } | null;
  readonly result: {
    readonly name: string;
    readonly value: number;
    readonly unit: string;
    readonly measuredOn: string;
  } | null;
}

function numberText(value: number, language: ReplyLanguage): string {
  return value.toLocaleString(language === 'de' ? 'de-DE' : 'en-US', { maximumFractionDigits: 2 });
}

function withUnit(value: number, unit: string, language: ReplyLanguage): string {
  return unit.trim() === '' ? numberText(value, language) : `${numberText(value, language)} ${unit.trim()}`;
}

/**
 * What changed, in words: for Closed the measured result ("Durchlaufzeit p85: 2,5 Tage (gemessen am 2026-11-30)"),
 * for In Implementation the target ("Durchlaufzeit p85: 2,5 Tage bis 2026-12-31"); the other one when the step's
 * own is missing; a pointer to the improvement when the record has neither.
 */
export function changeText(
  step: FeedbackReplyStep,
  facts: ReplyRecordFacts,
  language: ReplyLanguage,
): string {
  const result =
    facts.result === null
      ? null
      : `${facts.result.name}: ${withUnit(facts.result.value, facts.result.unit, language)} (${
          language === 'de' ? 'gemessen am' : 'measured on'
        } ${facts.result.measuredOn})`;
  const target =
    facts.target === null
      ? null
      : `${facts.baseline?.name ?? (language === 'de' ? 'Ziel' : 'Target')}: ${withUnit(
          facts.target.value,
          facts.baseline?.unit ?? '',
          language,
        )} ${language === 'de' ? 'bis' : 'by'} ${facts.target.targetDate}`;
  const preferred = step === 'closed' ? (result ?? target) : (target ?? result);
  return preferred ?? NO_CHANGE_WORDS[language];
}

/** A template problem: an unknown placeholder, an empty or too long text. */
export interface ReplyTemplateProblem {
  readonly step: FeedbackReplyStep;
  readonly language: ReplyLanguage;
  readonly kind: 'empty' | 'too-long' | 'unknown-placeholder';
  readonly detail: string;
}

/** The problems of a project's templates (none: they may be stored). */
export function findReplyTemplateProblems(
  templates: Partial<Record<FeedbackReplyStep, Partial<Record<ReplyLanguage, string>>>>,
): ReplyTemplateProblem[] {
  const problems: ReplyTemplateProblem[] = [];
  for (const step of FEEDBACK_REPLY_STEPS) {
    for (const language of ['de', 'en'] as const) {
      const text = templates[step]?.[language];
      if (text === undefined) continue;
      if (text.trim() === '') problems.push({ step, language, kind: 'empty', detail: '' });
      if (text.length > REPLY_TEMPLATE_MAX_CHARS)
        problems.push({ step, language, kind: 'too-long', detail: String(text.length) });
      for (const match of text.matchAll(/\{([^{}]*)\}/g)) {
        const name = match[1] ?? '';
        if (!(REPLY_PLACEHOLDERS as readonly string[]).includes(name))
          problems.push({ step, language, kind: 'unknown-placeholder', detail: name });
      }
    }
  }
  return problems;
}

/** A project's templates over the defaults (a step or language it has not set keeps the default). */
export function mergeReplyTemplates(
  stored: Partial<Record<FeedbackReplyStep, Partial<Record<ReplyLanguage, string>>>> | undefined,
): ReplyTemplates {
  const merged = {} as Record<FeedbackReplyStep, Record<ReplyLanguage, string>>;
  for (const step of FEEDBACK_REPLY_STEPS) {
    merged[step] = {
      de: stored?.[step]?.de ?? DEFAULT_REPLY_TEMPLATES[step].de,
      en: stored?.[step]?.en ?? DEFAULT_REPLY_TEMPLATES[step].en,
    };
  }
  return merged;
}

/** An ADF node as the reply builds it (structurally Jira's `AdfNode`). */
export interface ReplyAdfNode {
  readonly type: string;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly content?: readonly ReplyAdfNode[];
}

/** The reply's ADF document. */
export interface ReplyAdfDocument extends ReplyAdfNode {
  readonly type: 'doc';
  readonly version: 1;
  readonly content: readonly ReplyAdfNode[];
}

/** What a reply is about. */
export interface ReplyInput {
  readonly step: FeedbackReplyStep;
  readonly language: ReplyLanguage;
  readonly improvementIssueId: string;
  readonly improvementKey: string;
  readonly improvementSummary: string;
  readonly feedbackIssueKey: string;
  /** The reporter to mention; null: the feedback issue has none. */
  readonly reporter: { readonly accountId: string; readonly displayName: string } | null;
  readonly facts: ReplyRecordFacts;
}

/**
 * The reply as an ADF document: the template's paragraphs with the placeholders filled, `{reporter}` as a
 * `mention` node (`attrs.id` the account id, `attrs.text` "@Display Name": Jira notifies the mentioned user), and a
 * last paragraph with the {@link feedbackReplyMarker}.
 */
export function renderFeedbackReply(templates: ReplyTemplates, input: ReplyInput): ReplyAdfDocument {
  const template = templates[input.step][input.language];
  const values: Record<Exclude<ReplyPlaceholder, 'reporter'>, string> = {
    improvementKey: input.improvementKey,
    improvementSummary: input.improvementSummary,
    change: changeText(input.step, input.facts, input.language),
  };
  const paragraphs = template
    .split(/\n\s*\n/)
    .map((text) => text.trim())
    .filter((text) => text !== '');
  const content: ReplyAdfNode[] = paragraphs.map((text) => ({
    type: 'paragraph',
    content: inlineNodes(text, values, input),
  }));
  content.push({
    type: 'paragraph',
    content: [
      {
        type: 'text',
        text: feedbackReplyMarker(input.improvementIssueId, input.feedbackIssueKey, input.step),
      },
    ],
  });
  return { type: 'doc', version: 1, content };
}

function inlineNodes(
  text: string,
  values: Readonly<Record<string, string>>,
  input: ReplyInput,
): ReplyAdfNode[] {
  const nodes: ReplyAdfNode[] = [];
  let pending = '';
  const flush = (): void => {
    if (pending !== '') nodes.push({ type: 'text', text: pending });
    pending = '';
  };
  let last = 0;
  for (const match of text.matchAll(/\{([^{}]*)\}/g)) {
    pending += text.slice(last, match.index);
    last = match.index + match[0].length;
    const name = match[1] ?? '';
    if (name === 'reporter') {
      if (input.reporter === null) {
        pending += NO_REPORTER_WORDS[input.language];
      } else {
        flush();
        nodes.push({
          type: 'mention',
          attrs: { id: input.reporter.accountId, text: `@${input.reporter.displayName}`, accessLevel: '' },
        });
      }
    } else {
      // An unknown placeholder stays as written (templates are checked before they are stored).
      pending += values[name] ?? match[0];
    }
  }
  pending += text.slice(last);
  flush();
  // Line breaks inside a paragraph become ADF hard breaks.
  return nodes.flatMap((node) =>
    node.type === 'text' && node.text?.includes('\n') === true
      ? node.text
          .split('\n')
          .flatMap((part, i): ReplyAdfNode[] => [
            ...(i > 0 ? [{ type: 'hardBreak' }] : []),
            ...(part === '' ? [] : [{ type: 'text', text: part }]),
          ])
      : [node],
  );
}
