/**
 * The OKR page is a `jira:globalPage` of the real manifest with the subpages OKRs and settings, and the local
 * preview hosts it: its Apps view lists the module with both subpages (titles from the locale files) and keeps
 * the chosen subpage in the URL, as it does for the project page's subpages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import germanMessages from '../../locales/de-DE.json';
import englishMessages from '../../locales/en-US.json';
import { readManifestModules } from '../../dev/preview/manifest-modules';
import { searchOf, stateFromSearch } from '../../dev/preview/host/state';

const manifest = readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8');

it('reads the OKR page from manifest.yml as the Apps view of the preview, with its two subpages', () => {
  const okrPage = readManifestModules(manifest, { de: germanMessages, en: englishMessages }).find(
    (module) => module.key === 'okr-page',
  );
  expect(okrPage).toEqual({
    key: 'okr-page',
    type: 'jira:globalPage',
    hostView: 'apps',
    resourceDir: 'okr-page',
    title: { de: 'OKR', en: 'OKRs' },
    pages: [
      { route: 'okrs', title: { de: 'Ziele und Key Results', en: 'Objectives and key results' } },
      { route: 'settings', title: { de: 'OKR-Einstellungen', en: 'OKR settings' } },
    ],
    displayCondition: null,
  });
});

it('keeps the subpage of the Apps view in the preview URL and reads it back', () => {
  const state = { ...stateFromSearch('?view=apps&lang=en'), page: 'settings' };
  expect(searchOf(state)).toBe('/?view=apps&lang=en&page=settings');
  expect(stateFromSearch('?view=apps&page=settings')).toMatchObject({ view: 'apps', page: 'settings' });
});
