/**
 * The words of the preview's CSAT and Automation-rules panel (`rules-panel.ts`), in German and English. Like
 * `host-text.ts`, only the preview's frame: the rules' names and findings come from the server in both languages.
 */
import type { PreviewLanguage } from '../preview-api';

const german = {
  heading: 'Kundenzufriedenheit (Vorschau)',
  hint: 'Die Vorschau bewertet als Melder/in dieser Anfrage: in Jira Service Management darf nur der Melder bewerten.',
  legend: 'Bewertung',
  rating1: '1 – sehr unzufrieden',
  rating2: '2 – unzufrieden',
  rating3: '3 – neutral',
  rating4: '4 – zufrieden',
  rating5: '5 – sehr zufrieden',
  submit: 'Bewertung senden',
  chooseRating: 'Wählen Sie eine Bewertung von 1 bis 5.',
  sending: 'Bewertung {rating} wird gesendet …',
  sent: 'Bewertung {rating} gesendet. Regelläufe: {count}.',
  sentUnsettled: 'Bewertung {rating} gesendet; die Regeln laufen noch. Läufe bisher: {count}.',
  failed: 'Die Bewertung wurde nicht gesendet: {detail}',
  runsHeading: 'Automation-Regeln: Läufe zu {key}',
  rulesLink: 'Alle Regeln und Läufe (JSON)',
  noRuns: 'Noch keine Regelläufe zu diesem Vorgang.',
  runsError: 'Die Regelläufe konnten nicht geladen werden: {detail}',
  outcomePerformed: 'Aktion ausgeführt',
  outcomeNoActions: 'Keine Aktion (Bedingung nicht erfüllt)',
  outcomeFailed: 'Aktion fehlgeschlagen',
  registered: 'Verbesserung {key} registriert',
  registeredBefore: 'Verbesserung {key} war schon registriert (keine zweite)',
};

export type RulesPanelTextKey = keyof typeof german;

const english: Readonly<Record<RulesPanelTextKey, string>> = {
  heading: 'Customer satisfaction (preview)',
  hint: 'The preview rates as this request’s reporter: in Jira Service Management only the reporter may rate.',
  legend: 'Rating',
  rating1: '1 – very unsatisfied',
  rating2: '2 – unsatisfied',
  rating3: '3 – neutral',
  rating4: '4 – satisfied',
  rating5: '5 – very satisfied',
  submit: 'Submit rating',
  chooseRating: 'Choose a rating from 1 to 5.',
  sending: 'Sending rating {rating}…',
  sent: 'Rating {rating} sent. Rule runs: {count}.',
  sentUnsettled: 'Rating {rating} sent; the rules are still running. Runs so far: {count}.',
  failed: 'The rating was not sent: {detail}',
  runsHeading: 'Automation rules: runs for {key}',
  rulesLink: 'All rules and runs (JSON)',
  noRuns: 'No rule runs for this issue yet.',
  runsError: 'The rule runs could not be loaded: {detail}',
  outcomePerformed: 'Action performed',
  outcomeNoActions: 'No action (condition not met)',
  outcomeFailed: 'Action failed',
  registered: 'Improvement {key} registered',
  registeredBefore: 'Improvement {key} was registered before (no second one)',
};

export type RulesPanelText = (
  key: RulesPanelTextKey,
  values?: Readonly<Record<string, string | number>>,
) => string;

/** The panel's translation function for `language`. */
export function rulesPanelText(language: PreviewLanguage): RulesPanelText {
  const messages = language === 'de' ? german : english;
  return (key, values = {}) =>
    messages[key].replace(/\{(\w+)\}/g, (whole, name: string) => {
      const value = values[name];
      return value === undefined ? whole : String(value);
    });
}
