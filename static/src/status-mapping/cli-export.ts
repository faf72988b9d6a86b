/**
 * "Export for the CLI": the project's status mapping as the `--workflow` JSON of `npm run cli -- metrics`
 * (FLOW-METRICS.md §2), so the CLI measures exactly what the project page shows. Pure, apart from
 * {@link downloadJson}.
 */
import type { FlowSettingsValue } from '../../../src/contract/status-mapping';
import { downloadText } from '../platform/download';

/**
 * The mapping as the CLI reads it: `{ stages: [{ name, statuses, kind }], startStage, doneStage }`, two-space
 * indented with a final line end. Only those keys, in the specification's order (nothing the CLI does not read).
 *
 * @example
 * cliWorkflowJson({ stages: [{ name: 'Doing', kind: 'active', statuses: ['In Arbeit'] }], startStage: 'Doing', doneStage: 'Doing' })
 * // '{\n  "stages": [\n    {\n      "name": "Doing",\n      "statuses": [\n        "In Arbeit"\n      ],\n      "kind": "active"\n …'
 */
export function cliWorkflowJson(mapping: FlowSettingsValue['mapping']): string {
  const workflow = {
    stages: mapping.stages.map((stage) => ({
      name: stage.name,
      statuses: [...stage.statuses],
      kind: stage.kind,
    })),
    startStage: mapping.startStage,
    doneStage: mapping.doneStage,
  };
  return `${JSON.stringify(workflow, null, 2)}\n`;
}

/** The file name offered: `<project key>-workflow.json` (a key is letters, digits and `_`). */
export function cliWorkflowFileName(projectKey: string): string {
  return `${projectKey.replace(/[^A-Za-z0-9_-]/g, '_')}-workflow.json`;
}

/**
 * The CLI command that measures the project with the exported file and the page's calendar (time zone, working
 * days, holidays), so day boundaries and working days match the page too.
 *
 * @example
 * cliMetricsCommand('HD', 'HD-workflow.json', { timeZone: 'Europe/Berlin', workingWeekdays: [1, 2, 3, 4, 5], holidays: [] })
 * // 'npm run --silent cli -- metrics --site https://<site>.atlassian.net --jql "project = HD" --workflow HD-workflow.json --tz Europe/Berlin --workdays 1,2,3,4,5'
 */
export function cliMetricsCommand(
  projectKey: string,
  fileName: string,
  calendar: FlowSettingsValue['calendar'],
): string {
  const parts = [
    'npm run --silent cli -- metrics --site https://<site>.atlassian.net',
    `--jql "project = ${projectKey}"`,
    `--workflow ${fileName}`,
    `--tz ${calendar.timeZone}`,
    `--workdays ${calendar.workingWeekdays.join(',')}`,
  ];
  if (calendar.holidays.length > 0) parts.push(`--holidays ${calendar.holidays.join(',')}`);
  return parts.join(' ');
}

/** Offers a JSON text as a file download (the browser's Blob download). */
export function downloadJson(json: string, fileName: string): void {
  downloadText(json, fileName, 'application/json;charset=utf-8');
}
