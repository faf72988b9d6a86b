/**
 * External values of key results: other systems (a monitoring job sending the day's failed sign-ins) push values
 * through the signed `okr-values` web trigger. Each key result has its own secret; a request is accepted only when
 * it is signed with it, recent, well-formed, within the key result's rate limit and not a replay.
 *
 * Keys (besides the OKR store's): `okr-secret:<krId>` (the secret, replaced whole on rotation),
 * `okr-rate:<krId>:<hour>` (values accepted in one clock hour, compare-and-set, expires after two hours) and
 * `okr-rate-day:<krId>:<UTC day>` (values accepted in one UTC day, likewise, expires after two days).
 *
 * Nothing is written for a refused request (but for one losing a race for the day's last values, whose hour's slot
 * stays counted). For an accepted one the counters are raised just before the check-in is appended, so a request
 * that loses a replay race to an identical one still counts once.
 */
import { randomBytes } from 'node:crypto';
import * as v from 'valibot';
import { periodBounds, periodKey as keyOfPeriod } from '../domain/okr/period';
import { KEY_RESULT_ID_PATTERN, MEASUREMENT_ID_PATTERN } from '../domain/okr/validation';
import { readClosure } from './okr-periods';
import { measurementKey, type MeasurementReservation } from './okr-store-keys';
import { OkrNotFoundError, OkrValidationError, type OkrStorePort } from './ports/okr-store-port';
import type { StorePort } from './ports/store-port';
import {
  rateCount,
  readSignedRequest,
  SIGNED_WEBHOOK_MAX_CLOCK_SKEW_MS,
  signatureMatches,
  signWebhookBody,
  takeRateSlot,
  timerSleep,
} from './signed-webhook';

/** Largest request body, bytes (UTF-8). */
export const OKR_VALUES_MAX_BODY_BYTES = 16 * 1024;
/** How far the sender's timestamp may be from the app's clock, either way, ms. */
export const OKR_VALUES_MAX_CLOCK_SKEW_MS = SIGNED_WEBHOOK_MAX_CLOCK_SKEW_MS;
/** Most values one key result accepts per clock hour. */
export const OKR_VALUES_MAX_PER_HOUR = 60;
/**
 * Most values one key result accepts per UTC day. Every view reads a key result's whole history, so a sender using
 * the hour's limit all day (1,440 values a day, about 130,000 a quarter, some 140 stored pages) would make each
 * gadget load read megabytes and use up the installation's storage read quota; 100 a day still takes a value every
 * 15 minutes, or a backlog of days sent at once.
 */
export const OKR_VALUES_MAX_PER_DAY = 100;
/** Bytes of a generated secret (hex-encoded: twice as many characters). */
export const OKR_SECRET_BYTES = 32;
/** The author recorded on pushed check-ins. */
export const EXTERNAL_AUTHOR = 'external';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const RATE_COUNTER_TTL_SECONDS = 2 * 3600;
const DAY_COUNTER_TTL_SECONDS = 2 * 24 * 3600;

export const secretKey = (keyResultId: string) => `okr-secret:${keyResultId}`;
export const rateKey = (keyResultId: string, hourIndex: number) =>
  `okr-rate:${keyResultId}:${String(hourIndex)}`;
export const dayRateKey = (keyResultId: string, dayIndex: number) =>
  `okr-rate-day:${keyResultId}:${String(dayIndex)}`;

interface StoredSecret {
  readonly secretHex: string;
  readonly createdAtMs: number;
}

/** What the use cases need. */
export interface ExternalValueDeps {
  readonly store: StorePort;
  readonly okr: OkrStorePort;
  /** Now, epoch ms. */
  readonly clock: () => number;
  /** Random bytes (tests inject fixed ones); default `node:crypto` randomBytes. */
  readonly randomBytes?: (size: number) => Buffer;
  /** Waits `ms` milliseconds (between attempts on a contended rate counter); default a timer. */
  readonly sleep?: (ms: number) => Promise<void>;
}

