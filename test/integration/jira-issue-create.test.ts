/**
 * Creating issues and links through the Jira client against the emulator with the sample data: Jira's answers
 * (`CreatedIssue` `{id, key, self}`, 201 without a body for a link) pass the client, and what Jira refuses the
 * emulator refuses too (missing summary, an issue type the project does not offer, an unknown link type, an issue
 * linked to itself), each as the client's typed error.
 */
import { JiraBadRequestError, JiraNotFoundError } from '../../src/application/errors';
import { JIRA_ROUTES } from '../../src/adapters/jira/jira-client';
import type { JiraClient } from '../../src/adapters/jira/jira-client';
import { startCsiHarness, type CsiHarness } from '../csi/support';
import { ISSUE_TYPE, PROJECT_IDS, user } from '../../dev/sample-data/model';

let h: CsiHarness;
let jira: JiraClient;

beforeAll(async () => {
  h = await startCsiHarness();
  jira = h.jiraFor(user('admin').accountId) as JiraClient;
});
afterAll(async () => {
  await h.stop();
});

describe('createIssue', () => {
  it('creates an issue of the project’s type and answers Jira’s CreatedIssue', async () => {
    const created = await jira.createIssue({
      projectId: PROJECT_IDS.csi,
      issueTypeId: ISSUE_TYPE.verbesserung.id,
      summary: 'Wissensartikel zur VPN-Einwahl',
      description: {
        type: 'doc',
        version: 1,
        content: [{ type: 'paragraph', content: [{ type: 'text', text: 'Aus drei Rückmeldungen.' }] }],
      },
      labels: ['three-ways-reg-abc'],
    });

    expect(created.key).toMatch(/^CSI-\d+$/);
    expect(created.self).toBe(`${h.emulator.url}/rest/api/3/issue/${created.id}`);
    const issue = await jira.getIssue(created.key, ['summary', 'issuetype', 'labels', 'status']);
    expect(issue.id).toBe(created.id);
    expect(issue.fields?.summary).toBe('Wissensartikel zur VPN-Einwahl');
    expect(issue.fields?.issuetype?.name).toBe('Verbesserung (CSI)');
    expect(issue.fields?.['labels']).toEqual(['three-ways-reg-abc']);
    // A new CSI issue starts in the CSI workflow's initial status.
    expect(issue.fields?.status?.name).toBe('Erfasst');
    // The marker label is searchable, as the registration's recovery needs.
    await expect(
      jira.searchIssueIds(`project = ${PROJECT_IDS.csi} AND labels = "three-ways-reg-abc"`),
    ).resolves.toEqual([created.id]);
  });

  it('is refused without a summary, and for an issue type the project does not offer', async () => {
    const before = jira.requestCount(JIRA_ROUTES.createIssue);
    const noSummary = jira.createIssue({
      projectId: PROJECT_IDS.csi,
      issueTypeId: ISSUE_TYPE.verbesserung.id,
      summary: '',
    });
    await expect(noSummary).rejects.toBeInstanceOf(JiraBadRequestError);
    await expect(noSummary).rejects.toThrow(/summary/);

    const wrongType = jira.createIssue({
      projectId: PROJECT_IDS.csi,
      issueTypeId: ISSUE_TYPE.stoerung.id,
      summary: 'x',
    });
    await expect(wrongType).rejects.toBeInstanceOf(JiraBadRequestError);
    await expect(wrongType).rejects.toThrow(/issue type/i);

    const noProject = jira.createIssue({
      projectId: '99999',
      issueTypeId: ISSUE_TYPE.verbesserung.id,
      summary: 'x',
    });
    await expect(noProject).rejects.toThrow(/valid project/);
    // 400s are not retried: one request each.
    expect(jira.requestCount(JIRA_ROUTES.createIssue) - before).toBe(3);
  });
});

describe('createIssueLink', () => {
  it('links two issues (201 without a body); the link shows on both, and linking again adds none', async () => {
    const improvement = await jira.createIssue({
      projectId: PROJECT_IDS.csi,
      issueTypeId: ISSUE_TYPE.verbesserung.id,
      summary: 'Link-Test',
    });

    await jira.createIssueLink({ typeName: 'Relates', inwardIssue: 'HD-12', outwardIssue: improvement.key });
    await jira.createIssueLink({ typeName: 'relates', inwardIssue: 'HD-12', outwardIssue: improvement.id });

    const links = await jira.getIssueLinks(improvement.key);
    expect(links).toHaveLength(1);
    expect(links[0]?.type.name).toBe('Relates');
    expect(links[0]?.inwardIssue?.key).toBe('HD-12');
    const fromFeedback = await jira.getIssueLinks('HD-12');
    expect(fromFeedback.filter((l) => l.outwardIssue?.key === improvement.key)).toHaveLength(1);
  });

  it('is refused for an unknown link type (404), an issue linked to itself (400) and an unknown issue (404)', async () => {
    const unknownType = jira.createIssueLink({
      typeName: 'Gibt es nicht',
      inwardIssue: 'HD-12',
      outwardIssue: 'CSI-3',
    });
    await expect(unknownType).rejects.toBeInstanceOf(JiraNotFoundError);
    await expect(unknownType).rejects.toThrow(/Gibt es nicht/);

    const itself = jira.createIssueLink({ typeName: 'Relates', inwardIssue: 'CSI-3', outwardIssue: 'CSI-3' });
    await expect(itself).rejects.toBeInstanceOf(JiraBadRequestError);
    await expect(itself).rejects.toThrow(/itself/);

    await expect(
      jira.createIssueLink({ typeName: 'Relates', inwardIssue: 'HD-999999', outwardIssue: 'CSI-3' }),
    ).rejects.toBeInstanceOf(JiraNotFoundError);
  });
});
