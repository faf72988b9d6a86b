/**
 * Streams the elements of a JSON array out of a file without ever holding the whole file or the whole parsed
 * array: a 100,000-issue export is about 180 MB of text and more than 600 MB once read and parsed as a whole,
 * over the 512 MB a Forge function may use.
 *
 * The file is read synchronously in chunks and decoded with a `StringDecoder` (a multi-byte character split
 * between two chunks is completed by the next one). A scanner that only knows strings, escapes and bracket
 * depth finds where each top-level element ends; that element's text alone goes through `JSON.parse`, so memory
 * stays bounded by one chunk plus one element. Every piece of the input is either parsed by `JSON.parse` or
 * checked by the scanner itself, so malformed JSON is rejected as `JSON.parse` of the whole file would reject it.
 */
import * as fs from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Default read size: large enough that per-chunk costs vanish, small next to the memory budget. */
export const DEFAULT_CHUNK_BYTES = 2 * 1024 * 1024;

/**
 * The input is not usable as a list of elements: `kind` `syntax` when it is not valid JSON, `shape` when it is
 * JSON but neither an array nor an object with an `issues` array. Offsets point at the problem: `byteOffset` in
 * the file's bytes, `charOffset` in its decoded text (UTF-16 code units, as editors and `JSON.parse` count).
 */
export class JsonStreamError extends Error {
  override readonly name = 'JsonStreamError';
  constructor(
    readonly kind: 'syntax' | 'shape',
    message: string,
    readonly byteOffset: number,
    readonly charOffset: number,
  ) {
    super(message);
  }
}

export interface StreamOptions {
  /** Bytes read per chunk (default {@link DEFAULT_CHUNK_BYTES}); tiny values exist to test chunk boundaries. */
  readonly chunkBytes?: number;
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const LBRACKET = 0x5b;
const RBRACKET = 0x5d;
const LBRACE = 0x7b;
const RBRACE = 0x7d;
const SPACE = 0x20;
const TAB = 0x09;
const LF = 0x0a;
const CR = 0x0d;

// Where the scanner is between values (JSON's four whitespace characters are skipped in every state).
const ROOT = 0; // before the root value
const ARRAY_FIRST = 1; // after "[": an element or "]"
const ARRAY_NEXT = 2; // after ",": an element
const ARRAY_AFTER = 3; // after an element: "," or "]"
const OBJECT_FIRST = 4; // after "{" of the root object: a member name or "}"
const OBJECT_NEXT = 5; // after ",": a member name
const OBJECT_COLON = 6; // after a member name: ":"
const OBJECT_VALUE = 7; // after ":": the member's value
const OBJECT_AFTER = 8; // after a member's value: "," or "}"
const END = 9; // after the root value: only whitespace

// What kind of value is being scanned.
const NO_VALUE = 0;
const COMPOSITE = 1; // object or array: ends when its bracket depth is back to 0
const STRING = 2;
const PRIMITIVE = 3; // number, true, false, null (or garbage JSON.parse will reject): ends at a delimiter

// What a complete value is for.
const ELEMENT = 0; // an element of the streamed array → onElement
const MEMBER_NAME = 1; // a member name of the root object
const MEMBER_VALUE = 2; // any other member's value, or the root value when it is no array/object: only checked

const isWhitespace = (c: number): boolean => c === SPACE || c === LF || c === CR || c === TAB;

/** Ends a primitive: JSON's structural characters and whitespace. */
const endsPrimitive = (c: number): boolean =>
  c === COMMA ||
  c === RBRACKET ||
  c === RBRACE ||
  c === COLON ||
  c === LBRACKET ||
  c === LBRACE ||
  c === QUOTE ||
  isWhitespace(c);

/** A character as the error messages show it. */
const shown = (s: string, i: number): string => JSON.stringify(s.charAt(i));

/**
 * The scanner: fed decoded text chunk by chunk, calls `onElement` for each element of the streamed array as soon
 * as the element's text is complete. State lives in fields between chunks; within a chunk, the hot loops keep it
 * in locals.
 */
class ElementStreamer {
  private state = ROOT;
  /** True inside the `issues` array of a search response, false inside a root array. */
  private inIssuesMember = false;
  private sawIssuesArray = false;
  private sawIssuesMember = false;
  private sawObjectRoot = false;
  /** Set when the member name just read was `issues`: its value decides the shape. */
  private memberIsIssues = false;
  /** The shape problem found, thrown once the rest of the input has proven to be valid JSON. */
  private shapeProblem: { message: string; byteOffset: number; charOffset: number } | null = null;
  private elementCount = 0;

