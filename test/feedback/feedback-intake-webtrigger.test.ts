/**
 * The `feedback-intake` web trigger under abuse: every refused request (bad signature, another project's secret,
 * timestamp skew, oversize, deep or malformed JSON, wrong method or content type, unknown or disabled project)
 * answers a JSON error and writes nothing; a replay answers the first result and creates nothing; the same external
 * id with other feedback is a conflict; concurrent duplicates create one issue; under concurrency exactly the
 * hour's limit is accepted; the rule registers one improvement for a low rating or a rule label and none otherwise.
 */
import { createHash } from 'node:crypto';
import * as v from 'valibot';
import { canonicalFeedback, FeedbackIntakeBodySchema } from '../../src/domain/feedback/intake';
import {
  FEEDBACK_INTAKE_LEASE_MS,
  FEEDBACK_INTAKE_MAX_BODY_BYTES,
  intakeRecordKey,
} from '../../src/application/feedback-intake';
import {
  FEEDBACK_INTAKE_MAX_PER_DAY,
  FEEDBACK_INTAKE_MAX_PER_HOUR,
  intakeDayKey,
  intakeHourKey,
} from '../../src/application/feedback-intake-settings';
import {
  bodyOf,
  errorOf,
  feedbackFor,
  HD,
  intakeFixture,
  MAIL,
  NOW_MS,
  OFF,
  signedRequest,
  storeSnapshot,
  type IntakeFixture,
} from './support/feedback-intake-fixture';
import type { FeedbackIntakeWebRequest } from '../../src/entry/webtriggers/feedback-intake';

const NOW_S = String(Math.floor(NOW_MS / 1000));

function signed(
  payload: unknown,
  options: {
    secret?: string;
    timestamp?: string;
    rawBody?: string;
    method?: string;
    contentType?: string | null;
  } = {},
): FeedbackIntakeWebRequest {
  const { secret = HD.secret, timestamp = NOW_S, ...rest } = options;
  return signedRequest(secret, payload, { timestamp, ...rest });
}

async function expectRefusedWritingNothing(
  f: IntakeFixture,
  request: FeedbackIntakeWebRequest,
  status: number,
  code: string,
  messagePart: RegExp,
): Promise<void> {
  const before = await storeSnapshot(f.store);
  const issuesBefore = f.issues.length;
  const callsBefore = { ...f.calls };
  const response = await f.handle(request);
  expect([response.statusCode, errorOf(response).code]).toEqual([status, code]);
  expect(errorOf(response).message).toMatch(messagePart);
  expect(await storeSnapshot(f.store)).toEqual(before);
  expect(f.issues).toHaveLength(issuesBefore);
  expect(f.calls).toEqual(callsBefore);
  expect(f.errors).toEqual([]);
}

