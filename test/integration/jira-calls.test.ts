/**
 * The client's other calls against the emulator: their responses pass the client's run-time validation, and the
 * writes (ADF comments, issue properties) read back as written.
 */
import { startEmulator } from '../../dev/emulator';
import type { RunningEmulator } from '../../dev/emulator';
import type { AdfDocument } from '../../src/application/ports/jira-port';
import { emulatorClient } from './support/emulator-client';
import {
  AGENT,
  CSI_PROJECT_ID,
  HD_PROJECT_ID,
  OUTSIDER,
  buildFlowSeed,
  flowHistoriesOf,
} from './support/flow-seed';

let emulator: RunningEmulator;

beforeAll(async () => {
  emulator = await startEmulator({ seed: buildFlowSeed({ issues: 50 }) });
});
afterAll(async () => {
  await emulator.stop();
});

const doc = (text: string): AdfDocument => ({
  type: 'doc',
  version: 1,
  content: [{ type: 'paragraph', content: [{ type: 'text', text }] }],
});

describe('issue calls', () => {
  it('reads an issue with its flow fields', async () => {
    const { client } = emulatorClient(emulator, AGENT);

    const issue = await client.getIssue('HD-7', [
      'created',
      'status',
      'issuetype',
      'resolutiondate',
      'summary',
    ]);

    expect(issue.key).toBe('HD-7');
    expect(issue.fields?.status?.name).toBe('Gelöst');
    expect(issue.fields?.status?.statusCategory?.key).toBe('done');
    expect(issue.fields?.issuetype?.name).toBe('Störung');
    expect(issue.fields?.summary).toBe('Störung 7: VPN bricht ab');
    expect(issue.fields?.resolutiondate).toBe(flowHistoriesOf(7, { issues: 50 })[2]?.created);
  });

  it('reads the whole changelog, other fields included', async () => {
    const { client } = emulatorClient(emulator, AGENT);

    const histories = await client.getIssueChangelog('HD-10');

    // Assignee after 5 min, flagged after 30, status after 60, unflagged after 90, status after 120.
    expect(histories.map((h) => h.items?.[0]?.field)).toEqual([
      'assignee',
      'Flagged',
      'status',
      'Flagged',
      'status',
    ]);
  });

  it('reads issue links from both ends', async () => {
    const { client } = emulatorClient(emulator, AGENT);

    const fromHd = await client.getIssueLinks('HD-1');
    const fromCsi = await client.getIssueLinks('CSI-1');

    expect(fromHd.map((l) => [l.type.name, l.inwardIssue?.key, l.outwardIssue?.key])).toEqual([
      ['Relates', 'CSI-1', undefined],
    ]);
    expect(fromCsi.map((l) => [l.type.name, l.inwardIssue?.key, l.outwardIssue?.key])).toEqual([
      ['Relates', undefined, 'HD-1'],
    ]);
  });

  it('adds an ADF comment and reads it back', async () => {
    const { client } = emulatorClient(emulator, AGENT);

    const added = await client.addComment('HD-3', doc('Bitte VPN-Client neu installieren.'));
    const comments = await client.getComments('HD-3');

    expect(added.author?.accountId).toBe(AGENT.accountId);
    expect(comments.map((c) => c.id)).toContain(added.id);
    expect(comments.find((c) => c.id === added.id)?.body).toEqual(doc('Bitte VPN-Client neu installieren.'));
  });

  it('writes, reads and deletes an issue property', async () => {
    const { client } = emulatorClient(emulator, AGENT);
    const value = { version: 1, stage: 'Aktiv', tags: ['vpn'] };

    expect(await client.getIssueProperty('HD-4', 'three-ways.flow')).toBeNull();
    await client.setIssueProperty('HD-4', 'three-ways.flow', value);
    expect(await client.getIssueProperty('HD-4', 'three-ways.flow')).toEqual(value);
    expect(await client.deleteIssueProperty('HD-4', 'three-ways.flow')).toBe(true);
    expect(await client.deleteIssueProperty('HD-4', 'three-ways.flow')).toBe(false);
    expect(await client.getIssueProperty('HD-4', 'three-ways.flow')).toBeNull();
  });
});

describe('project, user and permission calls', () => {
  it('lists the project’s statuses per issue type, and searches them as a project admin', async () => {
    const { client } = emulatorClient(emulator, AGENT);

    const perType = await client.listProjectStatuses('HD');
    const searched = await client.searchStatuses(HD_PROJECT_ID);

    expect(perType.map((t) => t.name).sort()).toEqual(['Serviceanfrage', 'Störung']);
    expect(perType[0]?.statuses.map((s) => `${s.name ?? ''}:${s.statusCategory?.key ?? ''}`)).toEqual([
      'Neu:new',
      'In Bearbeitung:indeterminate',
      'Wartet auf Kunde:indeterminate',
      'Gelöst:done',
    ]);
    expect(searched.map((s) => `${s.name ?? ''}:${s.statusCategory?.key ?? ''}`)).toEqual([
      'Neu:new',
      'In Bearbeitung:indeterminate',
      'Wartet auf Kunde:indeterminate',
      'Gelöst:done',
    ]);
  });

  it('lists issue types and projects as the user sees them', async () => {
    const agent = emulatorClient(emulator, AGENT).client;
    const outsider = emulatorClient(emulator, OUTSIDER).client;

    expect((await agent.listIssueTypesForProject(CSI_PROJECT_ID)).map((t) => t.name)).toEqual([
      'Verbesserung',
    ]);
    expect((await agent.searchProjects()).map((p) => `${p.key}:${p.style ?? ''}`)).toEqual([
      'CSI:next-gen',
      'HD:classic',
    ]);
    expect((await outsider.searchProjects()).map((p) => p.key)).toEqual(['CSI']);
    expect((await agent.getProject('HD')).name).toBe('Service Desk');
  });

  it('reads the acting user and their permissions', async () => {
    const { client } = emulatorClient(emulator, AGENT);

    const me = await client.getMyself();
    const held = await client.getMyPermissions(['ADMINISTER', 'ADMINISTER_PROJECTS'], 'HD');

    expect([me.accountId, me.displayName, me.locale, me.timeZone]).toEqual([
      AGENT.accountId,
      AGENT.displayName,
      AGENT.locale,
      AGENT.timeZone,
    ]);
    expect(held).toEqual({ ADMINISTER: false, ADMINISTER_PROJECTS: true });
  });
});