  // The value being scanned.
  private valueKind = NO_VALUE;
  private valueRole = ELEMENT;
  private depth = 0;
  private inString = false;
  /** A string's backslash ended the previous chunk: the next chunk's first character is escaped. */
  private pendingEscape = false;
  /** Text of the value from earlier chunks, when it spans chunks. */
  private pieces: string[] = [];
  /** Where the value starts: in the current chunk (`valueStart`), or absolutely (offsets) when it began earlier. */
  private valueStart = 0;
  private valueStartChar = 0;
  private valueStartByte = 0;

  // Offsets of the current chunk's first character in the whole input.
  private chunkChar = 0;
  private chunkByte = 0;
  private chunkEndByte = 0;

  /**
   * `onElement` gets each element parsed; with `onElementText`, that one gets each element's text instead, unparsed
   * (the text is then checked by whoever parses it), and `onElement` is not called for elements.
   */
  constructor(
    private readonly onElement: (element: unknown, index: number) => void,
    private readonly onElementText: ((text: string, index: number) => void) | null = null,
  ) {}

  /** Scans the next chunk of decoded text. */
  feed(s: string): void {
    if (s.length === 0) return;
    this.chunkEndByte = this.chunkByte + Buffer.byteLength(s, 'utf8');
    let i = 0;
    if (this.valueKind !== NO_VALUE) {
      this.valueStart = 0;
      i = this.continueValue(s, 0);
    }
    while (i >= 0 && i < s.length) i = this.step(s, i);
    if (i < 0) this.keepValueTail(s);
    this.chunkChar += s.length;
    this.chunkByte = this.chunkEndByte;
  }

  /** The input has ended: completes a trailing primitive, then demands a complete root value. */
  end(): void {
    const atEnd = { byteOffset: this.chunkByte, charOffset: this.chunkChar };
    if (this.valueKind === PRIMITIVE) {
      this.valueStart = 0;
      this.completeValue('', 0);
    } else if (this.valueKind !== NO_VALUE) {
      const what = this.valueRole === ELEMENT ? `array element ${this.elementCount + 1}` : 'a value';
      throw new JsonStreamError(
        'syntax',
        `the input ends inside ${what}, which starts at byte ${this.valueStartByte} ` +
          `(character ${this.valueStartChar}): the file is cut off (${this.chunkByte} bytes)`,
        atEnd.byteOffset,
        atEnd.charOffset,
      );
    }
    if (this.state !== END) {
      throw new JsonStreamError(
        'syntax',
        `the input ends at byte ${atEnd.byteOffset} (character ${atEnd.charOffset}) where ${this.expected()} ` +
          'was expected: the file is empty or cut off',
        atEnd.byteOffset,
        atEnd.charOffset,
      );
    }
    if (this.shapeProblem !== null) {
      const p = this.shapeProblem;
      throw new JsonStreamError('shape', p.message, p.byteOffset, p.charOffset);
    }
  }

  /** What the current state expects next, for messages. */
  private expected(): string {
    switch (this.state) {
      case ROOT:
        return 'a JSON value';
      case ARRAY_FIRST:
        return 'an array element or "]"';
      case ARRAY_NEXT:
        return 'an array element';
      case ARRAY_AFTER:
        return '"," or "]"';
      case OBJECT_FIRST:
        return 'a member name in double quotes or "}"';
      case OBJECT_NEXT:
        return 'a member name in double quotes';
      case OBJECT_COLON:
        return '":"';
      case OBJECT_VALUE:
        return 'a member value';
      case OBJECT_AFTER:
        return '"," or "}"';
      default:
        return 'the end of the input';
    }
  }

  private byteOffsetInChunk(s: string, i: number): number {
    return this.chunkByte + Buffer.byteLength(s.slice(0, i), 'utf8');
  }

  private unexpected(s: string, i: number): JsonStreamError {
    const byteOffset = this.byteOffsetInChunk(s, i);
    const charOffset = this.chunkChar + i;
    const where =
      this.state === ARRAY_AFTER
        ? ` after array element ${this.elementCount}`
        : this.state === END
          ? ' after the end of the JSON value'
          : '';
    return new JsonStreamError(
      'syntax',
      `unexpected ${shown(s, i)}${where} at byte ${byteOffset} (character ${charOffset}): expected ${this.expected()}`,
      byteOffset,
      charOffset,
    );
  }

