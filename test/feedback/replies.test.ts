/**
 * The reply templates, language choice, dedupe key and ADF rendering of feedback out (domain/feedback/replies).
 */
import {
  DEFAULT_REPLY_TEMPLATES,
  changeText,
  feedbackReplyDedupeKey,
  feedbackReplyMarker,
  findReplyTemplateProblems,
  mergeReplyTemplates,
  renderFeedbackReply,
  replyLanguageOf,
  type ReplyAdfNode,
  type ReplyInput,
} from '../../src/domain/feedback/replies';

const FACTS = {
  baseline: { name: 'Durchlaufzeit p85', unit: 'Tage' },
  target: { value: 2.5, targetDate: '2026-12-31' },
  result: { name: 'Durchlaufzeit p85', value: 1.75, unit: 'Tage', measuredOn: '2026-11-30' },
};

const INPUT: ReplyInput = {
  step: 'closed',
  language: 'de',
  improvementIssueId: '90001',
  improvementKey: 'CSI-1',
  improvementSummary: 'Self-Service-Passwortrücksetzung einführen',
  feedbackIssueKey: 'HD-7',
  reporter: { accountId: 'acc-anna', displayName: 'Anna Berger' },
  facts: FACTS,
};

function texts(node: ReplyAdfNode): string {
  return (node.text ?? '') + (node.content ?? []).map(texts).join('');
}

function mentions(node: ReplyAdfNode): ReplyAdfNode[] {
  return [...(node.type === 'mention' ? [node] : []), ...(node.content ?? []).flatMap(mentions)];
}

describe('replyLanguageOf', () => {
  it.each([
    ['de_DE', 'de'],
    ['de-AT', 'de'],
    ['de', 'de'],
    ['DE_ch', 'de'],
    ['en_US', 'en'],
    ['dea', 'en'],
    ['fr_FR', 'en'],
    [undefined, 'en'],
    [null, 'en'],
  ] as const)('%s → %s', (locale, language) => {
    expect(replyLanguageOf(locale)).toBe(language);
  });
});

describe('the dedupe key', () => {
  it('differs per improvement, feedback issue and step and holds only KVS key characters', () => {
    const keys = new Set([
      feedbackReplyDedupeKey('90001', 'HD-7', 'closed'),
      feedbackReplyDedupeKey('90001', 'HD-7', 'in-implementation'),
      feedbackReplyDedupeKey('90001', 'HD-8', 'closed'),
      feedbackReplyDedupeKey('90002', 'HD-7', 'closed'),
    ]);
    expect(keys.size).toBe(4);
    for (const key of keys) expect(key).toMatch(/^[a-zA-Z0-9:._\-#]+$/);
  });
});

describe('renderFeedbackReply', () => {
  it('writes the German closed reply with the reporter as a mention node, the improvement and the result', () => {
    const doc = renderFeedbackReply(DEFAULT_REPLY_TEMPLATES, INPUT);
    expect(doc.type).toBe('doc');
    expect(doc.version).toBe(1);
    expect(mentions(doc)).toEqual([
      { type: 'mention', attrs: { id: 'acc-anna', text: '@Anna Berger', accessLevel: '' } },
    ]);
    const all = doc.content.map(texts);
    expect(all[0]).toBe(
      'Hallo , danke für Ihre Rückmeldung. Die Verbesserung CSI-1 „Self-Service-Passwortrücksetzung einführen“, zu der sie beigetragen hat, ist abgeschlossen.',
    );
    expect(all[1]).toBe('Was sich geändert hat: Durchlaufzeit p85: 1,75 Tage (gemessen am 2026-11-30)');
    expect(all.at(-1)).toBe(feedbackReplyMarker('90001', 'HD-7', 'closed'));
    // The mention sits where {reporter} stands: after "Hallo ".
    expect(doc.content[0]?.content?.[0]).toEqual({ type: 'text', text: 'Hallo ' });
    expect(doc.content[0]?.content?.[1]?.type).toBe('mention');
  });

  it('writes the English in-implementation reply with the target', () => {
    const doc = renderFeedbackReply(DEFAULT_REPLY_TEMPLATES, {
      ...INPUT,
      language: 'en',
      step: 'in-implementation',
      reporter: { accountId: 'acc-otto', displayName: 'Otto Klein' },
    });
    expect(mentions(doc)[0]?.attrs).toEqual({ id: 'acc-otto', text: '@Otto Klein', accessLevel: '' });
    expect(doc.content.map(texts)[1]).toBe('Our goal: Durchlaufzeit p85: 2.5 Tage by 2026-12-31');
  });

  it('greets without a mention when the feedback issue has no reporter', () => {
    const doc = renderFeedbackReply(DEFAULT_REPLY_TEMPLATES, { ...INPUT, language: 'en', reporter: null });
    expect(mentions(doc)).toEqual([]);
    expect(texts(doc.content[0] ?? { type: 'paragraph' })).toMatch(/^Hello there, thank you/);
  });

  it("uses a project's template over the default and turns single line breaks into hard breaks", () => {
    const templates = mergeReplyTemplates({ closed: { en: 'Done: {improvementKey}\n{change}' } });
    expect(templates.closed.de).toBe(DEFAULT_REPLY_TEMPLATES.closed.de);
    const doc = renderFeedbackReply(templates, { ...INPUT, language: 'en' });
    expect(doc.content[0]?.content).toEqual([
      { type: 'text', text: 'Done: CSI-1' },
      { type: 'hardBreak' },
      { type: 'text', text: 'Durchlaufzeit p85: 1.75 Tage (measured on 2026-11-30)' },
    ]);
  });
});

describe('changeText', () => {
  it('falls back to the other value, then to a pointer to the improvement', () => {
    expect(changeText('closed', { ...FACTS, result: null }, 'en')).toBe(
      'Durchlaufzeit p85: 2.5 Tage by 2026-12-31',
    );
    expect(changeText('in-implementation', { baseline: null, target: null, result: null }, 'de')).toBe(
      'Details stehen in der Verbesserung.',
    );
  });
});

describe('findReplyTemplateProblems', () => {
  it('names unknown placeholders, empty and too long templates', () => {
    expect(
      findReplyTemplateProblems({
        closed: { de: 'Hallo {reporter}, {wer}', en: ' ' },
        'in-implementation': { en: 'x'.repeat(2001) },
      }),
    ).toEqual([
      { step: 'in-implementation', language: 'en', kind: 'too-long', detail: '2001' },
      { step: 'closed', language: 'de', kind: 'unknown-placeholder', detail: 'wer' },
      { step: 'closed', language: 'en', kind: 'empty', detail: '' },
    ]);
    expect(findReplyTemplateProblems(DEFAULT_REPLY_TEMPLATES)).toEqual([]);
  });
});
