/**
 * Feedback in through issue links (issue 11): a link created or deleted between an improvement (CSI issue) and
 * another issue updates the improvement's stored record — its `feedbackIssueKeys` and, when it has none, its
 * `source` — following the rule of `domain/feedback/links.ts`.
 *
 * Converges under duplicate and out-of-order events: an event only says which pair to look at. Both issues are read
 * again (as the app) and the record is reconciled with the links Jira shows now, so a "created" event arriving after
 * the link was deleted adds nothing, and a second delivery changes nothing. The record is written as every save is:
 * one compare-and-set of `csi-record:<issueId>` (a concurrent panel save → read again and retry), then the issue
 * property mirror (`writeCsiMirror`).
 *
 * An improvement without a stored record is usually one being registered right now (the Automation action or the
 * feedback web trigger creates the issue, links the feedback, then saves the record from "no record yet"): a record
 * written by this trigger in between would make that save fail and lose its source and service. So a caller may
 * ask to leave records that do not exist yet to a later delivery (`createMissingRecords: false` → `deferred`); the
 * trigger does so on an event's first delivery and creates the record on the next one, when nobody else did.
 */
import * as v from 'valibot';
import { IssueNotFoundError } from './errors';
import {
  csiRecordStoreKey,
  isCsiIssueTypeName,
  readStoredCsiRecord,
  sha256Hex,
  writeCsiMirror,
} from './csi-record';
import type { StoredCsiRecordEntry } from './csi-record';
import type { JiraPort } from './ports/jira-port';
import { StoreConflictError, type StorePort } from './ports/store-port';
import {
  CSI_MAX_FEEDBACK_ISSUES,
  ISSUE_PROPERTY_MAX_CHARS,
  parseStoredCsiRecord,
} from '../domain/csi/record';
import { csiMirrorValue } from '../domain/csi/record-mirror';
import { EMPTY_CSI_RECORD, type CsiRecord } from '../domain/csi/record-types';
import {
  feedbackSourceOf,
  isFeedbackLink,
  reconcileFeedbackKeys,
  type LinkedIssueKind,
} from '../domain/feedback/links';
import type { JiraIssueInput } from '../domain/flow/types';

/** The issue fields the reconciliation reads of both issues of a link. */
export const FEEDBACK_LINK_ISSUE_FIELDS: readonly string[] = ['issuetype', 'project', 'issuelinks'];

/** Compare-and-set attempts before giving up (and asking for the event again). */
export const FEEDBACK_LINK_WRITE_ATTEMPTS = 5;

/** An issue link event, as far as the reconciliation needs it. */
export interface FeedbackLinkEvent {
  readonly sourceIssueId: string;
  readonly destinationIssueId: string;
  /** Who made or removed the link (the record's last change); null when the event does not say. */
  readonly actorAccountId: string | null;
}

export interface FeedbackLinkDeps {
  readonly jira: Pick<JiraPort, 'getIssue' | 'setIssueProperty'>;
  readonly store: StorePort;
  /** Epoch ms now (the record's `updatedAt`). */
  readonly clock: () => number;
  readonly logWarning?: (message: string) => void;
  /** False: an improvement without a stored record is left as it is (`deferred`); default true. */
  readonly createMissingRecords?: boolean;
}

/** What one event did to one improvement. */
export interface FeedbackLinkOutcome {
  readonly improvementKey: string;
  /** `deferred`: the improvement has no stored record yet and the caller asked not to create one now. */
  readonly result: 'unchanged' | 'updated' | 'skipped' | 'deferred';
  readonly added: string | null;
  readonly removed: readonly string[];
  /** The source the record took (null: none set by this event). */
  readonly sourceSet: CsiRecord['source'];
  /** Why it was skipped (`skipped` only). */
  readonly reason?: string;
}

const LinkedRefSchema = v.object({ id: v.string(), key: v.string() });
const IssueLinksSchema = v.array(
  v.object({
    type: v.exactOptional(v.object({ name: v.exactOptional(v.string()) })),
    inwardIssue: v.exactOptional(LinkedRefSchema),
    outwardIssue: v.exactOptional(LinkedRefSchema),
  }),
);
const ProjectSchema = v.object({ projectTypeKey: v.exactOptional(v.string()) });