describe('feedback-intake web trigger: accepted feedback', () => {
  it('creates a feedback issue of the configured type with description, rating, labels; a high rating registers nothing', async () => {
    const f = await intakeFixture();
    const response = await f.handle(
      signed(feedbackFor('HD', 'survey-4711', { rating: 4, labels: ['self-service', 'self-service'] })),
    );
    expect(response.statusCode).toBe(201);
    expect(bodyOf(response)).toEqual({ feedbackIssueKey: 'HD-2', improvementKey: null, duplicate: false });
    const issue = f.issues.find((candidate) => candidate.key === 'HD-2');
    expect(issue).toMatchObject({
      projectId: HD.id,
      issueTypeId: '10002',
      summary: 'Passwort zurücksetzen dauert zu lange',
      labels: ['self-service', 'three-ways-feedback'],
    });
    const texts = (issue?.description?.content ?? []).map((node) => node.content?.[0]?.text);
    expect(texts).toEqual([
      'Ich habe 20 Minuten gewartet.',
      'Bitte ein Self-Service anbieten.',
      'Bewertung / rating: 4 von/of 5',
      'Quelle / source: Umfrage / survey',
      'Externe ID / external id: survey-4711',
    ]);
    expect(f.registerCalls).toEqual([]);
    expect(f.errors).toEqual([]);
  });

  it('takes unicode text as plain text: emoji, right-to-left, mention and markup syntax reach Jira as written', async () => {
    const f = await intakeFixture();
    const summary = 'Passwort 🔑 zurücksetzen \u202Eدعم\u202C @admin [~accountid:123] {color:red}';
    const description = 'Tab\tgetrennt, Zeile 1\nZeile 2 <script>alert(1)</script>\n\n@here *fett*';
    const response = await f.handle(
      signed(feedbackFor('HD', 'unicode-1', { summary, description, labels: ['größe', '🔥'] })),
    );
    expect(response.statusCode).toBe(201);
    const issue = f.issues.find((candidate) => candidate.key === bodyOf(response)['feedbackIssueKey']);
    expect(issue?.summary).toBe(summary);
    expect(issue?.labels).toEqual(['größe', '🔥', 'three-ways-feedback']);
    // Only paragraphs of text nodes: no mention, link or mark is made of what the sender wrote.
    const nodes = issue?.description?.content ?? [];
    expect(new Set(nodes.map((node) => node.type))).toEqual(new Set(['paragraph']));
    expect(nodes.flatMap((node) => (node.content ?? []).map((inline) => inline.type))).toEqual(
      nodes.map(() => 'text'),
    );
    expect(nodes.slice(0, 2).map((node) => node.content?.[0]?.text)).toEqual([
      'Tab\tgetrennt, Zeile 1\nZeile 2 <script>alert(1)</script>',
      '@here *fett*',
    ]);
  });

  it('registers one improvement for a low rating, in the configured CSI project, linked to the feedback issue', async () => {
    const f = await intakeFixture();
    const response = await f.handle(signed(feedbackFor('HD', 'survey-1', { rating: 2 })));
    expect(response.statusCode).toBe(201);
    expect(bodyOf(response)).toEqual({
      feedbackIssueKey: 'HD-2',
      improvementKey: 'CSI-100',
      duplicate: false,
    });
    expect(f.registerCalls).toHaveLength(1);
    expect(f.registerCalls[0]).toMatchObject({
      projectIdOrKey: 'CSI',
      summary: 'Rückmeldung / feedback: Passwort zurücksetzen dauert zu lange',
      source: 'customer-feedback',
      feedbackIssue: 'HD-2',
      sourceDetail: 'Bewertung / rating 2 ≤ 2: HD-2 (Umfrage / survey, survey-1)',
      dedupeKey: intakeRecordKey(HD.id, 'survey-1'),
    });
    // Rating 3 is above the threshold 2: no improvement.
    const higher = await f.handle(signed(feedbackFor('HD', 'survey-2', { rating: 3 })));
    expect(bodyOf(higher)).toMatchObject({ improvementKey: null });
    expect(f.registerCalls).toHaveLength(1);
  });

  it('registers an improvement for a monitoring alert carrying a rule label, with the source measurement', async () => {
    const f = await intakeFixture();
    const response = await f.handle(
      signed(
        feedbackFor('MAIL', 'alert-99', {
          rating: undefined,
          source: 'monitoring',
          labels: ['monitoring-alert'],
        }),
        { secret: MAIL.secret },
      ),
    );
    expect(response.statusCode).toBe(201);
    // MAIL registers in its own project (no improvement project configured).
    expect(f.registerCalls[0]).toMatchObject({
      projectIdOrKey: 'MAIL',
      source: 'measurement',
      sourceDetail: 'Label monitoring-alert: MAIL-2 (Überwachung / monitoring, alert-99)',
    });
  });

  it('comments on an existing issue of the project named by issueKey instead of creating one', async () => {
    const f = await intakeFixture();
    const response = await f.handle(signed(feedbackFor('HD', 'survey-c', { issueKey: 'HD-1', rating: 1 })));
    expect(response.statusCode).toBe(201);
    expect(bodyOf(response)).toEqual({
      feedbackIssueKey: 'HD-1',
      improvementKey: 'CSI-100',
      duplicate: false,
    });
    expect(f.calls['createIssue']).toBeUndefined();
    const hd1 = f.issues.find((issue) => issue.key === 'HD-1');
    expect(hd1?.comments).toHaveLength(1);
    expect(hd1?.comments[0]?.content[0]?.content?.[0]?.text).toBe(
      'Rückmeldung / feedback: Passwort zurücksetzen dauert zu lange',
    );
    // The replay comments nothing more.
    const replay = await f.handle(signed(feedbackFor('HD', 'survey-c', { issueKey: 'HD-1', rating: 1 })));
    expect(bodyOf(replay)).toEqual({ feedbackIssueKey: 'HD-1', improvementKey: 'CSI-100', duplicate: true });
    expect(hd1?.comments).toHaveLength(1);
  });

  it('refuses an issueKey of another project or of no issue with 400 naming issueKey, keeping no record', async () => {
    const f = await intakeFixture();
    const other = await f.handle(signed(feedbackFor('HD', 'x1', { issueKey: 'MAIL-1' })));
    expect([other.statusCode, errorOf(other).code]).toEqual([400, 'invalid-body']);
    expect(errorOf(other).message).toMatch(/issueKey: MAIL-1 is not an issue of HD/);
    const missing = await f.handle(signed(feedbackFor('HD', 'x2', { issueKey: 'HD-999' })));
    expect([missing.statusCode, errorOf(missing).code]).toEqual([400, 'invalid-body']);
    expect(errorOf(missing).message).toMatch(/issueKey: HD-999 does not exist in HD/);
    expect(await f.store.get(intakeRecordKey(HD.id, 'x2'))).toBeNull();
    expect(f.calls['addComment']).toBeUndefined();
  });
});

