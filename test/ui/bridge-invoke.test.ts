/**
 * The UI's one resolver call (`invokeResolver`) and its one failure policy: a resolver's own error codes pass, any
 * other code or a foreign answer becomes `internal`, and a failed bridge call becomes an `internal` failure naming
 * the call instead of a rejection — for every page alike.
 */
import { invoke } from '@forge/bridge';
import { ERROR_CODES_OF, invokeResolver } from '../../static/src/api/invoke';
import { errorCodeTable } from '../../static/src/api/create-invoke';
import { RESOLVER_ERROR_CODES } from '../../static/src/api/resolver-types';
import { CSI_ERROR_CODES } from '../../src/contract/csi';
import { isCsiErrorCode } from '../../static/src/csi-setup/csi-invoke';

jest.mock('@forge/bridge', () => ({ invoke: jest.fn() }));

const bridge = invoke as unknown as jest.Mock;

beforeEach(() => {
  bridge.mockReset();
});

it('passes the payload on and a result through', async () => {
  bridge.mockResolvedValue({ ok: true, value: { projectKey: 'HD' } });
  await expect(invokeResolver('getStatusMapping', { projectKey: 'HD' })).resolves.toEqual({
    ok: true,
    value: { projectKey: 'HD' },
  });
  expect(bridge).toHaveBeenCalledWith('getStatusMapping', { projectKey: 'HD' });
});

it("keeps a resolver's own area's error codes and turns other areas' codes into internal errors", async () => {
  bridge.mockResolvedValueOnce({ ok: false, error: { code: 'invalid-mapping', detail: 'stage 2' } });
  await expect(invokeResolver('getStatusMapping', { projectKey: 'HD' })).resolves.toEqual({
    ok: false,
    error: { code: 'invalid-mapping', detail: 'stage 2' },
  });
  bridge.mockResolvedValueOnce({ ok: false, error: { code: 'setup-step-failed', detail: 'workflow: 400' } });
  await expect(invokeResolver('runCsiSetup', { projectKey: 'MAIL', planFingerprint: 'fp' })).resolves.toEqual(
    {
      ok: false,
      error: { code: 'setup-step-failed', detail: 'workflow: 400' },
    },
  );
  bridge.mockResolvedValueOnce({ ok: false, error: { code: 'invalid-mapping', detail: 'stage 2' } });
  await expect(invokeResolver('getCsiRecord', { issueKey: 'HD-1' })).resolves.toEqual({
    ok: false,
    error: { code: 'internal', detail: 'stage 2' },
  });
  bridge.mockResolvedValueOnce({ ok: false, error: { code: 'conflict', detail: 'v4' } });
  await expect(invokeResolver('getIssueFlow', { issueKey: 'HD-1' })).resolves.toEqual({
    ok: false,
    error: { code: 'internal', detail: 'v4' },
  });
  bridge.mockResolvedValueOnce({ ok: false, error: { code: 'teapot' } });
  await expect(invokeResolver('getCsiSetup', { projectKey: 'MAIL' })).resolves.toEqual({
    ok: false,
    error: { code: 'internal', detail: 'resolver getCsiSetup failed' },
  });
});

it('never rejects: a failed bridge call and a foreign answer become internal failures on every page', async () => {
  bridge.mockRejectedValueOnce(new Error('bridge gone'));
  await expect(invokeResolver('getGadgetConfig', {})).resolves.toEqual({
    ok: false,
    error: { code: 'internal', detail: 'the call of resolver getGadgetConfig failed: bridge gone' },
  });
  bridge.mockRejectedValueOnce(new Error('bridge gone'));
  await expect(invokeResolver('getIssueFlow', { issueKey: 'HD-1' })).resolves.toEqual({
    ok: false,
    error: { code: 'internal', detail: 'the call of resolver getIssueFlow failed: bridge gone' },
  });
  bridge.mockRejectedValueOnce('offline');
  await expect(invokeResolver('getDataQuality', { projectKey: 'HD' })).resolves.toEqual({
    ok: false,
    error: { code: 'internal', detail: 'the call of resolver getDataQuality failed: offline' },
  });
  bridge.mockResolvedValueOnce(null);
  await expect(invokeResolver('getGadgetConfig', {})).resolves.toEqual({
    ok: false,
    error: { code: 'internal', detail: 'resolver getGadgetConfig returned no result envelope' },
  });
  // An envelope that claims success without a value would crash the page where it reads the value.
  bridge.mockResolvedValueOnce({ ok: true });
  await expect(invokeResolver('getCsiRegister', { projectKey: 'MAIL' })).resolves.toEqual({
    ok: false,
    error: { code: 'internal', detail: 'resolver getCsiRegister returned no result envelope' },
  });
  bridge.mockResolvedValueOnce('<html>502</html>');
  await expect(invokeResolver('getCsiSetup', { projectKey: 'MAIL' })).resolves.toEqual({
    ok: false,
    error: { code: 'internal', detail: 'resolver getCsiSetup returned no result envelope' },
  });
});

it('knows the error codes of every resolver, each including internal', () => {
  for (const codes of Object.values(ERROR_CODES_OF)) expect(codes).toContain('internal');
  expect(isCsiErrorCode('conflict')).toBe(true);
  expect(isCsiErrorCode('teapot')).toBe(false);
});

it("types each resolver's error codes exactly as its answer: a list too short or too long fails the type check", () => {
  // Type-level (checked by tsc in npm test): with a shorter list, a 'conflict' from saveCsiRecord would turn into
  // 'internal' and the record panel would lose its reload offer; with a longer one a page would be told of codes
  // its resolver's type says it never gets.
  // @ts-expect-error saveCsiRecord answers CSI codes ('conflict', 'invalid-record', …) that this list lacks
  const tooShort = errorCodeTable({ ...ERROR_CODES_OF, saveCsiRecord: RESOLVER_ERROR_CODES });
  // @ts-expect-error getIssueFlow never answers 'conflict'
  const tooLong = errorCodeTable({ ...ERROR_CODES_OF, getIssueFlow: CSI_ERROR_CODES });
  // @ts-expect-error a resolver without its list
  const missing = errorCodeTable({ ...ERROR_CODES_OF, getCsiRegister: undefined });
  expect([tooShort, tooLong, missing].every((table) => typeof table === 'object')).toBe(true);
  expect(errorCodeTable(ERROR_CODES_OF)).toBe(ERROR_CODES_OF);
});
