/**
 * Feedback from outside Jira (issue 11): what the `feedback-intake` web trigger accepts, the rule deciding whether
 * a piece of feedback also registers an improvement opportunity, and the feedback issue's description or comment
 * (ADF). Pure: no I/O, no clock.
 */
import * as v from 'valibot';
import type { CsiSource } from '../csi/record-types';
import type { ReplyAdfDocument, ReplyAdfNode } from './replies';

/** Where the feedback comes from (the sender says). */
export const FEEDBACK_INTAKE_SOURCES = ['survey', 'monitoring', 'other'] as const;
export type FeedbackIntakeSource = (typeof FEEDBACK_INTAKE_SOURCES)[number];

/** Longest texts and most labels a request may carry (Jira: summary ≤ 255 characters, labels ≤ 255, no spaces). */
export const FEEDBACK_INTAKE_LIMITS = {
  summaryChars: 255,
  descriptionChars: 8000,
  labelChars: 100,
  labels: 10,
  externalIdChars: 128,
  /** Labels a project's rule may name. */
  ruleLabels: 20,
} as const;

/** An external id: 1-128 letters, digits or `. _ : -` (it becomes part of a store key). */
export const EXTERNAL_ID_PATTERN = /^[A-Za-z0-9._:-]{1,128}$/;
/** A Jira label: no whitespace (Jira splits labels on spaces), at most {@link FEEDBACK_INTAKE_LIMITS.labelChars}. */
export const FEEDBACK_LABEL_PATTERN = /^\S{1,100}$/u;
const PROJECT_KEY = /^[A-Z][A-Z0-9_]{0,254}$/;
const ISSUE_KEY = /^[A-Z][A-Z0-9_]{0,254}-[1-9][0-9]{0,17}$/;

/**
 * Characters no text of a feedback may carry: control characters (tab, line feed and carriage return aside, which a
 * description may have) and lone UTF-16 surrogates (broken text: JSON allows `\ud800`). Jira's store and ADF are
 * not made for them, and a request Jira refuses would be answered 500 on every retry instead of naming the field.
 */
// eslint-disable-next-line no-control-regex -- control characters are exactly what is looked for
const UNSAFE_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|\p{Cs}/u;

/** Whether `text` carries none of {@link UNSAFE_CHARACTERS}. */
export function isSafeFeedbackText(text: string): boolean {
  return !UNSAFE_CHARACTERS.test(text);
}

const safeText = (name: string) =>
  v.check(
    isSafeFeedbackText,
    `${name} must not contain control characters or broken (lone surrogate) characters`,
  );

const LabelSchema = v.pipe(
  v.string('each label must be a string'),
  v.regex(
    FEEDBACK_LABEL_PATTERN,
    `each label must be 1-${String(FEEDBACK_INTAKE_LIMITS.labelChars)} characters without spaces`,
  ),
  safeText('a label'),
);

/** The JSON body a sender posts. */
export const FeedbackIntakeBodySchema = v.strictObject(
  {
    projectKey: v.pipe(
      v.string('projectKey must be a string'),
      v.regex(PROJECT_KEY, 'projectKey must be a Jira project key such as HD'),
    ),
    externalId: v.pipe(
      v.string('externalId must be a string'),
      v.regex(
        EXTERNAL_ID_PATTERN,
        'externalId must be 1-128 letters, digits or . _ : - (the id of the response or alert in your tool)',
      ),
    ),
    summary: v.pipe(
      v.string('summary must be a string'),
      v.trim(),
      v.minLength(1, 'summary must not be empty'),
      v.maxLength(
        FEEDBACK_INTAKE_LIMITS.summaryChars,
        `summary must be at most ${String(FEEDBACK_INTAKE_LIMITS.summaryChars)} characters`,
      ),
      v.check((text) => !/[\r\n]/.test(text), 'summary must be one line'),
      safeText('summary'),
    ),
    description: v.exactOptional(
      v.pipe(
        v.string('description must be a string'),
        v.maxLength(
          FEEDBACK_INTAKE_LIMITS.descriptionChars,
          `description must be at most ${String(FEEDBACK_INTAKE_LIMITS.descriptionChars)} characters`,
        ),
        safeText('description'),
      ),
    ),
    rating: v.exactOptional(
      v.pipe(
        v.number('rating must be a number'),
        v.integer('rating must be a whole number from 1 to 5'),
        v.minValue(1, 'rating must be a whole number from 1 to 5'),
        v.maxValue(5, 'rating must be a whole number from 1 to 5'),
      ),
    ),
    labels: v.exactOptional(
      v.pipe(
        v.array(LabelSchema, 'labels must be a list of strings'),
        v.maxLength(
          FEEDBACK_INTAKE_LIMITS.labels,
          `labels must be at most ${String(FEEDBACK_INTAKE_LIMITS.labels)}`,
        ),
      ),
    ),
    source: v.exactOptional(
      v.picklist(FEEDBACK_INTAKE_SOURCES, 'source must be survey, monitoring or other'),
    ),
    issueKey: v.exactOptional(
      v.pipe(
        v.string('issueKey must be a string'),
        v.regex(ISSUE_KEY, 'issueKey must be a Jira issue key such as HD-12'),
      ),
    ),
  },
  'the body must be a JSON object { projectKey, externalId, summary, description?, rating?, labels?, source?, issueKey? } and nothing else',
);

