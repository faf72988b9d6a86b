/**
 * The one bridge wrapper (`bridgeInvoke`) as each area configures it: its own error codes pass, any other code or
 * a foreign answer becomes `internal`; a failed bridge call rejects (flow pages, issue panel) or becomes
 * `internal` (status mapping, CSI).
 */
import { invoke } from '@forge/bridge';
import { invokeResolver } from '../../static/src/api/invoke';
import { invokeCsiRecord } from '../../static/src/csi-record/csi-api';
import { flowInvoke } from '../../static/src/project-page/flow-invoke';
import { invokeMapping } from '../../static/src/status-mapping/mapping-api';

jest.mock('@forge/bridge', () => ({ invoke: jest.fn() }));

const bridge = invoke as unknown as jest.Mock;

beforeEach(() => {
  bridge.mockReset();
});

it('passes the payload on and a result through', async () => {
  bridge.mockResolvedValue({ ok: true, value: { projectKey: 'HD' } });
  await expect(invokeMapping('getStatusMapping', { projectKey: 'HD' })).resolves.toEqual({
    ok: true,
    value: { projectKey: 'HD' },
  });
  expect(bridge).toHaveBeenCalledWith('getStatusMapping', { projectKey: 'HD' });
});

it("keeps an area's own error codes and turns other areas' codes into internal errors", async () => {
  bridge.mockResolvedValueOnce({ ok: false, error: { code: 'invalid-mapping', detail: 'stage 2' } });
  await expect(invokeMapping('getStatusMapping', { projectKey: 'HD' })).resolves.toEqual({
    ok: false,
    error: { code: 'invalid-mapping', detail: 'stage 2' },
  });
  bridge.mockResolvedValueOnce({ ok: false, error: { code: 'invalid-mapping', detail: 'stage 2' } });
  await expect(invokeCsiRecord('getCsiRecord', { issueKey: 'HD-1' })).resolves.toEqual({
    ok: false,
    error: { code: 'internal', detail: 'stage 2' },
  });
  bridge.mockResolvedValueOnce({ ok: false, error: { code: 'conflict', detail: 'v4' } });
  await expect(invokeResolver('getIssueFlow', { issueKey: 'HD-1' })).resolves.toEqual({
    ok: false,
    error: { code: 'internal', detail: 'v4' },
  });
});

it('rejects on a failed bridge call where the page model handles it, else answers internal', async () => {
  bridge.mockRejectedValueOnce(new Error('bridge gone'));
  await expect(flowInvoke('getGadgetConfig', {})).rejects.toThrow('bridge gone');
  bridge.mockRejectedValueOnce(new Error('bridge gone'));
  await expect(invokeResolver('getIssueFlow', { issueKey: 'HD-1' })).rejects.toThrow('bridge gone');
  bridge.mockRejectedValueOnce(new Error('bridge gone'));
  await expect(invokeMapping('getDataQuality', { projectKey: 'HD' })).resolves.toEqual({
    ok: false,
    error: { code: 'internal', detail: 'Error: bridge gone' },
  });
  bridge.mockResolvedValueOnce(null);
  await expect(flowInvoke('getGadgetConfig', {})).resolves.toEqual({
    ok: false,
    error: { code: 'internal', detail: 'resolver getGadgetConfig returned no result envelope' },
  });
});