/**
 * Creates or replaces the secret of an external key result and returns it: the only time it is shown (to the
 * caller, the key result's owner). A rotated secret invalidates the old one at once.
 *
 * @throws OkrNotFoundError when the key result does not exist; OkrValidationError when it is archived or not external.
 */
export async function rotateKeyResultSecret(
  deps: ExternalValueDeps,
  keyResultId: string,
): Promise<{ readonly keyResultId: string; readonly secret: string }> {
  const keyResult = await deps.okr.getKeyResult(keyResultId);
  if (keyResult === null) throw new OkrNotFoundError(keyResultId);
  if (keyResult.value.archived)
    throw new OkrValidationError(
      [{ path: 'keyResultId', message: `${keyResultId} is archived: restore it before giving it a secret` }],
      'key result',
    );
  if (keyResult.value.source !== 'external')
    throw new OkrValidationError(
      [
        {
          path: 'source',
          message: `${keyResultId} does not take external values: set its source to external first`,
        },
      ],
      'key result',
    );
  const secretHex = (deps.randomBytes ?? randomBytes)(OKR_SECRET_BYTES).toString('hex');
  await deps.store.set<StoredSecret>(secretKey(keyResultId), { secretHex, createdAtMs: deps.clock() });
  return { keyResultId, secret: secretHex };
}

/** The signature a sender puts in `X-ThreeWays-Signature` (`sha256=<hex>`) for `timestamp` and `body`. */
export const signExternalValue = signWebhookBody;

/** A request as the web trigger received it: the raw body and the two signing headers (absent when not sent). */
export interface ExternalValueRequest {
  readonly body: string;
  readonly signature: string | undefined;
  readonly timestamp: string | undefined;
}

/** Machine-readable causes of a refused request. */
export type ExternalValueErrorCode =
  | 'body-too-large'
  | 'missing-signature'
  | 'bad-timestamp'
  | 'stale-timestamp'
  | 'malformed-json'
  | 'invalid-body'
  | 'unknown-key-result'
  | 'bad-signature'
  | 'not-external'
  | 'period-closed'
  | 'rate-limited';

/** The answer to a request: an HTTP status and a JSON body. */
export type ExternalValueOutcome =
  | {
      readonly status: 200 | 201;
      readonly body: {
        readonly result: 'recorded' | 'duplicate';
        readonly keyResultId: string;
        readonly measurementId: string;
        readonly checkInId: string;
      };
    }
  | {
      readonly status: 400 | 401 | 404 | 409 | 413 | 429;
      readonly body: { readonly error: { readonly code: ExternalValueErrorCode; readonly message: string } };
      /** Seconds until the sender may try again (rate limit). */
      readonly retryAfterSeconds?: number;
    };

const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

/** The body a sender posts. */
export const ExternalValueBodySchema = v.strictObject({
  keyResultId: v.pipe(
    v.string('keyResultId must be a string'),
    v.regex(KEY_RESULT_ID_PATTERN, 'keyResultId must look like KR-12 (shown with the key result)'),
  ),
  measurementId: v.pipe(
    v.string('measurementId must be a string'),
    v.regex(
      MEASUREMENT_ID_PATTERN,
      'measurementId must be 1-128 letters, digits or . _ : - (e.g. mail-2026-12-04)',
    ),
  ),
  value: v.pipe(v.number('value must be a number'), v.finite('value must be a finite number')),
  at: v.exactOptional(
    v.pipe(
      v.string('at must be a string'),
      v.regex(ISO_INSTANT, 'at must be an ISO 8601 instant with a zone, e.g. 2026-12-04T23:59:00Z'),
      v.check((text) => Number.isFinite(Date.parse(text)), 'at must be a real date and time'),
    ),
  ),
});

function refuse(
  status: 400 | 401 | 404 | 409 | 413 | 429,
  code: ExternalValueErrorCode,
  message: string,
  retryAfterSeconds?: number,
): ExternalValueOutcome {
  return {
    status,
    body: { error: { code, message } },
    ...(retryAfterSeconds === undefined ? {} : { retryAfterSeconds }),
  };
}