  /** Handles the character at `i` between values (state machine); returns where to go on, -1 if a value spans on. */
  private step(s: string, i: number): number {
    const c = s.charCodeAt(i);
    if (isWhitespace(c)) return i + 1;
    switch (this.state) {
      case ARRAY_AFTER:
        if (c === COMMA) {
          this.state = ARRAY_NEXT;
          return i + 1;
        }
        if (c === RBRACKET) return this.endArray(i);
        throw this.unexpected(s, i);
      case ARRAY_FIRST:
        if (c === RBRACKET) return this.endArray(i);
        return this.startValue(s, i, ELEMENT);
      case ARRAY_NEXT:
        if (c === RBRACKET) throw this.unexpected(s, i);
        return this.startValue(s, i, ELEMENT);
      case OBJECT_FIRST:
        if (c === RBRACE) return this.endObject(s, i);
        if (c !== QUOTE) throw this.unexpected(s, i);
        return this.startValue(s, i, MEMBER_NAME);
      case OBJECT_NEXT:
        if (c !== QUOTE) throw this.unexpected(s, i);
        return this.startValue(s, i, MEMBER_NAME);
      case OBJECT_COLON:
        if (c !== COLON) throw this.unexpected(s, i);
        this.state = OBJECT_VALUE;
        return i + 1;
      case OBJECT_VALUE:
        if (this.memberIsIssues) {
          this.memberIsIssues = false;
          if (c === LBRACKET) {
            this.sawIssuesArray = true;
            this.inIssuesMember = true;
            this.state = ARRAY_FIRST;
            return i + 1;
          }
          this.noteShapeProblem(s, i, 'the member "issues" is not an array');
        }
        return this.startValue(s, i, MEMBER_VALUE);
      case OBJECT_AFTER:
        if (c === COMMA) {
          this.state = OBJECT_NEXT;
          return i + 1;
        }
        if (c === RBRACE) return this.endObject(s, i);
        throw this.unexpected(s, i);
      case ROOT:
        if (c === LBRACKET) {
          this.state = ARRAY_FIRST;
          return i + 1;
        }
        if (c === LBRACE) {
          this.sawObjectRoot = true;
          this.state = OBJECT_FIRST;
          return i + 1;
        }
        this.noteShapeProblem(s, i, 'the JSON value is neither an array nor an object');
        return this.startValue(s, i, MEMBER_VALUE);
      default:
        throw this.unexpected(s, i);
    }
  }

  private noteShapeProblem(s: string, i: number, message: string): void {
    this.shapeProblem ??= {
      message: `${message} (byte ${this.byteOffsetInChunk(s, i)})`,
      byteOffset: this.byteOffsetInChunk(s, i),
      charOffset: this.chunkChar + i,
    };
  }

  private endArray(i: number): number {
    this.state = this.inIssuesMember ? OBJECT_AFTER : END;
    this.inIssuesMember = false;
    return i + 1;
  }

  private endObject(s: string, i: number): number {
    if (this.sawObjectRoot && !this.sawIssuesArray) {
      this.noteShapeProblem(s, i, 'the JSON object has no member "issues"');
    }
    this.state = END;
    return i + 1;
  }

  /** Starts a value at `i` (its first character); returns the index after it, or -1 when it spans on. */
  private startValue(s: string, i: number, role: number): number {
    const c = s.charCodeAt(i);
    this.valueRole = role;
    this.valueStart = i;
    this.valueStartChar = this.chunkChar + i;
    if (c === LBRACE || c === LBRACKET) {
      this.valueKind = COMPOSITE;
      this.depth = 1;
    } else if (c === QUOTE) {
      this.valueKind = STRING;
    } else {
      // "," "]" "}" ":" where a value belongs: say so, rather than let JSON.parse('') complain about nothing.
      if (endsPrimitive(c)) throw this.unexpected(s, i);
      this.valueKind = PRIMITIVE;
      return this.continueValue(s, i);
    }
    return this.continueValue(s, i + 1);
  }

