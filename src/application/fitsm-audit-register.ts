/**
 * An audit finding registered as a CSI improvement in one step (PR14.1: "based on … audits"): the CSI issue and
 * its record through {@link registerImprovement} (source `audit`, the source detail naming audit and finding, the
 * audited process as the service), then the finding keeps the improvement's key.
 *
 * Idempotent per finding: the dedupe key `fitsm-audit:<audit id>:<finding id>` gives one issue however often and
 * however concurrently it is asked (a double click, a retry after a lost answer); a finding that names its
 * improvement already answers it without asking Jira.
 */
import { attachImprovement, findingAt, yearOfAuditId, AuditRuleError } from '../domain/fitsm/audit';
import { serviceTextOf, type FitsmSubjectLookup } from '../domain/fitsm/audit-subjects';
import { CSI_TEXT_LIMITS } from '../domain/csi/record-types';
import { changeAuditPlan, readAuditPlan } from './fitsm-audit';
import {
  IMPROVEMENT_SUMMARY_MAX_CHARS,
  registerImprovement,
  type RegisterImprovementDeps,
} from './register-improvement';

/** The dedupe key of a finding's improvement. */
export function auditFindingDedupeKey(auditId: string, findingId: string): string {
  return `fitsm-audit:${auditId}:${findingId}`;
}

export interface RegisterFindingRequest {
  readonly auditId: string;
  readonly findingId: string;
  /** The project (key) whose CSI issue type the improvement gets. */
  readonly projectKey: string;
}

export interface RegisteredFinding {
  readonly auditId: string;
  readonly findingId: string;
  readonly issueKey: string;
  readonly issueId: string;
  /** False: the finding had its improvement already (nothing new in Jira). */
  readonly created: boolean;
}

function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/**
 * Registers the finding (see the module comment).
 *
 * @throws AuditNotFoundError for an audit or finding not in the plan; AuditRuleError for a malformed audit id;
 *   the errors of {@link registerImprovement} (CSI not set up in the project, Jira's refusals, busy).
 */
export async function registerAuditFinding(
  deps: RegisterImprovementDeps & { readonly lookup: FitsmSubjectLookup },
  request: RegisterFindingRequest,
): Promise<RegisteredFinding> {
  const year = yearOfAuditId(request.auditId);
  if (year === null)
    throw new AuditRuleError([`auditId: "${request.auditId}" is not an audit id (A-2026-3)`]);
  const { plan } = await readAuditPlan(deps.store, year);
  const { audit, finding } = findingAt(plan, request.auditId, request.findingId);
  if (finding.improvementKey !== null && finding.improvementIssueId !== null) {
    return {
      auditId: audit.id,
      findingId: finding.id,
      issueKey: finding.improvementKey,
      issueId: finding.improvementIssueId,
      created: false,
    };
  }
  const subject = finding.requirementId;
  const name = deps.lookup.nameOf(subject);
  const sourceDetail = clip(
    `Audit ${audit.id} (${audit.subjectId}, ${audit.plannedOn}), finding ${finding.id} ` +
      `[${finding.severity}] on ${subject}${name === null ? '' : ` ${name}`}: ${finding.text}`,
    CSI_TEXT_LIMITS.sourceDetail,
  );
  const registered = await registerImprovement(deps, {
    projectIdOrKey: request.projectKey,
    summary: clip(`${subject}: ${finding.text}`.replace(/\s+/g, ' '), IMPROVEMENT_SUMMARY_MAX_CHARS),
    description: `Audit ${audit.id}, finding ${finding.id} (${finding.severity}), requirement ${subject}.\n${finding.text}\nScope: ${audit.scope}`,
    source: 'audit',
    sourceDetail,
    service: serviceTextOf(subject, deps.lookup),
    feedbackIssue: null,
    dedupeKey: auditFindingDedupeKey(audit.id, finding.id),
  });
  await changeAuditPlan(deps.store, year, (current) => {
    const { plan: next, changed } = attachImprovement(
      current,
      audit.id,
      finding.id,
      { issueKey: registered.issueKey, issueId: registered.issueId },
      { nowMs: deps.clock(), actingAccountId: deps.actingAccountId ?? null },
    );
    return { plan: next, result: undefined, changed };
  });
  return {
    auditId: audit.id,
    findingId: finding.id,
    issueKey: registered.issueKey,
    issueId: registered.issueId,
    created: registered.created,
  };
}