/**
 * Checks and records one pushed value. Order: size, headers, timestamp, JSON, body, key result and secret,
 * signature, archived (key result or objective)/external, replay, closed period and values before it, rate
 * limit, then the write. Every refusal writes nothing.
 */
export async function receiveExternalValue(
  deps: ExternalValueDeps,
  request: ExternalValueRequest,
): Promise<ExternalValueOutcome> {
  const { body } = request;
  const nowMs = deps.clock();
  const read = readSignedRequest(request, nowMs, {
    maxBodyBytes: OKR_VALUES_MAX_BODY_BYTES,
    tooLargeHint: 'send one value per request.',
    secretOwner: "the key result's",
    bodyExample: '{"keyResultId":"KR-12","measurementId":"…","value":42}',
    schema: ExternalValueBodySchema,
  });
  if (!read.ok) return refuse(read.status, read.code, read.message);
  const { signature, timestamp, input } = read;
  const unknownKeyResult = refuse(
    404,
    'unknown-key-result',
    `${input.keyResultId} does not exist, is archived or has no secret: check the id shown with the key result, or create its secret there.`,
  );
  const keyResult = await deps.okr.getKeyResult(input.keyResultId);
  const secret = await deps.store.get<StoredSecret>(secretKey(input.keyResultId));
  if (keyResult === null || secret === null) return unknownKeyResult;
  if (!signatureMatches(signature, signWebhookBody(secret.value.secretHex, timestamp, body)))
    return refuse(
      401,
      'bad-signature',
      `The signature does not match: sign exactly the bytes sent, as \`\${timestamp}.\${body}\`, with ${input.keyResultId}'s current secret (HMAC-SHA256, hex, "sha256=<hex>").`,
    );
  // Archived or no longer external only after the signature: unauthenticated callers learn nothing about it.
  return recordExternalValue(
    deps,
    {
      keyResultId: input.keyResultId,
      measurementId: input.measurementId,
      value: input.value,
      atMs: input.at === undefined ? nowMs : Date.parse(input.at),
    },
    EXTERNAL_AUTHOR,
  );
}

/** One value for an external key result, already authenticated (a signed request, or an allowed user's action). */
export interface ExternalValueInput {
  readonly keyResultId: string;
  readonly measurementId: string;
  readonly value: number;
  /** When it was measured, epoch ms. */
  readonly atMs: number;
}

/**
 * Records one value of an external key result whose sender is known to be allowed (the web trigger after the
 * signature; the Automation action "Kennzahl melden" after the user's OKR rights): archived (key result or
 * objective), external, replay, closed period and values before it, rate limit, then the write. Idempotent by the
 * measurement id: a value sent again answers `duplicate` with the same check-in. Every refusal writes nothing.
 *
 * @param author Recorded on the check-in (`external` for the web trigger, the rule actor's account id otherwise).
 */
