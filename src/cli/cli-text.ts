/**
 * The command line's messages and headings in German and English, chosen from `LC_ALL`/`LC_MESSAGES`/`LANG`
 * (`de…` → German, anything else → English). Numbers are formatted in the same locale.
 */
export interface CliText {
  readonly locale: 'de-DE' | 'en-US';
  cannotRead(what: string, path: string, reason: string): string;
  notJson(what: string, path: string, reason: string): string;
  notIssueList(path: string): string;
  notMapping(path: string): string;
  badOption(detail: string): string;
  usage: string;
  siteNotYet: string;
  heading: {
    issues: string;
    done: string;
    inProgress: string;
    notStarted: string;
    warnings: string;
    none: string;
    leadTime: string;
    cycleTime: string;
    count: string;
    throughputPerWeek: string;
    wipNow: string;
    littlesLaw: string;
    stable: string;
    unstable: string;
    forecast: string;
    byDate: string;
    allDone: string;
    key: string;
    type: string;
    status: string;
    start: string;
    doneAt: string;
    leadDays: string;
    cycleDays: string;
    efficiency: string;
    days: string;
  };
}

const en: CliText = {
  locale: 'en-US',
  cannotRead: (what, path, reason) => `Cannot read the ${what} file "${path}" (${reason}). Check the path and permissions.`,
  notJson: (what, path, reason) =>
    `The ${what} file "${path}" is not valid JSON (${reason}). Export it again or fix the file.`,
  notIssueList: (path) =>
    `"${path}" holds no list of issues: expected a JSON array of issues or a search response { "issues": [...] }.`,
  notMapping: (path) =>
    `"${path}" is not a workflow mapping: expected { "stages": [...], "startStage": "...", "doneStage": "..." }.`,
  badOption: (detail) => `${detail}\nRun "npm run --silent cli -- metrics --help" for the options.`,
  usage: `Usage: npm run --silent cli -- metrics --input FILE [options]

  --input FILE            JSON array of Jira issues with changelogs, or a search response { "issues": [...] }
  --workflow FILE         workflow mapping (stages, startStage, doneStage); default: from status categories
  --mode MODE             canonical (default) | jira-agile-metrics
  --start-policy POLICY   first (default) | last
  --tz ZONE               IANA time zone for days (default UTC)
  --as-of INSTANT         ISO-8601 instant (or YYYY-MM-DD: that day's start in --tz); default: now
  --format FORMAT         json (default) | table | csv
  --workdays LIST         working weekdays, ISO numbers 1=Mon..7=Sun (default 1,2,3,4,5)
  --holidays LIST         holiday dates YYYY-MM-DD, comma-separated
  --window-days N         look-back for Little's Law, aging and forecast (default 90)
  --seed N                Monte Carlo seed (default 1)`,
  siteNotYet:
    '--site (live Jira) is not available in this version; export issues with changelogs to a file and use --input.',
  heading: {
    issues: 'Issues',
    done: 'done',
    inProgress: 'in progress',
    notStarted: 'not started',
    warnings: 'Warnings',
    none: 'none',
    leadTime: 'Lead time',
    cycleTime: 'Cycle time',
    count: 'count',
    throughputPerWeek: 'Throughput per week',
    wipNow: 'WIP now',
    littlesLaw: "Little's Law",
    stable: 'stable',
    unstable: 'not stable',
    forecast: 'Forecast',
    byDate: 'items done by',
    allDone: 'current WIP done by',
    key: 'Key',
    type: 'Type',
    status: 'Status',
    start: 'Start',
    doneAt: 'Done',
    leadDays: 'Lead d',
    cycleDays: 'Cycle d',
    efficiency: 'Flow eff.',
    days: 'days',
  },
};

const de: CliText = {
  locale: 'de-DE',
  cannotRead: (what, path, reason) =>
    `Die Datei „${path}“ (${what === 'input' ? 'Eingabe' : 'Workflow'}) kann nicht gelesen werden (${reason}). Prüfen Sie Pfad und Berechtigungen.`,
  notJson: (what, path, reason) =>
    `Die Datei „${path}“ (${what === 'input' ? 'Eingabe' : 'Workflow'}) ist kein gültiges JSON (${reason}). Exportieren Sie sie neu oder korrigieren Sie sie.`,
  notIssueList: (path) =>
    `„${path}“ enthält keine Vorgangsliste: erwartet wird ein JSON-Array von Vorgängen oder eine Suchantwort { "issues": [...] }.`,
  notMapping: (path) =>
    `„${path}“ ist keine Workflow-Zuordnung: erwartet wird { "stages": [...], "startStage": "...", "doneStage": "..." }.`,
  badOption: (detail) => `${detail}\nOptionen: "npm run --silent cli -- metrics --help".`,
  usage: en.usage,
  siteNotYet:
    '--site (Jira live) ist in dieser Version noch nicht verfügbar; exportieren Sie die Vorgänge mit Änderungshistorie in eine Datei und nutzen Sie --input.',
  heading: {
    issues: 'Vorgänge',
    done: 'erledigt',
    inProgress: 'in Arbeit',
    notStarted: 'nicht begonnen',
    warnings: 'Warnungen',
    none: 'keine',
    leadTime: 'Durchlaufzeit',
    cycleTime: 'Bearbeitungszeit',
    count: 'Anzahl',
    throughputPerWeek: 'Durchsatz pro Woche',
    wipNow: 'WIP jetzt',
    littlesLaw: 'Littles Gesetz',
    stable: 'stabil',
    unstable: 'nicht stabil',
    forecast: 'Prognose',
    byDate: 'Vorgänge erledigt bis',
    allDone: 'aktueller WIP erledigt bis',
    key: 'Schlüssel',
    type: 'Typ',
    status: 'Status',
    start: 'Start',
    doneAt: 'Erledigt',
    leadDays: 'DLZ T',
    cycleDays: 'BZ T',
    efficiency: 'Flusseff.',
    days: 'Tage',
  },
};

/** Picks the language from the environment's locale variables. */
export function cliText(env: NodeJS.ProcessEnv): CliText {
  const lang = env.LC_ALL ?? env.LC_MESSAGES ?? env.LANG ?? '';
  return lang.toLowerCase().startsWith('de') ? de : en;
}
