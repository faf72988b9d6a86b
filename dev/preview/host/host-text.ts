/**
 * The host page's own words (the Jira chrome around the modules), in German and English. The modules translate
 * themselves from `locales/*.json`; these strings are only the preview's frame.
 */
import type { PreviewLanguage } from '../preview-api';

const german = {
  pageTitle: 'Three Ways for Jira – Vorschau',
  productName: 'Jira',
  previewBadge: 'Lokale Vorschau',
  skipToContent: 'Zum Inhalt springen',
  settingsLabel: 'Vorschau-Einstellungen',
  userLabel: 'Angemeldet als',
  projectsOf: 'Projekte: {projects}',
  allProjects: 'alle Projekte',
  languageLabel: 'Sprache',
  themeLabel: 'Design',
  themeLight: 'Hell',
  themeDark: 'Dunkel',
  projectLabel: 'Projekt',
  noProjects: 'Keine Projekte sichtbar',
  navLabel: 'Projektnavigation',
  viewIssues: 'Vorgänge',
  viewProject: 'Projektseite',
  viewDashboard: 'Dashboard',
  viewProjectSettings: 'Projekteinstellungen',
  projects: 'Projekte',
  issuesHeading: 'Vorgänge',
  searchLabel: 'Vorgänge suchen',
  searchPlaceholder: 'Schlüssel oder Zusammenfassung',
  loadingIssues: 'Vorgänge werden geladen …',
  noIssues: 'Keine Vorgänge gefunden.',
  noIssuesHint: 'Ändern Sie die Suche oder wählen Sie ein anderes Projekt.',
  moreIssues: 'Es gibt weitere Treffer: Suche verfeinern.',
  newestIssues: 'Die {count} neuesten Vorgänge. Suchen Sie nach Schlüssel oder Zusammenfassung.',
  issueCount: '{count} Vorgänge',
  issueCountOne: '1 Vorgang',
  selectIssue: 'Wählen Sie links einen Vorgang aus, um ihn mit den App-Bereichen zu sehen.',
  loadingIssue: 'Vorgang wird geladen …',
  description: 'Beschreibung',
  noDescription: 'Keine Beschreibung',
  details: 'Details',
  status: 'Status',
  assignee: 'Bearbeiter',
  reporter: 'Melder',
  priority: 'Priorität',
  issueType: 'Vorgangstyp',
  labels: 'Labels',
  created: 'Erstellt',
  updated: 'Aktualisiert',
  resolved: 'Erledigt',
  resolution: 'Lösung',
  none: 'Keine',
  unassigned: 'Nicht zugewiesen',
  apps: 'Apps',
  loadError: 'Die Daten konnten nicht geladen werden.',
  loadErrorHint: 'Läuft `npm start` noch? Details: {detail}',
  retry: 'Erneut versuchen',
  moduleLoading: '{title} wird geladen …',
  dashboardHeading: 'Dashboard der Vorschau',
  projectSettingsHeading: 'Projekteinstellungen',
  emulatorNote: 'Daten aus dem lokalen Jira-Emulator ({url}).',
  openedInNewTab: 'Die App wollte {url} öffnen; es wurde in einem neuen Tab geöffnet.',
} as const;

export type HostTextKey = keyof typeof german;

const english: Readonly<Record<HostTextKey, string>> = {
  pageTitle: 'Three Ways for Jira – preview',
  productName: 'Jira',
  previewBadge: 'Local preview',
  skipToContent: 'Skip to content',
  settingsLabel: 'Preview settings',
  userLabel: 'Signed in as',
  projectsOf: 'projects: {projects}',
  allProjects: 'all projects',
  languageLabel: 'Language',
  themeLabel: 'Theme',
  themeLight: 'Light',
  themeDark: 'Dark',
  projectLabel: 'Project',
  noProjects: 'No projects visible',
  navLabel: 'Project navigation',
  viewIssues: 'Issues',
  viewProject: 'Project page',
  viewDashboard: 'Dashboard',
  viewProjectSettings: 'Project settings',
  projects: 'Projects',
  issuesHeading: 'Issues',
  searchLabel: 'Search issues',
  searchPlaceholder: 'Key or summary',
  loadingIssues: 'Loading issues…',
  noIssues: 'No issues found.',
  noIssuesHint: 'Change the search or pick another project.',
  moreIssues: 'More issues match: refine the search.',
  newestIssues: 'The {count} newest issues. Search by key or summary.',
  issueCount: '{count} issues',
  issueCountOne: '1 issue',
  selectIssue: 'Pick an issue on the left to see it with the app’s panels.',
  loadingIssue: 'Loading issue…',
  description: 'Description',
  noDescription: 'No description',
  details: 'Details',
  status: 'Status',
  assignee: 'Assignee',
  reporter: 'Reporter',
  priority: 'Priority',
  issueType: 'Issue type',
  labels: 'Labels',
  created: 'Created',
  updated: 'Updated',
  resolved: 'Resolved',
  resolution: 'Resolution',
  none: 'None',
  unassigned: 'Unassigned',
  apps: 'Apps',
  loadError: 'The data could not be loaded.',
  loadErrorHint: 'Is `npm start` still running? Details: {detail}',
  retry: 'Try again',
  moduleLoading: 'Loading {title}…',
  dashboardHeading: 'Preview dashboard',
  projectSettingsHeading: 'Project settings',
  emulatorNote: 'Data from the local Jira emulator ({url}).',
  openedInNewTab: 'The app asked to open {url}; it was opened in a new tab.',
};

const texts: Readonly<Record<PreviewLanguage, Readonly<Record<HostTextKey, string>>>> = {
  de: german,
  en: english,
};

export type HostText = (key: HostTextKey, values?: Readonly<Record<string, string | number>>) => string;

/** The host page's translation function for `language`; `{name}` placeholders are filled from `values`. */
export function hostText(language: PreviewLanguage): HostText {
  return (key, values = {}) =>
    texts[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      return value === undefined ? whole : String(value);
    });
}

/** The Forge locale of a preview language. */
export function localeOf(language: PreviewLanguage): 'de-DE' | 'en-US' {
  return language === 'de' ? 'de-DE' : 'en-US';
}
