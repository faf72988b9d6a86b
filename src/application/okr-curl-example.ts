/**
 * The `curl` example shown once with a rotated secret: bash with `openssl` signing exactly as
 * `signExternalValue` checks (HMAC-SHA256 with the hex secret as key over `${timestamp}.${body}`, hex, sent as
 * `X-ThreeWays-Signature: sha256=<hex>` with `X-ThreeWays-Timestamp` in epoch seconds).
 */
import { shellQuoted, SIGNED_CURL_LINES } from './signed-webhook';

/** A bash script that sends one value (today's date as the measurement id) for `keyResultId`. */
export function curlExample(webTriggerUrl: string, keyResultId: string, secretHex: string): string {
  return [
    `SECRET=${shellQuoted(secretHex)}`,
    `URL=${shellQuoted(webTriggerUrl)}`,
    `BODY="{\\"keyResultId\\":\\"${keyResultId}\\",\\"measurementId\\":\\"daily-$(date -u +%F)\\",\\"value\\":42}"`,
    ...SIGNED_CURL_LINES,
  ].join('\n');
}
