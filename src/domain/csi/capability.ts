/**
 * Evidence for the capability level of the CSI process (FITSM-CSI.md "capability levels", FitSM GR6.2), read from
 * the improvement records themselves: how many improvements show each trait a level asks for, against the
 * thresholds of {@link CSI_CAPABILITY_REQUIREMENTS}.
 */
import type { CsiCapabilityView, CsiEvidenceView } from './views';
import type { CsiRecord } from './record-types';
import type { CsiStatusKey } from './workflow';

/** The evidence the data can show. */
export type CsiEvidenceId =
  | 'with-source'
  | 'evaluated'
  | 'decision-recorded'
  | 'with-owner'
  | 'with-actions'
  | 'reviewed-on-time'
  | 'effect-verified'
  | 'audit-findings-registered';

export interface CsiCapabilityRequirement {
  readonly id: CsiEvidenceId;
  readonly level: 1 | 2 | 3;
  /** Share (0..1) of the items the evidence applies to that must show it. */
  readonly minShare: number;
  /** Whether the requirement counts as met when it applies to no item (nothing to show, nothing missed). */
  readonly metWhenNoneApply: boolean;
}

/**
 * The thresholds per level. A level is reached when every requirement of it and of every lower level is met; at
 * least one improvement must be registered for level 1 (no data: level 0).
 *
 * Reasoning, after the level descriptions of FITSM-CSI.md:
 * - **Level 1** (ad hoc, by opinion): improvements are registered at all, and at least half say where they came
 *   from (PR14.1: "identified and registered, based on reports, measurements, assessments, audits").
 * - **Level 2** (a generally accepted approach with criteria, broadly followed; decisions not always recorded):
 *   "broadly followed" = 80 % carry a source and an evaluation with the uniform criteria; "not always recorded"
 *   still means at least half of the decided items name their decision and decider.
 * - **Level 3** (clearly defined, applied whenever a new opportunity is identified, defined roles, actions
 *   recorded): 90 % for source, evaluation, recorded decision and owner ("whenever", one owner per
 *   improvement); the control of PR14.3 at 80 %: open improvements not overdue (reviewed on time), closed ones
 *   with a measured result or an effect check with a verdict (effect verified), and actions recorded (linked
 *   feedback or work issues).
 *   80 % rather than 90 % because reviews and measurements lag by nature (a measurement waits for data).
 *   "Applied whenever a new opportunity is identified" also for audits (PR14.1: "based on … audits"): 90 % of
 *   this year's internal audit findings are registered as improvements (no findings: nothing missed).
 */
export const CSI_CAPABILITY_REQUIREMENTS: readonly CsiCapabilityRequirement[] = [
  { id: 'with-source', level: 1, minShare: 0.5, metWhenNoneApply: false },
  { id: 'with-source', level: 2, minShare: 0.8, metWhenNoneApply: false },
  { id: 'evaluated', level: 2, minShare: 0.8, metWhenNoneApply: true },
  { id: 'decision-recorded', level: 2, minShare: 0.5, metWhenNoneApply: true },
  { id: 'with-source', level: 3, minShare: 0.9, metWhenNoneApply: false },
  { id: 'evaluated', level: 3, minShare: 0.9, metWhenNoneApply: true },
  { id: 'decision-recorded', level: 3, minShare: 0.9, metWhenNoneApply: true },
  { id: 'with-owner', level: 3, minShare: 0.9, metWhenNoneApply: false },
  { id: 'with-actions', level: 3, minShare: 0.8, metWhenNoneApply: false },
  { id: 'reviewed-on-time', level: 3, minShare: 0.8, metWhenNoneApply: true },
  { id: 'effect-verified', level: 3, minShare: 0.8, metWhenNoneApply: false },
  { id: 'audit-findings-registered', level: 3, minShare: 0.9, metWhenNoneApply: true },
];

/** Evidence from outside the improvements themselves. */
export interface CsiCapabilitySources {
  /** The current year's internal audit findings (FitSM audit plan) and how many were registered as improvements. */
  readonly auditFindings?: { readonly registered: number; readonly total: number };
}

/** What the capability needs of one improvement. */
export interface CsiCapabilityItem {
  readonly record: CsiRecord;
  /** CSI status; null when the issue's status is not one of the CSI workflow. */
  readonly statusKey: CsiStatusKey | null;
  /** Whether the improvement is still open (status category not done). */
  readonly open: boolean;
  /** The register's overdue flag (open and target or review date before today). */
  readonly overdue: boolean;
  /** Issues linked to the improvement (feedback or work); the record's feedback keys count as well. */
  readonly linkedIssueCount: number;
  /**
   * An effect check of the improvement ran with a verdict (improved, worse or no detectable change; not
   * `insufficient-data`). Absent: none did.
   */
  readonly effectChecked?: boolean;
}

