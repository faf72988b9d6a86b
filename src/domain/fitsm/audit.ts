/**
 * The internal audit plan (FitSM GR6 "monitoring and reviewing", GR6.2 "assess conformity at planned intervals";
 * PR14.1: audit results are a source of improvement opportunities). One plan per calendar year holds that year's
 * audits; each audit checks one process or requirement (FitSM id), has a planned day, an auditor and a scope, is
 * planned, done or cancelled, and carries its findings. A finding registered as a CSI improvement keeps the
 * improvement's issue key.
 *
 * Pure: "today" (a calendar day `YYYY-MM-DD` in the plan's time zone) and the instant of a change are passed in.
 * Every audit carries a `revision` that grows on each change, so a client editing an audit it loaded earlier is
 * refused ({@link AuditRevisionConflictError}) instead of overwriting someone else's change.
 */
import { localDayNumber } from '../flow/calendar';
import { isFitsmSubjectId, type FitsmSubjectLookup } from './audit-subjects';

export const AUDIT_STATUSES = ['planned', 'done', 'cancelled'] as const;
export type AuditStatus = (typeof AUDIT_STATUSES)[number];

/**
 * Severity of a finding, as audit practice grades them: a major or minor nonconformity (a requirement not met,
 * wholly or partly), an observation (met, but at risk), an opportunity for improvement.
 */
export const FINDING_SEVERITIES = ['major', 'minor', 'observation', 'opportunity'] as const;
export type FindingSeverity = (typeof FINDING_SEVERITIES)[number];

/** Longest texts of the plan (one year's plan is one stored value: see `MAX_AUDITS_PER_YEAR`). */
export const AUDIT_TEXT_LIMITS = { scope: 1000, findingText: 2000 } as const;
/**
 * Most audits one year's plan holds (monthly audits of every process fit several times). The plan is one stored
 * value: a change that would not fit is refused by the application (it measures) with what to shorten.
 */
export const MAX_AUDITS_PER_YEAR = 60;
/** Most findings one audit holds. */
export const MAX_FINDINGS_PER_AUDIT = 30;

const DAY_PATTERN = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;

export interface AuditFinding {
  /** `F1`, `F2`, … within the audit (never reused). */
  readonly id: string;
  readonly text: string;
  readonly severity: FindingSeverity;
  /** The FitSM requirement the finding is about (`PR5.2`, `GR2`). */
  readonly requirementId: string;
  /** Calendar day the finding was recorded. */
  readonly recordedOn: string;
  /** The CSI improvement it was registered as (issue key and id); null: not registered. */
  readonly improvementKey: string | null;
  readonly improvementIssueId: string | null;
}

export interface Audit {
  /** `A-2026-3`: the year of its plan and a number never reused within it. */
  readonly id: string;
  /** The process (`PR5`) or requirement (`PR5.2`, `GR6`) audited. */
  readonly subjectId: string;
  /** Calendar day `YYYY-MM-DD` (in the plan's year). */
  readonly plannedOn: string;
  readonly auditorAccountId: string;
  readonly scope: string;
  readonly status: AuditStatus;
  /** Calendar day the audit was done; null unless done. */
  readonly doneOn: string | null;
  readonly findings: readonly AuditFinding[];
  /** 1 when planned, +1 on every change. */
  readonly revision: number;
  /** ISO instant UTC and account id of the last change. */
  readonly updatedAt: string;
  readonly updatedByAccountId: string | null;
}

/** One year's plan as stored. */
export interface AuditPlan {
  readonly schemaVersion: 1;
  readonly year: number;
  /** The number the next audit of the year gets. */
  readonly nextAuditNumber: number;
  readonly audits: readonly Audit[];
}

/** An empty plan of `year`. */
export function emptyAuditPlan(year: number): AuditPlan {
  return { schemaVersion: 1, year, nextAuditNumber: 1, audits: [] };
}

/** The request breaks a rule; `problems` say which (`field: reason`). */
export class AuditRuleError extends Error {
  override readonly name = 'AuditRuleError';
  constructor(readonly problems: readonly string[]) {
    super(`The audit plan was not changed: ${problems.join('; ')}.`);
  }
}

/** The audit (or finding) is not in the plan. */
export class AuditNotFoundError extends Error {
  override readonly name = 'AuditNotFoundError';
}

/** The audit changed since the client loaded it (`expectedRevision` is not its revision). */
export class AuditRevisionConflictError extends Error {
  override readonly name = 'AuditRevisionConflictError';
  constructor(
    readonly auditId: string,
    readonly expectedRevision: number,
    readonly actualRevision: number,
  ) {
    super(
      `Audit ${auditId} was changed by someone else (revision ${String(actualRevision)}, you loaded ` +
        `${String(expectedRevision)}): reload the audit plan and apply your change again.`,
    );
  }
}

