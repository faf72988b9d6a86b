/**
 * The app's global page (`okr-page`, titled with the app's name) is a `jira:globalPage` of the real manifest with
 * two sections, OKR (OKRs, settings) and FitSM (self-assessment, schedule, audit plan, review meeting), and the
 * local preview hosts it: its Apps view lists the module with every subpage under its section (titles from the
 * locale files) and keeps the chosen subpage in the URL, as it does for the project page's subpages.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import germanMessages from '../../locales/de-DE.json';
import englishMessages from '../../locales/en-US.json';
import { readManifestModules } from '../../dev/preview/manifest-modules';
import { searchOf, stateFromSearch } from '../../dev/preview/host/state';

const manifest = readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8');

it('reads the global page from manifest.yml as the Apps view of the preview, its subpages in two sections', () => {
  const okrPage = readManifestModules(manifest, { de: germanMessages, en: englishMessages }).find(
    (module) => module.key === 'okr-page',
  );
  const okr = { de: 'OKR', en: 'OKR' };
  const fitsm = { de: 'FitSM', en: 'FitSM' };
  expect(okrPage).toEqual({
    key: 'okr-page',
    type: 'jira:globalPage',
    hostView: 'apps',
    resourceDir: 'okr-page',
    title: { de: 'Three Ways', en: 'Three Ways' },
    pages: [
      {
        route: 'okrs',
        title: { de: 'Ziele und Key Results', en: 'Objectives and key results' },
        section: okr,
      },
      { route: 'settings', title: { de: 'OKR-Einstellungen', en: 'OKR settings' }, section: okr },
      { route: 'fitsm-assessment', title: { de: 'Selbstbewertung', en: 'Self-assessment' }, section: fitsm },
      {
        route: 'fitsm-schedule',
        title: { de: 'Umsetzungsplan', en: 'Implementation schedule' },
        section: fitsm,
      },
      { route: 'fitsm-audits', title: { de: 'Auditplan', en: 'Audit plan' }, section: fitsm },
      {
        route: 'fitsm-meeting',
        title: { de: 'CSI-Review-Termin', en: 'CSI review meeting' },
        section: fitsm,
      },
    ],
    displayCondition: null,
  });
});

it('keeps the subpage of the Apps view in the preview URL and reads it back', () => {
  const state = { ...stateFromSearch('?view=apps&lang=en'), page: 'settings' };
  expect(searchOf(state)).toBe('/?view=apps&lang=en&page=settings');
  expect(stateFromSearch('?view=apps&page=settings')).toMatchObject({ view: 'apps', page: 'settings' });
});
