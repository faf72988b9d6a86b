import { readManifestModules } from '../../dev/preview/manifest-modules';
import { searchOf, stateFromSearch } from '../../dev/preview/host/state';

const messages = {
  de: { 'page.flow': 'Flow', 'page.register': 'CSI-Register' },
  en: { 'page.flow': 'Flow', 'page.register': 'CSI register' },
};

describe('readManifestModules: subpages (manifest `pages`)', () => {
  it('lists a module’s pages with their routes (no slashes) and translated titles, in manifest order', () => {
    const modules = readManifestModules(
      [
        'modules:',
        '  jira:projectPage:',
        '    - key: app-page',
        '      resource: project-page',
        '      title: Three Ways',
        '      pages:',
        '        - title:',
        '            i18n: page.flow',
        '          route: flow',
        '        - title:',
        '            i18n: page.register',
        '          route: /csi-register/',
        '        - title: Without route',
        'resources:',
        '  - key: project-page',
        '    path: static/build/project-page',
      ].join('\n'),
      messages,
    );
    expect(modules).toEqual([
      {
        key: 'app-page',
        type: 'jira:projectPage',
        hostView: 'project',
        resourceDir: 'project-page',
        title: { de: 'Three Ways', en: 'Three Ways' },
        pages: [
          { route: 'flow', title: { de: 'Flow', en: 'Flow' } },
          { route: 'csi-register', title: { de: 'CSI-Register', en: 'CSI register' } },
        ],
        displayCondition: null,
      },
    ]);
  });

  it('lists the pages of `sections` after the module’s own pages, each naming its section’s translated header', () => {
    const [module] = readManifestModules(
      [
        'modules:',
        '  jira:globalPage:',
        '    - key: app',
        '      resource: app',
        '      title: Three Ways',
        '      sections:',
        '        - header:',
        '            i18n: page.register',
        '          pages:',
        '            - title:',
        '                i18n: page.flow',
        '              route: /flow',
        '            - title: Without route',
        '        - header: FitSM',
        '          pages:',
        '            - title: Self-assessment',
        '              route: fitsm-assessment',
        '        - pages: not-a-list',
      ].join('\n'),
      messages,
    );
    expect(module?.pages).toEqual([
      {
        route: 'flow',
        title: { de: 'Flow', en: 'Flow' },
        section: { de: 'CSI-Register', en: 'CSI register' },
      },
      {
        route: 'fitsm-assessment',
        title: { de: 'Self-assessment', en: 'Self-assessment' },
        section: { de: 'FitSM', en: 'FitSM' },
      },
    ]);
  });

  it('gives a module without pages none', () => {
    const [module] = readManifestModules(
      'modules:\n  jira:issuePanel:\n    - key: p\n      resource: r\n      title: Flow\n',
      messages,
    );
    expect(module?.pages).toEqual([]);
  });
});

describe('the host page state: the subpage in the URL', () => {
  it('keeps the subpage of a project or project settings page in the query, and reads it back', () => {
    const state = { ...stateFromSearch('?view=project&project=MAIL'), page: 'csi-register' };
    expect(searchOf(state)).toBe('/?view=project&project=MAIL&page=csi-register');
    expect(stateFromSearch('?view=project&project=MAIL&page=csi-register').page).toBe('csi-register');
  });

  it('leaves the subpage out on views without subpages', () => {
    expect(searchOf({ ...stateFromSearch('?project=HD&issue=HD-1'), page: 'csi-register' })).toBe(
      '/?project=HD&issue=HD-1',
    );
  });
});