/** One piece of feedback as validated. */
export type FeedbackIntakeBody = v.InferOutput<typeof FeedbackIntakeBodySchema>;

/**
 * The feedback in a fixed shape (fixed member order, labels de-duplicated, absent members explicit): two requests
 * carry the same feedback exactly when their canonical forms are equal, whatever the JSON's spacing or key order.
 */
export function canonicalFeedback(body: FeedbackIntakeBody): string {
  return JSON.stringify([
    body.projectKey,
    body.externalId,
    body.summary,
    body.description ?? null,
    body.rating ?? null,
    [...new Set(body.labels ?? [])],
    body.source ?? null,
    body.issueKey ?? null,
  ]);
}

/** The part of a project's intake settings the rule reads. */
export interface ImprovementRule {
  /** A rating at or below this registers an improvement; null: never by rating. */
  readonly improvementAtRatingOrBelow: number | null;
  /** A label among these registers an improvement. */
  readonly improvementOnLabels: readonly string[];
}

/** Why the feedback registers an improvement; null when the rule does not ask for one. */
export type ImprovementReason =
  | { readonly kind: 'rating'; readonly rating: number; readonly threshold: number }
  | { readonly kind: 'label'; readonly label: string };

/**
 * Whether the feedback also registers an improvement opportunity: its rating is at or below the project's
 * threshold, or one of its labels is among the project's (compared as Jira compares labels: exactly).
 */
export function improvementReason(
  rule: ImprovementRule,
  feedback: Pick<FeedbackIntakeBody, 'rating' | 'labels'>,
): ImprovementReason | null {
  const threshold = rule.improvementAtRatingOrBelow;
  if (threshold !== null && feedback.rating !== undefined && feedback.rating <= threshold)
    return { kind: 'rating', rating: feedback.rating, threshold };
  const label = (feedback.labels ?? []).find((candidate) => rule.improvementOnLabels.includes(candidate));
  return label === undefined ? null : { kind: 'label', label };
}

/**
 * The CSI source (FITSM-CSI.md) of an improvement the feedback registers: a monitoring alert is a measurement,
 * a survey answer (and feedback of another kind, which comes from people) customer feedback.
 */
export function improvementSourceOf(source: FeedbackIntakeSource | undefined): CsiSource {
  return source === 'monitoring' ? 'measurement' : 'customer-feedback';
}

/** The label every feedback issue the trigger creates carries (a JQL filter finds them all). */
export const FEEDBACK_INTAKE_LABEL = 'three-ways-feedback';

/** The labels of a created feedback issue: the sender's (de-duplicated) and {@link FEEDBACK_INTAKE_LABEL}. */
export function feedbackIssueLabels(feedback: Pick<FeedbackIntakeBody, 'labels'>): readonly string[] {
  return [...new Set([...(feedback.labels ?? []), FEEDBACK_INTAKE_LABEL])];
}

const SOURCE_TEXT: Readonly<Record<FeedbackIntakeSource, string>> = {
  survey: 'Umfrage / survey',
  monitoring: 'Überwachung / monitoring',
  other: 'Sonstige / other',
};

