/**
 * The status-mapping resolvers end to end over the local Jira emulator (real Jira client over HTTP, sample data):
 * ITSM-aware defaults, admin-only saves checked against Jira, lost-update protection, validation, round trip,
 * data quality, and that the project flow settings other views use follow a save.
 */
import { getProjectFlowSettings } from '../../src/application/project-settings';
import type { StatusMappingView } from '../../src/contract/status-mapping';
import { startMappingHarness, type MappingHarness } from './support';

const TIMEOUT_MS = 60_000;

let h: MappingHarness;

beforeAll(async () => {
  h = await startMappingHarness();
}, TIMEOUT_MS);
afterAll(async () => {
  await h.stop();
});

async function load(projectKey: string, who: Parameters<MappingHarness['contextOf']>[0] = 'sabine') {
  const result = await h.handlers.getStatusMapping({ projectKey }, h.contextOf(who));
  if (!result.ok) throw new Error(`getStatusMapping failed: ${result.error.code} ${result.error.detail}`);
  return result.value;
}

function settingsOf(view: StatusMappingView) {
  return { mapping: view.mapping, calendar: view.calendar, percentiles: view.percentiles };
}

describe('defaults', () => {
  it('derives the help desk stages from its statuses: "Wartet auf Kunde" is waiting, reopened joins the work stage', async () => {
    const view = await load('HD');
    expect(view.derived).toBe(true);
    expect(view.version).toBeNull();
    expect(view.canEdit).toBe(true);
    expect(view.mapping).toEqual({
      stages: [
        { name: 'To Do', kind: 'backlog', statuses: ['Neu'] },
        { name: 'In Bearbeitung', kind: 'active', statuses: ['In Bearbeitung', 'Wieder geöffnet'] },
        { name: 'Wartet auf Kunde', kind: 'waiting', statuses: ['Wartet auf Kunde'] },
        { name: 'Done', kind: 'done', statuses: ['Gelöst', 'Geschlossen'] },
      ],
      startStage: 'In Bearbeitung',
      doneStage: 'Done',
    });
    expect(view.defaults).toEqual(settingsOf(view));
    expect(view.calendar).toEqual({
      timeZone: 'Europe/Berlin',
      workingWeekdays: [1, 2, 3, 4, 5],
      holidays: [],
    });
    expect(view.percentiles).toEqual([50, 85, 95]);
    expect(view.statuses.map((s) => s.name)).toEqual([
      'Neu',
      'In Bearbeitung',
      'Wartet auf Kunde',
      'Gelöst',
      'Geschlossen',
      'Wieder geöffnet',
    ]);
    expect(view.unmappedStatuses).toEqual([]);
  });

  it('tells a non-admin agent that they may not edit', async () => {
    const view = await load('HD', 'lukas');
    expect(view.canEdit).toBe(false);
    expect(view.mapping.stages).toHaveLength(4);
  });

  it('answers not-found for a project the user may not browse, and invalid-payload for a malformed key', async () => {
    const hidden = await h.handlers.getStatusMapping({ projectKey: 'MAIL' }, h.contextOf('paul'));
    expect(hidden).toMatchObject({ ok: false, error: { code: 'not-found' } });
    const bad = await h.handlers.getStatusMapping({ projectKey: 'hd; DROP' }, h.contextOf('sabine'));
    expect(bad).toEqual({
      ok: false,
      error: { code: 'invalid-payload', detail: 'projectKey: projectKey must look like ABC' },
    });
  });
});

