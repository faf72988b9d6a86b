/**
 * The register page over the real register resolver and the sample CSI project (25 improvements, through the
 * emulator; harness of `test/csi/support.ts`): everything the view holds reads as text in German and English — no
 * open placeholder, no raw locale key, no untranslated evidence id — and the CSV export has a row per improvement.
 */
import type { CsiRegisterView } from '../../src/contract/csi';
import { registerCsvOf } from '../../static/src/csi-register/register-export';
import { NO_FILTERS, applyFilters, filterOptions } from '../../static/src/csi-register/register-model';
import type { UiI18n } from '../../static/src/i18n/load';
import { startCsiHarness, type CsiHarness } from '../csi/support';
import { englishUi, germanUi } from './support/ui-i18n';
import { registerMarkup } from './support/csi-render';

let h: CsiHarness;

beforeAll(async () => {
  h = await startCsiHarness();
}, 60_000);

afterAll(async () => {
  await h.stop();
});

async function register(projectKey: string, locale: string): Promise<CsiRegisterView> {
  const result = await h.handlers.getCsiRegister({ projectKey }, h.contextOf('claudia', locale));
  if (!result.ok)
    throw new Error(`getCsiRegister ${projectKey}: ${result.error.code} ${result.error.detail}`);
  return result.value;
}

const render = (view: CsiRegisterView, i18n: UiI18n): string =>
  registerMarkup({ phase: 'loaded', view }, { i18n, projectKey: view.projectKey });

describe('the register page with the sample CSI project', () => {
  it.each([
    ['de_DE', germanUi],
    ['en_US', englishUi],
  ])('renders all 25 improvements and every section as text (%s)', async (locale, i18n) => {
    const view = await register('CSI', locale);
    const html = render(view, i18n);
    expect(html.match(/<tr data-key="CSI-\d+">/g)).toHaveLength(25);
    expect(html).not.toMatch(/\{\w+\}|csiRegister\.|csiSetup\./);
    for (const evidence of view.capability.evidence) {
      expect(html).toContain(`data-evidence="${evidence.id}"`);
      // A translated label, not the raw id, heads the row.
      expect(html).not.toContain(`<th scope="row">${evidence.id}</th>`);
    }
    for (const id of view.capability.missingForNext) expect(html).toContain(`data-missing="${id}"`);
    for (const status of view.flow.byStatus) expect(html).toContain(`data-status="${status.statusKey}"`);
    // The attention list holds exactly the overdue or stuck items.
    const flagged = view.items.filter((i) => i.overdue || i.stuckDays !== null).map((i) => i.issueKey);
    const attention = /data-testid="attention".*?<\/section>/.exec(html)?.[0] ?? '';
    expect([...attention.matchAll(/<li data-key="([^"]+)"/g)].map((m) => m[1])).toEqual(flagged);
  });

  it('filters the sample by each source, the counts adding up to the whole register', async () => {
    const view = await register('CSI', 'de_DE');
    const options = filterOptions(view.items, NO_FILTERS, 'source');
    expect(options.reduce((sum, o) => sum + o.count, 0)).toBe(25);
    for (const option of options) {
      expect(applyFilters(view.items, { ...NO_FILTERS, source: option.value })).toHaveLength(option.count);
    }
  });

  it('exports the sample as CSV with a row per improvement', async () => {
    const view = await register('CSI', 'de_DE');
    const lines = registerCsvOf(view, germanUi).slice(1).split('\r\n');
    expect(lines).toHaveLength(27); // header, 25 rows, the empty rest after the last CRLF
    expect(lines[0]?.startsWith('"Rang";"Schlüssel";"Zusammenfassung";')).toBe(true);
    expect(lines[1]?.startsWith(`"1";"${view.items[0]?.issueKey ?? ''}";`)).toBe(true);
    // CSI-3 is evaluated and decided by the process owner Claudia: her name, not her account id, is exported.
    const csi3 = lines.find((line) => line.includes(';"CSI-3";')) ?? '';
    const claudia = view.people.find(
      (p) =>
        p.accountId === view.items.find((i) => i.issueKey === 'CSI-3')?.record.decision?.deciderAccountId,
    );
    expect(claudia?.displayName).toBeTruthy();
    expect(csi3).toContain(`;"${claudia?.displayName ?? 'missing'}";`);
    expect(csi3).not.toContain(claudia?.accountId ?? 'missing');
    expect(csi3).toContain(';"Genehmigt";');
  });

  it('shows the not-set-up state for a project without the CSI issue type', async () => {
    const view = await register('HD', 'de_DE');
    expect(view.csiSetUp).toBe(false);
    expect(render(view, germanUi)).toContain('data-testid="not-set-up"');
  });
});
