/**
 * What the host page shows, kept in the page URL's query so a reload or a shared link shows the same: the view,
 * language, theme, acting user, project, issue and search.
 */
import type { HostView, PreviewLanguage } from '../preview-api';

export type ColorMode = 'light' | 'dark';

export interface PreviewState {
  readonly view: HostView;
  readonly language: PreviewLanguage;
  readonly colorMode: ColorMode;
  /** Account id of the sample user the page acts as; '' until the configuration is known. */
  readonly accountId: string;
  readonly projectKey: string;
  /** The issue open in the issue view; '' for none. */
  readonly issueKey: string;
  /** The subpage route of a project (settings) or global page whose module has `pages`; '' for the first one. */
  readonly page: string;
  readonly query: string;
}

const VIEWS: readonly HostView[] = ['issue', 'project', 'dashboard', 'project-settings', 'apps'];

/** The state a URL query describes (defaults: issue view, German, light theme). */
export function stateFromSearch(search: string): PreviewState {
  const params = new URLSearchParams(search);
  const view = params.get('view');
  return {
    view: VIEWS.find((candidate) => candidate === view) ?? 'issue',
    language: params.get('lang') === 'en' ? 'en' : 'de',
    colorMode: params.get('theme') === 'dark' ? 'dark' : 'light',
    accountId: params.get('user') ?? '',
    projectKey: (params.get('project') ?? '').toUpperCase(),
    issueKey: (params.get('issue') ?? '').toUpperCase(),
    page: params.get('page') ?? '',
    query: params.get('q') ?? '',
  };
}

/** The URL query of a state (defaults left out, so URLs stay short). */
export function searchOf(state: PreviewState): string {
  const params = new URLSearchParams();
  if (state.view !== 'issue') params.set('view', state.view);
  if (state.language !== 'de') params.set('lang', state.language);
  if (state.colorMode !== 'light') params.set('theme', state.colorMode);
  if (state.accountId !== '') params.set('user', state.accountId);
  if (state.projectKey !== '') params.set('project', state.projectKey);
  if (state.issueKey !== '' && state.view === 'issue') params.set('issue', state.issueKey);
  if (
    state.page !== '' &&
    (state.view === 'project' || state.view === 'project-settings' || state.view === 'apps')
  )
    params.set('page', state.page);
  if (state.query !== '' && state.view === 'issue') params.set('q', state.query);
  const query = params.toString();
  return query === '' ? '/' : `/?${query}`;
}
