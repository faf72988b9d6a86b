/**
 * The audit plan's two forms: planning or editing an audit, and recording a finding. Each checks what the
 * resolvers check (FitSM id pattern, text limits) before sending, sends the audit's revision as loaded, and on a
 * conflict loads the plan again and keeps the input, so saving again applies it to the latest revision.
 */
import { useState, type SyntheticEvent, type ReactNode } from 'react';
import {
  AUDIT_STATUSES,
  AUDIT_TEXT_LIMITS,
  FINDING_SEVERITIES,
  FITSM_SUBJECT_ID_PATTERN,
  type AuditStatus,
  type AuditView,
  type FindingSeverity,
  type FitsmAuditPlanView,
} from '../../../../src/contract/fitsm-plan';
import type { UiI18n } from '../../i18n/load';
import { PlanFailureState, type PlanFailure } from '../shared/plan-failure';
import type { AuditsInvoke } from './audits-page';

/** The audit the form edits; null: a new one. */
export interface AuditFormTarget {
  readonly audit: AuditView | null;
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;

export function AuditForm({
  invoke,
  i18n,
  target,
  year,
  onCancel,
  onSaved,
  reload,
  people,
}: {
  readonly invoke: AuditsInvoke;
  readonly i18n: UiI18n;
  readonly target: AuditFormTarget;
  readonly year: number;
  readonly onCancel: () => void;
  readonly onSaved: (text: string) => Promise<void>;
  readonly reload: () => Promise<FitsmAuditPlanView | null>;
  /** People the plan names: offered as auditors (the field takes any account id). */
  readonly people: FitsmAuditPlanView['people'];
}): ReactNode {
  const { t } = i18n;
  const initial = target.audit;
  const [subjectId, setSubjectId] = useState(initial?.subjectId ?? '');
  const [plannedOn, setPlannedOn] = useState(initial?.plannedOn ?? `${String(year)}-01-15`);
  const [auditor, setAuditor] = useState(initial?.auditorAccountId ?? '');
  const [scope, setScope] = useState(initial?.scope ?? '');
  const [status, setStatus] = useState<AuditStatus>(initial?.status ?? 'planned');
  const [doneOn, setDoneOn] = useState(initial?.doneOn ?? '');
  const [revision, setRevision] = useState<number | null>(initial?.revision ?? null);
  const [problem, setProblem] = useState('');
  const [failure, setFailure] = useState<PlanFailure | null>(null);
  const [saving, setSaving] = useState(false);

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    const subject = subjectId.trim().toUpperCase();
    if (!FITSM_SUBJECT_ID_PATTERN.test(subject)) {
      setProblem(t('fitsmAudits.form.badSubject'));
      return;
    }
    if (!DAY.test(plannedOn)) {
      setProblem(t('fitsmAudits.form.badDay'));
      return;
    }
    if (auditor.trim() === '') {
      setProblem(t('fitsmAudits.form.auditorNeeded'));
      return;
    }
    if (scope.length > AUDIT_TEXT_LIMITS.scope) {
      setProblem(t('fitsmAudits.form.tooLong', { max: AUDIT_TEXT_LIMITS.scope }));
      return;
    }
    if (status === 'done' && doneOn !== '' && !DAY.test(doneOn)) {
      setProblem(t('fitsmAudits.form.badDay'));
      return;
    }
    setProblem('');
    setFailure(null);
    setSaving(true);
    const answer = await invoke('saveFitsmAudit', {
      auditId: initial?.id ?? null,
      audit: {
        subjectId: subject,
        plannedOn,
        auditorAccountId: auditor.trim(),
        scope,
        status,
        doneOn: status === 'done' && doneOn !== '' ? doneOn : null,
      },
      expectedRevision: initial === null ? null : revision,
    });
    setSaving(false);
    if (answer.ok) return onSaved(t('fitsmAudits.form.saved', { id: answer.value.id }));
    setFailure(answer.error);
    if (answer.error.code === 'conflict' && initial !== null) {
      const latest = await reload();
      const current = latest?.audits.find((a) => a.id === initial.id);
      if (current !== undefined) setRevision(current.revision);
    }
  };

