/**
 * Where the improvement stands in the CSI workflow and what its next transition still needs, computed in the
 * panel from the record being edited with the workflow validator's own rules (`checkCsiTransition`; see
 * `CSI_TRANSITIONS` and FITSM-CSI.md "Rules"). Pure: no React, no I/O.
 */
import type { CsiRecordInput } from '../../../src/contract/csi';
import {
  CSI_STATUS_KEYS,
  CSI_TRANSITIONS,
  type CsiMissingItem,
  type CsiStatusKey,
  type CsiTransitionDefinition,
  type CsiTransitionRule,
  checkCsiTransition,
} from '../../../src/contract/csi-rules';

/** The main line of the workflow, in order; `rejected` and `deferred` are side exits. */
export const CSI_MAIN_LINE: readonly CsiStatusKey[] = CSI_STATUS_KEYS.filter(
  (key) => key !== 'rejected' && key !== 'deferred',
);

/** What a rule can find missing (each has a label `csiRecord.need.<id>`); the validator's own list. */
export type CsiNeed = CsiMissingItem;

export const CSI_NEEDS: readonly CsiNeed[] = [
  'evaluation',
  'decision',
  'decision-approved',
  'decider',
  'baseline',
  'target',
  'result',
];

/**
 * What `record` lacks for a transition with `rule`, checked by the same function as the workflow validator
 * (`checkCsiTransition`): approve needs all four ratings and an approving decision with its decider, verify a
 * baseline and a target with target date, close a measured result.
 */
export function missingFor(rule: CsiTransitionRule, record: CsiRecordInput): readonly CsiNeed[] {
  return checkCsiTransition(rule, { ...record, score: null, updatedAt: null, updatedByAccountId: null })
    .missing;
}

export interface NextStep {
  /** The transition the improvement normally takes next from its status. */
  readonly transition: CsiTransitionDefinition;
  /** What its rule still lacks; empty when nothing (or when the transition has no rule). */
  readonly missing: readonly CsiNeed[];
}

/**
 * The next transition on the main line from `status` (for `deferred`: resuming) and what it still needs; null
 * for finished improvements (`closed`, `rejected`) and statuses outside the CSI workflow.
 */
export function nextStepOf(status: CsiStatusKey | null, record: CsiRecordInput): NextStep | null {
  if (status === null) return null;
  // CSI_TRANSITIONS lists the main-line transition of each status before its side exits.
  const transition = CSI_TRANSITIONS.find((t) => t.from?.includes(status) === true);
  if (transition === undefined) return null;
  return { transition, missing: transition.rule === null ? [] : missingFor(transition.rule, record) };
}

/** Each main-line status relative to the current one (side exits: the steps reached before are unknown). */
export type StepState = 'done' | 'current' | 'upcoming';

export function stepStates(status: CsiStatusKey | null): readonly { key: CsiStatusKey; state: StepState }[] {
  const at = status === null ? -1 : CSI_MAIN_LINE.indexOf(status);
  return CSI_MAIN_LINE.map((key, index) => ({
    key,
    state: at === -1 ? 'upcoming' : index < at ? 'done' : index === at ? 'current' : 'upcoming',
  }));
}
