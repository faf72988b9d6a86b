/**
 * A Jira transport for unit tests: answers each request with the next answer its handler gives and records what
 * was sent. Plus a fake clock whose `sleep` returns at once and moves the clock on, so retry waits are instant
 * and still measurable.
 */
import type { JiraHttpRequest, JiraHttpResponse, JiraTransport } from '../../src/adapters/jira/transport';

export interface ScriptedAnswer {
  readonly status?: number;
  /** JSON-serialised unless it is a string (sent as is). */
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

export interface ScriptedTransport extends JiraTransport {
  /** Every request sent, in order. */
  readonly sent: JiraHttpRequest[];
}

export function answer({ status = 200, body = {}, headers = {} }: ScriptedAnswer): JiraHttpResponse {
  const lower = new Map(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return {
    status,
    headers: { get: (name) => lower.get(name.toLowerCase()) ?? null },
    text: () => Promise.resolve(text),
  };
}

/** A transport whose answers come from `handler` (called with the request and its 0-based index). */
export function scriptedTransport(
  handler: (request: JiraHttpRequest, index: number) => ScriptedAnswer,
): ScriptedTransport {
  const sent: JiraHttpRequest[] = [];
  return {
    sent,
    send(request) {
      sent.push(request);
      return Promise.resolve(answer(handler(request, sent.length - 1)));
    },
  };
}

/** A transport that answers the given answers in order (and fails the test when asked once more). */
export function answersInOrder(...answers: ScriptedAnswer[]): ScriptedTransport {
  return scriptedTransport((request, index) => {
    const next = answers[index];
    if (next === undefined)
      throw new Error(`unexpected request #${index + 1}: ${request.method} ${request.path}`);
    return next;
  });
}

export interface FakeClock {
  readonly now: () => number;
  readonly sleep: (ms: number) => Promise<void>;
  /** Every wait asked for, ms. */
  readonly sleeps: number[];
}

export function fakeClock(startMs = Date.UTC(2026, 2, 2, 8, 0)): FakeClock {
  let nowMs = startMs;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => nowMs,
    sleep(ms) {
      sleeps.push(ms);
      nowMs += ms;
      return Promise.resolve();
    },
  };
}
