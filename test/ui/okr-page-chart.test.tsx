/**
 * The key result's history chart renders its text alternative without a browser (the canvas is drawn in one):
 * a figure with the caption naming the key result, a summary sentence with the latest value and the target, and
 * the data table listing every value oldest first with its source, in German and English.
 */
import { renderToStaticMarkup } from 'react-dom/server';
import HistoryChart from '../../static/src/okr-page/history-chart';
import { createOkrFormat } from '../../static/src/okr-page/okr-format';
import { plainText } from './support/html-text';
import { englishUi, germanUi } from './support/ui-i18n';
import { signInDetail } from './okr-page-fixtures';

it('names the key result, sums up the latest value against the target and lists the values', () => {
  const html = renderToStaticMarkup(
    <HistoryChart
      detail={signInDetail}
      i18n={englishUi}
      format={createOkrFormat(englishUi, 'Europe/Berlin')}
      timeZone="Europe/Berlin"
    />,
  );
  const text = plainText(html);
  expect(text).toContain('History of “Fehlgeschlagene Anmeldeversuche um 15 % verringern”');
  expect(text).toContain(
    '2 values; the latest is 205 Anmeldungen/Tag on Mar 2, 2026; target 170 Anmeldungen/Tag.',
  );
  const table = html.slice(html.indexOf('<table'));
  expect(table.indexOf('200 Anmeldungen/Tag')).toBeGreaterThan(0);
  expect(table.indexOf('200 Anmeldungen/Tag')).toBeLessThan(table.indexOf('205 Anmeldungen/Tag'));
  expect(text).toContain('Another system (web trigger)');
  expect(text).toContain('Entered by hand');
});

it('says it in German', () => {
  const text = plainText(
    renderToStaticMarkup(
      <HistoryChart
        detail={signInDetail}
        i18n={germanUi}
        format={createOkrFormat(germanUi, 'Europe/Berlin')}
        timeZone="Europe/Berlin"
      />,
    ),
  );
  expect(text).toContain('Verlauf von „Fehlgeschlagene Anmeldeversuche um 15 % verringern“');
  expect(text).toContain(
    '2 Werte; der neueste ist 205 Anmeldungen/Tag am 02.03.2026; Zielwert 170 Anmeldungen/Tag.',
  );
});

it('shows its empty state before the first value', () => {
  const text = plainText(
    renderToStaticMarkup(
      <HistoryChart
        detail={{ ...signInDetail, checkIns: [] }}
        i18n={englishUi}
        format={createOkrFormat(englishUi, 'UTC')}
        timeZone="UTC"
      />,
    ),
  );
  expect(text).toContain('No values yet: the first check-in or measurement starts the history.');
});
