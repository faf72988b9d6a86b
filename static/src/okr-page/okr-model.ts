/**
 * The OKR page's logic without React: the alignment tree's depth, the current quarter, the `invalid-okr` details
 * as field errors, and the objective and check-in forms' drafts (text as typed) turned into the contract's
 * requests. The key result form's draft lives in `key-result-draft.ts`.
 */
import type {
  CheckInRequest,
  ObjectiveView,
  OkrPeriod,
  SaveObjectiveRequest,
} from '../../../src/contract/okr';
import { localDateOfMs } from '../shared/local-date';

/** An objective of the tree with its depth (0: top level; a child one more than its parent). */
export interface TreeRow {
  readonly view: ObjectiveView;
  readonly depth: number;
}

/**
 * The objectives with their depth in the alignment tree. The overview lists each parent before its children; an
 * objective whose parent is not in the list (filtered out, archived) is shown at the top level.
 * @example treeRows([o1, o2 (parent o1), o3 (parent o2)]).map((r) => r.depth) // [0, 1, 2]
 */
export function treeRows(objectives: readonly ObjectiveView[]): TreeRow[] {
  const depthOf = new Map<string, number>();
  return objectives.map((view) => {
    const parent = view.objective.parentObjectiveId;
    const depth = parent === undefined ? 0 : (depthOf.get(parent) ?? -1) + 1;
    depthOf.set(view.objective.id, depth);
    return { view, depth };
  });
}

/** The ids of `id` and every objective aligned below it (they cannot become its parent). */
export function selfAndDescendants(objectives: readonly ObjectiveView[], id: string): Set<string> {
  const found = new Set([id]);
  // Parents come before children: one pass collects the whole subtree.
  for (const view of objectives) {
    const parent = view.objective.parentObjectiveId;
    if (parent !== undefined && found.has(parent)) found.add(view.objective.id);
  }
  return found;
}

/**
 * The quarter `YYYY-Qn` of an instant in an IANA zone (UTC for an unknown zone).
 * @example currentQuarterOf(Date.UTC(2026, 2, 31, 23), 'Europe/Berlin') // '2026-Q2'
 */
export function currentQuarterOf(nowMs: number, timeZone: string): string {
  const date = localDateOfMs(nowMs, timeZone);
  const month = Number(date.slice(5, 7));
  return `${date.slice(0, 4)}-Q${String(Math.floor((month - 1) / 3) + 1)}`;
}

/** The calendar day of an instant in a zone (the OKR page's "today" and new periods). */
export { localDateOfMs };

/**
 * A number as typed in German or English (`3,5`, `3.5`, `-15`, `1.234,5` is not accepted: no grouping); null when
 * empty or not a number.
 */
export function parseNumber(text: string): number | null {
  const trimmed = text.trim().replace('\u2212', '-');
  if (!/^-?(?:\d+(?:[.,]\d+)?|[.,]\d+)$/.test(trimmed)) return null;
  const value = Number(trimmed.replace(',', '.'));
  return Number.isFinite(value) ? value : null;
}

/** Paths naming a whole entity, not one of its fields. */
const ENTITY_PATHS: ReadonlySet<string> = new Set([
  'objective',
  'keyResult',
  'checkIn',
  'settings',
  'payload',
]);

/** Field errors: per field name (the draft's names) the message; `''` holds what belongs to no field. */
export type FieldErrors = Readonly<Record<string, string>>;

/**
 * The `invalid-okr` detail (`path: message; path: message`, the validation's `describeOkrProblems`, possibly in
 * the store's sentence `The key result is invalid: …`) as field errors. Paths lose the entity's prefix (`objective.`, `keyResult.`, `checkIn.`) and map onto the forms' field
 * names (`kind.target` → `target`, `period.quarter` → `quarter`); a problem of no known field goes to `''`.
 * @example fieldErrorsOf('objective.title: the title is empty: write one', ['title']) // { title: 'the title…' }
 */
