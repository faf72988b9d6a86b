/**
 * The preview's host page: a Jira-like frame (top bar with user, language and theme switches, a project sidebar)
 * around the app's Custom UI modules, each in an iframe as Jira hosts them. Which pages exist follows the modules
 * of `manifest.yml` (served by the preview server at `/__preview/config`).
 */
import type { ShimContext } from '../../bridge-shim/index';
import type {
  HostView,
  PreviewConfig,
  PreviewModule,
  PreviewProject,
  PreviewSubpage,
  PreviewUser,
} from '../preview-api';
import { fetchConfig, fetchProjects } from './api';
import { h, replaceChildren } from './dom';
import type { HostApp } from './host-app';
import { hostText, localeOf, type HostText, type HostTextKey } from './host-text';
import { clockControl } from './clock-control';
import { openCreateIssueDialog } from './create-issue-dialog';
import { IssueView } from './issue-view';
import { installRouterHost } from './module-frame';
import { appsView, dashboardView, projectSettingsView, projectView, shownSubpage } from './other-views';
import { searchOf, stateFromSearch, type PreviewState } from './state';
import { applyHostTheme } from './theme';

const VIEW_ORDER: readonly HostView[] = ['issue', 'project', 'dashboard', 'project-settings', 'apps'];
const VIEW_LABEL: Readonly<Record<HostView, HostTextKey>> = {
  issue: 'viewIssues',
  project: 'viewProject',
  dashboard: 'viewDashboard',
  'project-settings': 'viewProjectSettings',
  apps: 'viewApps',
};
const DEFAULT_TIME_ZONE = 'Europe/Berlin';
/** How long a flag stays (Jira's auto-dismiss flags: 8 s). */
const FLAG_MS = 8_000;
const ISSUE_KEY = /^[A-Z][A-Z0-9_]*-[1-9][0-9]*$/;

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

class PreviewPage implements HostApp {
  readonly config: PreviewConfig;
  state: PreviewState;
  private readonly root: HTMLElement;
  private readonly projectsByUser = new Map<string, Promise<readonly PreviewProject[]>>();
  projects: readonly PreviewProject[] = [];
  private issueView: IssueView | null = null;
  private main: HTMLElement | null = null;
  private renderRun = 0;

  constructor(root: HTMLElement, config: PreviewConfig) {
    this.root = root;
    this.config = config;
    const state = stateFromSearch(window.location.search);
    this.state = { ...state, view: this.availableViews().includes(state.view) ? state.view : 'issue' };
    installRouterHost({
      navigate: (location) => {
        this.navigate(location, 'navigate');
      },
      open: (location) => {
        this.navigate(location, 'open');
      },
      routeChanged: (route) => {
        this.subpageChanged(route);
      },
    });
    window.addEventListener('popstate', () => {
      this.state = stateFromSearch(window.location.search);
      void this.render();
    });
  }

  get text(): HostText {
    return hostText(this.state.language);
  }
  get locale(): string {
    return localeOf(this.state.language);
  }
  get user(): PreviewUser {
    const users = this.config.users;
    const chosen = users.find((user) => user.accountId === this.state.accountId);
    const fallback = users.find((user) => user.browseProjects === '*') ?? users[0];
    const user = chosen ?? fallback;
    if (user === undefined) throw new Error('The sample data has no users');
    return user;
  }
  get project(): PreviewProject | null {
    return this.projects.find((project) => project.key === this.state.projectKey) ?? null;
  }

  availableViews(): HostView[] {
    // The issue view is Jira's own page and always there; the other pages only when a module lives on them.
    return VIEW_ORDER.filter((view) => view === 'issue' || this.modulesOf(view).length > 0);
  }

  modulesOf(view: HostView): readonly PreviewModule[] {
    return this.config.modules.filter((module) => module.hostView === view);
  }

  hrefFor(change: Partial<PreviewState>): string {
    return searchOf({ ...this.state, ...change });
  }