describe('feedback-intake web trigger: abuse', () => {
  it('refuses a bad signature, a missing one, and a body changed after signing with 401', async () => {
    const f = await intakeFixture();
    const request = signed(feedbackFor('HD', 'e1'));
    await expectRefusedWritingNothing(
      f,
      { ...request, headers: { ...request.headers, 'x-threeways-signature': [`sha256=${'0'.repeat(64)}`] } },
      401,
      'bad-signature',
      /HD's current secret/,
    );
    await expectRefusedWritingNothing(
      f,
      { ...request, body: (request.body ?? '').replace('"e1"', '"e2"') },
      401,
      'bad-signature',
      /does not match/,
    );
    const unsigned = Object.fromEntries(
      Object.entries(request.headers ?? {}).filter(([name]) => name !== 'x-threeways-signature'),
    );
    await expectRefusedWritingNothing(
      f,
      { ...request, headers: unsigned },
      401,
      'missing-signature',
      /required/,
    );
  });

  it("refuses a request signed with another project's secret with 401", async () => {
    const f = await intakeFixture();
    await expectRefusedWritingNothing(
      f,
      signed(feedbackFor('HD', 'e1'), { secret: MAIL.secret }),
      401,
      'bad-signature',
      /does not match/,
    );
  });

  it('refuses a timestamp more than 5 minutes off either way, and one that is no number, with 401', async () => {
    const f = await intakeFixture();
    for (const offsetS of [-301, 301, -86_400]) {
      await expectRefusedWritingNothing(
        f,
        signed(feedbackFor('HD', 'e1'), { timestamp: String(Number(NOW_S) + offsetS) }),
        401,
        'stale-timestamp',
        /s away from the app's clock/,
      );
    }
    await expectRefusedWritingNothing(
      f,
      signed(feedbackFor('HD', 'e1'), { timestamp: '2026-12-05T06:10:00Z' }),
      401,
      'bad-timestamp',
      /whole seconds/,
    );
    // Within the window it is accepted.
    const edge = await f.handle(signed(feedbackFor('HD', 'e1'), { timestamp: String(Number(NOW_S) - 299) }));
    expect(edge.statusCode).toBe(201);
  });

  it('answers a replay of the same request with the first result (200, duplicate) and creates nothing', async () => {
    const f = await intakeFixture();
    const request = signed(feedbackFor('HD', 'survey-9', { rating: 1 }));
    const first = await f.handle(request);
    expect(first.statusCode).toBe(201);
    const before = await storeSnapshot(f.store);
    const issues = f.issues.length;
    // The very same bytes a minute later (within the skew window), and the same feedback re-serialized.
    f.state.now += 60_000;
    const replay = await f.handle(request);
    const reordered = await f.handle(
      signed(
        { source: 'survey', rating: 1, ...feedbackFor('HD', 'survey-9', { rating: 1 }) },
        { timestamp: String(Math.floor(f.state.now / 1000)) },
      ),
    );
    for (const answer of [replay, reordered]) {
      expect(answer.statusCode).toBe(200);
      expect(bodyOf(answer)).toEqual({ ...bodyOf(first), duplicate: true });
    }
    expect(await storeSnapshot(f.store)).toEqual(before);
    expect(f.issues).toHaveLength(issues);
    expect(f.improvements.size).toBe(1);
  });

  it('refuses the same external id with other feedback with 409, creating nothing', async () => {
    const f = await intakeFixture();
    expect((await f.handle(signed(feedbackFor('HD', 'survey-9', { rating: 4 })))).statusCode).toBe(201);
    await expectRefusedWritingNothing(
      f,
      signed(feedbackFor('HD', 'survey-9', { rating: 1 })),
      409,
      'external-id-conflict',
      /already took other feedback with the external id survey-9/,
    );
  });

  it('refuses a body over 16 KiB with 413 before reading it', async () => {
    const f = await intakeFixture();
    const big = JSON.stringify(
      feedbackFor('HD', 'big', { description: 'x'.repeat(FEEDBACK_INTAKE_MAX_BODY_BYTES) }),
    );
    await expectRefusedWritingNothing(
      f,
      signed(null, { rawBody: big }),
      413,
      'body-too-large',
      /at most 16384/,
    );
    // Multi-byte characters count as bytes: 6,000 'ä' are 12,000 bytes plus the rest (fits), 9,000 do not.
    const umlauts = JSON.stringify(feedbackFor('HD', 'big', { description: 'ä'.repeat(9000) }));
    expect(umlauts.length).toBeLessThan(FEEDBACK_INTAKE_MAX_BODY_BYTES);
    await expectRefusedWritingNothing(f, signed(null, { rawBody: umlauts }), 413, 'body-too-large', /bytes/);
  });

  it('refuses deep, malformed and wrongly shaped JSON with 400 naming the field', async () => {
    const f = await intakeFixture();
    const deep = `${'['.repeat(8000)}${']'.repeat(8000)}`;
    await expectRefusedWritingNothing(f, signed(null, { rawBody: deep }), 400, 'invalid-body', /JSON object/);
    const deepField = JSON.stringify(feedbackFor('HD', 'd1')).replace(
      '"summary":',
      `"nested":${'{"a":'.repeat(1500)}1${'}'.repeat(1500)},"summary":`,
    );
    await expectRefusedWritingNothing(f, signed(null, { rawBody: deepField }), 400, 'invalid-body', /nested/);
    await expectRefusedWritingNothing(
      f,
      signed(null, { rawBody: '{"projectKey":' }),
      400,
      'malformed-json',
      /not JSON/,
    );
    const cases: [Record<string, unknown>, RegExp][] = [
      [{ rating: 0 }, /rating: rating must be a whole number from 1 to 5/],
      [{ rating: 2.5 }, /rating: /],
      [{ labels: ['has space'] }, /labels\.0: each label must be 1-100 characters without spaces/],
      [
        { labels: Array.from({ length: 11 }, (_, i) => `l${String(i)}`) },
        /labels: labels must be at most 10/,
      ],
      [{ summary: '' }, /summary: summary must not be empty/],
      [{ summary: 'x'.repeat(256) }, /summary: summary must be at most 255/],
      [{ summary: 'two\nlines' }, /summary: summary must be one line/],
      [{ source: 'email' }, /source: source must be survey, monitoring or other/],
      [{ externalId: 'has space' }, /externalId: externalId must be 1-128/],
      [{ issueKey: 'hd-1' }, /issueKey: issueKey must be a Jira issue key/],
      // Control and broken characters, which Jira's store and ADF are not made for, are named, not sent on.
      [{ summary: 'Passwort\u0000reset' }, /summary: summary must not contain control characters/],
      [{ summary: 'Passwort \ud800' }, /summary: summary must not contain control characters or broken/],
      [{ description: 'Klingel\u0007' }, /description: description must not contain control/],
      [{ labels: ['vpn\u001b[31m'] }, /labels\.0: a label must not contain control characters/],
    ];
    for (const [overrides, message] of cases)
      await expectRefusedWritingNothing(
        f,
        signed(feedbackFor('HD', 'v1', overrides)),
        400,
        'invalid-body',
        message,
      );
  });

  it('refuses any method but POST with 405 and any content type but JSON with 415', async () => {
    const f = await intakeFixture();
    for (const method of ['GET', 'PUT', 'DELETE']) {
      const response = await f.handle(signed(feedbackFor('HD', 'm1'), { method }));
      expect([response.statusCode, errorOf(response).code]).toEqual([405, 'method-not-allowed']);
      expect(response.headers['Allow']).toEqual(['POST']);
    }
    for (const contentType of ['text/plain', 'application/x-www-form-urlencoded', null]) {
      const response = await f.handle(signed(feedbackFor('HD', 'm1'), { contentType }));
      expect([response.statusCode, errorOf(response).code]).toEqual([415, 'unsupported-media-type']);
    }
    const charset = await f.handle(
      signed(feedbackFor('HD', 'm1'), { contentType: 'Application/JSON; charset=utf-8' }),
    );
    expect(charset.statusCode).toBe(201);
    expect(f.issues).toHaveLength(3);
  });

  it('answers an unknown project and a disabled one alike (404, same message shape), writing nothing', async () => {
    const f = await intakeFixture();
    const unknown = await f.handle(signed(feedbackFor('NOPE', 'u1'), { secret: OFF.secret }));
    const disabled = await f.handle(signed(feedbackFor('OFF', 'u1'), { secret: OFF.secret }));
    // A bad signature on the disabled project answers the same, so its secret cannot be probed either.
    const disabledBadSignature = await f.handle(signed(feedbackFor('OFF', 'u1'), { secret: HD.secret }));
    const shapes = [unknown, disabled, disabledBadSignature].map((response) => [
      response.statusCode,
      errorOf(response).code,
      errorOf(response).message.replace(/^[A-Z]+ /, '<KEY> '),
      Object.keys(response.headers),
    ]);
    expect(shapes[0]?.[0]).toBe(404);
    expect(shapes[1]).toEqual(shapes[0]);
    expect(shapes[2]).toEqual(shapes[0]);
    await expectRefusedWritingNothing(
      f,
      signed(feedbackFor('OFF', 'u2'), { secret: OFF.secret }),
      404,
      'unknown-project',
      /takes no feedback/,
    );
  });

  it(`accepts exactly ${String(FEEDBACK_INTAKE_MAX_PER_HOUR)} of ${String(FEEDBACK_INTAKE_MAX_PER_HOUR + 15)} requests sent at once; the rest get 429 with Retry-After`, async () => {
    const f = await intakeFixture({ realSleep: true });
    const total = FEEDBACK_INTAKE_MAX_PER_HOUR + 15;
    const responses = await Promise.all(
      Array.from({ length: total }, (_, i) => f.handle(signed(feedbackFor('HD', `burst-${String(i)}`)))),
    );
    const statuses = responses.map((response) => response.statusCode);
    expect(statuses.filter((status) => status === 201)).toHaveLength(FEEDBACK_INTAKE_MAX_PER_HOUR);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    const limited = responses.find((response) => response.statusCode === 429);
    // 06:10 UTC: the hour ends in 50 minutes.
    expect(limited?.headers['Retry-After']).toEqual(['3000']);
    expect(errorOf(limited ?? { statusCode: 0, headers: {}, body: '' }).message).toMatch(
      /60 pieces of feedback this hour/,
    );
    expect(f.issues.filter((issue) => issue.projectId === HD.id)).toHaveLength(
      1 + FEEDBACK_INTAKE_MAX_PER_HOUR,
    );
    // Refused requests keep no record: sent again next hour, they are first attempts.
    const refusedIds = responses
      .map((response, i) => (response.statusCode === 429 ? `burst-${String(i)}` : null))
      .filter((id): id is string => id !== null);
    for (const id of refusedIds) expect(await f.store.get(intakeRecordKey(HD.id, id))).toBeNull();
    f.state.now += 3_600_000;
    const nextHour = await f.handle(
      signed(feedbackFor('HD', refusedIds[0] ?? ''), { timestamp: String(Math.floor(f.state.now / 1000)) }),
    );
    expect(nextHour.statusCode).toBe(201);
    // Other projects have their own limits.
    const mail = await f.handle(
      signed(feedbackFor('MAIL', 'm-1'), {
        secret: MAIL.secret,
        timestamp: String(Math.floor(f.state.now / 1000)),
      }),
    );
    expect(mail.statusCode).toBe(201);
  }, 30_000);

  it(`refuses with 429 once the UTC day has ${String(FEEDBACK_INTAKE_MAX_PER_DAY)}, until the next day`, async () => {
    const f = await intakeFixture();
    const dayIndex = Math.floor(NOW_MS / 86_400_000);
    await f.store.put(intakeDayKey(HD.id, dayIndex), { count: FEEDBACK_INTAKE_MAX_PER_DAY }, null);
    const response = await f.handle(signed(feedbackFor('HD', 'late')));
    expect([response.statusCode, errorOf(response).code]).toEqual([429, 'rate-limited']);
    expect(response.headers['Retry-After']).toEqual([String((24 - 6) * 3600 - 10 * 60)]);
    expect(f.issues).toHaveLength(2);
    f.state.now = Date.UTC(2026, 11, 6, 0, 1);
    const tomorrow = await f.handle(
      signed(feedbackFor('HD', 'late'), { timestamp: String(Math.floor(f.state.now / 1000)) }),
    );
    expect(tomorrow.statusCode).toBe(201);
  });

  it('refuses a sender over the hour or the day limit on reads alone, writing nothing to the store', async () => {
    const f = await intakeFixture();
    const hourIndex = Math.floor(NOW_MS / 3_600_000);
    await f.store.put(intakeHourKey(HD.id, hourIndex), { count: FEEDBACK_INTAKE_MAX_PER_HOUR }, null);
    const writes = [jest.spyOn(f.store, 'put'), jest.spyOn(f.store, 'set'), jest.spyOn(f.store, 'delete')];
    for (let i = 0; i < 5; i += 1) {
      const response = await f.handle(signed(feedbackFor('HD', `flood-${String(i)}`)));
      expect([response.statusCode, errorOf(response).code]).toEqual([429, 'rate-limited']);
      expect(errorOf(response).message).toMatch(/this hour/);
    }
    expect(writes.map((spy) => spy.mock.calls.length)).toEqual([0, 0, 0]);
    await f.store.put(
      intakeDayKey(HD.id, Math.floor(NOW_MS / 86_400_000)),
      { count: FEEDBACK_INTAKE_MAX_PER_DAY },
      null,
    );
    writes.forEach((spy) => spy.mockClear());
    const dayFull = await f.handle(signed(feedbackFor('HD', 'flood-day')));
    expect(errorOf(dayFull).message).toMatch(/today/);
    expect(writes.map((spy) => spy.mock.calls.length)).toEqual([0, 0, 0]);
    writes.forEach((spy) => {
      spy.mockRestore();
    });
  });

  it('creates one issue and one improvement for ten concurrent copies of the same feedback', async () => {
    const f = await intakeFixture({ realSleep: true });
    const request = signed(feedbackFor('HD', 'dup-1', { rating: 1 }));
    const responses = await Promise.all(Array.from({ length: 10 }, () => f.handle(request)));
    expect(responses.map((response) => response.statusCode).sort()).toEqual([
      200, 200, 200, 200, 200, 200, 200, 200, 200, 201,
    ]);
    const bodies = responses.map((response) => bodyOf(response));
    expect(
      new Set(bodies.map((body) => `${String(body['feedbackIssueKey'])} ${String(body['improvementKey'])}`)),
    ).toEqual(new Set(['HD-2 CSI-100']));
    expect(f.calls['createIssue']).toBe(1);
    expect(f.registerCalls).toHaveLength(1);
    // Counted once against the limits.
    expect(
      (await f.store.get<{ count: number }>(intakeDayKey(HD.id, Math.floor(NOW_MS / 86_400_000))))?.value
        .count,
    ).toBe(1);
  });

  it('finds the issue an attempt created but could not record, instead of creating a second one', async () => {
    const f = await intakeFixture();
    f.loseNextCreateAnswer = true;
    const request = signed(feedbackFor('HD', 'lost-1', { rating: 2 }));
    const failed = await f.handle(request);
    expect([failed.statusCode, errorOf(failed).code]).toEqual([500, 'internal']);
    expect(f.errors).toEqual(['feedback-intake web trigger failed']);
    expect(f.issues.map((issue) => issue.key)).toEqual(['HD-1', 'MAIL-1', 'HD-2']);
    // The sender's retry takes over at once (the failed attempt released its reservation) and finds HD-2.
    const retry = await f.handle(request);
    expect(retry.statusCode).toBe(201);
    expect(bodyOf(retry)).toEqual({ feedbackIssueKey: 'HD-2', improvementKey: 'CSI-100', duplicate: false });
    expect(f.calls['createIssue']).toBe(1);
    expect(f.calls['searchIssues']).toBe(1);
  });

  it('does not comment twice on the named issue when the first attempt commented but failed before recording', async () => {
    const f = await intakeFixture();
    f.loseNextCommentAnswer = true;
    const request = signed(feedbackFor('HD', 'comment-lost', { issueKey: 'HD-1', rating: 5 }));
    const failed = await f.handle(request);
    expect(failed.statusCode).toBe(500);
    const hd1 = f.issues.find((issue) => issue.key === 'HD-1');
    expect(hd1?.comments).toHaveLength(1);
    const retry = await f.handle(request);
    expect(bodyOf(retry)).toEqual({ feedbackIssueKey: 'HD-1', improvementKey: null, duplicate: false });
    expect(hd1?.comments).toHaveLength(1);
    expect(f.calls['getComments']).toBe(1);
  });

  it("does not take another feedback issue whose description quotes this external id's marker for its own", async () => {
    const f = await intakeFixture();
    // A signed sender's feedback whose description is the marker paragraph of another external id.
    const decoy = await f.handle(
      signed(feedbackFor('HD', 'decoy-1', { description: 'Externe ID / external id: lost-3', rating: 5 })),
    );
    expect(bodyOf(decoy)).toMatchObject({ feedbackIssueKey: 'HD-2' });
    // lost-3's first attempt: Jira refused the create (503), nothing was created; the sender retries.
    f.refuseNextCreate = true;
    const request = signed(feedbackFor('HD', 'lost-3', { summary: 'VPN bricht ab', rating: 5 }));
    const failed = await f.handle(request);
    expect([failed.statusCode, errorOf(failed).code]).toEqual([503, 'jira-unavailable']);
    const retry = await f.handle(request);
    expect(retry.statusCode).toBe(201);
    // Its own issue, not the decoy's: the feedback is not lost.
    expect(bodyOf(retry)).toMatchObject({ feedbackIssueKey: 'HD-3', duplicate: false });
    expect(f.issues.find((issue) => issue.key === 'HD-3')?.summary).toBe('VPN bricht ab');
  });

  it("comments on the named issue although another comment there quotes this external id's marker", async () => {
    const f = await intakeFixture();
    const decoy = await f.handle(
      signed(
        feedbackFor('HD', 'decoy-2', {
          issueKey: 'HD-1',
          description: 'Externe ID / external id: comment-lost-2',
          rating: 5,
        }),
      ),
    );
    expect(decoy.statusCode).toBe(201);
    const hd1 = f.issues.find((issue) => issue.key === 'HD-1');
    expect(hd1?.comments).toHaveLength(1);
    // comment-lost-2's first attempt: Jira refused the comment (503), nothing was posted; the sender retries.
    f.refuseNextComment = true;
    const request = signed(feedbackFor('HD', 'comment-lost-2', { issueKey: 'HD-1', rating: 5 }));
    const failed = await f.handle(request);
    expect([failed.statusCode, errorOf(failed).code]).toEqual([503, 'jira-unavailable']);
    const retry = await f.handle(request);
    expect(bodyOf(retry)).toEqual({ feedbackIssueKey: 'HD-1', improvementKey: null, duplicate: false });
    expect(hd1?.comments).toHaveLength(2);
  });

  it('answers 503 with Retry-After when the improvement is being registered by a stopped attempt, and the retry finishes', async () => {
    const f = await intakeFixture();
    // The registration's own reservation (left by an attempt that stopped) is still within its lease.
    f.registrationBusyOnce = true;
    const request = signed(feedbackFor('HD', 'busy-1', { rating: 1 }));
    const busy = await f.handle(request);
    expect([busy.statusCode, errorOf(busy).code]).toEqual([503, 'busy']);
    expect(busy.headers['Retry-After']).toEqual(['95']);
    expect(errorOf(busy).message).toMatch(/send the same request again/);
    // Expected under retries: nothing for the operators' error log.
    expect(f.errors).toEqual([]);
    const retry = await f.handle(request);
    expect(bodyOf(retry)).toEqual({ feedbackIssueKey: 'HD-2', improvementKey: 'CSI-100', duplicate: false });
    expect(f.calls['createIssue']).toBe(1);
  });

  it('takes over an external id whose invocation stopped after recording the issue, registering only the improvement', async () => {
    const f = await intakeFixture();
    const feedback = feedbackFor('HD', 'stopped-1', { rating: 1 });
    // What an invocation leaves that Forge stopped after the feedback issue (HD-1) was recorded.
    const feedbackHash = createHash('sha256')
      .update(canonicalFeedback(v.parse(FeedbackIntakeBodySchema, feedback)))
      .digest('hex');
    await f.store.put(
      intakeRecordKey(HD.id, 'stopped-1'),
      {
        state: 'reserved',
        feedbackHash,
        reservedAtMs: NOW_MS,
        firstAttemptAtMs: NOW_MS,
        feedbackIssueKey: 'HD-1',
      },
      null,
    );
    // Within the lease a duplicate waits (bounded), then answers busy.
    const soon = await f.handle(signed(feedback));
    expect([soon.statusCode, errorOf(soon).code]).toEqual([503, 'busy']);
    expect(soon.headers['Retry-After']).toEqual(['60']);
    f.state.now += FEEDBACK_INTAKE_LEASE_MS;
    const later = await f.handle(signed(feedback, { timestamp: String(Math.floor(f.state.now / 1000)) }));
    expect(later.statusCode).toBe(201);
    expect(bodyOf(later)).toEqual({ feedbackIssueKey: 'HD-1', improvementKey: 'CSI-100', duplicate: false });
    expect(f.calls['createIssue']).toBeUndefined();
    expect(f.calls['searchIssues']).toBeUndefined();
  });
});
