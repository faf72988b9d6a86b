/**
 * The visible text of server-rendered markup (`renderToStaticMarkup`), for asserting what a user reads: tags
 * become spaces, the entities React writes are decoded, runs of white space collapse to one space.
 */

/** Tags removed, entities decoded, spaces and line breaks collapsed; no-break spaces (`80\u00a0%`) are kept. */
export function htmlText(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, ' '))
    .replace(/[ \t\n]+/g, ' ')
    .trim();
}

/** As {@link htmlText}, with no-break spaces (U+00A0, U+202F) read as plain spaces. */
export function plainText(html: string): string {
  return decodeEntities(html.replace(/<[^>]+>/g, ' '))
    .replace(/[\u00a0\u202f]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

function decodeEntities(text: string): string {
  return text
    .replace(/&quot;/g, '"')
    .replace(/&#x27;/g, "'")
    .replace(/&amp;/g, '&');
}