  contextFor(module: PreviewModule, extension: Readonly<Record<string, unknown>>): ShimContext {
    return {
      accountId: this.user.accountId,
      locale: this.locale,
      timezone: this.user.timeZone === '' ? DEFAULT_TIME_ZONE : this.user.timeZone,
      moduleKey: module.key,
      extension: { type: module.type, ...extension },
      theme: { colorMode: this.state.colorMode },
    };
  }

  update(change: Partial<PreviewState>, how: 'push' | 'replace'): void {
    const before = this.state;
    let next: PreviewState = { ...before, ...change };
    if (next.projectKey !== before.projectKey && change.issueKey === undefined)
      next = { ...next, issueKey: '', query: '' };
    if (next.view !== before.view && change.page === undefined) next = { ...next, page: '' };
    this.state = next;
    const url = searchOf(next);
    if (how === 'push') window.history.pushState(null, '', url);
    else window.history.replaceState(null, '', url);
    const needsFullRender =
      next.language !== before.language ||
      next.colorMode !== before.colorMode ||
      next.accountId !== before.accountId ||
      next.projectKey !== before.projectKey ||
      next.view !== before.view ||
      next.page !== before.page;
    if (needsFullRender) {
      void this.render();
      return;
    }
    if (next.query !== before.query) this.issueView?.refreshList();
    if (next.issueKey !== before.issueKey) this.issueView?.refreshIssue();
  }

  /**
   * A module moved to another of its subpages itself (`history.push`): as Jira, the page URL and the navigation
   * follow; the module's frame is not reloaded.
   */
  private subpageChanged(route: string): void {
    if (route === this.state.page) return;
    this.state = { ...this.state, page: route };
    window.history.pushState(null, '', searchOf(this.state));
    for (const link of this.root.querySelectorAll<HTMLAnchorElement>('a.nav-sublink')) {
      const current = link.dataset['view'] === this.state.view && link.dataset['page'] === route;
      if (current) link.setAttribute('aria-current', 'page');
      else link.removeAttribute('aria-current');
    }
  }

  /** A module's `router.navigate`/`open`: Jira URLs and Forge locations of the preview's pages stay in the page. */
  private navigate(location: unknown, action: 'navigate' | 'open'): void {
    const change = this.changeFor(location);
    if (change !== null && action === 'navigate') {
      this.update(change, 'push');
      return;
    }
    const href = change !== null ? this.hrefFor(change) : typeof location === 'string' ? location : null;
    if (href !== null) window.open(new URL(href, window.location.origin), '_blank', 'noopener');
  }

  private changeFor(location: unknown): Partial<PreviewState> | null {
    const issue = (issueKey: string): Partial<PreviewState> => ({
      view: 'issue',
      issueKey,
      projectKey: issueKey.split('-')[0] ?? this.state.projectKey,
      query: '',
    });
    if (typeof location === 'string') {
      const url = new URL(location, window.location.origin);
      if (url.origin !== window.location.origin) return null;
      const browse = /^\/browse\/([^/]+)$/.exec(url.pathname)?.[1]?.toUpperCase();
      if (browse !== undefined && ISSUE_KEY.test(browse)) return issue(browse);
      const settings = /^\/plugins\/servlet\/project-config\/([^/]+)/.exec(url.pathname)?.[1];
      if (settings !== undefined) return { view: 'project-settings', projectKey: settings.toUpperCase() };
      if (url.pathname.startsWith('/jira/dashboards')) return { view: 'dashboard' };
      if (url.pathname.startsWith('/jira/apps/')) return { view: 'apps' };
      return url.pathname === '/' ? stateFromSearch(url.search) : null;
    }
    if (typeof location !== 'object' || location === null) return null;
    const target = location as {
      target?: unknown;
      issueKey?: unknown;
      projectKey?: unknown;
      moduleKey?: unknown;
      path?: unknown;
    };
    if (target.target === 'issue' && typeof target.issueKey === 'string')
      return issue(target.issueKey.toUpperCase());
    if (target.target === 'dashboard') return { view: 'dashboard' };
    if (target.target === 'projectSettingsDetails' && typeof target.projectKey === 'string')
      return { view: 'project-settings', projectKey: target.projectKey };
    if (target.target === 'module') {
      const module = this.config.modules.find((candidate) => candidate.key === target.moduleKey);
      if (module === undefined) return null;
      return {
        view: module.hostView,
        ...(typeof target.projectKey === 'string' ? { projectKey: target.projectKey } : {}),
        // A `path` opens the module at that route (Jira appends it to the module's URL; the app reads it from
        // view.createHistory()).
        ...(typeof target.path === 'string' ? { page: target.path.replace(/^\/+|\/+$/g, '') } : {}),
      };
    }
    return null;
  }

