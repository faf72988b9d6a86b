/**
 * The key result form's draft (text as typed) and the `saveKeyResult` request it becomes. The direction and the
 * source follow from the kind where the rules fix them (OKR validation: binary and issue progress only increase,
 * a threshold stays within, a flow metric, issue count or CSAT moves the way its target change says; the app
 * measures issue progress, flow metrics, issue counts and CSAT), so the form asks only where there is a choice.
 */
import {
  FLOW_KR_METRICS,
  type FlowKrMetric,
  type KeyResultDirection,
  type KeyResultKind,
  type KeyResultSource,
  type KeyResultView,
  type MeasurementScope,
  type OkrPeriod,
  type SaveKeyResultRequest,
} from '../../../src/contract/okr';
import { parseNumber, periodDraftOf, periodOfDraft, type PeriodDraft } from './okr-model';

export const KIND_TYPES = [
  'metric',
  'threshold',
  'binary',
  'issueProgress',
  'flowMetric',
  'issueCount',
  'csat',
] as const;
export type KindType = (typeof KIND_TYPES)[number];
export { FLOW_KR_METRICS };

export interface KeyResultDraft {
  readonly title: string;
  readonly ownerAccountId: string;
  readonly weight: string;
  readonly unit: string;
  /** Asked for metric key results only; the other kinds derive it ({@link directionOf}). */
  readonly direction: KeyResultDirection;
  readonly kindType: KindType;
  /** Manual or external for metric, threshold and binary; measured for the other kinds. */
  readonly source: 'manual' | 'external';
  readonly start: string;
  readonly target: string;
  readonly operator: 'atLeast' | 'atMost';
  readonly threshold: string;
  /** Issue progress: the linked issues, a project or a JQL. */
  readonly issuesType: 'linked' | 'project' | 'jql';
  /** Flow metric and CSAT: a project or a JQL. */
  readonly scopeType: 'project' | 'jql';
  readonly projectKey: string;
  readonly jql: string;
  readonly metric: FlowKrMetric;
  readonly per: 'week' | 'month' | 'period';
  readonly baselinePeriod: PeriodDraft;
  readonly targetChangePercent: string;
}

/** The form's field names (where `invalid-okr` details are shown). */
export const KEY_RESULT_FIELDS = [
  'title',
  'ownerAccountId',
  'weight',
  'unit',
  'direction',
  'source',
  'start',
  'target',
  'threshold',
  'projectKey',
  'jql',
  'metric',
  'per',
  'baselineQuarter',
  'baselineStartDate',
  'baselineEndDate',
  'baselineTimeZone',
  'targetChangePercent',
] as const;

const MEASURED: ReadonlySet<KindType> = new Set(['issueProgress', 'flowMetric', 'issueCount', 'csat']);

/** True for the kinds the app measures from Jira (source `measured`). */
export function isMeasuredKind(kind: KindType): boolean {
  return MEASURED.has(kind);
}

/** A new key result's draft: a manual metric owned by the viewer, baseline the quarter before the objective's. */
export function newKeyResultDraft(ownerAccountId: string, baselinePeriod: OkrPeriod): KeyResultDraft {
  return {
    title: '',
    ownerAccountId,
    weight: '1',
    unit: '',
    direction: 'increase',
    kindType: 'metric',
    source: 'manual',
    start: '',
    target: '',
    operator: 'atLeast',
    threshold: '',
    issuesType: 'linked',
    scopeType: 'project',
    projectKey: '',
    jql: '',
    metric: 'leadTimeP50',
    per: 'month',
    baselinePeriod: periodDraftOf(baselinePeriod),
    targetChangePercent: '',
  };
}

function scopeDraft(scope: MeasurementScope): Pick<KeyResultDraft, 'scopeType' | 'projectKey' | 'jql'> {
  return scope.type === 'project'
    ? { scopeType: 'project', projectKey: scope.projectKey, jql: '' }
    : { scopeType: 'jql', projectKey: '', jql: scope.jql };
}

/** The draft of an existing key result (for editing). */
export function keyResultDraftOf(view: KeyResultView, baselinePeriod: OkrPeriod): KeyResultDraft {
  const kr = view.keyResult;
  const base: KeyResultDraft = {
    ...newKeyResultDraft(kr.ownerAccountId, baselinePeriod),
    title: kr.title,
    weight: String(kr.weight),
    unit: kr.unit,
    direction: kr.direction,
    kindType: kr.kind.type,
    source: kr.source === 'external' ? 'external' : 'manual',
  };
  const kind = kr.kind;
  switch (kind.type) {
    case 'metric':
      return { ...base, start: String(kind.start), target: String(kind.target) };
    case 'threshold':
      return { ...base, operator: kind.operator, threshold: String(kind.threshold) };
    case 'binary':
      return base;
    case 'issueProgress':
      return kind.issues.type === 'linked'
        ? { ...base, issuesType: 'linked' }
        : { ...base, issuesType: kind.issues.type, ...scopeDraft(kind.issues) };
    case 'flowMetric':
      return {
        ...base,
        ...scopeDraft(kind.scope),
        metric: kind.metric,
        baselinePeriod: periodDraftOf(kind.baselinePeriod),
        targetChangePercent: String(kind.targetChangePercent),
      };
    case 'issueCount':
      return {
        ...base,
        jql: kind.jql,
        per: kind.per,
        baselinePeriod: periodDraftOf(kind.baselinePeriod),
        targetChangePercent: String(kind.targetChangePercent),
      };
    case 'csat':
      return {
        ...base,
        ...scopeDraft(kind.scope),
        baselinePeriod: periodDraftOf(kind.baselinePeriod),
        targetChangePercent: String(kind.targetChangePercent),
      };
  }
}

