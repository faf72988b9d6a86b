import type { JiraHttpRequest, JiraTransport } from '../../src/adapters/jira/transport';
import {
  createIssue,
  jiraErrorMessages,
  JiraRefusal,
  listCreatableIssueTypes,
  listTransitions,
  transitionIssue,
} from '../../dev/preview/jira-actions';

/** A transport answering each request from `answer` and recording what was sent. */
function fakeTransport(
  answer: (request: JiraHttpRequest) => { status: number; body?: unknown },
): JiraTransport & { sent: JiraHttpRequest[] } {
  const sent: JiraHttpRequest[] = [];
  return {
    sent,
    send(request) {
      sent.push(request);
      const { status, body } = answer(request);
      return Promise.resolve({
        status,
        headers: { get: () => null },
        text: () => Promise.resolve(body === undefined ? '' : JSON.stringify(body)),
      });
    },
  };
}

describe('jiraErrorMessages', () => {
  it('lists errorMessages first, then the field errors, without blanks', () => {
    expect(
      jiraErrorMessages({ errorMessages: ['Refused.', ' '], errors: { summary: 'Summary is required.' } }),
    ).toEqual(['Refused.', 'Summary is required.']);
  });
  it('is empty for a body that is not an ErrorCollection', () => {
    expect(jiraErrorMessages(null)).toEqual([]);
    expect(jiraErrorMessages('oops')).toEqual([]);
  });
});

describe('listCreatableIssueTypes', () => {
  it("offers the project's issue types without sub-tasks", async () => {
    const transport = fakeTransport(() => ({
      status: 200,
      body: {
        key: 'MAIL',
        issueTypes: [
          { id: '1', name: 'Änderung', subtask: false },
          { id: '2', name: 'Unteraufgabe', subtask: true },
          { id: '3', name: 'Verbesserung (CSI)', subtask: false },
        ],
      },
    }));
    await expect(listCreatableIssueTypes(transport, 'MAIL')).resolves.toEqual([
      { id: '1', name: 'Änderung' },
      { id: '3', name: 'Verbesserung (CSI)' },
    ]);
    expect(transport.sent).toEqual([{ method: 'GET', path: '/rest/api/3/project/MAIL' }]);
  });

  it('refuses a project key that is not one, before asking Jira', async () => {
    const transport = fakeTransport(() => ({ status: 200, body: {} }));
    await expect(listCreatableIssueTypes(transport, 'MAIL/../x')).rejects.toThrow(/Not a project key/);
    expect(transport.sent).toEqual([]);
  });
});

describe('createIssue', () => {
  it('sends project, issue type and summary as Jira expects them and answers with the new key', async () => {
    const transport = fakeTransport(() => ({ status: 201, body: { id: '20001', key: 'MAIL-301' } }));
    await expect(
      createIssue(transport, { projectKey: 'MAIL', issueTypeId: '3', summary: 'Spam-Filter prüfen' }),
    ).resolves.toEqual({ id: '20001', key: 'MAIL-301' });
    expect(transport.sent).toEqual([
      {
        method: 'POST',
        path: '/rest/api/3/issue',
        body: { fields: { project: { key: 'MAIL' }, issuetype: { id: '3' }, summary: 'Spam-Filter prüfen' } },
      },
    ]);
  });

  it("passes Jira's refusal on with its status and messages", async () => {
    const transport = fakeTransport(() => ({
      status: 400,
      body: { errorMessages: [], errors: { issuetype: 'Specify an issue type' } },
    }));
    const refusal = await createIssue(transport, { projectKey: 'MAIL', issueTypeId: '', summary: 'x' }).catch(
      (error: unknown) => error,
    );
    expect(refusal).toBeInstanceOf(JiraRefusal);
    expect(refusal).toMatchObject({ status: 400, messages: ['Specify an issue type'] });
  });
});

describe('listTransitions', () => {
  it('lists the available transitions with their target status', async () => {
    const transport = fakeTransport(() => ({
      status: 200,
      body: {
        transitions: [
          {
            id: '11',
            name: 'Bewerten',
            isAvailable: true,
            to: { name: 'Bewertet', statusCategory: { key: 'new' } },
          },
          { id: '21', name: 'Genehmigen', isAvailable: false, to: { name: 'Genehmigt' } },
          { id: '31', name: 'Ablehnen', to: { name: 'Abgelehnt', statusCategory: { key: 'done' } } },
        ],
      },
    }));
    await expect(listTransitions(transport, 'MAIL-301')).resolves.toEqual([
      { id: '11', name: 'Bewerten', to: { name: 'Bewertet', categoryKey: 'new' } },
      { id: '31', name: 'Ablehnen', to: { name: 'Abgelehnt', categoryKey: 'done' } },
    ]);
    expect(transport.sent[0]?.path).toBe('/rest/api/3/issue/MAIL-301/transitions');
  });
});

describe('transitionIssue', () => {
  it("takes the transition and answers with the issue's new status", async () => {
    const transport = fakeTransport((request) =>
      request.method === 'POST'
        ? { status: 204 }
        : {
            status: 200,
            body: { fields: { status: { name: 'Bewertet', statusCategory: { key: 'new' } } } },
          },
    );
    await expect(transitionIssue(transport, 'MAIL-301', '11')).resolves.toEqual({
      issueKey: 'MAIL-301',
      status: { name: 'Bewertet', categoryKey: 'new' },
    });
    expect(transport.sent).toEqual([
      { method: 'POST', path: '/rest/api/3/issue/MAIL-301/transitions', body: { transition: { id: '11' } } },
      { method: 'GET', path: '/rest/api/3/issue/MAIL-301?fields=status' },
    ]);
  });

  it("passes a validator's refusal on as Jira words it, and does not read the issue", async () => {
    const message = 'Genehmigen ist nicht möglich: es fehlt die Bewertung.';
    const transport = fakeTransport(() => ({ status: 400, body: { errorMessages: [message], errors: {} } }));
    const refusal = await transitionIssue(transport, 'MAIL-301', '21').catch((error: unknown) => error);
    expect(refusal).toMatchObject({ name: 'JiraRefusal', status: 400, messages: [message], message });
    expect(transport.sent).toHaveLength(1);
  });
});