  private projectsOf(accountId: string): Promise<readonly PreviewProject[]> {
    let projects = this.projectsByUser.get(accountId);
    if (projects === undefined) {
      projects = fetchProjects(accountId);
      this.projectsByUser.set(accountId, projects);
      projects.catch(() => this.projectsByUser.delete(accountId));
    }
    return projects;
  }

  /** Renders the whole page for the current state, keeping the focused control focused. */
  async render(): Promise<void> {
    const run = ++this.renderRun;
    const focusedId = document.activeElement?.id ?? '';
    const { text } = this;
    this.state = { ...this.state, accountId: this.user.accountId };
    document.documentElement.lang = this.locale;
    document.title = text('pageTitle');
    const theme = applyHostTheme(this.state.colorMode);
    const main = h('main', { id: 'main', tabindex: '-1', class: 'main', 'aria-busy': 'true' });
    main.append(h('p', { class: 'state-loading', role: 'status' }, text('loadingIssues')));
    let projects: readonly PreviewProject[];
    try {
      [projects] = await Promise.all([this.projectsOf(this.user.accountId), theme]);
    } catch (error) {
      if (run !== this.renderRun) return;
      this.renderShell(main, []);
      main.removeAttribute('aria-busy');
      replaceChildren(main, this.errorState(messageOf(error)));
      return;
    }
    if (run !== this.renderRun) return;
    this.projects = projects;
    this.state = { ...this.state, projectKey: this.chooseProject(projects) };
    window.history.replaceState(null, '', searchOf(this.state));
    this.renderShell(main, projects);
    main.removeAttribute('aria-busy');
    this.renderMain(main);
    if (focusedId !== '') document.getElementById(focusedId)?.focus();
  }

  private chooseProject(projects: readonly PreviewProject[]): string {
    const visible = (key: string): boolean => projects.some((project) => project.key === key);
    const issueProject = this.state.issueKey.split('-')[0] ?? '';
    if (visible(this.state.projectKey)) return this.state.projectKey;
    if (visible(issueProject)) return issueProject;
    return (projects.find((project) => project.typeKey === 'service_desk') ?? projects[0])?.key ?? '';
  }

  private errorState(detail: string): HTMLElement {
    const retry = h('button', { type: 'button' }, this.text('retry'));
    retry.addEventListener('click', () => void this.render());
    return h(
      'div',
      { class: 'state-error', role: 'alert' },
      h('p', { class: 'state-title' }, this.text('loadError')),
      h('p', {}, this.text('loadErrorHint', { detail })),
      retry,
    );
  }

  private renderShell(main: HTMLElement, projects: readonly PreviewProject[]): void {
    this.main = main;
    replaceChildren(
      this.root,
      h('a', { class: 'skip-link', href: '#main' }, this.text('skipToContent')),
      this.topNav(),
      h('div', { class: 'page-body' }, this.sidebar(projects), main),
    );
  }

