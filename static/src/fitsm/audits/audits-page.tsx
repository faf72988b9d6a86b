/**
 * The internal audit plan (issue 12): a year's audits as a month strip and a list, overdue audits flagged in
 * words and with an icon (never by colour alone), planning and editing an audit (the process or requirement, the
 * planned day, the auditor, the scope, the status), recording findings and registering a finding as a CSI
 * improvement ("als Verbesserung registrieren"; the improvement's key shows after). Changes name the audit's
 * revision; a conflict says so and loads the plan again, keeping the form's input.
 */
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import type { AuditView, FitsmAuditPlanView } from '../../../../src/contract/fitsm-plan';
import type { Invoke } from '../../api/resolver-types';
import type { UiI18n } from '../../i18n/load';
import { LoadingState } from '../../shared/loading-state';
import {
  FitsmAttribution,
  PlanFailureState,
  PlanNoticeRegion,
  type PlanFailure,
  type PlanNotice,
} from '../shared/plan-failure';
import { AuditForm, FindingForm, type AuditFormTarget } from './audit-forms';

export type AuditsInvoke = Invoke<
  'getFitsmAuditPlan' | 'saveFitsmAudit' | 'recordFitsmFinding' | 'registerFitsmFinding'
>;

export interface AuditsPageProps {
  readonly invoke: AuditsInvoke;
  readonly i18n: UiI18n;
  /** The year to open (default: the current calendar year). */
  readonly initialYear?: number;
  readonly openIssue?: (key: string) => void;
}

type State =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly failure: PlanFailure }
  | { readonly phase: 'loaded'; readonly view: FitsmAuditPlanView };

type Notice = PlanNotice;

