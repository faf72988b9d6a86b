/**
 * The CSI register's analysis sections: the PR14.3 attention list (overdue and stuck improvements), the flow of
 * improvements through the CSI workflow and the capability view of the CSI process. Split from
 * `csi-register-page.tsx` (pure moves, behaviour unchanged).
 */
import type { CsiRegisterView } from '../../../src/contract/csi';
import { CSI_CAPABILITY_REQUIREMENTS } from '../../../src/contract/csi-rules';
import type { UiI18n } from '../i18n/load';
import type { PageFormat } from '../project-page/page-format';
import { attentionItems, barPercent, overdueReasons } from './register-model';

/** What every section of the register draws from. */
export interface SectionProps {
  readonly view: CsiRegisterView;
  readonly i18n: UiI18n;
  readonly format: PageFormat;
}

export function IssueLink({
  issueKey,
  openIssue,
}: {
  readonly issueKey: string;
  readonly openIssue: (key: string) => void;
}) {
  return (
    <a
      href={`/browse/${encodeURIComponent(issueKey)}`}
      className="issue-key"
      onClick={(event) => {
        event.preventDefault();
        openIssue(issueKey);
      }}
    >
      {issueKey}
    </a>
  );
}

export function AttentionSection({
  view,
  today,
  i18n,
  format,
  openIssue,
}: SectionProps & { readonly today: string; readonly openIssue: (key: string) => void }) {
  const { t } = i18n;
  const items = attentionItems(view);
  return (
    <section aria-labelledby="attention-heading" className="register-section stack" data-testid="attention">
      <h2 id="attention-heading">{t('csiRegister.attention.heading')}</h2>
      <p className="subtle">{t('csiRegister.attention.explained', { days: view.stuckAfterDays })}</p>
      {items.length === 0 ? (
        <p data-testid="attention-none">{t('csiRegister.attention.none')}</p>
      ) : (
        <ul className="attention-list">
          {items.map((item) => {
            const reasons = overdueReasons(item, today);
            return (
              <li key={item.issueKey} data-key={item.issueKey}>
                <IssueLink issueKey={item.issueKey} openIssue={openIssue} /> {item.summary}{' '}
                <span className="subtle">({item.statusName})</span>
                <ul className="reasons">
                  {item.overdue && reasons.length === 0 && <li>{t('csiRegister.attention.overdue')}</li>}
                  {reasons.map((reason) => (
                    <li key={reason.kind}>
                      {t(`csiRegister.attention.${reason.kind}Passed`, { date: format.date(reason.date) })}
                    </li>
                  ))}
                  {item.stuckDays !== null && (
                    <li>
                      {t('csiRegister.attention.stuck', {
                        days: item.stuckDays,
                        threshold: view.stuckAfterDays,
                      })}
                    </li>
                  )}
                  <li className="subtle">
                    {item.owner === null
                      ? t('csiRegister.attention.noOwner')
                      : t('csiRegister.attention.owner', { owner: item.owner.displayName })}
                  </li>
                </ul>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

export function FlowSection({ view, i18n, format }: SectionProps) {
  const { t } = i18n;
  const { flow } = view;
  const max = Math.max(0, ...flow.byStatus.map((s) => s.count));
  const avgDays = new Map(flow.avgDaysInStatus.map((s) => [s.statusKey, s.days]));
  return (
    <section aria-labelledby="flow-heading" className="register-section stack" data-testid="flow">
      <h2 id="flow-heading">{t('csiRegister.flow.heading')}</h2>
      <p data-testid="lead-time">
        {flow.leadTimeDays === null
          ? t('csiRegister.flow.leadTimeNone')
          : t('csiRegister.flow.leadTime', {
              p50: format.days(flow.leadTimeDays.p50),
              p85: format.days(flow.leadTimeDays.p85),
              count: format.integer(flow.leadTimeDays.count),
            })}
      </p>
      <div className="table-scroll">
        <table className="data-table flow-table">
          <caption>{t('csiRegister.flow.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('csiRegister.column.status')}</th>
              <th scope="col">{t('csiRegister.flow.count')}</th>
              <th scope="col">{t('csiRegister.flow.avgDays')}</th>
            </tr>
          </thead>
          <tbody>
            {flow.byStatus.map((status) => {
              const days = avgDays.get(status.statusKey);
              return (
                <tr key={status.statusKey} data-status={status.statusKey}>
                  <th scope="row">{status.statusName}</th>
                  <td>
                    <span className="share-track" aria-hidden="true">
                      <span
                        className="share-fill"
                        style={{ width: `${String(barPercent(status.count, max))}%` }}
                      />
                    </span>
                    {format.integer(status.count)}
                  </td>
                  <td>{days === undefined ? '–' : format.decimal(days)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/** The threshold of an evidence at a level (from the domain's requirement table), null when it has none. */
function minShareOf(id: string, level: number): number | null {
  return CSI_CAPABILITY_REQUIREMENTS.find((r) => r.id === id && r.level === level)?.minShare ?? null;
}

export function CapabilitySection({ view, i18n, format }: SectionProps) {
  const { t } = i18n;
  const { capability } = view;
  const next = capability.level + 1;
  const evidenceLabel = (id: string): string => {
    const key = `csiRegister.evidence.${id}`;
    const label = t(key);
    return label === key ? id : label;
  };
  /** "Für Stufe N fehlt" in plain language: what to do, the threshold and where the data stands now. */
  const missingText = (id: string): string => {
    const evidence = capability.evidence.find((e) => e.id === id && e.level === next);
    const min = minShareOf(id, next);
    const key = `csiRegister.missing.${id}`;
    if (min === null || t(key) === key)
      return t('csiRegister.missing.generic', { evidence: evidenceLabel(id) });
    const text = t(key, { min: format.percent(min) });
    if (evidence === undefined || evidence.share === null) {
      return capability.level === 0 && view.items.length === 0
        ? `${text} ${t('csiRegister.capability.nothingRegistered')}`
        : text;
    }
    return `${text} ${t('csiRegister.capability.now', {
      share: format.percent(evidence.share),
      count: format.integer(evidence.count),
      total: format.integer(evidence.total),
    })}`;
  };
  return (
    <section aria-labelledby="capability-heading" className="register-section stack" data-testid="capability">
      <h2 id="capability-heading">{t('csiRegister.capability.heading')}</h2>
      <p className="capability-level heading-small" data-testid="capability-level">
        {t('csiRegister.capability.level', { level: capability.level })}
      </p>
      <p className="subtle">{t(`csiRegister.capability.levelText.${String(capability.level)}`)}</p>
      <div className="table-scroll">
        <table className="data-table evidence-table">
          <caption>{t('csiRegister.capability.caption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('csiRegister.capability.evidence')}</th>
              <th scope="col">{t('csiRegister.capability.forLevel')}</th>
              <th scope="col">{t('csiRegister.capability.threshold')}</th>
              <th scope="col">{t('csiRegister.capability.share')}</th>
              <th scope="col">{t('csiRegister.capability.met')}</th>
            </tr>
          </thead>
          <tbody>
            {capability.evidence.map((evidence) => {
              const min = minShareOf(evidence.id, evidence.level);
              return (
                <tr
                  key={`${evidence.id}@${String(evidence.level)}`}
                  data-evidence={evidence.id}
                  data-level={evidence.level}
                >
                  <th scope="row">{evidenceLabel(evidence.id)}</th>
                  <td>{evidence.level}</td>
                  <td>{min === null ? '–' : format.percent(min)}</td>
                  <td>
                    {evidence.share === null
                      ? t('csiRegister.capability.noItems')
                      : t('csiRegister.capability.shareOf', {
                          share: format.percent(evidence.share),
                          count: format.integer(evidence.count),
                          total: format.integer(evidence.total),
                        })}
                  </td>
                  <td className={evidence.met ? 'met' : 'not-met'}>
                    {t(evidence.met ? 'csiRegister.capability.isMet' : 'csiRegister.capability.notMet')}
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      {capability.level >= 3 || capability.missingForNext.length === 0 ? (
        <p data-testid="capability-top">{t('csiRegister.capability.top')}</p>
      ) : (
        <div data-testid="capability-missing">
          <h3>{t('csiRegister.capability.missingHeading', { level: next })}</h3>
          <ul>
            {capability.missingForNext.map((id) => (
              <li key={id} data-missing={id}>
                {missingText(id)}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