describe('saving', () => {
  it('refuses a save by a user who does not administer the project, and stores nothing', async () => {
    const view = await load('TEAM', 'lukas');
    const result = await h.handlers.saveStatusMapping(
      { projectKey: 'TEAM', expectedVersion: null, ...settingsOf(view) },
      h.contextOf('lukas'),
    );
    expect(result).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(h.store.keys()).not.toContain(`mapping:${view.projectId}`);
  });

  it('saves, then reads back what was saved with version 1; other views see it through getProjectFlowSettings', async () => {
    const view = await load('MAIL', 'thomas');
    const edited = {
      ...settingsOf(view),
      mapping: {
        ...view.mapping,
        stages: view.mapping.stages.map((s) =>
          s.name === 'Review' ? { ...s, kind: 'waiting' as const } : s,
        ),
      },
      calendar: {
        timeZone: 'Europe/Berlin',
        workingWeekdays: [5, 1, 2, 3, 4],
        holidays: ['2026-12-24', '2026-05-01'],
      },
    };
    const saved = await h.handlers.saveStatusMapping(
      { projectKey: 'MAIL', expectedVersion: null, ...edited },
      h.contextOf('thomas'),
    );
    expect(saved.ok).toBe(true);
    const reread = await load('MAIL', 'emily');
    expect(reread.version).toBe(1);
    expect(reread.derived).toBe(false);
    expect(reread.canEdit).toBe(false);
    expect(reread.mapping.stages.find((s) => s.name === 'Review')?.kind).toBe('waiting');
    expect(reread.calendar).toEqual({
      timeZone: 'Europe/Berlin',
      workingWeekdays: [1, 2, 3, 4, 5],
      holidays: ['2026-05-01', '2026-12-24'],
    });
    expect(reread.defaults.mapping.stages.find((s) => s.name === 'Review')?.kind).toBe('active');

    const settings = await getProjectFlowSettings(
      h.store,
      h.jiraFor(String(h.contextOf('emily')['accountId'])),
      'MAIL',
    );
    expect(settings.version).toBe(1);
    expect(settings.mapping).toEqual(reread.mapping);
  });

  it('answers conflict when the settings changed since they were loaded, and keeps the newer save', async () => {
    const first = await load('CSI', 'claudia');
    const second = await load('CSI', 'admin');
    const byAdmin = await h.handlers.saveStatusMapping(
      {
        projectKey: 'CSI',
        expectedVersion: second.version,
        ...settingsOf(second),
        percentiles: [50, 70, 85],
      },
      h.contextOf('admin'),
    );
    expect(byAdmin.ok).toBe(true);
    const stale = await h.handlers.saveStatusMapping(
      { projectKey: 'CSI', expectedVersion: first.version, ...settingsOf(first), percentiles: [90] },
      h.contextOf('claudia'),
    );
    expect(stale).toMatchObject({ ok: false, error: { code: 'conflict' } });
    const now = await load('CSI', 'claudia');
    expect(now.percentiles).toEqual([50, 70, 85]);
    expect(now.version).toBe(1);
    const retried = await h.handlers.saveStatusMapping(
      { projectKey: 'CSI', expectedVersion: now.version, ...settingsOf(now), percentiles: [90] },
      h.contextOf('claudia'),
    );
    expect(retried).toMatchObject({ ok: true, value: { version: 2, percentiles: [90] } });
  });

  it('refuses an invalid mapping with a message naming the problem, and a malformed payload', async () => {
    const view = await load('HD');
    const stages = view.mapping.stages.map((s) =>
      s.name === 'Wartet auf Kunde' ? { ...s, statuses: [...s.statuses, 'Neu'] } : s,
    );
    const result = await h.handlers.saveStatusMapping(
      {
        projectKey: 'HD',
        expectedVersion: view.version,
        ...settingsOf(view),
        mapping: { ...view.mapping, stages },
      },
      h.contextOf('sabine'),
    );
    expect(result).toEqual({
      ok: false,
      error: {
        code: 'invalid-mapping',
        detail: 'Status "Neu" is in both "To Do" and "Wartet auf Kunde"; put it in one stage.',
      },
    });
    const reversed = await h.handlers.saveStatusMapping(
      {
        projectKey: 'HD',
        expectedVersion: view.version,
        ...settingsOf(view),
        mapping: { ...view.mapping, startStage: 'Done', doneStage: 'In Bearbeitung' },
      },
      h.contextOf('sabine'),
    );
    expect(reversed).toMatchObject({ ok: false, error: { code: 'invalid-mapping' } });
    const malformed = await h.handlers.saveStatusMapping(
      {
        projectKey: 'HD',
        expectedVersion: 0,
        mapping: { stages: [{ name: 'A', kind: 'busy', statuses: [] }] },
      },
      h.contextOf('sabine'),
    );
    expect(malformed).toMatchObject({ ok: false, error: { code: 'invalid-payload' } });
    expect((await load('HD')).version).toBeNull();
  });
});

