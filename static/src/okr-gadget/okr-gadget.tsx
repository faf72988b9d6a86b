/**
 * The OKR gadget's view: the objectives of the configured period with their key results (progress, status,
 * confidence, a sparkline of the history) and, in the detailed layout, each key result's values and the linked
 * issues the viewer may browse (the resolver lists no other). An objective or key result opens the OKR page, an
 * issue opens the issue. `OkrGadget` only depends on props (an API object, the translations, the navigation).
 */
import { useEffect, useMemo, useState } from 'react';
import type {
  KeyResultView,
  ObjectiveView,
  OkrGadgetConfig,
  OkrLinkedIssueView,
  OkrOverview,
} from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import { LoadingState } from '../shared/loading-state';
import {
  calendarDayFormatter,
  isEmptyOverview,
  linkedIssuesOf,
  loadOkrGadget,
  periodKeyLabel,
  periodLabel,
  keyResultValue,
  valueWithUnit,
  type OkrGadgetApi,
  type OkrGadgetState,
} from './okr-gadget-model';
import { OkrErrorState, ProgressBar, Sparkline, StatusBadge } from './okr-parts';

/** Where a click in the gadget leads: the OKR page (at an objective or key result), or an issue. */
export type OkrPageTarget =
  | { readonly kind: 'overview'; readonly periodKey?: string }
  | { readonly kind: 'objective'; readonly objectiveId: string; readonly periodKey?: string }
  | { readonly kind: 'keyResult'; readonly keyResultId: string; readonly periodKey?: string };

export interface OkrNavigation {
  /** Opens an issue (Jira: `router.open('/browse/KEY')`). */
  readonly openIssue: (issueKey: string) => void;
  /** Opens the OKR page (Jira: `router.navigate` to the `okr-page` module). */
  readonly openOkrPage: (target: OkrPageTarget) => void;
}

export interface OkrGadgetProps {
  readonly api: OkrGadgetApi;
  readonly i18n: UiI18n;
  readonly navigation: OkrNavigation;
  /** Called when the gadget has no configuration yet (the host offers the edit view). */
  readonly onConfigure?: () => void;
}

export function OkrGadget({ api, i18n, navigation, onConfigure }: OkrGadgetProps) {
  const [state, setState] = useState<OkrGadgetState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let current = true;
    setState({ phase: 'loading' });
    void loadOkrGadget(api).then((next) => {
      if (current) setState(next);
    });
    return () => {
      current = false;
    };
  }, [api, attempt]);
  return (
    <OkrGadgetContent
      state={state}
      i18n={i18n}
      navigation={navigation}
      onRetry={() => {
        setAttempt((n) => n + 1);
      }}
      {...(onConfigure === undefined ? {} : { onConfigure })}
    />
  );
}

export interface OkrGadgetContentProps {
  readonly state: OkrGadgetState;
  readonly i18n: UiI18n;
  readonly navigation: OkrNavigation;
  readonly onRetry: () => void;
  readonly onConfigure?: () => void;
}

/** The gadget in one state (pure: the rendering tests use it directly). */
export function OkrGadgetContent({ state, i18n, navigation, onRetry, onConfigure }: OkrGadgetContentProps) {
  const { t } = i18n;
  return (
    <div className="gadget okr-gadget" data-testid="okr-gadget">
      {state.phase === 'loading' && <LoadingState label={t('okrGadget.loading')} />}
      {state.phase === 'unconfigured' && (
        <div className="gadget-unconfigured">
          <p>{t('okrGadget.unconfigured')}</p>
          {onConfigure !== undefined && (
            <button type="button" className="button-primary" onClick={onConfigure}>
              {t('okrGadget.configure')}
            </button>
          )}
        </div>
      )}
      {state.phase === 'error' && (
        <OkrErrorState
          heading={t('okrGadget.error.heading')}
          code={state.code}
          detail={state.detail}
          i18n={i18n}
          onRetry={onRetry}
        >
          {(state.code === 'invalid-payload' || state.code === 'not-found') && onConfigure !== undefined && (
            <button type="button" onClick={onConfigure}>
              {t('okrGadget.edit.open')}
            </button>
          )}
        </OkrErrorState>
      )}
      {state.phase === 'loaded' && (
        <OkrGadgetBody
          config={state.config}
          overview={state.overview}
          linkedIssues={state.linkedIssues}
          i18n={i18n}
          navigation={navigation}
        />
      )}
    </div>
  );
}

interface BodyProps {
  readonly config: OkrGadgetConfig;
  readonly overview: OkrOverview | null;
  readonly linkedIssues: Extract<OkrGadgetState, { phase: 'loaded' }>['linkedIssues'];
  readonly i18n: UiI18n;
  readonly navigation: OkrNavigation;
}