  /** Scans the current value from `from`; completes it and returns the index after it, or -1 if it spans on. */
  private continueValue(s: string, from: number): number {
    let end: number;
    if (this.valueKind === COMPOSITE) {
      end = this.scanComposite(s, from);
    } else if (this.valueKind === STRING) {
      const close = this.findStringEnd(s, from);
      end = close < 0 ? -1 : close + 1;
    } else {
      end = from;
      while (end < s.length && !endsPrimitive(s.charCodeAt(end))) end += 1;
      if (end === s.length) end = -1;
    }
    if (end < 0) return -1;
    this.completeValue(s, end);
    return end;
  }

  /**
   * Scans an object or array from `from` to the bracket that closes it (depth back to 0); -1 when the chunk ends
   * first. Strings are skipped with `indexOf`, so their contents (brackets included) never reach the loop.
   */
  private scanComposite(s: string, from: number): number {
    const n = s.length;
    let i = from;
    if (this.inString) {
      const close = this.findStringEnd(s, i);
      if (close < 0) return -1;
      this.inString = false;
      i = close + 1;
    }
    let depth = this.depth;
    while (i < n) {
      const c = s.charCodeAt(i);
      if (c === QUOTE) {
        // Fast path: most strings hold no backslash before their closing quote.
        const quote = s.indexOf('"', i + 1);
        if (quote > 0 && s.charCodeAt(quote - 1) !== BACKSLASH) {
          i = quote + 1;
          continue;
        }
        const close = this.findStringEnd(s, i + 1);
        if (close < 0) {
          this.inString = true;
          this.depth = depth;
          return -1;
        }
        i = close + 1;
      } else if (c === LBRACE || c === LBRACKET) {
        depth += 1;
        i += 1;
      } else if (c === RBRACE || c === RBRACKET) {
        depth -= 1;
        i += 1;
        if (depth === 0) {
          this.depth = 0;
          return i;
        }
      } else {
        i += 1;
      }
    }
    this.depth = depth;
    return -1;
  }

  /**
   * Index of the quote that ends a string whose unread content starts at `from`, or -1 when the chunk ends
   * first (then `pendingEscape` says whether the chunk ended on an unpaired backslash). A quote ends the string
   * when an even number of backslashes precedes it; the count never reaches back past `segment`, the first
   * character not yet consumed (after the opening quote or an escaped character).
   */
  private findStringEnd(s: string, from: number): number {
    const n = s.length;
    let segment = from;
    if (this.pendingEscape) {
      if (from >= n) return -1;
      this.pendingEscape = false;
      segment = from + 1;
    }
    for (;;) {
      const quote = s.indexOf('"', segment);
      const stop = quote < 0 ? n : quote;
      let k = stop;
      while (k > segment && s.charCodeAt(k - 1) === BACKSLASH) k -= 1;
      const escaped = ((stop - k) & 1) === 1;
      if (quote < 0) {
        this.pendingEscape = escaped;
        return -1;
      }
      if (!escaped) return quote;
      segment = quote + 1;
    }
  }

  /** The value ended just before `end` in chunk `s`: parse its text and hand it on. */
  private completeValue(s: string, end: number): void {
    const tail = s.slice(this.valueStart, end);
    const text = this.pieces.length === 0 ? tail : this.pieces.join('') + tail;
    const startsInChunk = this.pieces.length === 0;
    this.pieces = [];
    this.valueKind = NO_VALUE;
    const role = this.valueRole;
    if (role === ELEMENT && this.onElementText !== null) {
      this.state = ARRAY_AFTER;
      const index = this.elementCount;
      this.elementCount += 1;
      this.onElementText(text, index);
      return;
    }
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      throw this.invalidValue(text, startsInChunk, s, error);
    }
    if (role === ELEMENT) {
      this.state = ARRAY_AFTER;
      const index = this.elementCount;
      this.elementCount += 1;
      this.onElement(value, index);
    } else if (role === MEMBER_NAME) {
      this.state = OBJECT_COLON;
      if (value === 'issues') {
        if (this.sawIssuesMember) {
          // JSON.parse would keep the last "issues"; the first one's elements are already handed on.
          const byteOffset = this.valueStartByteOf(startsInChunk, s);
          throw new JsonStreamError(
            'shape',
            `the member "issues" appears twice (the second at byte ${byteOffset})`,
            byteOffset,
            this.valueStartChar,
          );
        }
        this.sawIssuesMember = true;
        this.memberIsIssues = true;
      }
    } else {
      this.state = this.state === ROOT ? END : OBJECT_AFTER;
    }
  }

