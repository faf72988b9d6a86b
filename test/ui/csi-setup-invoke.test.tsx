/**
 * The bridge-backed `csiInvoke` shared by the CSI setup and register pages: it passes results through and turns a
 * failed bridge call, a foreign answer or an unknown error code into an `internal` error instead of throwing.
 */
import { invoke } from '@forge/bridge';
import { csiInvoke, isCsiErrorCode } from '../../static/src/csi-setup/csi-invoke';

jest.mock('@forge/bridge', () => ({ invoke: jest.fn() }));

const bridge = invoke as unknown as jest.Mock;

describe('csiInvoke', () => {
  beforeEach(() => {
    bridge.mockReset();
  });

  it('passes the payload on and a result through', async () => {
    const value = { projectKey: 'MAIL', csiSetUp: false };
    bridge.mockResolvedValue({ ok: true, value });
    await expect(csiInvoke('getCsiRegister', { projectKey: 'MAIL' })).resolves.toEqual({ ok: true, value });
    expect(bridge).toHaveBeenCalledWith('getCsiRegister', { projectKey: 'MAIL' });
  });

  it('keeps the CSI error codes and their detail', async () => {
    bridge.mockResolvedValue({ ok: false, error: { code: 'setup-step-failed', detail: 'workflow: 400' } });
    await expect(csiInvoke('runCsiSetup', { projectKey: 'MAIL', planFingerprint: 'fp' })).resolves.toEqual({
      ok: false,
      error: { code: 'setup-step-failed', detail: 'workflow: 400' },
    });
  });

  it('turns an unknown code, a foreign answer and a failed bridge call into internal errors', async () => {
    bridge.mockResolvedValueOnce({ ok: false, error: { code: 'teapot' } });
    await expect(csiInvoke('getCsiSetup', { projectKey: 'MAIL' })).resolves.toEqual({
      ok: false,
      error: { code: 'internal', detail: 'resolver getCsiSetup failed' },
    });
    bridge.mockResolvedValueOnce('<html>502</html>');
    await expect(csiInvoke('getCsiSetup', { projectKey: 'MAIL' })).resolves.toEqual({
      ok: false,
      error: { code: 'internal', detail: 'resolver getCsiSetup returned no result envelope' },
    });
    bridge.mockRejectedValueOnce(new Error('bridge gone'));
    await expect(csiInvoke('getCsiSetup', { projectKey: 'MAIL' })).resolves.toEqual({
      ok: false,
      error: { code: 'internal', detail: 'Error: bridge gone' },
    });
    expect(isCsiErrorCode('conflict')).toBe(true);
    expect(isCsiErrorCode('teapot')).toBe(false);
  });
});
