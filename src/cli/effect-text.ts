/**
 * The `effect` command's own messages, usage and table labels in German and English (the language of
 * {@link CliText}); the messages it shares with `metrics` (files, site, time zone) stay in `cli-text.ts`.
 */
import type { EffectVerdict } from '../domain/flow/effect';
import type { CliText } from './cli-text';

export interface EffectText {
  /** `metrics`' texts with the usage of `effect` and its option hint on the same line (one line on stderr). */
  readonly cli: CliText;
  changeDateRequired: string;
  badChangeDate(value: string): string;
  badAlpha(value: string): string;
  heading(changeDate: string, metric: string, timeZone: string): string;
  readonly labels: {
    readonly before: string;
    readonly after: string;
    readonly from: string;
    readonly to: string;
    readonly days: string;
    readonly medianChange: string;
    readonly interval: string;
    readonly resamples: string;
    readonly seed: string;
    readonly effectSize: string;
    readonly verdict: string;
    readonly warnings: string;
    readonly none: string;
  };
  readonly verdicts: Record<EffectVerdict, string>;
}

const EN_USAGE = `Usage: npm run --silent cli -- effect (--input FILE | --site URL --jql QUERY) --change-date YYYY-MM-DD [options]

Did we get there? Compares lead or cycle times of the issues done before the change date with those done from
it on (FLOW-METRICS.md §6): medians, Mann–Whitney U test, bootstrap interval, verdict.

  --input FILE            JSON array of Jira issues with changelogs, or a search response { "issues": [...] }
  --site URL --jql QUERY  read the issues from a Jira Cloud site instead (JIRA_EMAIL, JIRA_API_TOKEN)
  --workflow FILE         workflow mapping (stages, startStage, doneStage); default: from status categories
  --change-date DATE      the first day after the change, YYYY-MM-DD in --tz (required)
  --metric METRIC         lead-time (default) | cycle-time
  --before-days N         days before the change date (default 90)
  --after-days N          days from the change date on (default 90)
  --alpha A               significance level, 0 < A < 1 (default 0.05)
  --seed N                bootstrap seed (default 1)
  --tz ZONE               IANA time zone of the dates (default UTC)
  --as-of INSTANT         ISO-8601 instant or YYYY-MM-DD the data is as of (default: now)
  --format FORMAT         json (default) | table`;

const DE_USAGE = `Aufruf: npm run --silent cli -- effect (--input DATEI | --site URL --jql ABFRAGE) --change-date JJJJ-MM-TT [Optionen]

Haben wir es geschafft? Vergleicht Durchlauf- oder Bearbeitungszeiten der vor dem Änderungsdatum erledigten
Vorgänge mit denen ab diesem Datum (FLOW-METRICS.md §6): Mediane, Mann-Whitney-U-Test, Bootstrap-Intervall, Urteil.

  --input DATEI           JSON-Array von Jira-Vorgängen mit Änderungshistorie oder eine Suchantwort { "issues": [...] }
  --site URL --jql ABFRAGE  die Vorgänge stattdessen von einer Jira-Cloud-Site lesen (JIRA_EMAIL, JIRA_API_TOKEN)
  --workflow DATEI        Workflow-Zuordnung (stages, startStage, doneStage); ohne: aus den Statuskategorien
  --change-date DATUM     der erste Tag nach der Änderung, JJJJ-MM-TT in --tz (Pflicht)
  --metric KENNZAHL       lead-time (Durchlaufzeit, Standard) | cycle-time (Bearbeitungszeit)
  --before-days N         Tage vor dem Änderungsdatum (Standard 90)
  --after-days N          Tage ab dem Änderungsdatum (Standard 90)
  --alpha A               Signifikanzniveau, 0 < A < 1 (Standard 0.05)
  --seed N                Startwert des Bootstraps (Standard 1)
  --tz ZONE               IANA-Zeitzone der Daten (Standard UTC)
  --as-of ZEITPUNKT       ISO-8601-Zeitpunkt oder JJJJ-MM-TT, Stand der Daten (Standard: jetzt)
  --format FORMAT         json (Standard) | table`;

const en = {
  changeDateRequired:
    '--change-date YYYY-MM-DD is required: the first day after the change (for example the go-live date).',
  badChangeDate: (value: string) => `--change-date "${value}" is not a date YYYY-MM-DD such as 2026-06-18.`,
  badAlpha: (value: string) => `--alpha "${value}" must be a number between 0 and 1, such as 0.05.`,
  heading: (changeDate: string, metric: string, timeZone: string) =>
    `Effect of the change on ${changeDate} · ${metric} · ${timeZone}`,
  labels: {
    before: 'before',
    after: 'after',
    from: 'from',
    to: 'to (excl.)',
    days: 'days',
    medianChange: 'Median change',
    interval: '95 % bootstrap interval',
    resamples: 'resamples',
    seed: 'seed',
    effectSize: 'effect size',
    verdict: 'Verdict',
    warnings: 'Warnings',
    none: 'none',
  },
  verdicts: {
    improved: 'improved',
    worse: 'worse',
    'no-detectable-change': 'no detectable change',
    'insufficient-data': 'insufficient data (fewer than 8 values in a window)',
  },
};

const de: typeof en = {
  changeDateRequired:
    '--change-date JJJJ-MM-TT fehlt: der erste Tag nach der Änderung (zum Beispiel das Go-live-Datum).',
  badChangeDate: (value) => `--change-date „${value}“ ist kein Datum JJJJ-MM-TT wie 2026-06-18.`,
  badAlpha: (value) => `--alpha „${value}“ muss eine Zahl zwischen 0 und 1 sein, zum Beispiel 0.05.`,
  heading: (changeDate, metric, timeZone) =>
    `Wirkung der Änderung vom ${changeDate} · ${metric} · ${timeZone}`,
  labels: {
    before: 'vorher',
    after: 'nachher',
    from: 'von',
    to: 'bis (exkl.)',
    days: 'Tage',
    medianChange: 'Änderung des Medians',
    interval: '95-%-Bootstrap-Intervall',
    resamples: 'Stichproben',
    seed: 'Startwert',
    effectSize: 'Effektstärke',
    verdict: 'Urteil',
    warnings: 'Warnungen',
    none: 'keine',
  },
  verdicts: {
    improved: 'verbessert',
    worse: 'verschlechtert',
    'no-detectable-change': 'keine nachweisbare Änderung',
    'insufficient-data': 'zu wenige Daten (weniger als 8 Werte in einem Zeitraum)',
  },
};

/** The `effect` texts in the language of `text`. */
export function effectText(text: CliText): EffectText {
  const german = text.locale === 'de-DE';
  const cli: CliText = {
    ...text,
    badOption: (detail) =>
      german
        ? `${detail} Optionen: "npm run --silent cli -- effect --help".`
        : `${detail} Options: "npm run --silent cli -- effect --help".`,
    usage: german ? DE_USAGE : EN_USAGE,
  };
  return { cli, ...(german ? de : en) };
}