  return (
    <form
      className="stack-tight fitsm-audit-form"
      onSubmit={(event) => void submit(event)}
      aria-labelledby="fitsm-audit-form-heading"
      data-testid="audit-form"
      noValidate
    >
      <h3 id="fitsm-audit-form-heading" className="heading-small">
        {initial === null
          ? t('fitsmAudits.form.newHeading')
          : t('fitsmAudits.form.editHeading', { id: initial.id })}
      </h3>
      <label className="field">
        <span className="field-label">{t('fitsmAudits.form.subject')}</span>
        <input
          value={subjectId}
          onChange={(e) => {
            setSubjectId(e.target.value);
          }}
          placeholder="PR5"
        />
      </label>
      <label className="field">
        <span className="field-label">{t('fitsmAudits.form.plannedOn')}</span>
        <input
          type="date"
          value={plannedOn}
          onChange={(e) => {
            setPlannedOn(e.target.value);
          }}
        />
      </label>
      <label className="field">
        <span className="field-label">{t('fitsmAudits.form.auditor')}</span>
        <input
          value={auditor}
          list="fitsm-auditors"
          onChange={(e) => {
            setAuditor(e.target.value);
          }}
        />
      </label>
      <datalist id="fitsm-auditors">
        {people.map((person) => (
          <option key={person.accountId} value={person.accountId}>
            {person.displayName}
          </option>
        ))}
      </datalist>
      <label className="field">
        <span className="field-label">{t('fitsmAudits.form.scope')}</span>
        <textarea
          value={scope}
          rows={3}
          onChange={(e) => {
            setScope(e.target.value);
          }}
        />
      </label>
      <label className="field">
        <span className="field-label">{t('fitsmAudits.form.status')}</span>
        <select
          value={status}
          onChange={(e) => {
            setStatus(e.target.value as AuditStatus);
          }}
        >
          {AUDIT_STATUSES.map((s) => (
            <option key={s} value={s}>
              {t(`fitsmAudits.status.${s}`)}
            </option>
          ))}
        </select>
      </label>
      {status === 'done' && (
        <label className="field">
          <span className="field-label">{t('fitsmAudits.form.doneOn')}</span>
          <input
            type="date"
            value={doneOn}
            onChange={(e) => {
              setDoneOn(e.target.value);
            }}
          />
        </label>
      )}
      {problem !== '' && (
        <p className="problems" role="alert">
          {problem}
        </p>
      )}
      {failure !== null && <PlanFailureState area="fitsmPlan" failure={failure} i18n={i18n} />}
      <div className="field-row">
        <button type="submit" className="button-primary" disabled={saving}>
          {t('fitsmAudits.form.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('fitsmAudits.form.cancel')}
        </button>
      </div>
    </form>
  );
}

export function FindingForm({
  invoke,
  i18n,
  audit,
  onRecorded,
  reload,
}: {
  readonly invoke: AuditsInvoke;
  readonly i18n: UiI18n;
  readonly audit: AuditView;
  readonly onRecorded: (text: string) => Promise<void>;
  readonly reload: () => Promise<FitsmAuditPlanView | null>;
}): ReactNode {
  const { t } = i18n;
  const [text, setText] = useState('');
  const [severity, setSeverity] = useState<FindingSeverity>('minor');
  const [requirementId, setRequirementId] = useState(audit.subjectId);
  const [problem, setProblem] = useState('');
  const [failure, setFailure] = useState<PlanFailure | null>(null);

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    const requirement = requirementId.trim().toUpperCase();
    if (text.trim() === '') {
      setProblem(t('fitsmAudits.finding.textNeeded'));
      return;
    }
    if (text.length > AUDIT_TEXT_LIMITS.findingText) {
      setProblem(t('fitsmAudits.form.tooLong', { max: AUDIT_TEXT_LIMITS.findingText }));
      return;
    }
    if (!FITSM_SUBJECT_ID_PATTERN.test(requirement)) {
      setProblem(t('fitsmAudits.form.badSubject'));
      return;
    }
    setProblem('');
    setFailure(null);
    const answer = await invoke('recordFitsmFinding', {
      auditId: audit.id,
      finding: { text: text.trim(), severity, requirementId: requirement },
      expectedRevision: audit.revision,
    });
    if (answer.ok) {
      setText('');
      return onRecorded(t('fitsmAudits.finding.recorded', { id: answer.value.finding.id }));
    }
    setFailure(answer.error);
    // The plan with the latest revision: recording again applies the kept input to it.
    if (answer.error.code === 'conflict') await reload();
  };

  return (
    <form
      className="stack-tight"
      onSubmit={(event) => void submit(event)}
      aria-label={t('fitsmAudits.finding.heading', { id: audit.id })}
      noValidate
    >
      <label className="field">
        <span className="field-label">{t('fitsmAudits.finding.text')}</span>
        <textarea
          value={text}
          rows={2}
          onChange={(e) => {
            setText(e.target.value);
          }}
        />
      </label>
      <div className="field-row">
        <label className="field">
          <span className="field-label">{t('fitsmAudits.finding.severity')}</span>
          <select
            value={severity}
            onChange={(e) => {
              setSeverity(e.target.value as FindingSeverity);
            }}
          >
            {FINDING_SEVERITIES.map((s) => (
              <option key={s} value={s}>
                {t(`fitsmAudits.severity.${s}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('fitsmAudits.finding.requirement')}</span>
          <input
            value={requirementId}
            onChange={(e) => {
              setRequirementId(e.target.value);
            }}
          />
        </label>
        <button type="submit">{t('fitsmAudits.finding.record')}</button>
      </div>
      {problem !== '' && (
        <p className="problems" role="alert">
          {problem}
        </p>
      )}
      {failure !== null && <PlanFailureState area="fitsmPlan" failure={failure} i18n={i18n} />}
    </form>
  );
}