interface ReadIssue {
  readonly id: string;
  readonly key: string;
  readonly isCsi: boolean;
  readonly kind: LinkedIssueKind;
  /** Every link: the other issue's id and key and the link type's name. */
  readonly links: readonly {
    readonly otherId: string;
    readonly otherKey: string;
    readonly typeName: string | null;
  }[];
}

function readIssueFacts(issue: JiraIssueInput, idOrKey: string): ReadIssue {
  const links = v.safeParse(IssueLinksSchema, issue.fields?.['issuelinks'] ?? []);
  const project = v.safeParse(ProjectSchema, issue.fields?.['project']);
  const typeName = issue.fields?.issuetype?.name ?? null;
  return {
    id: issue.id ?? idOrKey,
    key: issue.key ?? idOrKey,
    isCsi: isCsiIssueTypeName(typeName ?? undefined),
    kind: {
      issueTypeName: typeName,
      projectTypeKey: project.success ? (project.output.projectTypeKey ?? null) : null,
    },
    links: links.success
      ? links.output.flatMap((link) => {
          const other = link.inwardIssue ?? link.outwardIssue;
          return other === undefined
            ? []
            : [{ otherId: other.id, otherKey: other.key, typeName: link.type?.name ?? null }];
        })
      : [],
  };
}

/** The issue as the app sees it now; null when it no longer exists. */
async function readIssue(jira: FeedbackLinkDeps['jira'], issueId: string): Promise<ReadIssue | null> {
  try {
    return readIssueFacts(await jira.getIssue(issueId, FEEDBACK_LINK_ISSUE_FIELDS), issueId);
  } catch (error) {
    if (error instanceof IssueNotFoundError) return null;
    throw error;
  }
}

/**
 * Reconciles the records of the improvements among the event's two issues with the links Jira shows now (see the
 * module comment). Nothing happens for a pair without an improvement, or for two improvements linked to each other
 * (neither is the other's feedback; keys of links that are gone are still dropped).
 *
 * @throws Jira's errors other than a deleted issue, and `StoreConflictError` after
 *   {@link FEEDBACK_LINK_WRITE_ATTEMPTS} lost compare-and-sets (the trigger asks for the event again).
 */
export async function reconcileFeedbackLinkEvent(
  deps: FeedbackLinkDeps,
  event: FeedbackLinkEvent,
): Promise<FeedbackLinkOutcome[]> {
  const [source, destination] = await Promise.all([
    readIssue(deps.jira, event.sourceIssueId),
    readIssue(deps.jira, event.destinationIssueId),
  ]);
  const outcomes: FeedbackLinkOutcome[] = [];
  const pairs: [ReadIssue | null, ReadIssue | null, string][] = [
    [source, destination, event.destinationIssueId],
    [destination, source, event.sourceIssueId],
  ];
  for (const [improvement, other, otherId] of pairs) {
    if (improvement === null || !improvement.isCsi) continue;
    const between = improvement.links.filter((l) => l.otherId === otherId);
    const feedbackLinked =
      other !== null && !other.isCsi && between.some((l) => isFeedbackLink(l.typeName, other.kind));
    outcomes.push(
      await updateRecord(deps, improvement, {
        otherKey: other?.key ?? null,
        otherKind: other?.kind ?? null,
        feedbackLinked,
        actorAccountId: event.actorAccountId,
      }),
    );
  }
  return outcomes;
}