  private topNav(): HTMLElement {
    const { text, state } = this;
    const userSelect = h(
      'select',
      { id: 'user-select' },
      ...this.config.users.map((user) => {
        const scope =
          user.browseProjects === '*'
            ? text('allProjects')
            : text('projectsOf', { projects: user.browseProjects.join(', ') || text('none') });
        return h(
          'option',
          { value: user.accountId, selected: user.accountId === this.user.accountId },
          `${user.displayName} · ${scope}`,
        );
      }),
    );
    userSelect.addEventListener('change', () => {
      this.update({ accountId: userSelect.value }, 'push');
    });
    const toggle = (
      id: string,
      label: string,
      pressed: boolean,
      change: Partial<PreviewState>,
      lang?: string,
    ): HTMLButtonElement => {
      const button = h(
        'button',
        { type: 'button', id, 'aria-pressed': pressed ? 'true' : 'false', lang },
        label,
      );
      button.addEventListener('click', () => {
        this.update(change, 'push');
      });
      return button;
    };
    const create = h(
      'button',
      { type: 'button', id: 'create-issue', class: 'primary', disabled: this.projects.length === 0 },
      text('createIssue'),
    );
    create.addEventListener('click', () => {
      openCreateIssueDialog(this, (issue, projectKey) => {
        this.showCreatedIssue(issue.key, projectKey);
      });
    });
    return h(
      'header',
      { class: 'top-nav' },
      h(
        'div',
        { class: 'brand' },
        h('span', { class: 'brand-logo', 'aria-hidden': 'true' }),
        h('span', { class: 'brand-name' }, text('productName')),
        h('span', { class: 'badge' }, text('previewBadge')),
        create,
      ),
      h(
        'div',
        { class: 'controls', role: 'group', 'aria-label': text('settingsLabel') },
        h('div', { class: 'control' }, h('label', { for: 'user-select' }, text('userLabel')), userSelect),
        clockControl(
          text,
          this.locale,
          (clock) => {
            void this.render().then(() => {
              this.flag(text('clockAdvanced', { count: clock.ran?.length ?? 0 }));
            });
          },
          (error) => {
            this.flag(text('clockError', { detail: messageOf(error) }));
          },
        ),
        h(
          'div',
          { class: 'segmented', role: 'group', 'aria-label': text('languageLabel') },
          toggle('lang-de', 'Deutsch', state.language === 'de', { language: 'de' }, 'de'),
          toggle('lang-en', 'English', state.language === 'en', { language: 'en' }, 'en'),
        ),
        h(
          'div',
          { class: 'segmented', role: 'group', 'aria-label': text('themeLabel') },
          toggle('theme-light', text('themeLight'), state.colorMode === 'light', { colorMode: 'light' }),
          toggle('theme-dark', text('themeDark'), state.colorMode === 'dark', { colorMode: 'dark' }),
        ),
      ),
    );
  }

  /** After "Create issue": the new issue open in the issue view (list reloaded) and Jira's flag saying so. */
  private showCreatedIssue(issueKey: string, projectKey: string): void {
    this.state = { ...this.state, view: 'issue', projectKey, issueKey, query: '' };
    window.history.pushState(null, '', searchOf(this.state));
    void this.render().then(() => {
      this.flag(this.text('issueCreated', { key: issueKey }));
    });
  }

  /** Jira's flag: a short confirmation in the corner that goes away by itself. */
  private flag(message: string): void {
    // The live region is in the page before its text, so screen readers announce the text.
    const flag = h('div', { class: 'flag', role: 'status', 'aria-live': 'polite' });
    this.root.append(flag);
    setTimeout(() => {
      flag.textContent = message;
    }, 50);
    setTimeout(() => {
      flag.remove();
    }, FLAG_MS);
  }

  private sidebar(projects: readonly PreviewProject[]): HTMLElement {
    const { text, state } = this;
    const projectSelect = h(
      'select',
      { id: 'project-select', disabled: projects.length === 0 },
      ...(projects.length === 0 ? [h('option', { value: '' }, text('noProjects'))] : []),
      ...projects.map((project) =>
        h(
          'option',
          { value: project.key, selected: project.key === state.projectKey },
          `${project.name} (${project.key})`,
        ),
      ),
    );
    projectSelect.addEventListener('change', () => {
      this.update({ projectKey: projectSelect.value }, 'push');
    });
    const links = this.availableViews().map((view) => {
      const titles =
        view === 'issue' ? [] : this.modulesOf(view).map((module) => module.title[state.language]);
      const link = h(
        'a',
        {
          href: this.hrefFor({ view }),
          'aria-current': view === state.view ? 'page' : null,
          class: 'nav-link',
        },
        text(VIEW_LABEL[view]),
        titles.length === 0 ? null : h('span', { class: 'nav-detail' }, titles.join(', ')),
      );
      link.addEventListener('click', (event) => {
        if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
        event.preventDefault();
        this.update({ view, page: '' }, 'push');
      });
      return h('li', {}, link, this.subpageLinks(view));
    });
    return h(
      'nav',
      { class: 'sidebar', 'aria-label': text('navLabel') },
      h(
        'div',
        { class: 'control' },
        h('label', { for: 'project-select' }, text('projectLabel')),
        projectSelect,
      ),
      h('ul', { class: 'nav-list' }, ...links),
      h('p', { class: 'sidebar-note' }, text('emulatorNote', { url: this.config.emulatorUrl })),
    );
  }

