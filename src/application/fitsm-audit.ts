/**
 * Use cases of the internal audit plan (`domain/fitsm/audit.ts`) over the app's store: one value per year,
 * `fitsm-audit-plan:<year>`, written with compare-and-set. A change to one audit is guarded by that audit's
 * revision (the client names the one it loaded), so two people editing different audits of the same year both
 * succeed (the write is retried on the store's conflict with the other's change applied), while two editing the
 * same audit get a conflict for the second.
 */
import {
  AuditRuleError,
  auditPlanYearView,
  calendarDayIn,
  countAuditPlan,
  emptyAuditPlan,
  planAudit,
  recordFinding,
  updateAudit,
  yearOfAuditId,
  type Audit,
  type AuditChangeContext,
  type AuditFinding,
  type AuditInput,
  type AuditPlan,
  type AuditPlanCounts,
  type AuditPlanYearView,
  type FindingInput,
} from '../domain/fitsm/audit';
import type { FitsmSubjectLookup } from '../domain/fitsm/audit-subjects';
import { StoreConflictError, StoreValueTooLargeError, type StorePort } from './ports/store-port';

/** Store key of a year's audit plan. */
export function auditPlanStoreKey(year: number): string {
  return `fitsm-audit-plan:${String(year)}`;
}

/** Attempts of a change against concurrent writes to the same year's plan before giving up. */
const CHANGE_ATTEMPTS = 5;

/** Years the plan covers (a day outside is a typing error, not a plan). */
export const AUDIT_YEAR_RANGE = { min: 2000, max: 2100 } as const;

/** The plan of `year` and its store version (an empty plan and null when none was saved). */
export async function readAuditPlan(
  store: StorePort,
  year: number,
): Promise<{ readonly plan: AuditPlan; readonly version: number | null }> {
  const stored = await store.get<AuditPlan>(auditPlanStoreKey(year));
  if (stored === null) return { plan: emptyAuditPlan(year), version: null };
  return { plan: stored.value, version: stored.version };
}

/**
 * Applies `change` to the year's plan and stores it with compare-and-set; on the store's conflict (someone changed
 * another audit of the year) reads again and applies the change to their version — the change's own revision
 * check decides whether it still applies. A change that returns `changed: false` writes nothing.
 *
 * @throws AuditRuleError when the plan would not fit one stored value; StoreConflictError after
 *   {@link CHANGE_ATTEMPTS} lost races.
 */
export async function changeAuditPlan<T>(
  store: StorePort,
  year: number,
  change: (plan: AuditPlan) => { readonly plan: AuditPlan; readonly result: T; readonly changed?: boolean },
): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    const { plan, version } = await readAuditPlan(store, year);
    const next = change(plan);
    if (next.changed === false) return next.result;
    try {
      await store.put<AuditPlan>(auditPlanStoreKey(year), next.plan, version);
      return next.result;
    } catch (error) {
      if (error instanceof StoreValueTooLargeError) {
        throw new AuditRuleError([
          `the audit plan of ${String(year)} would take ${String(error.storedBytes)} bytes, more than one stored ` +
            `value may (${String(error.maxBytes)}); shorten scopes or findings, or remove cancelled audits`,
        ]);
      }
      if (!(error instanceof StoreConflictError) || attempt >= CHANGE_ATTEMPTS) throw error;
    }
  }
}

/** Who changes the plan, when, in which time zone, against which catalogue. */
export interface AuditContext {
  readonly nowMs: number;
  /** IANA zone whose calendar days decide "today" and overdue. */
  readonly timeZone: string;
  readonly actingAccountId: string | null;
  readonly lookup: FitsmSubjectLookup;
}

function changeContext(ctx: AuditContext): AuditChangeContext {
  return {
    nowMs: ctx.nowMs,
    today: calendarDayIn(ctx.nowMs, ctx.timeZone),
    actingAccountId: ctx.actingAccountId,
    lookup: ctx.lookup,
  };
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < AUDIT_YEAR_RANGE.min || year > AUDIT_YEAR_RANGE.max)
    throw new AuditRuleError([
      `year: between ${String(AUDIT_YEAR_RANGE.min)} and ${String(AUDIT_YEAR_RANGE.max)}`,
    ]);
}