async function updateRecord(
  deps: FeedbackLinkDeps,
  improvement: ReadIssue,
  pair: {
    readonly otherKey: string | null;
    readonly otherKind: LinkedIssueKind | null;
    readonly feedbackLinked: boolean;
    readonly actorAccountId: string | null;
  },
): Promise<FeedbackLinkOutcome> {
  const linkedKeys = new Set(improvement.links.map((l) => l.otherKey));
  const linkedIds = new Set(improvement.links.map((l) => l.otherId));
  /** Keys the record lists that no link shows, resolved once: a moved issue answers under its new key. */
  const resolved = new Map<string, string | null>();
  const currentKeyOf = async (key: string): Promise<string | null> => {
    if (linkedKeys.has(key)) return key;
    if (!resolved.has(key)) {
      // Jira answers an issue's former key (it was moved to another project) with the issue under its new key.
      const issue = await readIssue(deps.jira, key);
      resolved.set(key, issue !== null && linkedIds.has(issue.id) ? issue.key : null);
    }
    return resolved.get(key) ?? null;
  };
  for (let attempt = 1; ; attempt++) {
    const state = await readStoredCsiRecord(deps.store, improvement.id);
    if (state.version !== null && state.stored === null) {
      // A stored entry the app cannot read: writing a fresh record over it would lose what it holds.
      const reason = 'its stored record cannot be read; save it in the record panel first';
      deps.logWarning?.(`${improvement.key}: feedback links not recorded: ${reason}`);
      return {
        improvementKey: improvement.key,
        result: 'skipped',
        added: null,
        removed: [],
        sourceSet: null,
        reason,
      };
    }
    const record = state.stored?.record ?? EMPTY_CSI_RECORD;
    // A moved feedback issue keeps its place under its new key instead of being dropped as unlinked.
    const current: string[] = [];
    for (const key of record.feedbackIssueKeys) {
      const now = await currentKeyOf(key);
      current.push(now !== null && now !== key && !current.includes(now) ? now : key);
    }
    const renamed = current.some((key, i) => key !== record.feedbackIssueKeys[i]);
    const change = reconcileFeedbackKeys(
      current,
      linkedKeys,
      { otherKey: pair.otherKey, feedbackLinked: pair.feedbackLinked },
      CSI_MAX_FEEDBACK_ISSUES,
    );
    if (change.refusedAtCap !== null) {
      deps.logWarning?.(
        `${improvement.key}: ${change.refusedAtCap} not recorded as feedback: the record lists ` +
          `${CSI_MAX_FEEDBACK_ISSUES} feedback issues already (the most it keeps)`,
      );
    }
    const source =
      record.source === null && change.added !== null && pair.otherKind !== null
        ? feedbackSourceOf(pair.otherKind)
        : null;
    if (change.added === null && change.removed.length === 0 && !renamed) {
      return {
        improvementKey: improvement.key,
        result: 'unchanged',
        added: null,
        removed: [],
        sourceSet: null,
      };
    }
    if (state.version === null && deps.createMissingRecords === false) {
      return {
        improvementKey: improvement.key,
        result: 'deferred',
        added: null,
        removed: [],
        sourceSet: null,
      };
    }
    const next = parseStoredCsiRecord({
      ...record,
      source: source ?? record.source,
      feedbackIssueKeys: change.keys,
      updatedAt: new Date(deps.clock()).toISOString(),
      updatedByAccountId: pair.actorAccountId ?? record.updatedByAccountId,
    });
    if (next.problem !== null)
      throw new Error(`${improvement.key}: the reconciled record does not parse: ${next.problem}`);
    const version = (state.version ?? 0) + 1;
    if (
      JSON.stringify(csiMirrorValue({ record: next.record, version }, sha256Hex)).length >
      ISSUE_PROPERTY_MAX_CHARS
    ) {
      const reason = `the record would exceed Jira's ${ISSUE_PROPERTY_MAX_CHARS} characters for an issue property`;
      deps.logWarning?.(`${improvement.key}: ${pair.otherKey ?? '?'} not recorded as feedback: ${reason}`);
      return {
        improvementKey: improvement.key,
        result: 'skipped',
        added: null,
        removed: [],
        sourceSet: null,
        reason,
      };
    }
    try {
      const written = await deps.store.put<StoredCsiRecordEntry>(
        csiRecordStoreKey(improvement.id),
        { savedAt: next.record.updatedAt ?? new Date(deps.clock()).toISOString(), record: next.record },
        state.version,
      );
      try {
        await writeCsiMirror(deps.store, deps.jira, improvement.id, {
          record: next.record,
          version: written.version,
        });
      } catch (error) {
        // The record is stored; the panel's next read repairs the mirror.
        deps.logWarning?.(`${improvement.key}: feedback recorded, its mirror not written (${String(error)})`);
      }
      return {
        improvementKey: improvement.key,
        result: 'updated',
        added: change.added,
        removed: change.removed,
        sourceSet: source,
      };
    } catch (error) {
      if (!(error instanceof StoreConflictError) || attempt >= FEEDBACK_LINK_WRITE_ATTEMPTS) throw error;
    }
  }
}
