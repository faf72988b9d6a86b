/**
 * @jest-environment jsdom
 */
/**
 * The project page says, in German and English, when its project's flow facts are catching up after many changes
 * at once (events dropped, e.g. a bulk edit: `view.factsCatchingUp`), so its figures may be a few minutes old; a
 * current view shows no such note. The view is a real one: a generated project measured by the engine.
 */
// Before the page's modules: uPlot reads matchMedia when it loads.
import './support/chart-env';
import { render, screen } from '@testing-library/react';
import type { UiI18n } from '../../static/src/i18n/load';
import { createPageFormat } from '../../static/src/project-page/page-format';
import { ProjectFlowContent } from '../../static/src/project-page/project-flow-page';
import type { ProjectFlowView } from '../../src/contract/project-flow';
import { addDays, localDate } from '../../src/domain/flow/calendar';
import { createFlowAccumulator } from '../../src/domain/flow/engine';
import { buildProjectFlowView } from '../../src/domain/flow/project-view';
import { BENCH_AS_OF_MS, BENCH_START_MS, BENCH_TIME_ZONE } from '../../bench/bench-params';
import { BENCH_WORKFLOW_MAPPING, iterateProject } from '../../bench/generate-project';
import { englishUi, germanUi } from './support/ui-i18n';

function projectView(): ProjectFlowView {
  const calendar = { timeZone: BENCH_TIME_ZONE, workingWeekdays: [1, 2, 3, 4, 5], holidays: [] };
  const accumulator = createFlowAccumulator({
    mode: 'canonical',
    mapping: BENCH_WORKFLOW_MAPPING,
    startPolicy: 'first',
    timeZone: BENCH_TIME_ZONE,
    asOfMs: BENCH_AS_OF_MS,
    calendar,
    windowDays: 90,
  });
  for (const issue of iterateProject({ issues: 60, seed: 3, startMs: BENCH_START_MS }))
    accumulator.add(issue);
  const to = localDate(BENCH_AS_OF_MS, BENCH_TIME_ZONE);
  return buildProjectFlowView({
    facts: accumulator.finishFacts(),
    projectKey: 'SD',
    from: addDays(to, -365),
    to,
    percentiles: [50, 85, 95],
    calendar,
    windowDays: 90,
    summaries: new Map(),
    issueTypes: [],
    jql: null,
    mappingVersion: null,
    mappingDerived: false,
    computedAtMs: BENCH_AS_OF_MS,
  });
}

function show(view: ProjectFlowView, i18n: UiI18n): void {
  render(
    <ProjectFlowContent
      view={view}
      i18n={i18n}
      format={createPageFormat(i18n)}
      openIssue={() => undefined}
      onExport={() => undefined}
      onForecast={() => undefined}
    />,
  );
}

describe('project page note while the flow facts catch up', () => {
  const view = projectView();

  it('says so in German', () => {
    show({ ...view, factsCatchingUp: true }, germanUi);
    expect(screen.getByTestId('facts-catching-up').getAttribute('role')).toBe('note');
    expect(screen.getByTestId('facts-catching-up').textContent).toBe(
      'Flussdaten werden nach vielen Änderungen aktualisiert; Zahlen können einige Minuten alt sein.',
    );
  });

  it('says so in English', () => {
    show({ ...view, factsCatchingUp: true }, englishUi);
    expect(screen.getByTestId('facts-catching-up').textContent).toBe(
      'Flow data is catching up after many changes; figures may be a few minutes old.',
    );
  });

  it('shows no note for a current view', () => {
    show(view, englishUi);
    expect(screen.queryByTestId('facts-catching-up')).toBeNull();
  });
});