/** Title, period line, then the objectives (or the empty state). */
/**
 * `navigation` whose objective and key result links name the gadget's period: the OKR page opens at the current
 * quarter by default, and a gadget fixed to another period must open that one for its objective to be there.
 */
function inPeriod(navigation: OkrNavigation, periodKey: string): OkrNavigation {
  return {
    ...navigation,
    openOkrPage: (target) => {
      navigation.openOkrPage(target.kind === 'overview' ? target : { ...target, periodKey });
    },
  };
}

function OkrGadgetBody({ config, overview, linkedIssues, i18n, navigation }: BodyProps) {
  const { t } = i18n;
  const formatDate = useMemo(() => calendarDayFormatter(i18n.formattingLocale), [i18n]);
  const title =
    config.title !== undefined && config.title !== '' ? config.title : t('okrGadget.defaultTitle');
  const period =
    overview !== null
      ? periodLabel(overview.period, formatDate)
      : config.period.kind === 'fixed'
        ? periodKeyLabel(config.period.periodKey)
        : t('okrGadget.currentQuarter');
  const facts = [
    period,
    ...(config.projectKey === undefined ? [] : [t('okrGadget.project', { projectKey: config.projectKey })]),
    ...(overview === null
      ? []
      : [
          overview.closed
            ? t('okrGadget.closed')
            : t('okrGadget.elapsed', { percent: i18n.format.percent(overview.elapsed) }),
        ]),
  ];
  const empty = isEmptyOverview(overview);
  return (
    <section className="okr-gadget-body" aria-labelledby="okr-gadget-title">
      <h2 id="okr-gadget-title">{title}</h2>
      <p className="subtle okr-gadget-facts" data-testid="okr-period">
        {facts.join(' · ')}
      </p>
      {empty || overview === null ? (
        <div className="okr-empty" data-testid="okr-empty">
          <p>{t('okrGadget.empty', { period })}</p>
          <button
            type="button"
            className="button-primary"
            onClick={() => {
              navigation.openOkrPage(
                overview === null
                  ? { kind: 'overview' }
                  : { kind: 'overview', periodKey: overview.periodKey },
              );
            }}
          >
            {t('okrGadget.emptyAction')}
          </button>
        </div>
      ) : (
        <ul className="okr-objectives">
          {overview.objectives.map((objective) => (
            <li key={objective.objective.id}>
              <ObjectiveBlock
                objective={objective}
                detailed={config.layout === 'detailed'}
                linkedIssues={linkedIssues}
                closed={overview.closed}
                i18n={i18n}
                navigation={inPeriod(navigation, overview.periodKey)}
              />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

interface ObjectiveProps {
  readonly objective: ObjectiveView;
  readonly detailed: boolean;
  readonly linkedIssues: BodyProps['linkedIssues'];
  readonly closed: boolean;
  readonly i18n: UiI18n;
  readonly navigation: OkrNavigation;
}

function ObjectiveBlock({ objective, detailed, linkedIssues, closed, i18n, navigation }: ObjectiveProps) {
  const { t } = i18n;
  const { id, title } = objective.objective;
  const grade = (keyResultId: string | null): string | null => {
    if (objective.grading === null) return null;
    const value =
      keyResultId === null
        ? objective.grading.objectiveGrade
        : objective.grading.keyResults.find((g) => g.keyResultId === keyResultId)?.grade;
    return value === undefined
      ? null
      : t('okrView.grade', {
          grade: new Intl.NumberFormat(i18n.formattingLocale, {
            minimumFractionDigits: 1,
            maximumFractionDigits: 1,
          }).format(value),
        });
  };
  const objectiveGrade = grade(null);
  return (
    <div className="okr-objective" data-testid={`okr-objective-${id}`}>
      <h3 className="okr-objective-title">
        <button
          type="button"
          className="link-button"
          onClick={() => {
            navigation.openOkrPage({ kind: 'objective', objectiveId: id });
          }}
        >
          {title}
        </button>
      </h3>
      <div className="okr-figures">
        <ProgressBar
          progress={objective.progress}
          expected={closed ? null : objective.expected}
          label={title}
          i18n={i18n}
        />
        <StatusBadge status={objective.status} i18n={i18n} />
        {objectiveGrade !== null && <span className="okr-grade">{objectiveGrade}</span>}
      </div>
      {objective.keyResults.length === 0 ? (
        <p className="subtle">{t('okrGadget.noKeyResults')}</p>
      ) : (
        <ul className="okr-key-results" aria-label={t('okrGadget.keyResultsOf', { title })}>
          {objective.keyResults.map((view) => (
            <li
              key={view.keyResult.id}
              className="okr-key-result"
              data-testid={`okr-kr-${view.keyResult.id}`}
            >
              <KeyResultRow
                view={view}
                detailed={detailed}
                linkedIssues={linkedIssues}
                grade={grade(view.keyResult.id)}
                closed={closed}
                i18n={i18n}
                navigation={navigation}
              />
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

interface KeyResultRowProps {
  readonly view: KeyResultView;
  readonly detailed: boolean;
  readonly linkedIssues: BodyProps['linkedIssues'];
  readonly grade: string | null;
  readonly closed: boolean;
  readonly i18n: UiI18n;
  readonly navigation: OkrNavigation;
}

function KeyResultRow({ view, detailed, linkedIssues, grade, closed, i18n, navigation }: KeyResultRowProps) {
  const { t } = i18n;
  const { id, title } = view.keyResult;
  const formatValue = (value: number): string => keyResultValue(value, view.keyResult, i18n.formattingLocale);
  return (
    <>
      <button
        type="button"
        className="link-button okr-kr-title"
        onClick={() => {
          navigation.openOkrPage({ kind: 'keyResult', keyResultId: id });
        }}
      >
        {title}
      </button>
      <div className="okr-figures">
        <ProgressBar
          progress={view.progress}
          expected={closed ? null : view.expected}
          label={title}
          i18n={i18n}
        />
        <StatusBadge status={view.status} i18n={i18n} />
        <span className="okr-confidence" data-testid="okr-confidence">
          {view.confidence === null
            ? t('okrView.confidenceNone')
            : t('okrView.confidence', { value: valueWithUnit(view.confidence, '', i18n.formattingLocale) })}
        </span>
        {grade !== null && <span className="okr-grade">{grade}</span>}
        <Sparkline history={view.history} formatValue={formatValue} i18n={i18n} />
      </div>
      {detailed && (
        <>
          <p className="subtle okr-values" data-testid="okr-values">
            {valueLine(view, formatValue, i18n)}
          </p>
          <LinkedIssues view={view} linkedIssues={linkedIssues} i18n={i18n} navigation={navigation} />
        </>
      )}
    </>
  );
}

/** "Current 34 sign-ins/day · start 40 · target 34" (the parts that are known). */
function valueLine(view: KeyResultView, formatValue: (value: number) => string, i18n: UiI18n): string {
  const { t } = i18n;
  const parts = [
    view.currentValue === null
      ? t('okrView.noValue')
      : t('okrView.current', { value: formatValue(view.currentValue) }),
    ...(view.start === null ? [] : [t('okrView.start', { value: formatValue(view.start) })]),
    ...(view.target === null ? [] : [t('okrView.target', { value: formatValue(view.target) })]),
  ];
  return parts.join(' · ');
}

function LinkedIssues({
  view,
  linkedIssues,
  i18n,
  navigation,
}: {
  readonly view: KeyResultView;
  readonly linkedIssues: BodyProps['linkedIssues'];
  readonly i18n: UiI18n;
  readonly navigation: OkrNavigation;
}) {
  const { t } = i18n;
  const { shown, more } = linkedIssuesOf(view, linkedIssues);
  // "None you may see" would tell someone who sees everything (a Jira admin) that something is hidden: say
  // whether the key result has no links at all, or has links the viewer may not browse.
  if (view.linkedIssueCount === 0) return <p className="subtle">{t('okrGadget.noLinkedIssues')}</p>;
  if (shown.length === 0)
    return (
      <p className="subtle">
        {t(more === 1 ? 'okrGadget.hiddenIssues.one' : 'okrGadget.hiddenIssues', { count: more })}
      </p>
    );
  return (
    <>
      {shown.length > 0 && (
        <ul
          className="okr-issues"
          aria-label={t('okrGadget.linkedIssuesOf', { title: view.keyResult.title })}
          data-testid="okr-issues"
        >
          {shown.map((issue) => (
            <IssueItem key={issue.issueId} issue={issue} i18n={i18n} navigation={navigation} />
          ))}
        </ul>
      )}
      {more > 0 && (
        <p className="subtle">
          {t(more === 1 ? 'okrGadget.moreIssues.one' : 'okrGadget.moreIssues', { count: more })}
        </p>
      )}
    </>
  );
}

function IssueItem({
  issue,
  i18n,
  navigation,
}: {
  readonly issue: OkrLinkedIssueView;
  readonly i18n: UiI18n;
  readonly navigation: OkrNavigation;
}) {
  return (
    <li className="okr-issue">
      <a
        href={`/browse/${encodeURIComponent(issue.issueKey)}`}
        className="issue-key"
        onClick={(event) => {
          event.preventDefault();
          navigation.openIssue(issue.issueKey);
        }}
      >
        {issue.issueKey}
      </a>{' '}
      <span className={`okr-lozenge okr-lozenge-${issue.statusCategory}`}>{issue.statusName}</span>{' '}
      <span className="okr-issue-summary">{issue.summary}</span>
      {issue.isImprovement && <span className="okr-improvement"> · {i18n.t('okrGadget.improvement')}</span>}
    </li>
  );
}