function paragraph(text: string): ReplyAdfNode {
  return { type: 'paragraph', content: [{ type: 'text', text }] };
}

/**
 * The facts of the feedback as ADF paragraphs: the sender's description (blank lines separate paragraphs), then
 * rating, source and external id, each labelled in German and English (the issue is read by people of either
 * language; the app writes as itself, not as a user with a language).
 */
function feedbackParagraphs(feedback: FeedbackIntakeBody): ReplyAdfNode[] {
  const text = (feedback.description ?? '').replaceAll('\r\n', '\n');
  const nodes = text
    .split(/\n\s*\n/)
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .map(paragraph);
  if (feedback.rating !== undefined)
    nodes.push(paragraph(`Bewertung / rating: ${String(feedback.rating)} von/of 5`));
  nodes.push(paragraph(`Quelle / source: ${SOURCE_TEXT[feedback.source ?? 'other']}`));
  nodes.push(paragraph(`Externe ID / external id: ${feedback.externalId}`));
  return nodes;
}

/** The description of a feedback issue the trigger creates. */
export function feedbackIssueDescription(feedback: FeedbackIntakeBody): ReplyAdfDocument {
  return { type: 'doc', version: 1, content: feedbackParagraphs(feedback) };
}

/** The comment the trigger adds to an existing issue the sender named (`issueKey`): the summary, then the facts. */
export function feedbackComment(feedback: FeedbackIntakeBody): ReplyAdfDocument {
  return {
    type: 'doc',
    version: 1,
    content: [paragraph(`Rückmeldung / feedback: ${feedback.summary}`), ...feedbackParagraphs(feedback)],
  };
}

/** Why the intake settings cannot be saved (English; the resolver answers it as `invalid-settings`). */
export function findIntakeSettingsProblems(settings: {
  readonly enabled: boolean;
  readonly issueTypeId: string | null;
  readonly improvementAtRatingOrBelow: number | null;
  readonly improvementOnLabels: readonly string[];
}): string[] {
  const problems: string[] = [];
  if (settings.enabled && settings.issueTypeId === null)
    problems.push('issueTypeId: choose the issue type of the feedback issues before enabling the trigger');
  const threshold = settings.improvementAtRatingOrBelow;
  if (threshold !== null && (!Number.isInteger(threshold) || threshold < 1 || threshold > 5))
    problems.push('improvementAtRatingOrBelow: a whole number from 1 to 5, or none');
  if (settings.improvementOnLabels.length > FEEDBACK_INTAKE_LIMITS.ruleLabels)
    problems.push(`improvementOnLabels: at most ${String(FEEDBACK_INTAKE_LIMITS.ruleLabels)} labels`);
  const bad = settings.improvementOnLabels.filter((label) => !FEEDBACK_LABEL_PATTERN.test(label));
  if (bad.length > 0)
    problems.push(
      `improvementOnLabels: ${bad.map((label) => JSON.stringify(label)).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not a Jira label (1-100 characters without spaces)`,
    );
  return problems;
}

/** The summary of an improvement the feedback registers: the feedback's, marked as such (≤ 255 characters). */
export function improvementSummary(feedback: Pick<FeedbackIntakeBody, 'summary'>): string {
  const text = `Rückmeldung / feedback: ${feedback.summary}`;
  return text.length <= FEEDBACK_INTAKE_LIMITS.summaryChars
    ? text
    : `${text.slice(0, FEEDBACK_INTAKE_LIMITS.summaryChars - 1)}…`;
}

/** Where the improvement came from in words (the record's source detail), in German and English. */
export function improvementSourceDetail(
  reason: ImprovementReason,
  feedbackIssueKey: string,
  feedback: Pick<FeedbackIntakeBody, 'source' | 'externalId'>,
): string {
  const why =
    reason.kind === 'rating'
      ? `Bewertung / rating ${String(reason.rating)} ≤ ${String(reason.threshold)}`
      : `Label ${reason.label}`;
  return `${why}: ${feedbackIssueKey} (${SOURCE_TEXT[feedback.source ?? 'other']}, ${feedback.externalId})`.slice(
    0,
    500,
  );
}
