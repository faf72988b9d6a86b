import { jiraErrorMessages, rateLimitResetSeconds, retryAfterSeconds } from './jira-response';

describe('retryAfterSeconds', () => {
  const nowMs = Date.parse('2024-06-01T12:00:00.000Z');

  it('reads delta-seconds as Jira sends them', () => {
    expect(retryAfterSeconds('30', nowMs)).toBe(30);
    expect(retryAfterSeconds('0', nowMs)).toBe(0);
  });

  it('converts an HTTP date to the seconds left from now, never negative', () => {
    expect(retryAfterSeconds('Sat, 01 Jun 2024 12:00:45 GMT', nowMs)).toBe(45);
    expect(retryAfterSeconds('Sat, 01 Jun 2024 11:00:00 GMT', nowMs)).toBe(0);
  });

  it('is null when the header is absent or unreadable', () => {
    expect(retryAfterSeconds(null, nowMs)).toBeNull();
    expect(retryAfterSeconds('  ', nowMs)).toBeNull();
    expect(retryAfterSeconds('soon', nowMs)).toBeNull();
  });
});

describe('rateLimitResetSeconds', () => {
  const nowMs = Date.parse('2024-06-01T12:00:00.000Z');

  it('reads the ISO 8601 instant Jira sends, with or without seconds, never negative', () => {
    expect(rateLimitResetSeconds('2024-06-01T12:05Z', nowMs)).toBe(300);
    expect(rateLimitResetSeconds('2024-06-01T12:00:30.000Z', nowMs)).toBe(30);
    expect(rateLimitResetSeconds('2024-06-01T11:00Z', nowMs)).toBe(0);
  });

  it('is null when absent or not an instant', () => {
    expect(rateLimitResetSeconds(null, nowMs)).toBeNull();
    expect(rateLimitResetSeconds('30', nowMs)).toBeNull();
    expect(rateLimitResetSeconds('2024-13-45Tnonsense', nowMs)).toBeNull();
  });
});

describe('jiraErrorMessages', () => {
  it('lists errorMessages, then each field error as field: text', () => {
    expect(
      jiraErrorMessages(
        JSON.stringify({
          errorMessages: ['Issue does not exist.'],
          errors: { jql: "Field 'x' does not exist." },
        }),
      ),
    ).toEqual(['Issue does not exist.', "jql: Field 'x' does not exist."]);
  });

  it('takes Jira Service Management’s errorMessage (its ErrorResponse shape)', () => {
    expect(
      jiraErrorMessages(
        JSON.stringify({
          errorMessage: 'The request does not exist or you do not have permission to see it.',
          i18nErrorMessage: { i18nKey: 'sd.request.not.found', parameters: ['HD-9'] },
        }),
      ),
    ).toEqual(['The request does not exist or you do not have permission to see it.']);
    expect(jiraErrorMessages(JSON.stringify({ errorMessage: '', i18nErrorMessage: {} }))).toEqual([]);
  });

  it('is empty for a body that is not Jira’s error shape', () => {
    expect(jiraErrorMessages('<html>502 Bad Gateway</html>')).toEqual([]);
    expect(jiraErrorMessages('')).toEqual([]);
    expect(jiraErrorMessages('"just a string"')).toEqual([]);
    expect(jiraErrorMessages(JSON.stringify({ errorMessages: [42, ''], errors: { a: null } }))).toEqual([]);
  });
});
