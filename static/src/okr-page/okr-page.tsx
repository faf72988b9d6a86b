/**
 * The OKR page (`jira:globalPage`, subpage `okrs`): a period's objectives as an alignment tree with their key
 * results, progress, time-aware status and confidence; a period picker (the current quarter first) and a project
 * filter; creating, editing and archiving objectives and key results in dialogs; each key result's detail in
 * place (history, check-ins, measuring, links, web trigger); and the period's close with grading, export and
 * import. Loads through `getOkrOverview`; every change reloads it.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import type {
  KeyResultView,
  ObjectiveView,
  OkrOverview,
  OkrOverviewRequest,
  OkrPeriod,
} from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import { downloadText } from '../platform/download';
import { LoadingState } from '../shared/loading-state';
import { keyResultDraftOf, newKeyResultDraft, type KeyResultDraft } from './key-result-draft';
import { KeyResultDetailPanel } from './key-result-detail';
import { KeyResultForm } from './key-result-form';
import { ConfirmDialog } from './okr-dialog';
import { OkrErrorState, type OkrFailure } from './okr-error';
import { createOkrFormat } from './okr-format';
import type { OkrInvoke } from './okr-invoke';
import {
  currentQuarterOf,
  localDateOfMs,
  newObjectiveDraft,
  objectiveDraftOf,
  type ObjectiveDraft,
} from './okr-model';
import type { OkrPageTarget } from './okr-page-target';
import { ObjectiveTree } from './okr-tree';
import { ObjectiveForm } from './objective-form';
import { PeriodActions } from './period-actions';

export interface OkrPageProps {
  readonly invoke: OkrInvoke;
  readonly i18n: UiI18n;
  /** The viewer (default owner of new objectives and key results); null when the host does not say. */
  readonly accountId: string | null;
  /** The viewer's IANA time zone (dates, new periods). */
  readonly timeZone: string;
  /** Opens an issue (Jira: `router.open('/browse/KEY')`). */
  readonly openIssue: (key: string) => void;
  /** Offers a JSON file for download (the browser's Blob download by default). */
  readonly download?: (json: string, fileName: string) => void;
  /** Copies text to the clipboard. */
  readonly copy?: (text: string) => Promise<void>;
  readonly now?: () => number;
  /**
   * What to open at (a deep link from the gadget or the issue panel): its period, and its key result's detail or
   * its objective scrolled into view and focused. Absent: the current quarter, nothing open.
   */
  readonly target?: OkrPageTarget;
}

type PageState =
  | { readonly phase: 'loading' }
  | { readonly phase: 'error'; readonly failure: OkrFailure }
  | { readonly phase: 'loaded'; readonly overview: OkrOverview };

type Dialog =
  | { readonly kind: 'none' }
  | {
      readonly kind: 'objective';
      readonly editing: { readonly id: string; readonly version: number } | null;
      readonly initial: ObjectiveDraft;
    }
  | {
      readonly kind: 'keyResult';
      readonly objective: { readonly id: string; readonly title: string };
      readonly editing: { readonly id: string; readonly version: number } | null;
      readonly initial: KeyResultDraft;
    }
  | {
      readonly kind: 'archive';
      readonly what: 'objective' | 'keyResult';
      /** The objective it is shown under. */
      readonly objectiveId: string;
      readonly id: string;
      readonly version: number;
      readonly title: string;
    };

const defaultDownload = (json: string, fileName: string): void => {
  downloadText(json, fileName, 'application/json;charset=utf-8');
};
const defaultCopy = (text: string): Promise<void> => navigator.clipboard.writeText(text);

/** The quarter before `period` (the default baseline of relative key results), in the same zone. */
function baselineOf(period: OkrPeriod): OkrPeriod {
  if (period.kind !== 'quarter') return period;
  const [year, q] = period.quarter.split('-Q').map(Number);
  if (year === undefined || q === undefined) return period;
  const quarter = q === 1 ? `${String(year - 1)}-Q4` : `${String(year)}-Q${String(q - 1)}`;
  return { kind: 'quarter', quarter, timeZone: period.timeZone };
}

