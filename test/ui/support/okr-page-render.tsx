/**
 * Renders the OKR page as the fixtures' viewer sees it — Anna (`acc-anna`, Europe/Berlin), in English, at the
 * fixtures' now — over a mocked invoke; `props` override any of that (another language, a target, a clipboard).
 */
import { render } from '@testing-library/react';
import { OkrPage, type OkrPageProps } from '../../../static/src/okr-page/okr-page';
import { NOW_MS } from '../okr-page-fixtures';
import { mockInvoke, type MockAnswers } from './mock-invoke';
import { englishUi } from './ui-i18n';

export function renderOkrPage(answers: MockAnswers, props: Partial<Omit<OkrPageProps, 'invoke'>> = {}) {
  const mock = mockInvoke(answers);
  render(
    <OkrPage
      invoke={mock.invoke}
      i18n={englishUi}
      accountId="acc-anna"
      timeZone="Europe/Berlin"
      openIssue={() => undefined}
      now={() => NOW_MS}
      {...props}
    />,
  );
  return mock;
}