/** The direction a draft's kind fixes (the draft's own choice for a metric). */
export function directionOf(draft: KeyResultDraft): KeyResultDirection {
  switch (draft.kindType) {
    case 'metric':
      return draft.direction;
    case 'threshold':
      return 'stay-within';
    case 'binary':
    case 'issueProgress':
      return 'increase';
    case 'flowMetric':
    case 'issueCount':
    case 'csat': {
      const change = parseNumber(draft.targetChangePercent) ?? 0;
      return change < 0 ? 'decrease' : change > 0 ? 'increase' : 'stay-within';
    }
  }
}

/** Where the draft's values come from. */
export function sourceOf(draft: KeyResultDraft): KeyResultSource {
  return isMeasuredKind(draft.kindType) ? 'measured' : draft.source;
}

/** Why a draft cannot be sent, per field: empty or not a number. */
export type DraftProblem = 'required' | 'notANumber';

type Built<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly problems: Readonly<Record<string, DraftProblem>> };

/**
 * The `keyResult` of a `saveKeyResult` request for objective `objectiveId`, or the problems per field (required
 * texts, numbers that are not numbers). The rules across fields are the resolver's (its `invalid-okr` detail).
 */
export function keyResultOfDraft(
  objectiveId: string,
  draft: KeyResultDraft,
): Built<SaveKeyResultRequest['keyResult']> {
  const problems: Record<string, DraftProblem> = {};
  const number = (field: 'weight' | 'start' | 'target' | 'threshold' | 'targetChangePercent'): number => {
    const text = draft[field];
    const value = parseNumber(text);
    if (text.trim() === '') problems[field] = 'required';
    else if (value === null) problems[field] = 'notANumber';
    return value ?? 0;
  };
  const text = (field: 'title' | 'ownerAccountId' | 'projectKey' | 'jql'): string => {
    const value = draft[field].trim();
    if (value === '') problems[field] = 'required';
    return value;
  };
  const scope = (): MeasurementScope =>
    draft.scopeType === 'project'
      ? { type: 'project', projectKey: text('projectKey').toUpperCase() }
      : { type: 'jql', jql: text('jql') };
  const baselinePeriod = (): OkrPeriod => {
    const period = draft.baselinePeriod;
    if (period.kind === 'quarter' && period.quarter.trim() === '') problems['baselineQuarter'] = 'required';
    if (period.kind === 'custom' && period.startDate === '') problems['baselineStartDate'] = 'required';
    if (period.kind === 'custom' && period.endDate === '') problems['baselineEndDate'] = 'required';
    return periodOfDraft(period);
  };
  const title = text('title');
  const ownerAccountId = text('ownerAccountId');
  const weight = number('weight');
  let kind: KeyResultKind;
  switch (draft.kindType) {
    case 'metric':
      kind = { type: 'metric', start: number('start'), target: number('target') };
      break;
    case 'threshold':
      kind = { type: 'threshold', operator: draft.operator, threshold: number('threshold') };
      break;
    case 'binary':
      kind = { type: 'binary' };
      break;
    case 'issueProgress':
      kind = {
        type: 'issueProgress',
        issues:
          draft.issuesType === 'linked'
            ? { type: 'linked' }
            : draft.issuesType === 'project'
              ? { type: 'project', projectKey: text('projectKey').toUpperCase() }
              : { type: 'jql', jql: text('jql') },
      };
      break;
    case 'flowMetric':
      kind = {
        type: 'flowMetric',
        scope: scope(),
        metric: draft.metric,
        baselinePeriod: baselinePeriod(),
        targetChangePercent: number('targetChangePercent'),
      };
      break;
    case 'issueCount':
      kind = {
        type: 'issueCount',
        jql: text('jql'),
        per: draft.per,
        baselinePeriod: baselinePeriod(),
        targetChangePercent: number('targetChangePercent'),
      };
      break;
    case 'csat':
      kind = {
        type: 'csat',
        scope: scope(),
        baselinePeriod: baselinePeriod(),
        targetChangePercent: number('targetChangePercent'),
      };
      break;
  }
  if (Object.keys(problems).length > 0) return { ok: false, problems };
  return {
    ok: true,
    value: {
      objectiveId,
      title,
      ownerAccountId,
      weight,
      unit: draft.unit.trim(),
      direction: directionOf(draft),
      kind,
      source: sourceOf(draft),
    },
  };
}
