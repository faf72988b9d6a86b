/**
 * "Export for the CLI" of the status mapping page: the JSON is exactly the CLI's `--workflow` shape
 * (FLOW-METRICS.md §2), the CLI reads it back as the same mapping, and the texts exist in German and English.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cliText } from '../../src/cli/cli-text';
import { readMappingFile } from '../../src/cli/read-input';
import { deriveDefaultMapping } from '../../src/domain/flow/mapping-defaults';
import { validateMapping } from '../../src/domain/flow/mapping';
import {
  cliMetricsCommand,
  cliWorkflowFileName,
  cliWorkflowJson,
} from '../../static/src/status-mapping/cli-export';
import de from '../../locales/de-DE.json';
import en from '../../locales/en-US.json';

const MAPPING = deriveDefaultMapping([
  { id: '1', name: 'Neu', statusCategory: { key: 'new', name: 'Aufgaben' } },
  { id: '3', name: 'In Bearbeitung', statusCategory: { key: 'indeterminate' } },
  { id: '4', name: 'Wartet auf Kunde', statusCategory: { key: 'indeterminate' } },
  { id: '5', name: 'Gelöst', statusCategory: { key: 'done', name: 'Fertig' } },
]);

describe('cliWorkflowJson', () => {
  it('writes the §2 shape: stages with name, statuses and kind, then start and done stage, and nothing else', () => {
    const json = cliWorkflowJson({
      ...MAPPING,
      stages: MAPPING.stages.map((s) => ({ ...s, extra: 'ignored' })),
    });
    expect(json.endsWith('}\n')).toBe(true);
    const parsed = JSON.parse(json) as Record<string, unknown>;
    expect(Object.keys(parsed)).toEqual(['stages', 'startStage', 'doneStage']);
    expect(parsed).toEqual({
      stages: [
        { name: 'Aufgaben', statuses: ['Neu'], kind: 'backlog' },
        { name: 'In Bearbeitung', statuses: ['In Bearbeitung'], kind: 'active' },
        { name: 'Wartet auf Kunde', statuses: ['Wartet auf Kunde'], kind: 'waiting' },
        { name: 'Fertig', statuses: ['Gelöst'], kind: 'done' },
      ],
      startStage: 'In Bearbeitung',
      doneStage: 'Fertig',
    });
    expect(Object.keys((parsed['stages'] as object[])[0] ?? {})).toEqual(['name', 'statuses', 'kind']);
  });

  it('is read back by the CLI as the same, valid mapping', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'cli-export-'));
    try {
      const file = path.join(dir, cliWorkflowFileName('HD'));
      fs.writeFileSync(file, cliWorkflowJson(MAPPING));
      const read = readMappingFile(file, cliText({ LANG: 'en_US.UTF-8' }));
      expect(read).toEqual(MAPPING);
      expect(() => {
        validateMapping(read);
      }).not.toThrow();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('cliWorkflowFileName and cliMetricsCommand', () => {
  it('names the file after the project key', () => {
    expect(cliWorkflowFileName('HD')).toBe('HD-workflow.json');
    expect(cliWorkflowFileName('A B/C')).toBe('A_B_C-workflow.json');
  });

  it("names the page's calendar in the command, holidays only when there are some", () => {
    expect(
      cliMetricsCommand('HD', 'HD-workflow.json', {
        timeZone: 'Europe/Berlin',
        workingWeekdays: [1, 2, 3, 4, 5],
        holidays: [],
      }),
    ).toBe(
      'npm run --silent cli -- metrics --site https://<site>.atlassian.net --jql "project = HD" --workflow HD-workflow.json --tz Europe/Berlin --workdays 1,2,3,4,5',
    );
    expect(
      cliMetricsCommand('HD', 'HD-workflow.json', {
        timeZone: 'UTC',
        workingWeekdays: [1, 2, 3, 4],
        holidays: ['2026-12-24', '2026-12-25'],
      }),
    ).toMatch(/--workdays 1,2,3,4 --holidays 2026-12-24,2026-12-25$/);
  });
});

describe('texts of the export action', () => {
  it.each(['heading', 'hint', 'button', 'command'])('has %s in German and English', (key) => {
    const name = `statusMapping.cliExport.${key}`;
    expect((en as Record<string, string>)[name]).toEqual(expect.any(String));
    expect((de as Record<string, string>)[name]).toEqual(expect.any(String));
    expect((de as Record<string, string>)[name]).not.toBe((en as Record<string, string>)[name]);
  });
});
