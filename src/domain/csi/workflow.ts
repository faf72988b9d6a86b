/**
 * The CSI workflow the app creates in a project (FitSM PR14, see the README's CSI section): its statuses with their
 * Jira status categories and German and English names, and its transitions with the rule each one checks.
 *
 * Jira status and transition names are single strings; the app creates them in the language of the administrator
 * who runs the setup and recognises either language when it looks for existing ones.
 */

/** Stable keys of the CSI statuses (the app never relies on the display names). */
export const CSI_STATUS_KEYS = [
  'identified',
  'assessed',
  'approved',
  'implementing',
  'verifying',
  'closed',
  'rejected',
  'deferred',
] as const;
export type CsiStatusKey = (typeof CSI_STATUS_KEYS)[number];

/** Jira's status categories as the workflow APIs name them. */
export type CsiStatusCategory = 'TODO' | 'IN_PROGRESS' | 'DONE';

export interface CsiStatusDefinition {
  readonly key: CsiStatusKey;
  readonly category: CsiStatusCategory;
  readonly names: { readonly de: string; readonly en: string };
}

export const CSI_STATUSES: readonly CsiStatusDefinition[] = [
  { key: 'identified', category: 'TODO', names: { de: 'Erfasst', en: 'Identified' } },
  { key: 'assessed', category: 'TODO', names: { de: 'Bewertet', en: 'Assessed' } },
  { key: 'approved', category: 'IN_PROGRESS', names: { de: 'Genehmigt', en: 'Approved' } },
  { key: 'implementing', category: 'IN_PROGRESS', names: { de: 'In Umsetzung', en: 'In Implementation' } },
  { key: 'verifying', category: 'IN_PROGRESS', names: { de: 'Wirksamkeitsprüfung', en: 'Verifying' } },
  { key: 'closed', category: 'DONE', names: { de: 'Abgeschlossen', en: 'Closed' } },
  { key: 'rejected', category: 'DONE', names: { de: 'Abgelehnt', en: 'Rejected' } },
  { key: 'deferred', category: 'DONE', names: { de: 'Zurückgestellt', en: 'Deferred' } },
];

/**
 * What a transition's validator checks before Jira lets the issue move (FITSM-CSI.md "Rules"):
 * - `approve`: an evaluation with the uniform criteria and a decision (approved) with a decider;
 * - `verify`: a baseline KPI and a target KPI with a target date;
 * - `close`: a measured result.
 */
export type CsiTransitionRule = 'approve' | 'verify' | 'close';

export interface CsiTransitionDefinition {
  /** Stable key; also the `config` the app gives the validator on this transition. */
  readonly key: string;
  /** Null: the initial (create) transition. */
  readonly from: readonly CsiStatusKey[] | null;
  readonly to: CsiStatusKey;
  readonly names: { readonly de: string; readonly en: string };
  readonly rule: CsiTransitionRule | null;
}

export const CSI_TRANSITIONS: readonly CsiTransitionDefinition[] = [
  { key: 'create', from: null, to: 'identified', names: { de: 'Erfassen', en: 'Create' }, rule: null },
  {
    key: 'assess',
    from: ['identified'],
    to: 'assessed',
    names: { de: 'Bewerten', en: 'Assess' },
    rule: null,
  },
  {
    key: 'approve',
    from: ['assessed'],
    to: 'approved',
    names: { de: 'Genehmigen', en: 'Approve' },
    rule: 'approve',
  },
  {
    key: 'implement',
    from: ['approved'],
    to: 'implementing',
    names: { de: 'Umsetzung starten', en: 'Start implementation' },
    rule: null,
  },
  {
    key: 'verify',
    from: ['implementing'],
    to: 'verifying',
    names: { de: 'Wirksamkeit prüfen', en: 'Verify' },
    rule: 'verify',
  },
  {
    key: 'close',
    from: ['verifying'],
    to: 'closed',
    names: { de: 'Abschließen', en: 'Close' },
    rule: 'close',
  },
  {
    key: 'rework',
    from: ['verifying'],
    to: 'implementing',
    names: { de: 'Nacharbeiten', en: 'Rework' },
    rule: null,
  },
  {
    key: 'reject',
    from: ['identified', 'assessed', 'approved'],
    to: 'rejected',
    names: { de: 'Ablehnen', en: 'Reject' },
    rule: null,
  },
  {
    key: 'defer',
    from: ['identified', 'assessed', 'approved'],
    to: 'deferred',
    names: { de: 'Zurückstellen', en: 'Defer' },
    rule: null,
  },
  {
    key: 'resume',
    from: ['deferred'],
    to: 'assessed',
    names: { de: 'Wieder aufnehmen', en: 'Resume' },
    rule: null,
  },
];

/** The names of the CSI issue type and workflow the app creates or adopts. */
export const CSI_ISSUE_TYPE_NAMES = { de: 'Verbesserung (CSI)', en: 'Improvement (CSI)' } as const;
export const CSI_WORKFLOW_NAMES = {
  de: 'CSI-Verbesserung (Three Ways)',
  en: 'CSI Improvement (Three Ways)',
} as const;

/** The issue property holding the improvement record (indexed for JQL by the manifest's `jira:entityProperty`). */
export const CSI_RECORD_PROPERTY_KEY = 'three-ways-csi';

/** The CSI status whose German or English name equals `name` (case-insensitive, trimmed); null for others. */
export function csiStatusKeyOfName(name: string): CsiStatusKey | null {
  const wanted = name.trim().toLocaleLowerCase('de-DE');
  for (const status of CSI_STATUSES) {
    if (
      status.names.de.toLocaleLowerCase('de-DE') === wanted ||
      status.names.en.toLocaleLowerCase('de-DE') === wanted
    )
      return status.key;
  }
  return null;
}