  /**
   * The subpages of a view's modules (manifest `pages`), listed under the view as Jira lists an app's pages; the
   * pages of manifest `sections` in a group under the section's header.
   */
  private subpageLinks(view: HostView): HTMLElement | null {
    const { state } = this;
    const items: HTMLElement[] = [];
    let group: { header: string; list: HTMLElement } | null = null;
    for (const { page, item } of this.subpageItems(view)) {
      const header = page.section?.[state.language];
      if (header === undefined) {
        group = null;
        items.push(item);
        continue;
      }
      if (group === null || group.header !== header) {
        const headerId = `nav-section-${view}-${String(items.length)}`;
        const list = h('ul', { class: 'nav-sublist', 'aria-labelledby': headerId });
        items.push(
          h(
            'li',
            { class: 'nav-subsection' },
            h('span', { id: headerId, class: 'nav-subsection-title' }, header),
            list,
          ),
        );
        group = { header, list };
      }
      group.list.append(item);
    }
    return items.length === 0 ? null : h('ul', { class: 'nav-sublist' }, ...items);
  }

  /** One list item with its link per subpage of a view's modules, in manifest order. */
  private subpageItems(view: HostView): { page: PreviewSubpage; item: HTMLElement }[] {
    const { state } = this;
    return this.modulesOf(view).flatMap((module) =>
      module.pages.map((page) => {
        const current = view === state.view && shownSubpage(module, state.page)?.route === page.route;
        const link = h(
          'a',
          {
            href: this.hrefFor({ view, page: page.route }),
            'aria-current': current ? 'page' : null,
            class: 'nav-sublink',
            'data-view': view,
            'data-page': page.route,
          },
          page.title[state.language],
        );
        link.addEventListener('click', (event) => {
          if (event.ctrlKey || event.metaKey || event.shiftKey || event.button !== 0) return;
          event.preventDefault();
          this.update({ view, page: page.route }, 'push');
        });
        return { page, item: h('li', {}, link) };
      }),
    );
  }

  private renderMain(main: HTMLElement): void {
    this.issueView = null;
    if (this.state.view === 'issue') {
      const view = new IssueView(() => this);
      this.issueView = view;
      replaceChildren(main, view.element);
      view.refreshList();
      view.refreshIssue(true);
    } else if (this.state.view === 'project') replaceChildren(main, projectView(this));
    else if (this.state.view === 'dashboard') replaceChildren(main, dashboardView(this));
    else if (this.state.view === 'apps') replaceChildren(main, appsView(this));
    else replaceChildren(main, projectSettingsView(this));
  }
}

async function start(root: HTMLElement): Promise<void> {
  try {
    const config = await fetchConfig();
    root.removeAttribute('aria-busy');
    await new PreviewPage(root, config).render();
  } catch (error) {
    root.removeAttribute('aria-busy');
    const retry = h('button', { type: 'button' }, 'Erneut versuchen / Try again');
    retry.addEventListener('click', () => {
      window.location.reload();
    });
    replaceChildren(
      root,
      h(
        'div',
        { class: 'state-error boot-error', role: 'alert' },
        h('p', { class: 'state-title' }, 'Die Vorschau konnte nicht starten. / The preview could not start.'),
        h('p', {}, messageOf(error)),
        retry,
      ),
    );
  }
}

const root = document.getElementById('app');
if (root !== null) void start(root);