export async function recordExternalValue(
  deps: ExternalValueDeps,
  input: ExternalValueInput,
  author: string,
): Promise<ExternalValueOutcome> {
  const nowMs = deps.clock();
  const unknownKeyResult = refuse(
    404,
    'unknown-key-result',
    `${input.keyResultId} does not exist or is archived: check the id shown with the key result.`,
  );
  const keyResult = await deps.okr.getKeyResult(input.keyResultId);
  // An archived objective hides its key results as archiving the key result does.
  if (keyResult === null || keyResult.value.archived) return unknownKeyResult;
  const objective = await deps.okr.getObjective(keyResult.value.objectiveId);
  if (objective === null || objective.value.archived) return unknownKeyResult;
  if (keyResult.value.source !== 'external')
    return refuse(
      409,
      'not-external',
      `${input.keyResultId} does not take external values any more: its owner set its source to ${keyResult.value.source}.`,
    );
  const { atMs } = input;
  if (atMs > nowMs + OKR_VALUES_MAX_CLOCK_SKEW_MS)
    return refuse(400, 'invalid-body', 'at lies in the future: send the time the value was measured.');
  const earlier = await deps.store.get<MeasurementReservation>(
    measurementKey(input.keyResultId, input.measurementId),
  );
  // A retry of a value recorded before the period closed is still answered as recorded (idempotent). A reserved
  // id whose check-in is not in the history (its writer is appending, or stopped before it) goes on to the store,
  // which waits for it or takes it over.
  if (
    earlier !== null &&
    (earlier.value.recorded === true ||
      (await isRecorded(deps.okr, input.keyResultId, earlier.value.checkInId)))
  )
    return recorded(200, 'duplicate', input, earlier.value.checkInId);
  // A closed period is graded: its values no longer change, as for check-ins on the OKR page.
  const periodKey = keyOfPeriod(objective.value.period);
  if ((await readClosure(deps.store, periodKey)) !== null)
    return refuse(
      409,
      'period-closed',
      `The period ${periodKey} is closed and graded: ${input.keyResultId} takes no more values; send them to a key result of the current period.`,
    );
  if (atMs < periodBounds(objective.value.period).startMs)
    return refuse(
      400,
      'invalid-body',
      `at lies before the period ${periodKey} began: send values measured within it.`,
    );
  const hourIndex = Math.floor(nowMs / HOUR_MS);
  const dayIndex = Math.floor(nowMs / DAY_MS);
  const dayKey = dayRateKey(input.keyResultId, dayIndex);
  const dayLimited = refuse(
    429,
    'rate-limited',
    `${input.keyResultId} accepted ${String(OKR_VALUES_MAX_PER_DAY)} values today (UTC) already: aggregate, e.g. one value per day or per hour.`,
    Math.ceil(((dayIndex + 1) * DAY_MS - nowMs) / 1000),
  );
  // The day's count is looked at first, so a refusal for it writes nothing.
  if ((await rateCount(deps.store, dayKey)) >= OKR_VALUES_MAX_PER_DAY) return dayLimited;
  if (
    !(await takeRateSlot(
      deps.store,
      rateKey(input.keyResultId, hourIndex),
      OKR_VALUES_MAX_PER_HOUR,
      RATE_COUNTER_TTL_SECONDS,
      deps.sleep ?? timerSleep,
    ))
  )
    return refuse(
      429,
      'rate-limited',
      `${input.keyResultId} accepted ${String(OKR_VALUES_MAX_PER_HOUR)} values this hour already: send at most one value per minute, or aggregate (e.g. one value per day).`,
      Math.ceil(((hourIndex + 1) * HOUR_MS - nowMs) / 1000),
    );
  // Only a sender racing others for the day's last values can lose here, its hour's slot counted.
  if (
    !(await takeRateSlot(
      deps.store,
      dayKey,
      OKR_VALUES_MAX_PER_DAY,
      DAY_COUNTER_TTL_SECONDS,
      deps.sleep ?? timerSleep,
    ))
  )
    return dayLimited;
  const appended = await deps.okr.appendCheckIn({
    keyResultId: input.keyResultId,
    value: input.value,
    note: '',
    author,
    atMs,
    source: 'external',
    measurementId: input.measurementId,
  });
  return appended.duplicate
    ? recorded(200, 'duplicate', input, appended.checkIn.id)
    : recorded(201, 'recorded', input, appended.checkIn.id);
}

async function isRecorded(okr: OkrStorePort, keyResultId: string, checkInId: string): Promise<boolean> {
  return (await okr.checkIns(keyResultId)).some((checkIn) => checkIn.id === checkInId);
}

function recorded(
  status: 200 | 201,
  result: 'recorded' | 'duplicate',
  input: { readonly keyResultId: string; readonly measurementId: string },
  checkInId: string,
): ExternalValueOutcome {
  return {
    status,
    body: { result, keyResultId: input.keyResultId, measurementId: input.measurementId, checkInId },
  };
}
