/**
 * The Jira pages that host the app's other module types: a project page (`jira:projectPage`), a dashboard with
 * gadgets (`jira:dashboardGadget`), project settings (`jira:projectSettingsPage`) and a global page in the Apps
 * menu (`jira:globalPage`). A page appears only when the manifest has a module for it.
 */
import type { PreviewModule, PreviewSubpage } from '../preview-api';
import { h } from './dom';
import { projectExtension, type HostApp } from './host-app';
import { moduleFrame } from './module-frame';

function noProject(app: HostApp): HTMLElement {
  return h('div', { class: 'state-empty' }, h('p', { class: 'state-title' }, app.text('noProjects')));
}

/** The subpage of `module` the page shows: the one the state names, else the first; null without subpages. */
export function shownSubpage(module: PreviewModule, page: string): PreviewSubpage | null {
  // `page` may name a path inside the subpage (a deep link, `okrs/key-results/KR-2`): its first segment is the route.
  const route = page.split('/')[0] ?? '';
  return module.pages.find((candidate) => candidate.route === route) ?? module.pages[0] ?? null;
}

function moduleSection(
  app: HostApp,
  module: PreviewModule,
  extension: Readonly<Record<string, unknown>>,
  className: string,
  showTitle: boolean,
): HTMLElement {
  // A module with subpages shows the chosen one, titled by it (Jira titles a subpage with its own title).
  const subpage = shownSubpage(module, app.state.page);
  const title = (subpage ?? module).title[app.state.language];
  const headingId = `module-${module.key}`;
  return h(
    'section',
    { class: `module ${className}`, 'aria-labelledby': headingId, 'aria-busy': 'true' },
    h('h2', { id: headingId, class: showTitle ? 'module-title' : 'visually-hidden' }, title),
    moduleFrame(
      module,
      app.contextFor(module, extension),
      title,
      // The whole path of a deep link into the subpage reaches the module's history, as Jira passes it on.
      subpage === null
        ? null
        : app.state.page.startsWith(`${subpage.route}/`)
          ? app.state.page
          : subpage.route,
    ),
  );
}

/** A project page: the module fills the page under the project's name. */
export function projectView(app: HostApp): HTMLElement {
  if (app.project === null) return noProject(app);
  const project = app.project;
  return h(
    'div',
    { class: 'page-view' },
    h('h1', { tabindex: '-1' }, project.name),
    ...app
      .modulesOf('project')
      .map((module) =>
        moduleSection(
          app,
          module,
          { project: projectExtension(project) },
          'module-page',
          app.modulesOf('project').length > 1 || module.pages.length > 0,
        ),
      ),
  );
}

/** A dashboard: every gadget in a two-column grid, each with its title bar. */
export function dashboardView(app: HostApp): HTMLElement {
  return h(
    'div',
    { class: 'page-view' },
    h('h1', { tabindex: '-1' }, app.text('dashboardHeading')),
    h(
      'div',
      { class: 'gadget-grid' },
      ...app.modulesOf('dashboard').map((module) =>
        moduleSection(
          app,
          module,
          {
            // As Jira's context names a gadget: the System Dashboard (the emulator's dashboard 10000, which only
            // Jira administrators may edit) and the gadget's id on it.
            gadget: { id: `preview-${module.key}` },
            dashboard: { id: '10000' },
            gadgetConfiguration: {},
          },
          'module-gadget',
          true,
        ),
      ),
    ),
  );
}

/** Project settings: the module's page under the settings heading. */
export function projectSettingsView(app: HostApp): HTMLElement {
  if (app.project === null) return noProject(app);
  const project = app.project;
  return h(
    'div',
    { class: 'page-view' },
    h('p', { class: 'eyebrow' }, project.name),
    h('h1', { tabindex: '-1' }, app.text('projectSettingsHeading')),
    ...app
      .modulesOf('project-settings')
      .map((module) =>
        moduleSection(app, module, { project: projectExtension(project) }, 'module-page', true),
      ),
  );
}

/**
 * A global page (Jira's Apps menu): the module fills the page under its own title, outside any project (Jira's
 * context has no project for it).
 */
export function appsView(app: HostApp): HTMLElement {
  const modules = app.modulesOf('apps');
  return h(
    'div',
    { class: 'page-view' },
    h('h1', { tabindex: '-1' }, modules.map((module) => module.title[app.state.language]).join(', ')),
    ...modules.map((module) => moduleSection(app, module, {}, 'module-page', module.pages.length > 0)),
  );
}
