/** Every error code of the FitSM assessment's resolvers has a message in every language the app ships. */
import fs from 'node:fs';
import path from 'node:path';
import { FITSM_ASSESSMENT_ERROR_CODES } from '../../src/contract/fitsm-assessment';

describe.each(['en-US', 'de-DE'])('locales/%s.json', (locale) => {
  const messages = JSON.parse(
    fs.readFileSync(path.resolve(__dirname, '../../locales', `${locale}.json`), 'utf8'),
  ) as Record<string, unknown>;

  it.each([...FITSM_ASSESSMENT_ERROR_CODES])('has fitsmAssessment.error.%s saying what to do', (code) => {
    const message = messages[`fitsmAssessment.error.${code}`];
    expect(typeof message).toBe('string');
    // A sentence about what happened and one about what to do.
    expect(String(message).split(/[.;]\s/).length).toBeGreaterThanOrEqual(2);
  });
});
