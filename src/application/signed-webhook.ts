/**
 * What the app's signed web triggers share (`okr-values`, `feedback-intake`): the signature scheme, the check of the
 * two signing headers, the first checks of a request (size, headers, JSON, schema), the compare-and-set rate counters and the shell quoting of the `curl` examples shown with a
 * rotated secret.
 *
 * Scheme: the sender signs `<timestamp>.<body>` (the exact bytes it sends) with HMAC-SHA256, the hex secret decoded
 * as the key, and sends `X-ThreeWays-Timestamp: <epoch seconds>` and `X-ThreeWays-Signature: sha256=<hex>`. A
 * timestamp more than {@link SIGNED_WEBHOOK_MAX_CLOCK_SKEW_MS} away from the app's clock is refused, so a captured
 * request cannot be replayed later (within the window each trigger's own idempotency key answers a replay).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
import * as v from 'valibot';
import { StoreConflictError, type StorePort } from './ports/store-port';

/** How far the sender's timestamp may be from the app's clock, either way, ms. */
export const SIGNED_WEBHOOK_MAX_CLOCK_SKEW_MS = 5 * 60_000;

/** The signature a sender puts in `X-ThreeWays-Signature` (`sha256=<hex>`) for `timestamp` and `body`. */
export function signWebhookBody(secretHex: string, timestamp: string, body: string): string {
  return `sha256=${createHmac('sha256', Buffer.from(secretHex, 'hex')).update(`${timestamp}.${body}`, 'utf8').digest('hex')}`;
}

/** Constant-time check of a `sha256=<hex>` header against the expected signature. */
export function signatureMatches(header: string, expected: string): boolean {
  const given = Buffer.from(header, 'utf8');
  const wanted = Buffer.from(expected, 'utf8');
  // Lengths are public (always 71 characters when well-formed); only equal-length buffers are compared.
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}

/** Why the signing headers were refused (all answered 401). */
export type SigningHeaderProblem =
  | { readonly code: 'missing-signature'; readonly message: string }
  | { readonly code: 'bad-timestamp'; readonly message: string }
  | { readonly code: 'stale-timestamp'; readonly message: string };

/**
 * Checks that both signing headers are present and the timestamp is whole epoch seconds within the allowed skew of
 * `nowMs`; null when they are. `secretOwner` names whose secret signs (in the message: "the key result's").
 */
export function signingHeaderProblem(
  signature: string | undefined,
  timestamp: string | undefined,
  nowMs: number,
  secretOwner: string,
): SigningHeaderProblem | null {
  if (signature === undefined || timestamp === undefined)
    return {
      code: 'missing-signature',
      message: `The headers X-ThreeWays-Signature and X-ThreeWays-Timestamp are required: sign \`\${timestamp}.\${body}\` with ${secretOwner} secret (HMAC-SHA256, hex) and send "sha256=<hex>".`,
    };
  if (!/^\d{1,12}$/.test(timestamp))
    return {
      code: 'bad-timestamp',
      message:
        'X-ThreeWays-Timestamp must be the current time in whole seconds since 1970 (e.g. `date +%s`).',
    };
  const skewMs = Math.abs(Number(timestamp) * 1000 - nowMs);
  if (skewMs > SIGNED_WEBHOOK_MAX_CLOCK_SKEW_MS)
    return {
      code: 'stale-timestamp',
      message: `X-ThreeWays-Timestamp is ${String(Math.round(skewMs / 1000))} s away from the app's clock; at most ${String(SIGNED_WEBHOOK_MAX_CLOCK_SKEW_MS / 1000)} s are accepted: sign with the current time and check the sender's clock.`,
    };
  return null;
}

/** A signed request as a web trigger hands it over: the raw body and the two signing headers, when sent. */
export interface SignedWebhookRequest {
  readonly body: string;
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
}

/** Why a signed request was refused before its signature could be checked (written nothing). */
export interface SignedRequestRefusal {
  readonly ok: false;
  readonly status: 400 | 401 | 413;
  readonly code: SigningHeaderProblem['code'] | 'body-too-large' | 'malformed-json' | 'invalid-body';
  readonly message: string;
}

/** A signed request whose size, headers and body hold; its signature is still to be checked by the caller. */
export interface SignedRequestRead<T> {
  readonly ok: true;
  /** Both present once the headers passed. */
  readonly signature: string;
  readonly timestamp: string;
  readonly input: T;
}

/** What differs between the web triggers in the first checks: the size limit, whose secret signs, the hints. */
export interface SignedRequestRules<S extends v.GenericSchema> {
  readonly maxBodyBytes: number;
  /** What to do about a body over the limit (after "at most N are accepted: "). */
  readonly tooLargeHint: string;
  /** Whose secret signs, for the missing-headers message ("the key result's"). */
  readonly secretOwner: string;
  /** An example body for the not-JSON message. */
  readonly bodyExample: string;
  readonly schema: S;
}

