/**
 * The `okr-values` web trigger: other systems push values of external key results (POST, JSON, signed with the
 * key result's secret; see `application/okr-external-values.ts`). The handler only reads the request in Forge's
 * shape, delegates, and answers JSON: `{ result, … }` or `{ error: { code, message } }`. Answers are for machines
 * and their operators, so they are in English.
 */
import { receiveExternalValue, type ExternalValueDeps } from '../../application/okr-external-values';
import { OkrBusyError, OkrNotFoundError } from '../../application/ports/okr-store-port';
import {
  errorResponse as error,
  outcomeResponse,
  signedRequestOf,
  type JsonWebResponse,
  type WebHeaders,
} from './json-web-response';

/** The parts of Forge's web trigger request used here (header names as sent: compared case-insensitively). */
export interface OkrValuesRequest {
  readonly method: string;
  readonly headers?: WebHeaders;
  readonly body?: string;
}
export type OkrValuesResponse = JsonWebResponse;

export interface OkrValuesDeps extends ExternalValueDeps {
  /** Server-side log of unexpected failures. */
  readonly logError: (message: string, error: unknown) => void;
}

/** Builds the web trigger handler over the store, the OKR store and the clock. */
export function createOkrValuesWebTrigger(
  deps: OkrValuesDeps,
): (request: OkrValuesRequest, context?: unknown) => Promise<OkrValuesResponse> {
  return async (request) => {
    if (request.method.toUpperCase() !== 'POST')
      return error(
        405,
        'method-not-allowed',
        `${request.method} is not accepted: POST the value as JSON {"keyResultId","measurementId","value","at"?}.`,
        { Allow: ['POST'] },
      );
    try {
      return outcomeResponse(await receiveExternalValue(deps, signedRequestOf(request)));
    } catch (failure) {
      if (failure instanceof OkrNotFoundError)
        return error(404, 'unknown-key-result', `${failure.entityId} does not exist: check the id.`);
      if (failure instanceof OkrBusyError)
        return error(
          503,
          'busy',
          'The store is busy: send the same request again in a minute (it is idempotent).',
          {
            'Retry-After': ['60'],
          },
        );
      deps.logError('okr-values web trigger failed', failure);
      return error(
        500,
        'internal',
        'The value could not be recorded: send the same request again later (it is idempotent); if it keeps failing, tell the app admin.',
      );
    }
  };
}