export function fieldErrorsOf(detail: string, fields: readonly string[]): FieldErrors {
  const errors: Record<string, string> = {};
  const add = (field: string, message: string): void => {
    errors[field] = errors[field] === undefined ? message : `${errors[field]}; ${message}`;
  };
  // The store says `The key result is invalid: <path>: <message>; <path>: <message>.`: the sentence around goes.
  const problems = detail.replace(/^The [\w -]+ is invalid:\s+/, '').replace(/\.$/, '');
  for (const part of problems.split(/;\s+(?=[\w.[\]]+:\s)/)) {
    const match = /^([\w.[\]]+):\s+(.*)$/s.exec(part.trim());
    if (match === null) {
      if (part.trim() !== '') add('', part.trim());
      continue;
    }
    const path = (match[1] ?? '').replace(/^(?:objective|keyResult|checkIn|payload|settings)\./, '');
    const message = match[2] ?? '';
    if (ENTITY_PATHS.has(path)) {
      // A rule across fields of the whole entity (e.g. direction against start and target): no one field.
      add('', message);
      continue;
    }
    const segments = path.split('.');
    // The most specific known field: `kind.baselinePeriod.quarter` → `baselineQuarter` if known, else `quarter`…
    const candidates = [
      path,
      segments.slice(-2).join('.'),
      ...(segments.length > 1 && segments[segments.length - 2] === 'baselinePeriod'
        ? [`baseline${capitalise(segments[segments.length - 1] ?? '')}`]
        : []),
      segments[segments.length - 1] ?? '',
      segments[0] ?? '',
    ];
    const field = candidates.find((candidate) => fields.includes(candidate));
    add(field ?? '', field === undefined ? `${path}: ${message}` : message);
  }
  return errors;
}

function capitalise(text: string): string {
  return text.slice(0, 1).toUpperCase() + text.slice(1);
}

// ---------------------------------------------------------------------------------------------------------------
// Periods in forms

/** A period as the form holds it. */
export interface PeriodDraft {
  readonly kind: 'quarter' | 'custom';
  readonly quarter: string;
  readonly startDate: string;
  readonly endDate: string;
  readonly timeZone: string;
}

export function periodDraftOf(period: OkrPeriod): PeriodDraft {
  return period.kind === 'quarter'
    ? { kind: 'quarter', quarter: period.quarter, startDate: '', endDate: '', timeZone: period.timeZone }
    : {
        kind: 'custom',
        quarter: '',
        startDate: period.startDate,
        endDate: period.endDate,
        timeZone: period.timeZone,
      };
}

/** The period of a draft (checked by the resolver; the form only trims). */
export function periodOfDraft(draft: PeriodDraft): OkrPeriod {
  return draft.kind === 'quarter'
    ? { kind: 'quarter', quarter: draft.quarter.trim().toUpperCase(), timeZone: draft.timeZone.trim() }
    : {
        kind: 'custom',
        startDate: draft.startDate,
        endDate: draft.endDate,
        timeZone: draft.timeZone.trim(),
      };
}

/**
 * The first day `YYYY-MM-DD` of a period (backdated check-ins may not lie before it).
 * @example periodFirstDate({ kind: 'quarter', quarter: '2026-Q4', timeZone: 'UTC' }) // '2026-10-01'
 */
export function periodFirstDate(period: OkrPeriod): string {
  if (period.kind === 'custom') return period.startDate;
  const match = /^(\d{4})-Q([1-4])$/.exec(period.quarter);
  if (match === null) return '';
  return `${match[1] ?? ''}-${String((Number(match[2]) - 1) * 3 + 1).padStart(2, '0')}-01`;
}

// ---------------------------------------------------------------------------------------------------------------
// Objective form

/** The objective form's fields as typed. */
export interface ObjectiveDraft {
  readonly title: string;
  readonly description: string;
  readonly period: PeriodDraft;
  readonly ownerAccountId: string;
  readonly scopeType: 'project' | 'team';
  readonly projectKey: string;
  readonly teamId: string;
  /** `''`: no parent (top level). */
  readonly parentObjectiveId: string;
}

/** The field names of the objective form (where `invalid-okr` details are shown). */
export const OBJECTIVE_FIELDS = [
  'title',
  'description',
  'quarter',
  'startDate',
  'endDate',
  'timeZone',
  'ownerAccountId',
  'projectKey',
  'teamId',
  'parentObjectiveId',
] as const;

/** A new objective's draft: in `period`, owned by the viewer, for `projectKey` (the filter's project) if given. */
export function newObjectiveDraft(
  period: OkrPeriod,
  ownerAccountId: string,
  projectKey: string,
): ObjectiveDraft {
  return {
    title: '',
    description: '',
    period: periodDraftOf(period),
    ownerAccountId,
    scopeType: 'project',
    projectKey,
    teamId: '',
    parentObjectiveId: '',
  };
}