/** What a change needs to know: who, when, and today in the plan's time zone. */
export interface AuditChangeContext {
  readonly nowMs: number;
  /** Calendar day `YYYY-MM-DD` in the plan's time zone. */
  readonly today: string;
  readonly actingAccountId: string | null;
  readonly lookup: FitsmSubjectLookup;
}

/** The editable fields of an audit. */
export interface AuditInput {
  readonly subjectId: string;
  readonly plannedOn: string;
  readonly auditorAccountId: string;
  readonly scope: string;
  readonly status: AuditStatus;
  /** Required (or today is taken) when done; must be null otherwise. */
  readonly doneOn: string | null;
}

export interface FindingInput {
  readonly text: string;
  readonly severity: FindingSeverity;
  readonly requirementId: string;
}

/** The calendar day `YYYY-MM-DD` of the instant `asOfMs` in `timeZone` (IANA). */
export function calendarDayIn(asOfMs: number, timeZone: string): string {
  return new Date(localDayNumber(asOfMs, timeZone) * 86_400_000).toISOString().slice(0, 10);
}

/** Whether `day` is a real calendar day `YYYY-MM-DD`. */
export function isCalendarDay(day: string): boolean {
  if (!DAY_PATTERN.test(day)) return false;
  const date = new Date(`${day}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === day;
}

/** The year of an audit id (`A-2026-3` → 2026); null for another shape. */
export function yearOfAuditId(auditId: string): number | null {
  const match = /^A-(\d{4})-[1-9]\d{0,3}$/.exec(auditId);
  return match === null ? null : Number(match[1]);
}

function subjectProblems(field: string, id: string, lookup: FitsmSubjectLookup): string[] {
  if (!isFitsmSubjectId(id)) return [`${field}: "${id}" is not a FitSM id (e.g. PR5, PR5.2, GR6)`];
  if (!lookup.isKnown(id)) return [`${field}: ${id} is not in the FitSM catalogue`];
  return [];
}

function auditProblems(plan: AuditPlan, input: AuditInput, ctx: AuditChangeContext): string[] {
  const problems = subjectProblems('subjectId', input.subjectId, ctx.lookup);
  if (!isCalendarDay(input.plannedOn)) problems.push('plannedOn: a calendar day YYYY-MM-DD');
  else if (Number(input.plannedOn.slice(0, 4)) !== plan.year)
    problems.push(
      `plannedOn: ${input.plannedOn} is not in ${String(plan.year)}; an audit stays in the year it was ` +
        'planned in: cancel it and plan it in the other year',
    );
  if (input.auditorAccountId.trim() === '') problems.push('auditorAccountId: name the auditor');
  if (input.scope.trim() === '') problems.push('scope: describe what the audit covers');
  if (input.scope.length > AUDIT_TEXT_LIMITS.scope)
    problems.push(`scope: at most ${String(AUDIT_TEXT_LIMITS.scope)} characters`);
  if (input.status === 'done') {
    if (input.doneOn !== null && !isCalendarDay(input.doneOn))
      problems.push('doneOn: a calendar day YYYY-MM-DD');
    else if (input.doneOn !== null && input.doneOn > ctx.today)
      problems.push(
        `doneOn: ${input.doneOn} lies after today (${ctx.today}); an audit is done when it was held`,
      );
  } else if (input.doneOn !== null) {
    problems.push(`doneOn: only a done audit has a done day (status is ${input.status})`);
  }
  return problems;
}

function stamp(ctx: AuditChangeContext): Pick<Audit, 'updatedAt' | 'updatedByAccountId'> {
  return { updatedAt: new Date(ctx.nowMs).toISOString(), updatedByAccountId: ctx.actingAccountId };
}

function normalised(input: AuditInput, ctx: AuditChangeContext): AuditInput {
  return {
    ...input,
    scope: input.scope.trim(),
    auditorAccountId: input.auditorAccountId.trim(),
    doneOn: input.status === 'done' ? (input.doneOn ?? ctx.today) : null,
  };
}

/**
 * Plans a new audit in `plan` (its year must be the planned day's).
 *
 * @throws AuditRuleError for a broken rule (unknown FitSM id, a day outside the year, no auditor or scope, a done
 *   day in the future, a full plan).
 */
export function planAudit(
  plan: AuditPlan,
  input: AuditInput,
  ctx: AuditChangeContext,
): { plan: AuditPlan; audit: Audit } {
  const problems = auditProblems(plan, input, ctx);
  if (plan.audits.length >= MAX_AUDITS_PER_YEAR)
    problems.push(`the plan of ${String(plan.year)} holds ${String(MAX_AUDITS_PER_YEAR)} audits already`);
  if (problems.length > 0) throw new AuditRuleError(problems);
  const audit: Audit = {
    id: `A-${String(plan.year)}-${String(plan.nextAuditNumber)}`,
    ...normalised(input, ctx),
    findings: [],
    revision: 1,
    ...stamp(ctx),
  };
  return {
    plan: { ...plan, nextAuditNumber: plan.nextAuditNumber + 1, audits: [...plan.audits, audit] },
    audit,
  };
}

function auditAt(plan: AuditPlan, auditId: string, expectedRevision: number | null): Audit {
  const audit = plan.audits.find((a) => a.id === auditId);
  if (audit === undefined)
    throw new AuditNotFoundError(
      `Audit ${auditId} is not in the plan of ${String(plan.year)}; reload the plan.`,
    );
  if (expectedRevision !== null && audit.revision !== expectedRevision)
    throw new AuditRevisionConflictError(auditId, expectedRevision, audit.revision);
  return audit;
}

function replaced(plan: AuditPlan, audit: Audit): AuditPlan {
  return { ...plan, audits: plan.audits.map((a) => (a.id === audit.id ? audit : a)) };
}

/**
 * Changes an audit: its fields and its status (planned ⇄ done, planned ⇄ cancelled; a done audit reopened becomes
 * planned and loses its done day; a cancelled one cannot be done without being planned again first, nor can a
 * done one be cancelled: its findings stand).
 *
 * @throws AuditNotFoundError; AuditRevisionConflictError when `expectedRevision` is stale; AuditRuleError.
 */
export function updateAudit(
  plan: AuditPlan,
  auditId: string,
  input: AuditInput,
  expectedRevision: number,
  ctx: AuditChangeContext,
): { plan: AuditPlan; audit: Audit } {
  const current = auditAt(plan, auditId, expectedRevision);
  const problems = auditProblems(plan, input, ctx);
  if (current.status === 'cancelled' && input.status === 'done')
    problems.push('status: a cancelled audit is planned again before it can be done');
  if (current.status === 'done' && input.status === 'cancelled')
    problems.push(
      'status: a done audit cannot be cancelled (its findings stand); reopen it as planned first',
    );
  if (problems.length > 0) throw new AuditRuleError(problems);
  const audit: Audit = {
    ...current,
    ...normalised(input, ctx),
    revision: current.revision + 1,
    ...stamp(ctx),
  };
  return { plan: replaced(plan, audit), audit };
}

/**
 * Records a finding on an audit that is not cancelled (during the audit while planned, or after it is done).
 *
 * @throws AuditNotFoundError; AuditRevisionConflictError; AuditRuleError (text, severity, FitSM id, too many).
 */
export function recordFinding(
  plan: AuditPlan,
  auditId: string,
  input: FindingInput,
  expectedRevision: number,
  ctx: AuditChangeContext,
): { plan: AuditPlan; audit: Audit; finding: AuditFinding } {
  const current = auditAt(plan, auditId, expectedRevision);
  const problems = subjectProblems('requirementId', input.requirementId, ctx.lookup);
  const text = input.text.trim();
  if (text === '') problems.push('text: describe the finding');
  if (text.length > AUDIT_TEXT_LIMITS.findingText)
    problems.push(`text: at most ${String(AUDIT_TEXT_LIMITS.findingText)} characters`);
  if (!(FINDING_SEVERITIES as readonly string[]).includes(input.severity))
    problems.push(`severity: one of ${FINDING_SEVERITIES.join(', ')}`);
  if (current.status === 'cancelled') problems.push(`audit ${auditId} is cancelled: it has no findings`);
  if (current.findings.length >= MAX_FINDINGS_PER_AUDIT)
    problems.push(`audit ${auditId} holds ${String(MAX_FINDINGS_PER_AUDIT)} findings already`);
  if (problems.length > 0) throw new AuditRuleError(problems);
  const number = Math.max(0, ...current.findings.map((f) => Number(f.id.slice(1)) || 0)) + 1;
  const finding: AuditFinding = {
    id: `F${String(number)}`,
    text,
    severity: input.severity,
    requirementId: input.requirementId,
    recordedOn: ctx.today,
    improvementKey: null,
    improvementIssueId: null,
  };
  const audit: Audit = {
    ...current,
    findings: [...current.findings, finding],
    revision: current.revision + 1,
    ...stamp(ctx),
  };
  return { plan: replaced(plan, audit), audit, finding };
}

/** The finding of an audit. @throws AuditNotFoundError */
export function findingAt(
  plan: AuditPlan,
  auditId: string,
  findingId: string,
): { audit: Audit; finding: AuditFinding } {
  const audit = auditAt(plan, auditId, null);
  const finding = audit.findings.find((f) => f.id === findingId);
  if (finding === undefined)
    throw new AuditNotFoundError(`Audit ${auditId} has no finding ${findingId}; reload the audit plan.`);
  return { audit, finding };
}

/**
 * Notes the improvement a finding was registered as. Idempotent: a finding that names this improvement already is
 * returned unchanged (`changed: false`), so a retry or a second click writes nothing; the audit's revision grows
 * otherwise (the finding changed).
 */
export function attachImprovement(
  plan: AuditPlan,
  auditId: string,
  findingId: string,
  improvement: { readonly issueKey: string; readonly issueId: string },
  ctx: Pick<AuditChangeContext, 'nowMs' | 'actingAccountId'>,
): { plan: AuditPlan; changed: boolean } {
  const { audit, finding } = findingAt(plan, auditId, findingId);
  if (finding.improvementKey === improvement.issueKey) return { plan, changed: false };
  const updated: Audit = {
    ...audit,
    findings: audit.findings.map((f) =>
      f.id === findingId
        ? { ...f, improvementKey: improvement.issueKey, improvementIssueId: improvement.issueId }
        : f,
    ),
    revision: audit.revision + 1,
    updatedAt: new Date(ctx.nowMs).toISOString(),
    updatedByAccountId: ctx.actingAccountId,
  };
  return { plan: replaced(plan, updated), changed: true };
}

/**
 * Whether an audit is overdue: still planned and its planned day lies before today (calendar days of the plan's
 * time zone; an audit planned for today is not overdue, nor a done or cancelled one).
 */
export function isAuditOverdue(audit: Pick<Audit, 'status' | 'plannedOn'>, today: string): boolean {
  return audit.status === 'planned' && audit.plannedOn < today;
}

/** The counts of a year's plan. */
export interface AuditPlanCounts {
  readonly planned: number;
  readonly done: number;
  readonly cancelled: number;
  readonly overdue: number;
  readonly findings: number;
  /** Findings registered as improvements. */
  readonly findingsRegistered: number;
}

/** Counts of `plan` as of `today` (see {@link isAuditOverdue}). */
export function countAuditPlan(plan: AuditPlan, today: string): AuditPlanCounts {
  const counts = { planned: 0, done: 0, cancelled: 0, overdue: 0, findings: 0, findingsRegistered: 0 };
  for (const audit of plan.audits) {
    counts[audit.status]++;
    if (isAuditOverdue(audit, today)) counts.overdue++;
    counts.findings += audit.findings.length;
    counts.findingsRegistered += audit.findings.filter((f) => f.improvementKey !== null).length;
  }
  return counts;
}

/** An audit as the plan view shows it. */
export interface AuditView extends Audit {
  readonly overdue: boolean;
  /** Days past the planned day (0 unless overdue). */
  readonly daysOverdue: number;
}

/** The year's plan as the page shows it. */
export interface AuditPlanYearView {
  readonly year: number;
  readonly today: string;
  /** By planned day, then id. */
  readonly audits: readonly AuditView[];
  readonly counts: AuditPlanCounts;
  /** Per month 1..12 the audits planned in it (the page's calendar strip). */
  readonly byMonth: readonly { readonly month: number; readonly planned: number; readonly done: number }[];
}

function dayNumber(day: string): number {
  return Math.floor(Date.parse(`${day}T00:00:00Z`) / 86_400_000);
}

/** The year view of `plan` as of `today`: audits in date order with overdue flags, counts and months. */
export function auditPlanYearView(plan: AuditPlan, today: string): AuditPlanYearView {
  const audits = [...plan.audits]
    .sort((a, b) =>
      a.plannedOn === b.plannedOn ? compareAuditIds(a.id, b.id) : a.plannedOn < b.plannedOn ? -1 : 1,
    )
    .map((audit) => {
      const overdue = isAuditOverdue(audit, today);
      return { ...audit, overdue, daysOverdue: overdue ? dayNumber(today) - dayNumber(audit.plannedOn) : 0 };
    });
  const byMonth = Array.from({ length: 12 }, (_, index) => {
    const inMonth = plan.audits.filter((a) => Number(a.plannedOn.slice(5, 7)) === index + 1);
    return {
      month: index + 1,
      planned: inMonth.filter((a) => a.status !== 'cancelled').length,
      done: inMonth.filter((a) => a.status === 'done').length,
    };
  });
  return { year: plan.year, today, audits, counts: countAuditPlan(plan, today), byMonth };
}

function compareAuditIds(a: string, b: string): number {
  return Number(a.split('-')[2]) - Number(b.split('-')[2]);
}
