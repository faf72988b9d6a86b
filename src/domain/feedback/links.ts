/**
 * Feedback in through issue links (issue 11): which links between an improvement (CSI issue) and another issue make
 * the other issue a feedback issue of the improvement, which source an improvement takes from its first feedback
 * issue, and how the record's list of feedback issue keys follows the links. Pure: the link trigger
 * (`application/feedback-links.ts`) reads Jira and stores the record.
 *
 * The rule (README "Feedback in"):
 * - Links of the types {@link NON_FEEDBACK_LINK_TYPE_NAMES} (Blocks, Cloners, Duplicate) never count: they say
 *   something about order, copies or sameness, not about where an improvement came from.
 * - Links of the types {@link FEEDBACK_LINK_TYPE_NAMES} (a type named "Feedback"/"Rückmeldung") always count.
 * - Any other type (Relates, Causes, a site's own) counts when the other issue is a feedback kind of issue: an
 *   incident or problem, a service request or feedback issue, or any request of a Jira Service Management project.
 *   So "relates to" an incident is feedback, "relates to" the change (RFC) that implements the improvement is not:
 *   its reporter is not someone whose feedback led to the improvement and must not be told as one.
 * - A link between two improvements never counts.
 */
import type { CsiSource } from '../csi/record-types';

/** Link types that never make a feedback issue (Jira's built-in names, which sites keep in every language). */
export const NON_FEEDBACK_LINK_TYPE_NAMES: readonly string[] = ['Blocks', 'Cloners', 'Duplicate'];

/**
 * Link types made for feedback: a link of one of these always records the other issue as feedback. The intake and
 * Automation parts link feedback with the first of these the site has (else with `Relates`, which counts for
 * feedback kinds of issues).
 */
export const FEEDBACK_LINK_TYPE_NAMES: readonly string[] = ['Feedback', 'Rückmeldung'];

/** The link type the app uses where the site has none of {@link FEEDBACK_LINK_TYPE_NAMES}. */
export const FALLBACK_FEEDBACK_LINK_TYPE_NAME = 'Relates';

/** Issue type names (German and English, compared case-insensitively) of incidents and problems. */
export const INCIDENT_ISSUE_TYPE_NAMES: readonly string[] = [
  'Incident',
  'Störung',
  'Vorfall',
  'Problem',
  'Post-incident review',
];

/** Issue type names of service requests and feedback issues. */
export const REQUEST_ISSUE_TYPE_NAMES: readonly string[] = [
  'Service Request',
  'Service Request with Approvals',
  'Serviceanfrage',
  'Serviceanfrage mit Genehmigungen',
  'Feedback',
  'Kundenfeedback',
  'Rückmeldung',
  'Beschwerde',
  'Complaint',
];

/** Jira's project type key of Jira Service Management projects (their issues are customer requests). */
export const SERVICE_DESK_PROJECT_TYPE_KEY = 'service_desk';

function nameIn(name: string | null | undefined, names: readonly string[]): boolean {
  if (name === null || name === undefined) return false;
  const wanted = name.trim().toLocaleLowerCase('de-DE');
  return names.some((n) => n.toLocaleLowerCase('de-DE') === wanted);
}

/** What the rule needs of the other issue of a link. */
export interface LinkedIssueKind {
  /** Its issue type's name as Jira returns it. */
  readonly issueTypeName: string | null;
  /** Its project's type key (`service_desk`, `software`, `business`); null when unknown. */
  readonly projectTypeKey: string | null;
}

/**
 * The source an improvement takes from a feedback issue when its record has none: `incident-trend` for an incident
 * or problem (also one raised in a service project: the type says more than where it was raised),
 * `customer-feedback` for a service request or feedback issue or any other request of a JSM project; null for
 * anything else (the record keeps no source rather than a guessed one).
 */
export function feedbackSourceOf(issue: LinkedIssueKind): CsiSource | null {
  if (nameIn(issue.issueTypeName, INCIDENT_ISSUE_TYPE_NAMES)) return 'incident-trend';
  if (nameIn(issue.issueTypeName, REQUEST_ISSUE_TYPE_NAMES)) return 'customer-feedback';
  if (issue.projectTypeKey === SERVICE_DESK_PROJECT_TYPE_KEY) return 'customer-feedback';
  return null;
}

/** Whether a link of type `linkTypeName` to `other` makes `other` a feedback issue (see the module comment). */
export function isFeedbackLink(linkTypeName: string | null | undefined, other: LinkedIssueKind): boolean {
  if (nameIn(linkTypeName, NON_FEEDBACK_LINK_TYPE_NAMES)) return false;
  if (nameIn(linkTypeName, FEEDBACK_LINK_TYPE_NAMES)) return true;
  return feedbackSourceOf(other) !== null;
}

/** The links between the improvement and the other issue of an event, as Jira shows them now. */
export interface FeedbackPairState {
  /** The other issue's key; null when it no longer exists (deleted). */
  readonly otherKey: string | null;
  /** Whether at least one link between the two counts as feedback. */
  readonly feedbackLinked: boolean;
}

export interface FeedbackKeysChange {
  readonly keys: readonly string[];
  /** Keys taken out because nothing links them to the improvement any more. */
  readonly removed: readonly string[];
  /** The key put in (null: none). */
  readonly added: string | null;
  /** A key that should have been put in but the list is full. */
  readonly refusedAtCap: string | null;
}

/**
 * The record's feedback issue keys after reconciling them with Jira's links, whatever order events came in and
 * however often: every key that nothing links to the improvement any more (`linkedKeys`, any link type) goes; the
 * other issue's key is added when a feedback link joins the two now and the list has fewer than `maxKeys`. A key
 * linked only by non-feedback links stays as it is (the panel may have listed it by hand).
 *
 * @param keys the record's keys now; @param linkedKeys keys of every issue linked to the improvement now.
 */
export function reconcileFeedbackKeys(
  keys: readonly string[],
  linkedKeys: ReadonlySet<string>,
  pair: FeedbackPairState,
  maxKeys: number,
): FeedbackKeysChange {
  const kept = keys.filter((key) => linkedKeys.has(key));
  const removed = keys.filter((key) => !linkedKeys.has(key));
  const other = pair.otherKey;
  if (other === null || !pair.feedbackLinked || kept.includes(other)) {
    return { keys: kept, removed, added: null, refusedAtCap: null };
  }
  if (kept.length >= maxKeys) return { keys: kept, removed, added: null, refusedAtCap: other };
  return { keys: [...kept, other], removed, added: other, refusedAtCap: null };
}
