/**
 * The Jira calls the OKR permissions add, on Forge and against the emulator: the acting user's groups
 * (`GET /myself?expand=groups`) and their permissions on one issue (`GET /mypermissions?issueId=…`).
 */
import type { APIResponse, RequestProductMethod, Route } from '@forge/api';
import { createRequestJiraTransport } from '../../src/adapters/jira/forge-transport';
import { createJiraClient } from '../../src/adapters/jira/jira-client';
import { EDITOR, EDITOR_GROUP, OUTSIDER, startOkrHarness, VIEWER } from './okr-handlers-support';

describe('the OKR permission calls', () => {
  it('go through the Forge transport (groups by expand, issue permissions by issue id)', async () => {
    const paths: string[] = [];
    const requestJira: RequestProductMethod = (url: Route) => {
      paths.push(url.value);
      const body = url.value.startsWith('/rest/api/3/myself')
        ? { accountId: 'a', groups: { size: 1, items: [{ name: 'OKR Editors', groupId: 'g' }] } }
        : { permissions: { EDIT_ISSUES: { havePermission: true } } };
      return Promise.resolve({
        ok: true,
        status: 200,
        statusText: 'OK',
        headers: { get: () => null },
        text: () => Promise.resolve(JSON.stringify(body)),
      } as unknown as APIResponse);
    };
    const client = createJiraClient(createRequestJiraTransport(() => requestJira));
    expect(await client.getMyGroupNames()).toEqual(['OKR Editors']);
    expect(await client.getMyIssuePermissions('10001', ['EDIT_ISSUES'])).toEqual({ EDIT_ISSUES: true });
    expect(await client.getMyIssuePermissions('HD-1', ['EDIT_ISSUES'])).toEqual({ EDIT_ISSUES: true });
    expect(paths).toEqual([
      '/rest/api/3/myself?expand=groups',
      '/rest/api/3/mypermissions?issueId=10001&permissions=EDIT_ISSUES',
      '/rest/api/3/mypermissions?issueKey=HD-1&permissions=EDIT_ISSUES',
    ]);
  });

  it('answer as the emulator users are: groups, and edit rights only where they browse', async () => {
    const harness = await startOkrHarness({ issues: 2 });
    try {
      expect(await harness.jiraAs(EDITOR).getMyGroupNames()).toContain(EDITOR_GROUP);
      expect(await harness.jiraAs(VIEWER).getMyGroupNames()).toEqual([]);
      expect(await harness.jiraAs(VIEWER).getMyIssuePermissions('HD-1', ['EDIT_ISSUES'])).toEqual({
        EDIT_ISSUES: true,
      });
      // The outsider may not see HD-1: Jira answers 404, as for an issue that does not exist.
      await expect(harness.jiraAs(OUTSIDER).getMyIssuePermissions('HD-1', ['EDIT_ISSUES'])).rejects.toThrow(
        /404|not/i,
      );
    } finally {
      await harness.stop();
    }
  });
});