export function AuditsPage({ invoke, i18n, initialYear, openIssue }: AuditsPageProps): ReactNode {
  const { t } = i18n;
  const [year, setYear] = useState(initialYear ?? new Date().getFullYear());
  const [state, setState] = useState<State>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [form, setForm] = useState<AuditFormTarget | null>(null);
  const [openAuditId, setOpenAuditId] = useState<string | null>(null);
  const [projectKey, setProjectKey] = useState('');
  const [notice, setNotice] = useState<Notice>(null);
  const [registering, setRegistering] = useState<string | null>(null);

  const load = useCallback(async (): Promise<FitsmAuditPlanView | null> => {
    const answer = await invoke('getFitsmAuditPlan', { year });
    if (answer.ok) {
      setState({ phase: 'loaded', view: answer.value });
      return answer.value;
    }
    setState({ phase: 'error', failure: answer.error });
    return null;
  }, [invoke, year]);

  useEffect(() => {
    setState({ phase: 'loading' });
    void load();
  }, [load, attempt]);

  const yearSwitch = (
    <nav className="field-row" aria-label={t('fitsmAudits.yearNav')}>
      <button
        type="button"
        onClick={() => {
          setYear((y) => y - 1);
        }}
      >
        <span aria-hidden="true">‹ </span>
        <span className="visually-hidden">{t('fitsmAudits.previousYear')} </span>
        {year - 1}
      </button>
      <span className="heading-small" aria-live="polite" data-testid="audit-year">
        {year}
      </span>
      <button
        type="button"
        onClick={() => {
          setYear((y) => y + 1);
        }}
      >
        <span className="visually-hidden">{t('fitsmAudits.nextYear')} </span>
        {year + 1}
        <span aria-hidden="true"> ›</span>
      </button>
    </nav>
  );

  const heading = (
    <h2 id="fitsm-audits-heading" className="heading-medium">
      {t('fitsmAudits.heading')}
    </h2>
  );

  if (state.phase === 'loading')
    return (
      <section className="stack" aria-labelledby="fitsm-audits-heading">
        {heading}
        {yearSwitch}
        <LoadingState label={t('fitsmAudits.loading')} />
      </section>
    );
  if (state.phase === 'error')
    return (
      <section className="stack" aria-labelledby="fitsm-audits-heading">
        {heading}
        {yearSwitch}
        <PlanFailureState
          area="fitsmPlan"
          failure={state.failure}
          i18n={i18n}
          heading={t('fitsmAudits.loadFailed')}
          onRetry={() => {
            setAttempt((n) => n + 1);
          }}
        />
      </section>
    );

  const { view } = state;
  const nameOf = (accountId: string): string =>
    view.people.find((p) => p.accountId === accountId)?.displayName ?? accountId;
  const monthName = (month: number): string =>
    new Intl.DateTimeFormat(i18n.formattingLocale, { month: 'short', timeZone: 'UTC' }).format(
      new Date(Date.UTC(2000, month - 1, 1)),
    );
  const dayText = (day: string): string =>
    new Intl.DateTimeFormat(i18n.formattingLocale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
      new Date(`${day}T00:00:00Z`),
    );

  const register = async (audit: AuditView, findingId: string): Promise<void> => {
    const project = projectKey.trim().toUpperCase();
    if (project === '') {
      setNotice({ text: t('fitsmAudits.projectNeeded') });
      return;
    }
    setRegistering(`${audit.id}/${findingId}`);
    const answer = await invoke('registerFitsmFinding', {
      auditId: audit.id,
      findingId,
      projectKey: project,
    });
    setRegistering(null);
    if (answer.ok) {
      setNotice({
        text: t(answer.value.created ? 'fitsmAudits.registered' : 'fitsmAudits.registeredBefore', {
          key: answer.value.issueKey,
        }),
      });
      await load();
    } else setNotice({ text: t('fitsmAudits.registerFailed'), failure: answer.error });
  };

  return (
    <section className="stack fitsm-audits" data-testid="fitsm-audits" aria-labelledby="fitsm-audits-heading">
      {heading}
      {yearSwitch}
      {!view.canEdit && <p className="note">{t('fitsmAudits.readOnly')}</p>}
      <p className="subtle" data-testid="audit-counts">
        {t('fitsmAudits.counts', {
          planned: view.counts.planned,
          done: view.counts.done,
          overdue: view.counts.overdue,
          findings: view.counts.findings,
          registered: view.counts.findingsRegistered,
        })}
      </p>
      <ol className="fitsm-month-strip" aria-label={t('fitsmAudits.monthStrip')} data-testid="month-strip">
        {view.byMonth.map((m) => (
          <li key={m.month} data-month={m.month}>
            <span className="field-label">{monthName(m.month)}</span>{' '}
            <span>{t('fitsmAudits.monthCount', { planned: m.planned, done: m.done })}</span>
          </li>
        ))}
      </ol>
      <PlanNoticeRegion notice={notice} testId="audit-notice" i18n={i18n} />
      {view.canEdit && (
        <div className="field-row">
          <button
            type="button"
            className="button-primary"
            onClick={() => {
              setForm({ audit: null });
            }}
          >
            {t('fitsmAudits.plan')}
          </button>
          <label className="field">
            <span className="field-label">{t('fitsmAudits.projectKey')}</span>
            <input
              value={projectKey}
              onChange={(e) => {
                setProjectKey(e.target.value);
              }}
              placeholder="CSI"
            />
          </label>
        </div>
      )}
      {form !== null && (
        <AuditForm
          invoke={invoke}
          i18n={i18n}
          target={form}
          year={year}
          onCancel={() => {
            setForm(null);
          }}
          onSaved={async (text) => {
            setForm(null);
            setNotice({ text });
            await load();
          }}
          reload={load}
          people={view.people}
        />
      )}
      {view.audits.length === 0 ? (
        <p className="state-empty fitsm-empty" data-testid="audits-empty">
          {t('fitsmAudits.empty', { year })}
        </p>
      ) : (
        <ul className="stack" aria-label={t('fitsmAudits.list', { year })}>
          {view.audits.map((audit) => {
            const open = openAuditId === audit.id;
            return (
              <li key={audit.id} data-audit={audit.id} className="fitsm-audit stack-tight">
                <h3 className="heading-small">
                  {audit.subjectId} · {dayText(audit.plannedOn)}{' '}
                  <span className="badge">{t(`fitsmAudits.status.${audit.status}`)}</span>
                </h3>
                {audit.overdue && (
                  <p className="note note-warning" data-testid="audit-overdue">
                    <span aria-hidden="true">⚠ </span>
                    {t('fitsmAudits.overdue', { days: audit.daysOverdue })}
                  </p>
                )}
                <p className="subtle">
                  {t('fitsmAudits.facts', {
                    id: audit.id,
                    auditor: nameOf(audit.auditorAccountId),
                    findings: audit.findings.length,
                  })}
                </p>
                {audit.scope !== '' && <p>{audit.scope}</p>}
                <div className="field-row">
                  <button
                    type="button"
                    aria-expanded={open}
                    onClick={() => {
                      setOpenAuditId(open ? null : audit.id);
                    }}
                  >
                    {t('fitsmAudits.findings', { count: audit.findings.length })}
                  </button>
                  {view.canEdit && (
                    <button
                      type="button"
                      aria-label={t('fitsmAudits.editLabel', { id: audit.id })}
                      onClick={() => {
                        setForm({ audit });
                      }}
                    >
                      {t('fitsmAudits.edit')}
                    </button>
                  )}
                </div>
                {open && (
                  <div className="stack-tight" data-testid="findings">
                    {audit.findings.length === 0 ? (
                      <p className="subtle">{t('fitsmAudits.noFindings')}</p>
                    ) : (
                      <ul className="stack-tight">
                        {audit.findings.map((finding) => (
                          <li key={finding.id} data-finding={finding.id}>
                            <p>
                              <strong>{finding.requirementId}</strong> ·{' '}
                              {t(`fitsmAudits.severity.${finding.severity}`)} · {finding.text}
                            </p>
                            {finding.improvementKey !== null ? (
                              <p data-testid="finding-improvement">
                                {t('fitsmAudits.registeredAs')}{' '}
                                {openIssue === undefined ? (
                                  <strong>{finding.improvementKey}</strong>
                                ) : (
                                  <button
                                    type="button"
                                    className="link-button"
                                    onClick={() => {
                                      openIssue(finding.improvementKey ?? '');
                                    }}
                                  >
                                    {finding.improvementKey}
                                  </button>
                                )}
                              </p>
                            ) : (
                              view.canEdit && (
                                <button
                                  type="button"
                                  disabled={registering !== null}
                                  aria-label={t('fitsmAudits.registerLabel', { id: finding.id })}
                                  onClick={() => void register(audit, finding.id)}
                                >
                                  {t('fitsmAudits.register')}
                                </button>
                              )
                            )}
                          </li>
                        ))}
                      </ul>
                    )}
                    {view.canEdit && (
                      <FindingForm
                        invoke={invoke}
                        i18n={i18n}
                        audit={audit}
                        onRecorded={async (text) => {
                          setNotice({ text });
                          await load();
                        }}
                        reload={load}
                      />
                    )}
                  </div>
                )}
              </li>
            );
          })}
        </ul>
      )}
      <FitsmAttribution i18n={i18n} />
    </section>
  );
}
