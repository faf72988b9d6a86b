/**
 * When an issue counts as an improvement toward a key result (an experiment made toward it, OKR.md): it is an
 * improvement (CSI) issue and it serves the key result, whichever way it says so. Pure: the caller reads the
 * issue's type, its links in the OKR store and its improvement record.
 */
import { nameIn } from '../csi/provisioning';
import { CSI_ISSUE_TYPE_NAMES } from '../csi/workflow';

/** What decides whether an issue is an improvement toward a key result. */
export interface ImprovementFacts {
  /** The issue type's name as Jira answers it (absent when the search did not return it). */
  readonly issueTypeName: string | undefined;
  /** True when the OKR store links the issue to the key result (the issue panel's "Key Results" section). */
  readonly linked: boolean;
  /** The key result the issue's improvement record names (`keyResultId`, JQL `csiKeyResult`); null when none. */
  readonly recordKeyResultId: string | null;
}

/**
 * Whether an issue is an improvement toward `keyResultId`: of the CSI issue type (German or English name, trimmed,
 * any case: {@link CSI_ISSUE_TYPE_NAMES}) and either linked to the key result or naming it in its record. An issue
 * of another type is never one, even when linked (a linked incident is work toward the key result, not an
 * experiment); a CSI issue linked by the panel but whose record names no key result still is.
 */
export function isImprovementToward(facts: ImprovementFacts, keyResultId: string): boolean {
  if (facts.issueTypeName === undefined || !nameIn(facts.issueTypeName, CSI_ISSUE_TYPE_NAMES)) return false;
  return facts.linked || facts.recordKeyResultId === keyResultId;
}
