/**
 * @jest-environment jsdom
 */
/**
 * The app's global page (`okr-page`): its route table covers exactly the subpages the manifest's sections name (a
 * route without a chunk would show the OKRs under a FitSM title), the FitSM section lists the FitSM routes in order,
 * the top level and an unknown route open the OKRs, and the titles are German and English.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import {
  DEFAULT_GLOBAL_PAGE_ROUTE,
  GLOBAL_PAGE_ROUTES,
  globalPageLoaderOf,
} from '../../static/src/okr-page/global-page-routes';
import { FITSM_ROUTES } from '../../static/src/fitsm/fitsm-routes';
import { englishUi, germanUi } from './support/ui-i18n';

interface ManifestSection {
  readonly header: { readonly i18n: string };
  readonly pages: readonly { readonly route: string; readonly title: { readonly i18n: string } }[];
}

function globalPageSections(): readonly ManifestSection[] {
  const manifest = parse(readFileSync(path.join(__dirname, '../../manifest.yml'), 'utf8')) as {
    modules: { 'jira:globalPage': readonly { key: string; sections?: readonly ManifestSection[] }[] };
  };
  const [page, ...others] = manifest.modules['jira:globalPage'];
  expect(others).toEqual([]); // Forge allows one global page per app
  expect(page?.key).toBe('okr-page');
  return page?.sections ?? [];
}

it('has a chunk for every subpage of the manifest’s sections, and no route the manifest does not name', () => {
  const routes = globalPageSections().flatMap((section) => section.pages.map((page) => page.route));
  expect(Object.keys(GLOBAL_PAGE_ROUTES).sort()).toEqual([...routes].sort());
});

it('groups the OKR pages and the FitSM pages in two sections, the FitSM routes in sidebar order', () => {
  const sections = globalPageSections();
  expect(sections.map((section) => section.header.i18n)).toEqual([
    'manifest.okrPage.okrSection',
    'manifest.okrPage.fitsmSection',
  ]);
  expect(sections[0]?.pages.map((page) => page.route)).toEqual(['okrs', 'settings']);
  expect(sections[1]?.pages.map((page) => page.route)).toEqual([...FITSM_ROUTES]);
});

it('opens the OKRs at the top level and for a route it does not know, also one named like a prototype key', () => {
  const okrs = GLOBAL_PAGE_ROUTES[DEFAULT_GLOBAL_PAGE_ROUTE];
  expect(globalPageLoaderOf('')).toBe(okrs);
  expect(globalPageLoaderOf('no-such-page')).toBe(okrs);
  expect(globalPageLoaderOf('constructor')).toBe(okrs);
  expect(globalPageLoaderOf('fitsm-audits')).toBe(GLOBAL_PAGE_ROUTES['fitsm-audits']);
  expect(globalPageLoaderOf('fitsm-audits')).not.toBe(okrs);
});

it('titles the app’s page with the app’s name and names the sections in both languages', () => {
  expect(germanUi.t('manifest.okrPage.title')).toBe('Three Ways');
  expect(englishUi.t('manifest.okrPage.title')).toBe('Three Ways');
  expect(germanUi.t('manifest.okrPage.fitsmScheduleTitle')).toBe('Umsetzungsplan');
  expect(englishUi.t('manifest.okrPage.fitsmAuditsTitle')).toBe('Audit plan');
});
