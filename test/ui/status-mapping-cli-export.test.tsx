/**
 * @jest-environment jsdom
 */
/**
 * The status mapping page's "Export for the CLI" as a person uses it (React Testing Library + user-event, jsdom):
 * the button offers the saved mapping as `<key>-workflow.json` in the CLI's `--workflow` shape, and the command
 * shown measures with it and the project's calendar.
 */
import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import type { StatusMappingView } from '../../src/contract/status-mapping';
import { CliExportAction } from '../../static/src/status-mapping/cli-export-action';
import { englishUi } from './support/ui-i18n';

const MAPPING = {
  stages: [
    { name: 'To Do', kind: 'backlog' as const, statuses: ['Neu'] },
    { name: 'In Bearbeitung', kind: 'active' as const, statuses: ['In Bearbeitung'] },
    { name: 'Wartet auf Kunde', kind: 'waiting' as const, statuses: ['Wartet auf Kunde'] },
    { name: 'Done', kind: 'done' as const, statuses: ['Gelöst'] },
  ],
  startStage: 'In Bearbeitung',
  doneStage: 'Done',
};
const CALENDAR = { timeZone: 'Europe/Berlin', workingWeekdays: [1, 2, 3, 4, 5], holidays: [] };

const VIEW: StatusMappingView = {
  projectId: '10000',
  projectKey: 'HD',
  projectName: 'Service Desk',
  mapping: MAPPING,
  calendar: CALENDAR,
  percentiles: [50, 85, 95],
  version: 3,
  derived: false,
  canEdit: false,
  statuses: [],
  defaults: { mapping: { ...MAPPING, stages: [] }, calendar: CALENDAR, percentiles: [50, 85, 95] },
  unmappedStatuses: [],
};

describe('Export for the CLI', () => {
  it("downloads the saved mapping as the CLI's --workflow JSON, also for people who may not edit", async () => {
    const downloads: { json: string; fileName: string }[] = [];
    const { t } = englishUi;
    render(
      <CliExportAction view={VIEW} t={t} download={(json, fileName) => downloads.push({ json, fileName })} />,
    );

    await userEvent.click(screen.getByRole('button', { name: 'Export for the CLI' }));

    expect(downloads).toHaveLength(1);
    expect(downloads[0]?.fileName).toBe('HD-workflow.json');
    expect(JSON.parse(downloads[0]?.json ?? '')).toEqual(MAPPING);
    expect(screen.getByRole('region', { name: 'Export for the CLI' })).toBeTruthy();
    expect(
      screen.getByText(/--workflow HD-workflow\.json --tz Europe\/Berlin --workdays 1,2,3,4,5$/),
    ).toBeTruthy();
  });
});