export function OkrPage({
  invoke,
  i18n,
  accountId,
  timeZone,
  openIssue,
  download = defaultDownload,
  copy = defaultCopy,
  now = Date.now,
  target,
}: OkrPageProps) {
  const { t } = i18n;
  const format = useMemo(() => createOkrFormat(i18n, timeZone), [i18n, timeZone]);
  const [request, setRequest] = useState<OkrOverviewRequest>(
    target?.periodKey === undefined ? {} : { periodKey: target.periodKey },
  );
  const [state, setState] = useState<PageState>({ phase: 'loading' });
  const [attempt, setAttempt] = useState(0);
  const [projects, setProjects] = useState<readonly string[]>([]);
  const [dialog, setDialog] = useState<Dialog>({ kind: 'none' });
  const [openKeyResultId, setOpenKeyResultId] = useState<string | null>(target?.keyResultId ?? null);
  // The deep link's objective or key result, brought into view once, after the first overview arrived.
  const pendingTarget = useRef(
    target?.keyResultId !== undefined || target?.objectiveId !== undefined ? target : undefined,
  );
  const [notice, setNotice] = useState('');
  const [archiveFailure, setArchiveFailure] = useState<OkrFailure | null>(null);

  const show = useCallback((overview: OkrOverview): void => {
    setState({ phase: 'loaded', overview });
    setProjects((known) => {
      const keys = new Set(known);
      for (const view of overview.objectives)
        if (view.objective.scope.type === 'project') keys.add(view.objective.scope.projectKey);
      return keys.size === known.length ? known : [...keys].sort();
    });
  }, []);

  /**
   * Loads the overview again without a loading state; answers it. On failure: null, and the error replaces the
   * page unless `keepOnFailure` (a form that asked for the latest version keeps its input open).
   */
  const refresh = useCallback(
    async (keepOnFailure = false): Promise<OkrOverview | null> => {
      const answer = await invoke('getOkrOverview', request);
      if (answer.ok) {
        show(answer.value);
        return answer.value;
      }
      if (!keepOnFailure) setState({ phase: 'error', failure: answer.error });
      return null;
    },
    [invoke, request, show],
  );

  useEffect(() => {
    let current = true;
    setState({ phase: 'loading' });
    void invoke('getOkrOverview', request).then((answer) => {
      if (!current) return;
      if (answer.ok) show(answer.value);
      else setState({ phase: 'error', failure: answer.error });
    });
    return () => {
      current = false;
    };
  }, [invoke, request, attempt, show]);

  useEffect(() => {
    const wanted = pendingTarget.current;
    if (state.phase !== 'loaded' || wanted === undefined) return;
    pendingTarget.current = undefined;
    const item =
      wanted.keyResultId !== undefined
        ? document.querySelector<HTMLElement>(`li[data-key-result="${wanted.keyResultId}"]`)
        : document.querySelector<HTMLElement>(`li[data-objective="${wanted.objectiveId ?? ''}"]`);
    if (item === null) return;
    // jsdom has no scrollIntoView; browsers do.
    if (typeof item.scrollIntoView === 'function') item.scrollIntoView({ block: 'start' });
    const focusable =
      wanted.keyResultId !== undefined
        ? item.querySelector<HTMLElement>('button[aria-expanded]')
        : item.querySelector<HTMLElement>('h3[tabindex]');
    focusable?.focus({ preventScroll: true });
  }, [state]);

  const latestVersionOf = async (id: string): Promise<number | null> => {
    const overview = await refresh(true);
    if (overview === null) return null;
    for (const view of overview.objectives) {
      if (view.objective.id === id) return view.version;
      const kr = view.keyResults.find((candidate) => candidate.keyResult.id === id);
      if (kr !== undefined) return kr.version;
    }
    return null;
  };

  const saved = (text: string): void => {
    setDialog({ kind: 'none' });
    setNotice(text);
    void refresh();
  };

  const archive = async (target: Extract<Dialog, { kind: 'archive' }>): Promise<void> => {
    setArchiveFailure(null);
    const payload = { id: target.id, expectedVersion: target.version };
    const answer =
      target.what === 'objective'
        ? await invoke('archiveObjective', payload)
        : await invoke('archiveKeyResult', payload);
    if (answer.ok) {
      saved(t(`okrPage.${target.what}.archived`, { title: target.title }));
      return;
    }
    setArchiveFailure(answer.error);
  };

  const heading = <h1>{t('okrPage.heading')}</h1>;
  if (state.phase !== 'loaded') {
    return (
      <main className="okr-page page page-wide">
        {heading}
        {state.phase === 'loading' ? (
          <LoadingState label={t('okrPage.loading')} />
        ) : (
          <OkrErrorState
            failure={state.failure}
            i18n={i18n}
            onRetry={() => {
              setAttempt((n) => n + 1);
            }}
          />
        )}
      </main>
    );
  }

  const { overview } = state;
  const today = localDateOfMs(now(), timeZone);
  const periodOptions = overview.periods.some((option) => option.periodKey === overview.periodKey)
    ? overview.periods
    : [
        {
          periodKey: overview.periodKey,
          period: overview.period,
          objectiveCount: 0,
          closed: overview.closed,
        },
        ...overview.periods,
      ];
  const newPeriod: OkrPeriod =
    overview.period.kind === 'quarter'
      ? overview.period
      : { kind: 'quarter', quarter: currentQuarterOf(now(), timeZone), timeZone };

  /** The open form or confirmation, shown in place (see `OkrDialog`). */
  const dialogElement = (): ReactNode => (
    <>
      {dialog.kind === 'objective' && (
        <ObjectiveForm
          invoke={invoke}
          i18n={i18n}
          editing={dialog.editing}
          initial={dialog.initial}
          objectives={overview.objectives}
          latestVersionOf={latestVersionOf}
          onClose={() => {
            setDialog({ kind: 'none' });
          }}
          onSaved={(entity) => {
            saved(t('okrPage.objective.saved', { id: entity.id }));
          }}
        />
      )}
      {dialog.kind === 'keyResult' && (
        <KeyResultForm
          invoke={invoke}
          i18n={i18n}
          objective={dialog.objective}
          editing={dialog.editing}
          initial={dialog.initial}
          latestVersionOf={latestVersionOf}
          onClose={() => {
            setDialog({ kind: 'none' });
          }}
          onSaved={(entity) => {
            saved(t('okrPage.keyResult.saved', { id: entity.id }));
          }}
        />
      )}
      {dialog.kind === 'archive' && (
        <ConfirmDialog
          title={t(`okrPage.${dialog.what}.archiveHeading`, { title: dialog.title })}
          i18n={i18n}
          confirmLabel={t('okrPage.archiveConfirmed')}
          onConfirm={() => void archive(dialog)}
          onCancel={() => {
            setDialog({ kind: 'none' });
          }}
          testId="confirm-archive"
        >
          <p>{t(`okrPage.${dialog.what}.archiveExplained`)}</p>
          {archiveFailure !== null && archiveFailure.code === 'conflict' ? (
            <div className="note note-warning" role="alert" data-testid="conflict">
              <p>{t('okrPage.conflict.archive')}</p>
              <button
                type="button"
                onClick={() => {
                  const target = dialog;
                  void latestVersionOf(target.id).then((version) => {
                    if (version === null) return;
                    setArchiveFailure(null);
                    setDialog({ ...target, version });
                  });
                }}
              >
                {t('okrPage.conflict.reload')}
              </button>
            </div>
          ) : (
            archiveFailure !== null && <OkrErrorState failure={archiveFailure} i18n={i18n} />
          )}
        </ConfirmDialog>
      )}
    </>
  );

  /** Whether the open dialog belongs under objective `id` (edit, add key result, archive). */
  const dialogUnder = (id: string): boolean =>
    (dialog.kind === 'objective' && dialog.editing?.id === id) ||
    (dialog.kind === 'keyResult' && dialog.objective.id === id) ||
    (dialog.kind === 'archive' && dialog.objectiveId === id);

  return (
    <main className="okr-page page page-wide">
      <header className="stack stack-tight">
        {heading}
        <p className="subtle" data-testid="as-of">
          {t('okrPage.asOf', {
            period: overview.periodKey,
            date: format.dateTime(overview.asOfMs),
            elapsed: format.percent(overview.elapsed),
          })}
        </p>
      </header>
      <section aria-labelledby="okr-filters-heading" className="okr-section stack">
        <h2 id="okr-filters-heading" className="visually-hidden">
          {t('okrPage.filters.heading')}
        </h2>
        <div className="filter-row okr-filters">
          <div className="field okr-field">
            <label className="field-label" htmlFor="okr-period">
              {t('okrPage.filters.period')}
            </label>
            <select
              id="okr-period"
              value={overview.periodKey}
              onChange={(event) => {
                setOpenKeyResultId(null);
                setRequest({ ...request, periodKey: event.target.value });
              }}
            >
              {periodOptions.map((option) => (
                <option key={option.periodKey} value={option.periodKey}>
                  {t(option.closed ? 'okrPage.filters.periodClosed' : 'okrPage.filters.periodOption', {
                    period: option.periodKey,
                    count: option.objectiveCount,
                  })}
                </option>
              ))}
            </select>
          </div>
          <div className="field okr-field">
            <label className="field-label" htmlFor="okr-project">
              {t('okrPage.filters.project')}
            </label>
            <select
              id="okr-project"
              value={request.projectKey ?? ''}
              onChange={(event) => {
                const periodKey = request.periodKey;
                const rest = periodKey === undefined ? {} : { periodKey };
                setOpenKeyResultId(null);
                setRequest(event.target.value === '' ? rest : { ...rest, projectKey: event.target.value });
              }}
            >
              <option value="">{t('okrPage.filters.allProjects')}</option>
              {projects.map((key) => (
                <option key={key} value={key}>
                  {key}
                </option>
              ))}
            </select>
          </div>
          {overview.canCreate && !overview.closed && (
            <button
              type="button"
              className="button-primary"
              onClick={() => {
                setNotice('');
                setDialog({
                  kind: 'objective',
                  editing: null,
                  initial: newObjectiveDraft(newPeriod, accountId ?? '', request.projectKey ?? ''),
                });
              }}
            >
              {t('okrPage.objective.create')}
            </button>
          )}
        </div>
        <p role="status" aria-live="polite" className="state-success" data-testid="notice">
          {notice}
        </p>
        {dialog.kind === 'objective' && dialog.editing === null && dialogElement()}
      </section>
      <section aria-labelledby="okr-objectives-heading" className="okr-section stack">
        <h2 id="okr-objectives-heading">{t('okrPage.objectives.heading', { period: overview.periodKey })}</h2>
        {overview.closed && <p className="note">{t('okrPage.period.closedNote')}</p>}
        {overview.objectives.length === 0 ? (
          <div className="empty-state" data-testid="no-objectives">
            <p className="heading-small">{t('okrPage.empty.heading')}</p>
            <p>
              {t(
                overview.canCreate && !overview.closed
                  ? 'okrPage.empty.explainedCreate'
                  : 'okrPage.empty.explained',
              )}
            </p>
          </div>
        ) : (
          <ObjectiveTree
            objectives={overview.objectives}
            i18n={i18n}
            format={format}
            closed={overview.closed}
            openKeyResultId={openKeyResultId}
            onToggleDetail={(id) => {
              setOpenKeyResultId((open) => (open === id ? null : id));
            }}
            renderBelow={(id) => (dialogUnder(id) ? dialogElement() : null)}
            renderDetail={(kr) => (
              <KeyResultDetailPanel
                keyResultId={kr.keyResult.id}
                invoke={invoke}
                i18n={i18n}
                format={format}
                timeZone={timeZone}
                today={today}
                closed={overview.closed}
                openIssue={openIssue}
                copy={copy}
                onChanged={() => void refresh()}
              />
            )}
            onEditObjective={(view: ObjectiveView) => {
              setNotice('');
              setDialog({
                kind: 'objective',
                editing: { id: view.objective.id, version: view.version },
                initial: objectiveDraftOf(view),
              });
            }}
            onArchiveObjective={(view) => {
              setArchiveFailure(null);
              setDialog({
                kind: 'archive',
                what: 'objective',
                objectiveId: view.objective.id,
                id: view.objective.id,
                version: view.version,
                title: view.objective.title,
              });
            }}
            onAddKeyResult={(view) => {
              setNotice('');
              setDialog({
                kind: 'keyResult',
                objective: { id: view.objective.id, title: view.objective.title },
                editing: null,
                initial: newKeyResultDraft(accountId ?? '', baselineOf(view.objective.period)),
              });
            }}
            onEditKeyResult={(kr: KeyResultView, view) => {
              setNotice('');
              setDialog({
                kind: 'keyResult',
                objective: { id: view.objective.id, title: view.objective.title },
                editing: { id: kr.keyResult.id, version: kr.version },
                initial: keyResultDraftOf(kr, baselineOf(view.objective.period)),
              });
            }}
            onArchiveKeyResult={(kr) => {
              setArchiveFailure(null);
              setDialog({
                kind: 'archive',
                what: 'keyResult',
                objectiveId: kr.keyResult.objectiveId,
                id: kr.keyResult.id,
                version: kr.version,
                title: kr.keyResult.title,
              });
            }}
          />
        )}
      </section>
      <PeriodActions
        overview={overview}
        invoke={invoke}
        i18n={i18n}
        download={download}
        onClosed={(graded) => {
          show(graded);
          setNotice(t('okrPage.period.closedNotice', { period: graded.periodKey }));
        }}
        onImported={() => void refresh()}
      />
    </main>
  );
}
