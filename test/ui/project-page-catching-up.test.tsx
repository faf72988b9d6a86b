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
import type { ProjectFlowView } from '../../src/contract/project-flow';
import { generatedProjectView, projectFlowContent } from './support/generated-flow-view';
import { englishUi, germanUi } from './support/ui-i18n';

function show(view: ProjectFlowView, i18n: UiI18n): void {
  render(projectFlowContent(view, i18n));
}

describe('project page note while the flow facts catch up', () => {
  const view = generatedProjectView({ issues: 60, seed: 3, rangeDays: 365, summaries: false });

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
