/**
 * @jest-environment jsdom
 */
/**
 * Deep links into the OKR page: the gadget and the issue panel open it at a key result or an objective (the page
 * opened at its default view before). The path Forge appends to the page's URL (`router.navigate` with a module
 * `path`) names the period and the key result or objective; the page reads it back, loads that period, opens the
 * key result's detail or scrolls to the objective, and moves the focus there.
 */
import { screen, waitFor, within } from '@testing-library/react';
import type { KeyResultDetail } from '../../src/contract/okr';
import { okrPagePath, okrPageTargetOf, type OkrPageTarget } from '../../static/src/okr-page/okr-page-target';
import { renderOkrPage } from './support/okr-page-render';
import { overview, signInDetail } from './okr-page-fixtures';

jest.mock('../../static/src/okr-page/history-chart', () => ({
  __esModule: true,
  default: ({ detail }: { detail: KeyResultDetail }) => (
    <figure data-testid="kr-history-chart" data-points={detail.checkIns.length} />
  ),
}));

describe('the path of a deep link', () => {
  it('names the period and the key result or the objective, and reads back the same', () => {
    const keyResult: OkrPageTarget = { periodKey: '2026-Q1', keyResultId: 'KR-12' };
    expect(okrPagePath(keyResult)).toBe('/okrs/periods/2026-Q1/key-results/KR-12');
    expect(okrPageTargetOf(okrPagePath(keyResult))).toEqual(keyResult);
    const objective: OkrPageTarget = { periodKey: '2026-01-05..2026-03-31', objectiveId: 'O-3' };
    expect(okrPageTargetOf(okrPagePath(objective))).toEqual(objective);
    expect(okrPagePath({})).toBe('/okrs');
  });

  it('opens the default view for the plain page, the settings and anything it does not know', () => {
    expect(okrPageTargetOf('/')).toEqual({});
    expect(okrPageTargetOf('/okrs')).toEqual({});
    expect(okrPageTargetOf('/settings')).toEqual({});
    expect(okrPageTargetOf('/okrs/key-results/<script>')).toEqual({});
    expect(okrPageTargetOf('/okrs/whatever/KR-1/key-results/KR-2?x=1')).toEqual({ keyResultId: 'KR-2' });
    expect(okrPageTargetOf('/okrs/key-results/%E0%A4%A')).toEqual({});
  });

  it('leaves out what is not an id', () => {
    expect(okrPagePath({ keyResultId: '../settings' })).toBe('/okrs');
    expect(okrPagePath({ periodKey: '..', keyResultId: 'KR-1' })).toBe('/okrs/key-results/KR-1');
  });
});

function renderAt(target: OkrPageTarget) {
  return renderOkrPage(
    {
      getOkrOverview: () => ({ ok: true, value: overview }),
      getKeyResultDetail: () => ({ ok: true, value: signInDetail }),
    },
    { target },
  );
}

it('opens at a key result: loads its period, opens its detail and focuses it', async () => {
  const mock = renderAt({ periodKey: '2026-Q1', keyResultId: 'KR-2' });
  const detail = await screen.findByTestId('kr-detail');
  expect(mock.payloadsOf('getOkrOverview')[0]).toEqual({ periodKey: '2026-Q1' });
  expect(mock.payloadsOf('getKeyResultDetail')).toEqual([{ keyResultId: 'KR-2' }]);
  const item = document.querySelector<HTMLElement>('li[data-key-result="KR-2"]');
  expect(item?.contains(detail)).toBe(true);
  await waitFor(() => {
    expect(document.activeElement?.getAttribute('aria-expanded')).toBe('true');
  });
  expect(item?.contains(document.activeElement)).toBe(true);
});

it('opens at an objective: focuses its heading, no detail open', async () => {
  const mock = renderAt({ periodKey: '2026-Q1', objectiveId: 'O-3' });
  await screen.findByTestId('okr-tree');
  await waitFor(() => {
    expect(document.activeElement?.id).toBe('objective-O-3');
  });
  expect(screen.queryByTestId('kr-detail')).toBeNull();
  expect(mock.payloadsOf('getKeyResultDetail')).toEqual([]);
  expect(
    within(document.querySelector<HTMLElement>('li[data-objective="O-3"]') as HTMLElement).getByRole(
      'heading',
      {
        level: 3,
      },
    ),
  ).toBe(document.activeElement);
});

it('without a target shows the current quarter with nothing open', async () => {
  const mock = renderAt({});
  await screen.findByTestId('okr-tree');
  expect(mock.payloadsOf('getOkrOverview')[0]).toEqual({});
  expect(screen.queryByTestId('kr-detail')).toBeNull();
});
