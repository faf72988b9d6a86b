/**
 * The Jira client's Jira Service Management calls: a request's CSAT feedback (null on JSM's 404, a comment's body,
 * no rating outside 1–5) and every service desk across JSM's `start`/`limit`/`isLastPage` pages.
 */
import { createJiraClient } from '../../src/adapters/jira/jira-client';
import { JiraAccessError } from '../../src/application/errors';
import { answersInOrder, fakeClock } from './scripted-transport';

function client(...answers: Parameters<typeof answersInOrder>) {
  const transport = answersInOrder(...answers);
  const clock = fakeClock();
  return {
    transport,
    jira: createJiraClient(transport, { sleep: clock.sleep, now: clock.now, random: () => 0.5 }),
  };
}

const JSM_404 = {
  status: 404,
  body: {
    errorMessage: 'The request does not exist or you do not have permission to see it.',
    i18nErrorMessage: { i18nKey: 'sd.request.not.found', parameters: ['HD-9'] },
  },
};

describe('getRequestFeedback', () => {
  it('reads the rating and the comment body from GET /rest/servicedeskapi/request/{key}/feedback', async () => {
    const { transport, jira } = client({ body: { type: 'csat', rating: 4, comment: { body: 'Danke!' } } });
    expect(await jira.getRequestFeedback('HD-1')).toEqual({ rating: 4, comment: 'Danke!' });
    expect(transport.sent[0]).toMatchObject({
      method: 'GET',
      path: '/rest/servicedeskapi/request/HD-1/feedback',
    });
    expect(jira.requestCount('GET /rest/servicedeskapi/request/{requestIdOrKey}/feedback')).toBe(1);
  });

  it('answers null for JSM’s 404 (no rating, no request, or hidden) and for a rating that is no CSAT', async () => {
    const { jira } = client(
      JSM_404,
      { body: { type: 'csat' } },
      { body: { type: 'csat', rating: 7 } },
      { body: { type: 'other', rating: 3 } },
      { body: { type: 'csat', rating: 2, comment: { body: '' } } },
    );
    expect(await jira.getRequestFeedback('HD-9')).toBeNull();
    expect(await jira.getRequestFeedback('HD-10')).toBeNull();
    expect(await jira.getRequestFeedback('HD-11')).toBeNull();
    expect(await jira.getRequestFeedback('HD-12')).toBeNull();
    expect(await jira.getRequestFeedback('HD-13')).toEqual({ rating: 2, comment: null });
  });

  it('throws other failures (a 403 is not "no rating")', async () => {
    const forbidden = {
      status: 403,
      body: { errorMessage: 'You may not view requests of this service project.' },
    };
    const { jira } = client(forbidden, forbidden);
    await expect(jira.getRequestFeedback('HD-1')).rejects.toBeInstanceOf(JiraAccessError);
    // The failure names JSM's reason (its ErrorResponse carries errorMessage, not errorMessages).
    await expect(jira.getRequestFeedback('HD-1')).rejects.toThrow(
      /may not view requests of this service project/,
    );
  });
});

describe('listServiceDesks', () => {
  const desk = (id: string) => ({
    id,
    projectId: `1000${id}`,
    projectKey: `P${id}`,
    projectName: `Projekt ${id}`,
  });

  it('follows the pages until isLastPage, asking from the count read so far', async () => {
    const first = Array.from({ length: 50 }, (_, i) => desk(String(i + 1)));
    const { transport, jira } = client(
      { body: { start: 0, limit: 50, size: 50, isLastPage: false, values: first } },
      { body: { start: 50, limit: 50, size: 1, isLastPage: true, values: [desk('51')] } },
    );
    const desks = await jira.listServiceDesks();
    expect(desks).toHaveLength(51);
    expect(desks[50]).toEqual(desk('51'));
    expect(transport.sent.map((r) => r.path)).toEqual([
      '/rest/servicedeskapi/servicedesk?start=0&limit=50',
      '/rest/servicedeskapi/servicedesk?start=50&limit=50',
    ]);
  });
});
