/**
 * @jest-environment jsdom
 */
/**
 * The OKR gadget's view as a person uses it (React Testing Library + user-event, jsdom) over the UI's one invoke:
 * loading, then the OKRs; click-through by mouse and keyboard (an objective or key result opens the OKR page, an
 * issue opens the issue); a failed load retried; an unconfigured gadget offering its edit view.
 */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { InvokeResolver } from '../../static/src/api/resolver-types';
import { OkrGadget, type OkrPageTarget } from '../../static/src/okr-gadget/okr-gadget';
import { mockInvoke, type MockAnswers } from './support/mock-invoke';
import { englishUi } from './support/ui-i18n';
import { gadgetView } from './okr-gadget-fixtures';

function renderGadget(answers: MockAnswers) {
  const mock = mockInvoke(answers);
  const invoke: InvokeResolver = mock.invoke;
  const pages: OkrPageTarget[] = [];
  const issues: string[] = [];
  let configures = 0;
  render(
    <OkrGadget
      api={{ getGadget: () => invoke('getOkrGadget', {}) }}
      i18n={englishUi}
      navigation={{
        openIssue: (key) => {
          issues.push(key);
        },
        openOkrPage: (target) => {
          pages.push(target);
        },
      }}
      onConfigure={() => {
        configures += 1;
      }}
    />,
  );
  return { mock, pages, issues, configures: () => configures };
}

it('opens the OKR page at an objective or key result and an issue at its key, by mouse and keyboard', async () => {
  const user = userEvent.setup();
  const { pages, issues } = renderGadget({
    getOkrGadget: () => ({
      ok: true,
      value: { ...gadgetView, config: { period: { kind: 'current' }, layout: 'detailed' } },
    }),
  });
  expect(screen.getByRole('status').textContent).toMatch(/Loading OKRs/);
  await user.click(await screen.findByRole('button', { name: 'Kundenzufriedenheit erhöhen' }));
  // With the gadget's period: the OKR page opens at the current quarter unless told.
  expect(pages).toEqual([{ kind: 'objective', objectiveId: 'O-1', periodKey: '2026-Q1' }]);

  screen.getByRole('button', { name: 'Durchlaufzeit um 15 % senken' }).focus();
  await user.keyboard('{Enter}');
  expect(pages[1]).toEqual({ kind: 'keyResult', keyResultId: 'KR-1', periodKey: '2026-Q1' });

  const issue = screen.getByRole('link', { name: 'HD-42' });
  expect(issue.getAttribute('href')).toBe('/browse/HD-42');
  issue.focus();
  await user.keyboard('{Enter}');
  expect(issues).toEqual(['HD-42']);
  // The linked issues list is named after its key result.
  expect(screen.getByRole('list', { name: 'Issues linked to Durchlaufzeit um 15 % senken' })).toBeTruthy();
});

it('leads from an empty period to the OKR page at that period', async () => {
  const user = userEvent.setup();
  const overview = gadgetView.overview;
  if (overview === null) throw new Error('the fixture has an overview');
  const { pages } = renderGadget({
    getOkrGadget: () => ({ ok: true, value: { ...gadgetView, overview: { ...overview, objectives: [] } } }),
  });
  await user.click(await screen.findByRole('button', { name: 'Open the OKR page to add objectives' }));
  expect(pages).toEqual([{ kind: 'overview', periodKey: '2026-Q1' }]);
});

it('retries a failed load and then shows the OKRs', async () => {
  const user = userEvent.setup();
  let calls = 0;
  const { mock } = renderGadget({
    getOkrGadget: () => {
      calls += 1;
      if (calls === 1) throw new Error('network down');
      return { ok: true, value: gadgetView };
    },
  });
  expect((await screen.findByRole('alert')).textContent).toMatch(/The OKRs could not be loaded/);
  await user.click(screen.getByRole('button', { name: 'Try again' }));
  expect(await screen.findByRole('heading', { name: 'OKRs', level: 2 })).toBeTruthy();
  expect(mock.payloadsOf('getOkrGadget')).toEqual([{}, {}]);
});

it('offers the edit view when the gadget is not set up', async () => {
  const user = userEvent.setup();
  const { configures } = renderGadget({
    getOkrGadget: () => ({
      ok: true,
      value: { config: null, version: null, overview: null, linkedIssues: {}, jiraRequests: 0 },
    }),
  });
  await user.click(await screen.findByRole('button', { name: 'Configure' }));
  expect(configures()).toBe(1);
});