/** The year's plan as the page shows it, "today" and overdue in `timeZone`. */
export async function getAuditPlanView(
  store: StorePort,
  year: number,
  options: { readonly asOfMs: number; readonly timeZone: string },
): Promise<AuditPlanYearView & { readonly timeZone: string }> {
  checkYear(year);
  const { plan } = await readAuditPlan(store, year);
  return {
    ...auditPlanYearView(plan, calendarDayIn(options.asOfMs, options.timeZone)),
    timeZone: options.timeZone,
  };
}

/**
 * Plans a new audit (`auditId` null; the plan of the planned day's year) or changes one (`expectedRevision` the
 * revision the client loaded).
 *
 * @throws AuditRuleError; AuditNotFoundError; AuditRevisionConflictError.
 */
export async function saveAudit(
  store: StorePort,
  request: {
    readonly auditId: string | null;
    readonly audit: AuditInput;
    readonly expectedRevision: number | null;
  },
  ctx: AuditContext,
): Promise<Audit> {
  const changeCtx = changeContext(ctx);
  if (request.auditId === null) {
    const year = Number(request.audit.plannedOn.slice(0, 4));
    if (!Number.isInteger(year) || year < AUDIT_YEAR_RANGE.min || year > AUDIT_YEAR_RANGE.max)
      throw new AuditRuleError(['plannedOn: a calendar day YYYY-MM-DD between 2000 and 2100']);
    return changeAuditPlan(store, year, (plan) => {
      const { plan: next, audit } = planAudit(plan, request.audit, changeCtx);
      return { plan: next, result: audit };
    });
  }
  const year = yearOfAuditId(request.auditId);
  if (year === null)
    throw new AuditRuleError([`auditId: "${request.auditId}" is not an audit id (A-2026-3)`]);
  if (request.expectedRevision === null)
    throw new AuditRuleError(['expectedRevision: name the revision of the audit you loaded']);
  const { auditId, expectedRevision } = request;
  return changeAuditPlan(store, year, (plan) => {
    const { plan: next, audit } = updateAudit(plan, auditId, request.audit, expectedRevision, changeCtx);
    return { plan: next, result: audit };
  });
}

/**
 * Records a finding on an audit.
 *
 * @throws AuditRuleError; AuditNotFoundError; AuditRevisionConflictError.
 */
export async function recordAuditFinding(
  store: StorePort,
  request: { readonly auditId: string; readonly finding: FindingInput; readonly expectedRevision: number },
  ctx: AuditContext,
): Promise<{ readonly audit: Audit; readonly finding: AuditFinding }> {
  const year = yearOfAuditId(request.auditId);
  if (year === null)
    throw new AuditRuleError([`auditId: "${request.auditId}" is not an audit id (A-2026-3)`]);
  const changeCtx = changeContext(ctx);
  return changeAuditPlan(store, year, (plan) => {
    const {
      plan: next,
      audit,
      finding,
    } = recordFinding(plan, request.auditId, request.finding, request.expectedRevision, changeCtx);
    return { plan: next, result: { audit, finding } };
  });
}

/**
 * The counts of the current year's plan (year and "today" in `timeZone`): what the CSI register shows of audits
 * (done this year, overdue, findings and how many were registered as improvements). `overdue` also counts the
 * previous year's audits still planned: an audit of 15 December not held is still overdue on 2 January, and the
 * year turning must not hide it (one more store read; audits older than that are left to the plan's year view).
 */
export async function currentYearAuditCounts(
  store: StorePort,
  asOfMs: number,
  timeZone: string,
): Promise<AuditPlanCounts & { readonly year: number }> {
  const today = calendarDayIn(asOfMs, timeZone);
  const year = Number(today.slice(0, 4));
  const [{ plan }, { plan: previous }] = await Promise.all([
    readAuditPlan(store, year),
    readAuditPlan(store, year - 1),
  ]);
  const counts = countAuditPlan(plan, today);
  return { year, ...counts, overdue: counts.overdue + countAuditPlan(previous, today).overdue };
}
