/** Every error code a resolver can answer with has a message in every language the app ships. */
import fs from 'node:fs';
import path from 'node:path';
import type { ResolverErrorCode } from '../../src/contract/resolvers';

// `satisfies` makes the compiler fail when a code is added to the contract but not listed here.
const ERROR_CODES = {
  'invalid-payload': true,
  'not-found': true,
  forbidden: true,
  'jira-unavailable': true,
  internal: true,
} as const satisfies Record<ResolverErrorCode, true>;

describe.each(['en-US', 'de-DE'])('locales/%s.json', (locale) => {
  const messages = JSON.parse(
    fs.readFileSync(path.resolve(__dirname, '../../locales', `${locale}.json`), 'utf8'),
  ) as Record<string, unknown>;

  it.each(Object.keys(ERROR_CODES))('has a message for error.%s that says what to do', (code) => {
    const message = messages[`error.${code}`];
    expect(typeof message).toBe('string');
    // A sentence about what happened and one about what to do.
    expect(String(message).split(/[.;]\s/).length).toBeGreaterThanOrEqual(2);
  });
});
