/**
 * Streamed output of the command line: a report is rendered in pieces and written piece by piece, waiting
 * whenever the output stream asks for it (backpressure), so the whole output never exists as one string — for
 * 100,000 issues the JSON report is about 65 MB of text, which as one string (plus its UTF-8 copy on the way
 * out) would double what the run needs at its peak.
 */

/** Issues (or other array elements) per rendered JSON piece: large enough that per-piece costs vanish. */
export const JSON_ELEMENTS_PER_PIECE = 256;

/**
 * The reader of the output has gone (a closed pipe, EPIPE: `… | head`): nothing more can be written, and nothing
 * went wrong on this side, so the command ends quietly, as Unix tools do.
 */
export class OutputClosedError extends Error {
  override readonly name = 'OutputClosedError';
  constructor() {
    super('the reader of the output closed it');
  }
}

/**
 * Where rendered pieces go. A returned promise makes the next piece wait for it: that is how a stream's
 * backpressure reaches the renderer. Anything else returned is ignored.
 */
export type PieceWriter = (piece: string) => unknown;

const isPromiseLike = (value: unknown): value is PromiseLike<unknown> =>
  typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';

/**
 * Writes every piece in order, waiting for the writer whenever it returns a promise.
 * @returns the number of UTF-16 code units written.
 */
export async function writePieces(pieces: Iterable<string>, write: PieceWriter): Promise<number> {
  let written = 0;
  for (const piece of pieces) {
    if (piece.length === 0) continue;
    written += piece.length;
    const pending = write(piece);
    if (isPromiseLike(pending)) await pending;
  }
  return written;
}

/** Smallest piece handed to the writer, in UTF-16 code units; smaller rendered pieces are joined first. */
export const MIN_PIECE_CHARS = 64 * 1024;

/** Joins small pieces (CSV rows) into pieces of at least `minChars`, so the stream sees few large writes. */
export function* joinSmallPieces(pieces: Iterable<string>, minChars = MIN_PIECE_CHARS): Generator<string> {
  let buffer: string[] = [];
  let buffered = 0;
  for (const piece of pieces) {
    buffer.push(piece);
    buffered += piece.length;
    if (buffered >= minChars) {
      yield buffer.join('');
      buffer = [];
      buffered = 0;
    }
  }
  if (buffered > 0) yield buffer.join('');
}

/**
 * `JSON.stringify(value, null, 2) + '\n'` of a plain object, in pieces: each member is rendered by
 * `JSON.stringify` itself, and a member that is a long array is rendered `elementsPerPiece` elements at a time.
 * The concatenated pieces equal the one-string rendering exactly (members whose value `JSON.stringify` leaves
 * out — `undefined`, functions — are left out here too).
 *
 * A slice of an array member is rendered as `{ "<name>": [slice] }` with the same indentation, so its elements
 * come out indented exactly as inside the whole object; only the slice's opening and closing lines are cut.
 */
export function* jsonPieces(
  value: Readonly<Record<string, unknown>>,
  elementsPerPiece = JSON_ELEMENTS_PER_PIECE,
): Generator<string> {
  let first = true;
  for (const name of Object.keys(value)) {
    const member: unknown = value[name];
    const separator = first ? '{\n' : ',\n';
    if (Array.isArray(member) && member.length > elementsPerPiece) {
      first = false;
      const open = `{\n  ${JSON.stringify(name)}: [\n`;
      const close = '\n  ]\n}';
      yield `${separator}  ${JSON.stringify(name)}: [\n`;
      for (let start = 0; start < member.length; start += elementsPerPiece) {
        const slice = member.slice(start, start + elementsPerPiece);
        const text = JSON.stringify({ [name]: slice }, null, 2);
        yield (start === 0 ? '' : ',\n') + text.slice(open.length, text.length - close.length);
      }
      yield '\n  ]';
      continue;
    }
    // `{ name: member }` rendered alone, without its braces: exactly the member's lines inside the whole object.
    const text = JSON.stringify({ [name]: member }, null, 2);
    if (text === '{}') continue; // a member JSON.stringify leaves out
    first = false;
    yield separator + text.slice(2, text.length - 2);
  }
  yield first ? '{}\n' : '\n}\n';
}