/**
 * The checks every signed web trigger makes before it looks anything up, in this order: body size, signing
 * headers and timestamp at `nowMs`, JSON, the body's schema. Looking up the secret and checking the signature
 * are left to the caller, since what is looked up (and what an unknown id reveals) differs per trigger.
 */
export function readSignedRequest<S extends v.GenericSchema>(
  request: SignedWebhookRequest,
  nowMs: number,
  rules: SignedRequestRules<S>,
): SignedRequestRefusal | SignedRequestRead<v.InferOutput<S>> {
  const { body } = request;
  const bodyBytes = Buffer.byteLength(body, 'utf8');
  if (bodyBytes > rules.maxBodyBytes)
    return {
      ok: false,
      status: 413,
      code: 'body-too-large',
      message: `The body has ${String(bodyBytes)} bytes; at most ${String(rules.maxBodyBytes)} are accepted: ${rules.tooLargeHint}`,
    };
  const headerProblem = signingHeaderProblem(request.signature, request.timestamp, nowMs, rules.secretOwner);
  if (headerProblem !== null) return { ok: false, status: 401, ...headerProblem };
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return {
      ok: false,
      status: 400,
      code: 'malformed-json',
      message: `The body is not JSON: send ${rules.bodyExample} with Content-Type application/json.`,
    };
  }
  const parsed = v.safeParse(rules.schema, json);
  if (!parsed.success)
    return {
      ok: false,
      status: 400,
      code: 'invalid-body',
      message: `The body is invalid: ${parsed.issues.map((issue) => `${v.getDotPath(issue) ?? '(body)'}: ${issue.message}`).join('; ')}.`,
    };
  return {
    ok: true,
    signature: request.signature ?? '',
    timestamp: request.timestamp ?? '',
    input: parsed.output,
  };
}

interface RateCounter {
  readonly count: number;
}

const MAX_COUNTER_ATTEMPTS = 20;
/** Backoff ceilings between compare-and-set attempts on a counter, ms (full jitter, doubling). */
const COUNTER_BASE_BACKOFF_MS = 4;
const COUNTER_MAX_BACKOFF_MS = 250;

/** Waits `ms` milliseconds on a timer (the default pause between attempts on a contended counter). */
export const timerSleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** The count a rate counter holds (0 when absent or expired). */
export async function rateCount(store: StorePort, key: string): Promise<number> {
  return (await store.get<RateCounter>(key))?.value.count ?? 0;
}

/**
 * Raises a rate counter (an hour's or a day's) by compare-and-set; false (writing nothing) when `limit` is
 * reached. A lost race waits a jittered, growing pause: senders arriving together (a monitoring job's backlog)
 * spread out instead of retrying in lockstep, where all but a few ran out of attempts and were told the limit
 * was reached. Never more than `limit` raises succeed on one key, however many run at once.
 */
export async function takeRateSlot(
  store: StorePort,
  key: string,
  limit: number,
  ttlSeconds: number,
  sleep: (ms: number) => Promise<void> = timerSleep,
): Promise<boolean> {
  for (let attempt = 0; attempt < MAX_COUNTER_ATTEMPTS; attempt += 1) {
    const stored = await store.get<RateCounter>(key);
    const count = stored?.value.count ?? 0;
    if (count >= limit) return false;
    try {
      await store.put<RateCounter>(key, { count: count + 1 }, stored?.version ?? null, { ttlSeconds });
      return true;
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      const ceilingMs = Math.min(COUNTER_MAX_BACKOFF_MS, COUNTER_BASE_BACKOFF_MS * 2 ** attempt);
      await sleep(Math.floor(Math.random() * ceilingMs));
    }
  }
  // A counter this contended means a flood: refuse rather than spin.
  return false;
}

/** Quotes a text for bash (single quotes; a `'` inside becomes `'\''`). */
export function shellQuoted(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/**
 * The lines of a bash script that signs `$BODY` with `$SECRET` as {@link signWebhookBody} checks (openssl, HMAC with
 * the hex key) and POSTs it to `$URL`; the caller sets the three variables first.
 */
export const SIGNED_CURL_LINES: readonly string[] = [
  'TS=$(date +%s)',
  `SIG=$(printf '%s' "$TS.$BODY" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$SECRET" | sed 's/^.*= //')`,
  'curl -sS -X POST "$URL" \\',
  "  -H 'Content-Type: application/json' \\",
  '  -H "X-ThreeWays-Timestamp: $TS" \\',
  '  -H "X-ThreeWays-Signature: sha256=$SIG" \\',
  '  --data "$BODY"',
];