describe('data quality', () => {
  it(
    'runs the engine over the project: no unmapped statuses with the defaults; after unmapping a status, lists it and the issues in it',
    async () => {
      const before = await h.handlers.getDataQuality({ projectKey: 'TEAM' }, h.contextOf('jonas'));
      if (!before.ok) throw new Error(before.error.detail);
      expect(before.value.unmappedStatuses).toEqual([]);
      expect(before.value.issueCount).toBeGreaterThan(0);
      expect(before.value.truncated).toBe(false);
      expect(before.value.warnings.find((w) => w.code === 'unmapped-status')).toBeUndefined();

      const view = await load('TEAM', 'jonas');
      const stages = view.mapping.stages.map((s) => (s.kind === 'backlog' ? { ...s, statuses: [] } : s));
      const saved = await h.handlers.saveStatusMapping(
        {
          projectKey: 'TEAM',
          expectedVersion: view.version,
          ...settingsOf(view),
          mapping: { ...view.mapping, stages },
        },
        h.contextOf('jonas'),
      );
      expect(saved).toMatchObject({ ok: true, value: { unmappedStatuses: ['Zu erledigen'] } });

      const after = await h.handlers.getDataQuality({ projectKey: 'TEAM' }, h.contextOf('jonas'));
      if (!after.ok) throw new Error(after.error.detail);
      expect(after.value.unmappedStatuses).toEqual(['Zu erledigen']);
      const unmapped = after.value.warnings.find((w) => w.code === 'unmapped-status');
      expect(unmapped?.count).toBeGreaterThan(0);
      expect(unmapped?.issueKeys.length).toBe(Math.min(50, unmapped?.count ?? 0));
      expect(unmapped?.issueKeys.every((k) => k.startsWith('TEAM-'))).toBe(true);
      expect(after.value.issuesWithWarnings).toBeGreaterThanOrEqual(unmapped?.count ?? 0);
    },
    TIMEOUT_MS,
  );

  it(
    'reads the help desk (about 2,000 issues) within the request budget and lists the first 50 keys per warning',
    async () => {
      h.emulator.requests.reset();
      const result = await h.handlers.getDataQuality({ projectKey: 'HD' }, h.contextOf('sabine'));
      if (!result.ok) throw new Error(result.error.detail);
      expect(result.value.issueCount).toBeGreaterThan(1000);
      for (const group of result.value.warnings)
        expect(group.issueKeys.length).toBe(Math.min(50, group.count));
      // ⌈n/100⌉ search pages + ⌈n/1000⌉ bulk fetches + project, statuses ×1, not one request per issue.
      expect(h.emulator.requests.count()).toBeLessThan(Math.ceil(result.value.issueCount / 100) + 10);
      expect(h.errors).toEqual([]);
    },
    TIMEOUT_MS,
  );
});

describe('a mapping within the payload cap that would not fit one stored value', () => {
  it('is refused with a message naming the stored size (not `internal`), and nothing is stored', async () => {
    const view = await load('MAIL', 'thomas');
    const before = await h.store.get(`mapping:${view.projectId}`);
    // Status names of quotes: 2 bytes each in the payload, 4 once stored (escaped in the mapping's JSON, and that
    // JSON escaped again inside the store's row), so ~126 KB of payload are ~250 KB as stored.
    const names = Array.from({ length: 245 }, (_, i) => `${'"'.repeat(250)}${String(i).padStart(3, '0')}`);
    const stages = view.mapping.stages.map((s, i) =>
      i === 0 ? { ...s, statuses: [...s.statuses, ...names] } : s,
    );
    const payload = {
      projectKey: 'MAIL',
      expectedVersion: before?.version ?? null,
      ...settingsOf(view),
      mapping: { ...view.mapping, stages },
    };
    expect(Buffer.byteLength(JSON.stringify(payload))).toBeLessThanOrEqual(131_072);
    const errorsBefore = h.errors.length;

    const result = await h.handlers.saveStatusMapping(payload, h.contextOf('thomas'));

    expect(result).toMatchObject({
      ok: false,
      error: { code: 'invalid-mapping', detail: expect.stringMatching(/too large to store/) as string },
    });
    expect(h.errors).toHaveLength(errorsBefore);
    expect((await h.store.get(`mapping:${view.projectId}`))?.version).toBe(before?.version);
  });
});
