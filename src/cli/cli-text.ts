/**
 * The command line's messages and headings in German and English, chosen from `LC_ALL`/`LC_MESSAGES`/`LANG`
 * (`de…` → German, anything else → English). Numbers are formatted in the same locale.
 */
export interface CliText {
  readonly locale: 'de-DE' | 'en-US';
  cannotRead(what: string, path: string, reason: string): string;
  notJson(what: string, path: string, reason: string): string;
  notIssueList(path: string): string;
  badChangelog(path: string, entry: number, key: string, where: string): string;
  notMapping(path: string): string;
  badOption(detail: string): string;
  noCommand: string;
  unknownCommand(command: string): string;
  inputRequired: string;
  unknownOption(option: string): string;
  missingValue(option: string): string;
  unexpectedArgument(argument: string): string;
  notOneOf(option: string, value: string, allowed: readonly string[]): string;
  notPositiveInteger(option: string, value: string): string;
  badTimeZone(value: string): string;
  badAsOf(value: string): string;
  badWorkdays(value: string): string;
  badHoliday(value: string): string;
  badMapping(detail: string): string;
  /** Notice on stderr: statuses had no known category and no --workflow was given. */
  unmappedWithoutWorkflow(issues: number): string;
  unexpectedFailure(detail: string): string;
  usage: string;
  /** `--site` and `--input` together. */
  siteAndInput: string;
  jqlRequired: string;
  siteRequired: string;
  badSite(value: string): string;
  /** Names the environment variables that are not set. */
  missingCredentials(names: readonly string[]): string;
  /** 401: the e-mail address or API token is wrong. */
  jiraRejectedCredentials(site: string, detail: string): string;
  /** 403: the account may not do what was asked. */
  jiraForbidden(site: string, detail: string): string;
  /** 400: Jira rejected the JQL (or another part of the request). */
  jiraRejectedQuery(jql: string, detail: string): string;
  /** Jira could not be reached, was rate limiting or failing. */
  jiraUnavailable(detail: string): string;
  heading: {
    asOf: string;
    startPolicy: string;
    perDay: string;
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
  cannotRead: (what, path, reason) =>
    `Cannot read the ${what} file "${path}" (${reason}). Check the path and permissions.`,
  notJson: (what, path, reason) =>
    `The ${what} file "${path}" is not valid JSON (${reason}). Export it again or fix the file.`,
  notIssueList: (path) =>
    `"${path}" holds no list of issues: expected a JSON array of issues or a search response { "issues": [...] }.`,
  badChangelog: (path, entry, key, where) =>
    `Issue ${key} (entry ${entry}) in "${path}" has an unreadable changelog at ${where}. Export the issues again with their changelogs.`,
  notMapping: (path) =>
    `"${path}" is not a workflow mapping: expected { "stages": [...], "startStage": "...", "doneStage": "..." }.`,
  badOption: (detail) => `${detail}\nRun "npm run --silent cli -- metrics --help" for the options.`,
  noCommand: 'No command given.',
  unknownCommand: (command) => `Unknown command "${command}".`,
  inputRequired: '--input FILE or --site URL --jql QUERY is required.',
  unknownOption: (option) => `Unknown option ${option}.`,
  missingValue: (option) => `Option ${option} needs a value.`,
  unexpectedArgument: (argument) => `Unexpected argument "${argument}": every value belongs to an option.`,
  notOneOf: (option, value, allowed) => `${option} "${value}" is not one of: ${allowed.join(', ')}.`,
  notPositiveInteger: (option, value) => `${option} "${value}" must be a whole number ≥ 1.`,
  badTimeZone: (value) => `--tz "${value}" is not an IANA time zone (for example Europe/Berlin or UTC).`,
  badAsOf: (value) => `--as-of "${value}" is not an ISO-8601 instant such as 2026-01-31T00:00:00Z.`,
  badWorkdays: (value) => `--workdays "${value}" must list ISO weekday numbers 1 (Mon) … 7 (Sun).`,
  badHoliday: (value) => `--holidays: "${value}" is not a date YYYY-MM-DD.`,
  badMapping: (detail) => `The workflow mapping cannot be used: ${detail}`,
  unmappedWithoutWorkflow: (issues) =>
    `Note: ${issues} issues passed statuses with no known Jira category (an exported issue carries the category of its current status only), so those statuses are unmapped and never start an item. Pass --workflow FILE to map every status.`,
  unexpectedFailure: (detail) =>
    `Unexpected failure: ${detail}\nPlease report this with the command you ran.`,
  usage: `Usage: npm run --silent cli -- metrics (--input FILE | --site URL --jql QUERY) [options]

  --input FILE            JSON array of Jira issues with changelogs, or a search response { "issues": [...] }
  --site URL              read the issues from a Jira Cloud site instead (or the local emulator's URL),
                          as the account in JIRA_EMAIL with the API token in JIRA_API_TOKEN
  --jql QUERY             with --site: the issues to measure, e.g. "project = HD"
  --workflow FILE         workflow mapping (stages, startStage, doneStage); default: from status categories
  --mode MODE             canonical (default) | jira-agile-metrics
  --start-policy POLICY   first (default) | last
  --tz ZONE               IANA time zone for days (default UTC)
  --as-of INSTANT         ISO-8601 instant (or YYYY-MM-DD: that day's start in --tz); default: now
  --format FORMAT         json (default) | table | csv
  --workdays LIST         working weekdays, ISO numbers 1=Mon..7=Sun (default 1,2,3,4,5)
  --holidays LIST         holiday dates YYYY-MM-DD, comma-separated
  --window-days N         look-back for Little's Law, aging and forecast (default 90)
  --seed N                Monte Carlo seed (default 1)

The effect of a change (before/after test): npm run --silent cli -- effect --help`,
  siteAndInput: 'Use either --input FILE or --site URL --jql QUERY, not both.',
  jqlRequired: '--site needs --jql QUERY, the issues to measure (for example --jql "project = HD").',
  siteRequired:
    '--jql needs --site URL, your Jira Cloud site (for example --site https://example.atlassian.net).',
  badSite: (value) => `--site "${value}" is not a site URL such as https://example.atlassian.net.`,
  missingCredentials: (names) =>
    `--site reads Jira with an Atlassian account: set ${names.join(' and ')} (JIRA_EMAIL: the account's e-mail address; JIRA_API_TOKEN: an API token from https://id.atlassian.com/manage-profile/security/api-tokens).`,
  jiraRejectedCredentials: (site, detail) =>
    `Jira at ${site} did not accept JIRA_EMAIL and JIRA_API_TOKEN (${detail}). Check both; API tokens can expire.`,
  jiraForbidden: (site, detail) =>
    `Jira at ${site} does not let this account read these issues (${detail}). Ask a Jira administrator for the Browse projects permission.`,
  jiraRejectedQuery: (jql, detail) => `Jira rejected the query --jql "${jql}": ${detail}`,
  jiraUnavailable: (detail) =>
    `Jira is not available: ${detail}. Check --site and the network, or try again later.`,
  heading: {
    asOf: 'as of',
    startPolicy: 'start policy',
    perDay: '/d',
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
  badChangelog: (path, entry, key, where) =>
    `Vorgang ${key} (Eintrag ${entry}) in „${path}“ hat eine unlesbare Änderungshistorie bei ${where}. Exportieren Sie die Vorgänge erneut mit Änderungshistorie.`,
  notMapping: (path) =>
    `„${path}“ ist keine Workflow-Zuordnung: erwartet wird { "stages": [...], "startStage": "...", "doneStage": "..." }.`,
  badOption: (detail) => `${detail}\nOptionen: "npm run --silent cli -- metrics --help".`,
  noCommand: 'Kein Befehl angegeben.',
  unknownCommand: (command) => `Unbekannter Befehl „${command}“.`,
  inputRequired: '--input DATEI oder --site URL --jql ABFRAGE fehlt.',
  unknownOption: (option) => `Unbekannte Option ${option}.`,
  missingValue: (option) => `Die Option ${option} braucht einen Wert.`,
  unexpectedArgument: (argument) => `Unerwartetes Argument „${argument}“: jeder Wert gehört zu einer Option.`,
  notOneOf: (option, value, allowed) => `${option} „${value}“ ist keiner der Werte ${allowed.join(', ')}.`,
  notPositiveInteger: (option, value) => `${option} „${value}“ muss eine ganze Zahl ≥ 1 sein.`,
  badTimeZone: (value) => `--tz „${value}“ ist keine IANA-Zeitzone (zum Beispiel Europe/Berlin oder UTC).`,
  badAsOf: (value) => `--as-of „${value}“ ist kein ISO-8601-Zeitpunkt wie 2026-01-31T00:00:00Z.`,
  badWorkdays: (value) => `--workdays „${value}“ muss ISO-Wochentage 1 (Mo) … 7 (So) aufzählen.`,
  badHoliday: (value) => `--holidays: „${value}“ ist kein Datum JJJJ-MM-TT.`,
  badMapping: (detail) => `Die Workflow-Zuordnung ist nicht verwendbar: ${detail}`,
  unmappedWithoutWorkflow: (issues) =>
    `Hinweis: ${issues} Vorgänge durchliefen Status ohne bekannte Jira-Kategorie (ein exportierter Vorgang trägt nur die Kategorie seines aktuellen Status), daher sind diese Status nicht zugeordnet und starten keinen Vorgang. Geben Sie mit --workflow DATEI eine Zuordnung aller Status an.`,
  unexpectedFailure: (detail) =>
    `Unerwarteter Fehler: ${detail}\nBitte melden Sie ihn zusammen mit dem aufgerufenen Befehl.`,
  usage: `Aufruf: npm run --silent cli -- metrics (--input DATEI | --site URL --jql ABFRAGE) [Optionen]

  --input DATEI           JSON-Array von Jira-Vorgängen mit Änderungshistorie oder eine Suchantwort { "issues": [...] }
  --site URL              die Vorgänge stattdessen von einer Jira-Cloud-Site lesen (oder vom lokalen Emulator),
                          als Konto aus JIRA_EMAIL mit dem API-Token aus JIRA_API_TOKEN
  --jql ABFRAGE           mit --site: die zu messenden Vorgänge, z. B. "project = HD"
  --workflow DATEI        Workflow-Zuordnung (stages, startStage, doneStage); ohne: aus den Statuskategorien
  --mode MODUS            canonical (Standard) | jira-agile-metrics
  --start-policy REGEL    first (Standard) | last
  --tz ZONE               IANA-Zeitzone der Tage (Standard UTC)
  --as-of ZEITPUNKT       ISO-8601-Zeitpunkt (oder JJJJ-MM-TT: Beginn dieses Tages in --tz); Standard: jetzt
  --format FORMAT         json (Standard) | table | csv
  --workdays LISTE        Arbeitstage als ISO-Wochentage 1=Mo..7=So (Standard 1,2,3,4,5)
  --holidays LISTE        Feiertage JJJJ-MM-TT, durch Kommas getrennt
  --window-days N         Rückblick für Littles Gesetz, Alter der Arbeit und Prognose (Standard 90)
  --seed N                Startwert der Monte-Carlo-Simulation (Standard 1)

Wirkung einer Änderung (Vorher-nachher-Test): npm run --silent cli -- effect --help`,
  siteAndInput: 'Geben Sie entweder --input DATEI oder --site URL --jql ABFRAGE an, nicht beides.',
  jqlRequired: '--site braucht --jql ABFRAGE, die zu messenden Vorgänge (zum Beispiel --jql "project = HD").',
  siteRequired:
    '--jql braucht --site URL, Ihre Jira-Cloud-Site (zum Beispiel --site https://example.atlassian.net).',
  badSite: (value) => `--site „${value}“ ist keine Site-URL wie https://example.atlassian.net.`,
  missingCredentials: (names) =>
    `--site liest Jira mit einem Atlassian-Konto: setzen Sie ${names.join(' und ')} (JIRA_EMAIL: die E-Mail-Adresse des Kontos; JIRA_API_TOKEN: ein API-Token von https://id.atlassian.com/manage-profile/security/api-tokens).`,
  jiraRejectedCredentials: (site, detail) =>
    `Jira unter ${site} hat JIRA_EMAIL und JIRA_API_TOKEN nicht akzeptiert (${detail}). Prüfen Sie beide; API-Tokens können ablaufen.`,
  jiraForbidden: (site, detail) =>
    `Jira unter ${site} erlaubt diesem Konto nicht, diese Vorgänge zu lesen (${detail}). Bitten Sie eine Jira-Administration um die Berechtigung „Projekte durchsuchen“.`,
  jiraRejectedQuery: (jql, detail) => `Jira hat die Abfrage --jql „${jql}“ abgelehnt: ${detail}`,
  jiraUnavailable: (detail) =>
    `Jira ist nicht erreichbar: ${detail}. Prüfen Sie --site und das Netzwerk oder versuchen Sie es später erneut.`,
  heading: {
    asOf: 'Stand',
    startPolicy: 'Startregel',
    perDay: '/Tag',
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
