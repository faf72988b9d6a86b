/** Calendar days as people in a time zone see them, for the UI's pages (dates in forms, file names, "today"). */

/** The calendar day `YYYY-MM-DD` of an instant in an IANA zone (UTC for an unknown zone). */
export function localDateOfMs(ms: number, timeZone: string): string {
  let zone = timeZone;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
  } catch {
    zone = 'UTC';
  }
  // sv-SE formats dates as YYYY-MM-DD.
  return new Intl.DateTimeFormat('sv-SE', {
    timeZone: zone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(ms);
}
