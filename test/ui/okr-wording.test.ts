/**
 * The German OKR texts name each concept one way wherever they are shown (OKR page, gadget, issue panel, the
 * manifest's titles): "Key Result" / "Key Results" (the usual German OKR term; the panel and the gadget used it
 * while the page said "Schlüsselergebnis"), "Ziel" for an objective (the gadget said "Objective"), "Zielwert" for
 * the value to reach (never plain "Ziel", which is the objective), "Vorgang" for an issue, and "Sie", never "du".
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';

const german = JSON.parse(
  readFileSync(path.resolve(__dirname, '../../locales/de-DE.json'), 'utf8'),
) as Record<string, string>;

const OKR_PREFIXES = ['okrPage.', 'okrSettings.', 'okrView.', 'okrGadget.', 'keyResults.', 'manifest.okr'];
const okrTexts = Object.entries(german).filter(([key]) =>
  OKR_PREFIXES.some((prefix) => key.startsWith(prefix)),
);

it('has OKR texts to check', () => {
  expect(okrTexts.length).toBeGreaterThan(200);
});

it.each([
  ['Schlüsselergebnis', /Schlüsselergebnis/],
  ['Objective', /\bObjectives?\b/],
  ['Issue', /\bIssues?\b/],
  ['key result in lower case', /\bkey results?\b/],
  ['du-Form', /\b(du|dich|dir|dein\w*)\b/i],
  [
    'umlauts written as ae/oe/ue',
    /\b(fuer|ueber|Vorgaeng\w*|verknuepf\w*|koenn\w*|duerf\w*|muess\w*|Aender\w*|aender\w*|Schluessel\w*|Zeitraeum\w*|zurueck|moeglich\w*|Groess\w*|waehl\w*|Waehl\w*)\b/,
  ],
])('never says %s', (_name, pattern) => {
  const hits = okrTexts.filter(([, text]) => pattern.test(text));
  expect(hits.map(([key]) => key)).toEqual([]);
});

it('calls the value to reach "Zielwert", so "Ziel" always means the objective', () => {
  expect(german['okrPage.keyResult.startTarget']).toBe('Start {start} → Zielwert {target}');
  expect(german['okrView.target']).toBe('Zielwert {value}');
  expect(german['okrPage.chart.target']).toBe('Zielwert');
  const plainTarget = okrTexts.filter(([, text]) => /\bZiel \{(value|target)\}/.test(text));
  expect(plainTarget.map(([key]) => key)).toEqual([]);
});

it('names the OKR page and gadget in the manifest with the same terms', () => {
  expect(german['manifest.okrPage.okrsTitle']).toBe('Ziele und Key Results');
  expect(german['manifest.okrGadget.description']).toMatch(/^Ziele und Key Results /);
});
