/**
 * The `curl` example shown once with a rotated secret: bash with `openssl` signing exactly as
 * `signExternalValue` checks (HMAC-SHA256 with the hex secret as key over `${timestamp}.${body}`, hex, sent as
 * `X-ThreeWays-Signature: sha256=<hex>` with `X-ThreeWays-Timestamp` in epoch seconds).
 */

/** Quotes a text for bash (single quotes; a `'` inside becomes `'\''`). */
function shellQuoted(text: string): string {
  return `'${text.replaceAll("'", "'\\''")}'`;
}

/** A bash script that sends one value (today's date as the measurement id) for `keyResultId`. */
export function curlExample(webTriggerUrl: string, keyResultId: string, secretHex: string): string {
  return [
    `SECRET=${shellQuoted(secretHex)}`,
    `URL=${shellQuoted(webTriggerUrl)}`,
    `BODY="{\\"keyResultId\\":\\"${keyResultId}\\",\\"measurementId\\":\\"daily-$(date -u +%F)\\",\\"value\\":42}"`,
    'TS=$(date +%s)',
    `SIG=$(printf '%s' "$TS.$BODY" | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$SECRET" | sed 's/^.*= //')`,
    'curl -sS -X POST "$URL" \\',
    "  -H 'Content-Type: application/json' \\",
    '  -H "X-ThreeWays-Timestamp: $TS" \\',
    '  -H "X-ThreeWays-Signature: sha256=$SIG" \\',
    '  --data "$BODY"',
  ].join('\n');
}
