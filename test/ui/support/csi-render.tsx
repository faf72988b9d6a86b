/**
 * Server-rendered markup of the CSI pages' contents with inert callbacks, as the rendering tests look at them.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import { CsiRecordContent } from '../../../static/src/csi-record/csi-record-panel';
import type { PanelState } from '../../../static/src/csi-record/record-panel-state';
import {
  CsiRegisterContent,
  type RegisterPageState,
} from '../../../static/src/csi-register/csi-register-page';
import { NO_FILTERS, type RegisterFilters } from '../../../static/src/csi-register/register-model';
import { CsiSetupContent, type SetupPageState } from '../../../static/src/csi-setup/csi-setup-page';
import type { UiI18n } from '../../../static/src/i18n/load';
import { germanUi } from './ui-i18n';

const none = (): undefined => undefined;
/** Callbacks the static markup never calls. */
const inertSetup = { onRun: none, onRecheck: none, onReload: none };
const inertRegister = { openIssue: none, onFilter: none, onRetry: none, onExport: none };
const inertRecord = { onEdit: none, onSave: none, onReload: none };

/** The CSI setup page of `projectKey` in `state`. */
export function setupMarkup(state: SetupPageState, i18n: UiI18n = germanUi, projectKey = 'MAIL'): string {
  return renderToStaticMarkup(<CsiSetupContent {...inertSetup} {...{ projectKey, state, i18n }} />);
}

/** The CSI register of `projectKey` in `state`, filtered by `filters`. */
export function registerMarkup(
  state: RegisterPageState,
  { filters = NO_FILTERS, i18n = germanUi, projectKey = 'MAIL' }: RegisterMarkupOptions = {},
): string {
  return renderToStaticMarkup(
    <CsiRegisterContent {...inertRegister} {...{ projectKey, state, filters, i18n }} />,
  );
}

export interface RegisterMarkupOptions {
  readonly filters?: RegisterFilters;
  readonly i18n?: UiI18n;
  readonly projectKey?: string;
}

/** The improvement-record panel in `state`, seen by the account `me` on the calendar day `today`. */
export function recordMarkup(state: PanelState, i18n: UiI18n, me: string | null, today: string): string {
  return renderToStaticMarkup(<CsiRecordContent {...inertRecord} {...{ state, i18n, me, today }} />);
}
