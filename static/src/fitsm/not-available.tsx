/**
 * The honest empty state of a FitSM subpage whose page is not part of this version yet: the page's title (as the
 * sidebar names it) and that it is not available, pointing to the self-assessment. One component for every such
 * route, so a page that arrives replaces exactly one entry of the global page's route table.
 */
import type { ReactNode } from 'react';
import type { UiI18n } from '../i18n/load';
import { FITSM_ROUTE_TITLE_KEYS, isFitsmRoute } from './fitsm-routes';

export function FitsmNotAvailable({
  route,
  i18n,
}: {
  /** The subpage route (`fitsm-schedule`). */
  readonly route: string;
  readonly i18n: UiI18n;
}): ReactNode {
  const { t } = i18n;
  const page = isFitsmRoute(route) ? t(FITSM_ROUTE_TITLE_KEYS[route]) : 'FitSM';
  return (
    <main className="fitsm-page page page-wide" data-testid="fitsm-not-available" data-route={route}>
      <h1 className="heading-medium">{page}</h1>
      <div className="fitsm-empty stack stack-tight" role="status">
        <p className="heading-small">{t('fitsmPage.notAvailable.heading', { page })}</p>
        <p>{t('fitsmPage.notAvailable.explained')}</p>
      </div>
    </main>
  );
}