/** Statuses at which an improvement has not been assessed yet (an evaluation is not expected yet). */
const BEFORE_ASSESSMENT: ReadonlySet<CsiStatusKey> = new Set(['identified']);
/** Statuses at which no decision is expected yet. */
const BEFORE_DECISION: ReadonlySet<CsiStatusKey> = new Set(['identified', 'assessed']);

interface Tally {
  count: number;
  total: number;
}

/**
 * Counts each evidence over the items it applies to:
 * - `with-source`: all items; shows it with a source;
 * - `evaluated`: items past "Identified" or already evaluated; shows it with an evaluation;
 * - `decision-recorded`: items past "Assessed" or already decided; shows it with a decision and its decider;
 * - `with-owner`: all items; with an improvement owner;
 * - `with-actions`: all items; with linked issues or feedback issue keys;
 * - `reviewed-on-time`: open items; not overdue (target and next review date not in the past);
 * - `effect-verified`: closed items (status "Closed"); with a measured result recorded, or an effect check that
 *   reached a verdict (FLOW-METRICS.md §6: improved, worse or no detectable change — too little data verifies
 *   nothing);
 * - `audit-findings-registered`: the audit findings of `sources` (not the items); registered as improvements.
 * An item whose status is not a CSI status counts as past every step.
 */
export function tallyCsiEvidence(
  items: readonly CsiCapabilityItem[],
  sources: CsiCapabilitySources = {},
): Record<CsiEvidenceId, Tally> {
  const tally = (): Tally => ({ count: 0, total: 0 });
  const t: Record<CsiEvidenceId, Tally> = {
    'with-source': tally(),
    evaluated: tally(),
    'decision-recorded': tally(),
    'with-owner': tally(),
    'with-actions': tally(),
    'reviewed-on-time': tally(),
    'effect-verified': tally(),
    'audit-findings-registered': {
      count: sources.auditFindings?.registered ?? 0,
      total: sources.auditFindings?.total ?? 0,
    },
  };
  const add = (id: CsiEvidenceId, shows: boolean): void => {
    t[id].total++;
    if (shows) t[id].count++;
  };
  for (const item of items) {
    const { record, statusKey } = item;
    add('with-source', record.source !== null);
    if (record.evaluation !== null || statusKey === null || !BEFORE_ASSESSMENT.has(statusKey)) {
      add('evaluated', record.evaluation !== null);
    }
    if (record.decision !== null || statusKey === null || !BEFORE_DECISION.has(statusKey)) {
      add('decision-recorded', record.decision !== null && record.decision.deciderAccountId.trim() !== '');
    }
    add('with-owner', record.ownerAccountId !== null);
    add('with-actions', item.linkedIssueCount > 0 || record.feedbackIssueKeys.length > 0);
    if (item.open) add('reviewed-on-time', !item.overdue);
    if (statusKey === 'closed') add('effect-verified', record.result !== null || item.effectChecked === true);
  }
  return t;
}

/**
 * The capability view: every requirement of {@link CSI_CAPABILITY_REQUIREMENTS} as one evidence row (an
 * evidence required at several levels appears once per level, with that level's threshold), the level reached,
 * and the evidence ids not met for the next level.
 */
export function assessCsiCapability(
  items: readonly CsiCapabilityItem[],
  sources: CsiCapabilitySources = {},
): CsiCapabilityView {
  const tally = tallyCsiEvidence(items, sources);
  const evidence: CsiEvidenceView[] = CSI_CAPABILITY_REQUIREMENTS.map((requirement) => {
    const { count, total } = tally[requirement.id];
    const share = total === 0 ? null : count / total;
    const met = share === null ? requirement.metWhenNoneApply : share >= requirement.minShare - 1e-12;
    return { id: requirement.id, count, total, share, level: requirement.level, met };
  });
  let level: 0 | 1 | 2 | 3 = 0;
  if (items.length > 0) {
    for (const candidate of [1, 2, 3] as const) {
      if (evidence.filter((e) => e.level === candidate).every((e) => e.met)) level = candidate;
      else break;
    }
  }
  const next = level + 1;
  const missingForNext =
    level === 3
      ? []
      : items.length === 0
        ? ['with-source']
        : [...new Set(evidence.filter((e) => e.level === next && !e.met).map((e) => e.id))];
  return { level, evidence, missingForNext };
}
