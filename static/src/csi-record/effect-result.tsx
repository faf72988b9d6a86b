/**
 * An effect-check run in plain language: the verdict, the medians before → after with their unit, the median
 * change in percent with its bootstrap interval, the Mann–Whitney p-value, the sample sizes and the warnings in
 * words; the before/after chart for the latest run; and the list of earlier runs.
 */
import type { EffectCheckRunView } from '../../../src/contract/feedback';
import type { UiI18n } from '../i18n/load';
import { EffectChart } from './effect-chart';
import { targetText, unitText, warningText } from './effect-format';

type RunSummary = Omit<EffectCheckRunView, 'chart'>;

/** The figures of a run formatted for the user's locale. */
function figuresOf(run: RunSummary, i18n: UiI18n) {
  const { t } = i18n;
  const number = new Intl.NumberFormat(i18n.formattingLocale, { maximumFractionDigits: 2 });
  const percent = new Intl.NumberFormat(i18n.formattingLocale, {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  });
  const unit = unitText(run.unit, t);
  const value = (v: number | null): string =>
    v === null ? t('effectCheck.result.noValue') : `${number.format(v)} ${unit}`;
  const { result } = run;
  const p = result.mannWhitney.pValue;
  return {
    unit,
    before: value(result.before.p50),
    after: value(result.after.p50),
    change:
      result.medianChange === null ? t('effectCheck.result.noValue') : percent.format(result.medianChange),
    interval:
      result.bootstrap.low === null || result.bootstrap.high === null
        ? null
        : { low: percent.format(result.bootstrap.low), high: percent.format(result.bootstrap.high) },
    pValue:
      p === null
        ? t('effectCheck.result.noValue')
        : p < 0.001
          ? `< ${new Intl.NumberFormat(i18n.formattingLocale, { minimumFractionDigits: 3 }).format(0.001)}`
          : new Intl.NumberFormat(i18n.formattingLocale, { maximumSignificantDigits: 2 }).format(p),
    nBefore: result.before.n,
    nAfter: result.after.n,
  };
}

/** The verdict sentence of a run, e.g. "Verbessert: der Median fiel von 4 Tage auf 2 Tage (−50 %)." */
export function verdictSentence(run: RunSummary, i18n: UiI18n): string {
  const f = figuresOf(run, i18n);
  return i18n.t(`effectCheck.verdict.${run.result.verdict}`, {
    before: f.before,
    after: f.after,
    change: f.change,
  });
}

export function LatestRun({ run, i18n }: { readonly run: EffectCheckRunView; readonly i18n: UiI18n }) {
  const { t } = i18n;
  const f = figuresOf(run, i18n);
  const { result } = run;
  return (
    <div className="stack effect-latest" data-testid="effect-latest" data-verdict={result.verdict}>
      <p className={`effect-verdict verdict-${result.verdict}`} data-testid="effect-verdict">
        <strong>{verdictSentence(run, i18n)}</strong>
      </p>
      <p className="subtle">
        {t('effectCheck.result.what', {
          target: targetText(run.target, t),
          when: i18n.format.dateTime(run.ranAt),
          trigger: t(`effectCheck.trigger.${run.trigger}`),
        })}
      </p>
      <dl className="effect-figures" data-testid="effect-figures">
        <dt>{t('effectCheck.result.medians')}</dt>
        <dd>{t('effectCheck.result.beforeAfter', { before: f.before, after: f.after })}</dd>
        <dt>{t('effectCheck.result.change')}</dt>
        <dd>
          {f.change}
          {f.interval !== null && ` ${t('effectCheck.result.interval', f.interval)}`}
        </dd>
        <dt>{t('effectCheck.result.pValue')}</dt>
        <dd>{t('effectCheck.result.pValueText', { p: f.pValue })}</dd>
        <dt>{t('effectCheck.result.n')}</dt>
        <dd>
          {t('effectCheck.result.nText', {
            before: f.nBefore,
            after: f.nAfter,
            beforeFrom: result.before.from,
            afterFrom: result.after.from,
            changeDate: result.changeDate,
          })}
        </dd>
      </dl>
      {result.warnings.length > 0 && (
        <div className="note note-warning" data-testid="effect-warnings">
          <p>{t('effectCheck.result.warnings')}</p>
          <ul>
            {result.warnings.map((warning) => (
              <li key={warning}>{warningText(warning, t)}</li>
            ))}
          </ul>
        </div>
      )}
      <EffectChart
        before={run.chart.before}
        after={run.chart.after}
        unit={f.unit}
        counts={{ before: result.before.n, after: result.after.n }}
        i18n={i18n}
      />
      {run.keyResultUpdate !== null && (
        <p className="subtle" data-testid="effect-key-result-update">
          {t('effectCheck.result.keyResultUpdate', {
            id: run.keyResultUpdate.keyResultId,
            value: new Intl.NumberFormat(i18n.formattingLocale, { maximumFractionDigits: 2 }).format(
              run.keyResultUpdate.value,
            ),
          })}
        </p>
      )}
    </div>
  );
}

export function RunHistory({ runs, i18n }: { readonly runs: readonly RunSummary[]; readonly i18n: UiI18n }) {
  const { t } = i18n;
  if (runs.length === 0) return null;
  return (
    <details className="effect-history" data-testid="effect-history">
      <summary>{t('effectCheck.history.heading', { count: runs.length })}</summary>
      <ol className="feedback-list">
        {runs.map((run) => (
          <li key={run.runId} data-run={run.runId}>
            {t('effectCheck.history.entry', {
              when: i18n.format.dateTime(run.ranAt),
              trigger: t(`effectCheck.trigger.${run.trigger}`),
              verdict: verdictSentence(run, i18n),
            })}
          </li>
        ))}
      </ol>
    </details>
  );
}