export function objectiveDraftOf(view: ObjectiveView): ObjectiveDraft {
  const { objective } = view;
  return {
    title: objective.title,
    description: objective.description,
    period: periodDraftOf(objective.period),
    ownerAccountId: objective.ownerAccountId,
    scopeType: objective.scope.type,
    projectKey: objective.scope.type === 'project' ? objective.scope.projectKey : '',
    teamId: objective.scope.type === 'team' ? objective.scope.teamId : '',
    parentObjectiveId: objective.parentObjectiveId ?? '',
  };
}

/** What the form checks before sending: required fields (the resolver checks the rest). */
export function objectiveDraftErrors(draft: ObjectiveDraft): Record<string, 'required'> {
  const errors: Record<string, 'required'> = {};
  if (draft.title.trim() === '') errors['title'] = 'required';
  if (draft.ownerAccountId.trim() === '') errors['ownerAccountId'] = 'required';
  if (draft.scopeType === 'project' && draft.projectKey.trim() === '') errors['projectKey'] = 'required';
  if (draft.scopeType === 'team' && draft.teamId.trim() === '') errors['teamId'] = 'required';
  if (draft.period.kind === 'quarter' && draft.period.quarter.trim() === '') errors['quarter'] = 'required';
  if (draft.period.kind === 'custom') {
    if (draft.period.startDate === '') errors['startDate'] = 'required';
    if (draft.period.endDate === '') errors['endDate'] = 'required';
  }
  if (draft.period.timeZone.trim() === '') errors['timeZone'] = 'required';
  return errors;
}

/** The `objective` of a `saveObjective` request. */
export function objectiveOfDraft(draft: ObjectiveDraft): SaveObjectiveRequest['objective'] {
  return {
    title: draft.title.trim(),
    description: draft.description.trim(),
    period: periodOfDraft(draft.period),
    ownerAccountId: draft.ownerAccountId.trim(),
    scope:
      draft.scopeType === 'project'
        ? { type: 'project', projectKey: draft.projectKey.trim().toUpperCase() }
        : { type: 'team', teamId: draft.teamId.trim() },
    ...(draft.parentObjectiveId === '' ? {} : { parentObjectiveId: draft.parentObjectiveId }),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Check-in form

export interface CheckInDraft {
  readonly value: string;
  /** `''`: no confidence given. */
  readonly confidence: string;
  readonly note: string;
  /** `YYYY-MM-DD` for backdating; `''`: now. */
  readonly date: string;
}

/** Why a check-in draft cannot be sent, per field. */
export type CheckInProblem = 'required' | 'notANumber' | 'confidenceRange' | 'future' | 'beforePeriod';

/**
 * The `checkInKeyResult` request of a draft, or the problems per field. A backdated value is recorded at noon
 * (UTC) of its day; today's date records it now.
 * @param today - `YYYY-MM-DD` in the viewer's zone; @param periodStart - the period's first day.
 */
export function checkInRequestOf(
  keyResultId: string,
  draft: CheckInDraft,
  today: string,
  periodStart: string | null,
):
  | { readonly ok: true; readonly request: CheckInRequest }
  | { readonly ok: false; readonly problems: Readonly<Record<string, CheckInProblem>> } {
  const problems: Record<string, CheckInProblem> = {};
  const value = parseNumber(draft.value);
  if (draft.value.trim() === '') problems['value'] = 'required';
  else if (value === null) problems['value'] = 'notANumber';
  let confidence: number | undefined;
  if (draft.confidence.trim() !== '') {
    const parsed = parseNumber(draft.confidence);
    if (parsed === null || parsed < 0 || parsed > 10 || !Number.isInteger(parsed))
      problems['confidence'] = 'confidenceRange';
    else confidence = parsed;
  }
  if (draft.date !== '') {
    if (draft.date > today) problems['date'] = 'future';
    else if (periodStart !== null && draft.date < periodStart) problems['date'] = 'beforePeriod';
  }
  if (Object.keys(problems).length > 0 || value === null) return { ok: false, problems };
  const backdated = draft.date !== '' && draft.date < today;
  return {
    ok: true,
    request: {
      keyResultId,
      value,
      ...(confidence === undefined ? {} : { confidence }),
      note: draft.note.trim(),
      ...(backdated ? { atMs: Date.parse(`${draft.date}T12:00:00Z`) } : {}),
    },
  };
}

/** The share as a CSS width `0%`..`100%` (clamped). */
export function widthOf(share: number): string {
  const clamped = Number.isFinite(share) ? Math.min(1, Math.max(0, share)) : 0;
  return `${String(Math.round(clamped * 1000) / 10)}%`;
}
