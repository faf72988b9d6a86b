/**
 * The `jira:workflowValidator` function: rule from the configuration or the target status, the record read as the
 * app, refusals in the configured language, and refusal (never approval) whenever the record cannot be read.
 */
import type { JiraPort } from '../../src/application/ports/jira-port';
import { EMPTY_CSI_RECORD, type CsiRecord } from '../../src/domain/csi/record-types';
import { createCsiTransitionValidator, parseValidatorConfiguration } from '../../src/entry/csi-validator';

const evaluated: CsiRecord = {
  ...EMPTY_CSI_RECORD,
  evaluation: {
    ratings: { benefit: 4, urgency: 3, effort: 2, risk: 1 },
    evaluatedByAccountId: 'acc-claudia',
    evaluatedOn: '2026-02-12',
  },
  score: 7.1,
};
const approvedRecord: CsiRecord = {
  ...evaluated,
  decision: { outcome: 'approved', deciderAccountId: 'acc-claudia', decidedOn: '2026-02-26', rationale: '' },
};

interface FakeOptions {
  readonly property?: unknown;
  readonly propertyError?: Error;
  readonly statusError?: Error;
}

/** A Jira (as the app) with CSI-7 in project 10002, whose statuses are the CSI workflow's. */
function fakeJira(options: FakeOptions, calls: string[] = []): () => JiraPort {
  const jira: Partial<JiraPort> = {
    getIssueProperty: (issue, key) => {
      calls.push(`property ${issue} ${key}`);
      if (options.propertyError) return Promise.reject(options.propertyError);
      return Promise.resolve(options.property ?? null);
    },
    getIssue: (issue) => {
      calls.push(`issue ${issue}`);
      return Promise.resolve({ id: '20007', key: 'CSI-7', fields: { project: { id: '10002', key: 'CSI' } } });
    },
    listProjectStatuses: (project) => {
      calls.push(`statuses ${project}`);
      if (options.statusError) return Promise.reject(options.statusError);
      return Promise.resolve([
        {
          id: '10006',
          name: 'Verbesserung (CSI)',
          statuses: [
            { id: '10301', name: 'Bewertet' },
            { id: '10302', name: 'Genehmigt' },
            { id: '10304', name: 'Wirksamkeitsprüfung' },
          ],
        },
      ]);
    },
  };
  return () => jira as JiraPort;
}

const event = (configuration: unknown, toId = '10302') => ({
  issue: { key: 'CSI-7' },
  transition: { from: { id: '10301' }, to: { id: toId } },
  ...(configuration === undefined ? {} : { configuration }),
});

function validator(options: FakeOptions, calls?: string[]) {
  const errors: string[] = [];
  const validate = createCsiTransitionValidator({
    jiraApp: fakeJira(options, calls),
    logError: (message) => errors.push(message),
  });
  return { validate, errors };
}

describe('CSI transition validator', () => {
  it('refuses an unevaluated approval in the configured language', async () => {
    const { validate } = validator({ property: null });
    const answer = await validate(event({ rule: 'approve', lang: 'de' }));
    expect(answer.result).toBe(false);
    expect(answer.errorMessage).toMatch(/^Genehmigen ist erst möglich, wenn die Verbesserung bewertet ist/);
    expect(answer.errorMessage).toContain('Fehlt: die Bewertung mit allen vier Kriterien');
    const english = await validate(event({ rule: 'approve', lang: 'en' }));
    expect(english.errorMessage).toMatch(/^An improvement can only be approved once/);
  });

  it('lets an evaluated and approved improvement through, reading the property as the app', async () => {
    const calls: string[] = [];
    const { validate } = validator({ property: approvedRecord }, calls);
    expect(await validate(event({ rule: 'approve', lang: 'de' }))).toEqual({ result: true });
    expect(calls).toEqual(['property CSI-7 three-ways-csi']);
  });

  it('names the missing decision of an evaluated improvement', async () => {
    const { validate } = validator({ property: evaluated });
    const answer = await validate(event(JSON.stringify({ rule: 'approve', lang: 'de' })));
    expect(answer.errorMessage).toContain('Fehlt: die Entscheidung „genehmigt“ mit Entscheider.');
  });

  it('derives the rule from the target status when there is no configuration, answering in both languages', async () => {
    const calls: string[] = [];
    const { validate } = validator({ property: null }, calls);
    const answer = await validate(event(undefined, '10302'));
    expect(answer.result).toBe(false);
    expect(answer.errorMessage).toMatch(
      /^Genehmigen ist erst möglich.* \/ An improvement can only be approved/,
    );
    expect(calls).toEqual(['issue CSI-7', 'statuses 10002', 'property CSI-7 three-ways-csi']);
    // Verifying: baseline and target
    const verify = await validate(event({ lang: 'en' }, '10304'));
    expect(verify.errorMessage).toMatch(/^The effectiveness check can only start/);
  });

  it('allows a transition without a rule', async () => {
    const { validate } = validator({ property: null });
    expect(await validate(event(undefined, '10301'))).toEqual({ result: true });
    expect(await validate({ issue: { key: 'CSI-7' }, transition: { to: { name: 'In Umsetzung' } } })).toEqual(
      {
        result: true,
      },
    );
  });

  it('refuses when the record cannot be read, and says so', async () => {
    const { validate, errors } = validator({ propertyError: new Error('Jira answered 503') });
    const answer = await validate(event({ rule: 'approve', lang: 'de' }));
    expect(answer).toEqual({
      result: false,
      errorMessage:
        'Der Übergang wird abgelehnt, weil der Verbesserungsnachweis von CSI-7 nicht gelesen werden konnte (Jira answered 503). Bitte in einigen Minuten erneut versuchen.',
    });
    expect(errors).toEqual(['CSI validator: record of CSI-7 not readable']);
  });

  it('refuses when the stored record is invalid', async () => {
    const { validate } = validator({ property: { ...approvedRecord, schemaVersion: 7 } });
    const answer = await validate(event({ rule: 'approve', lang: 'en' }));
    expect(answer.result).toBe(false);
    expect(answer.errorMessage).toContain('the stored record has schemaVersion 7');
  });

  it('refuses when the target status cannot be read (it may be an approval)', async () => {
    const { validate } = validator({ property: approvedRecord, statusError: new Error('Jira answered 500') });
    const answer = await validate(event(undefined, '10302'));
    expect(answer.result).toBe(false);
    expect(answer.errorMessage).toContain('Jira answered 500');
  });

  it('refuses a ruled transition without an issue key', async () => {
    const { validate } = validator({ property: approvedRecord });
    const answer = await validate({ configuration: { rule: 'close', lang: 'en' } });
    expect(answer.errorMessage).toBe(
      'The transition is refused: Jira did not tell the CSI validator which issue it is. Try again.',
    );
  });
});

describe('parseValidatorConfiguration', () => {
  it('reads the configuration in the shapes Forge may hand over', () => {
    expect(parseValidatorConfiguration({ rule: 'verify', lang: 'en' })).toEqual({
      rule: 'verify',
      lang: 'en',
    });
    expect(parseValidatorConfiguration('{"rule":"close"}')).toEqual({ rule: 'close', lang: null });
    expect(parseValidatorConfiguration({ value: '{"rule":"approve","lang":"de"}' })).toEqual({
      rule: 'approve',
      lang: 'de',
    });
    expect(parseValidatorConfiguration('approve')).toEqual({ rule: 'approve', lang: null });
    expect(parseValidatorConfiguration({ rule: 'delete-everything' })).toEqual({ rule: null, lang: null });
    expect(parseValidatorConfiguration(undefined)).toEqual({ rule: null, lang: null });
  });
});