  /** Byte offset where the value just completed starts (kept by `keepValueTail` when it began in a former chunk). */
  private valueStartByteOf(startsInChunk: boolean, s: string): number {
    return startsInChunk ? this.byteOffsetInChunk(s, this.valueStart) : this.valueStartByte;
  }

  private invalidValue(text: string, startsInChunk: boolean, s: string, error: unknown): JsonStreamError {
    const reason = error instanceof Error ? error.message : String(error);
    const startByte = this.valueStartByteOf(startsInChunk, s);
    const at = /at position (\d+)/.exec(reason);
    const position = at === null ? null : Number(at[1]);
    const byteOffset =
      position === null ? startByte : startByte + Buffer.byteLength(text.slice(0, position), 'utf8');
    const charOffset = this.valueStartChar + (position ?? 0);
    const what =
      this.valueRole === ELEMENT
        ? `array element ${this.elementCount + 1}`
        : this.valueRole === MEMBER_NAME
          ? 'a member name'
          : 'a value';
    const where = position === null ? '' : `; the error is at byte ${byteOffset} (character ${charOffset})`;
    return new JsonStreamError(
      'syntax',
      `${what}, starting at byte ${startByte} (character ${this.valueStartChar}), is not valid JSON: ${reason}${where}`,
      byteOffset,
      charOffset,
    );
  }

  /** The chunk ends inside a value: keep its text so far (and its start offset) for the next chunk. */
  private keepValueTail(s: string): void {
    const tail = s.slice(this.valueStart);
    // Counted from the chunk's end: the tail is short, the text before it long.
    if (this.pieces.length === 0) this.valueStartByte = this.chunkEndByte - Buffer.byteLength(tail, 'utf8');
    this.pieces.push(tail);
  }
}

/**
 * Calls `onElement` for every element of the JSON array in the file at `path`, in order, each parsed by
 * `JSON.parse` as soon as its text is complete; the file is read in chunks of `options.chunkBytes` bytes, so
 * memory stays bounded by one chunk plus one element whatever the file's size. The file holds either a JSON
 * array, or an object with an `issues` array member (a Jira search response `{ "issues": [...], ... }`; the
 * member is found among the object's own members, never inside strings or nested values).
 *
 * Elements already handed to `onElement` stay handed on when a later part of the file turns out to be broken.
 *
 * @throws JsonStreamError `syntax` for malformed JSON (unterminated, garbage between elements, trailing garbage),
 *   `shape` for valid JSON of another shape, each naming the byte offset; the `fs` error when the file cannot be
 *   opened or read; whatever `onElement` throws, unchanged.
 * @example
 * // issues.json: [{"key":"HD-1"},{"key":"HD-2"}]
 * forEachJsonArrayElement('issues.json', (issue, index) => console.log(index, issue));
 * // 0 { key: 'HD-1' }
 * // 1 { key: 'HD-2' }
 */
export function forEachJsonArrayElement(
  path: string,
  onElement: (element: unknown, index: number) => void,
  options: StreamOptions = {},
): void {
  streamFile(path, new ElementStreamer(onElement), options);
}

/**
 * As {@link forEachJsonArrayElement}, but hands on each element's text unparsed: the file's structure is checked
 * (every error of {@link forEachJsonArrayElement} except an element that is not valid JSON), the elements' own
 * text is not. For a reader that parses the elements elsewhere (the worker of `issue-stream-parallel.ts`).
 */
export function forEachJsonArrayElementText(
  path: string,
  onElementText: (text: string, index: number) => void,
  options: StreamOptions = {},
): void {
  streamFile(path, new ElementStreamer(() => undefined, onElementText), options);
}

function streamFile(path: string, streamer: ElementStreamer, options: StreamOptions): void {
  const chunkBytes = options.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (!Number.isInteger(chunkBytes) || chunkBytes < 1) {
    throw new RangeError(`chunkBytes must be a whole number ≥ 1, got ${chunkBytes}`);
  }
  const fd = fs.openSync(path, 'r');
  try {
    const buffer = Buffer.allocUnsafe(chunkBytes);
    const decoder = new StringDecoder('utf8');
    for (;;) {
      const bytesRead = fs.readSync(fd, buffer, 0, chunkBytes, null);
      if (bytesRead === 0) break;
      streamer.feed(decoder.write(buffer.subarray(0, bytesRead)));
    }
    streamer.feed(decoder.end());
    streamer.end();
  } finally {
    fs.closeSync(fd);
  }
}
