/**
 * The streaming JSON array reader: it must hand on exactly the elements `JSON.parse` of the whole file would
 * give, whatever the chunk size (multi-byte characters, strings and escapes split between chunks), and reject
 * what `JSON.parse` rejects, saying what is wrong and at which byte.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import fc from 'fast-check';

import {
  forEachJsonArrayElement,
  forEachJsonArrayElementText,
  JsonStreamError,
} from '../../src/cli/issue-stream';
import { forEachJsonArrayElementParallel } from '../../src/cli/issue-stream-parallel';

let dir = '';
let fileNumber = 0;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'issue-stream-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Writes `text` to a fresh file and returns its path. */
function fileWith(text: string): string {
  fileNumber += 1;
  const file = path.join(dir, `input-${fileNumber}.json`);
  fs.writeFileSync(file, text, 'utf8');
  return file;
}

/** The elements streamed from a file holding `text`, read `chunkBytes` at a time, with their indexes checked. */
function stream(text: string, chunkBytes?: number): unknown[] {
  const file = fileWith(text);
  const elements: unknown[] = [];
  forEachJsonArrayElement(
    file,
    (element, index) => {
      expect(index).toBe(elements.length);
      elements.push(element);
    },
    chunkBytes === undefined ? {} : { chunkBytes },
  );
  return elements;
}

/** The error streaming `text` throws. */
function streamError(text: string, chunkBytes?: number): JsonStreamError {
  try {
    stream(text, chunkBytes);
  } catch (error) {
    if (error instanceof JsonStreamError) return error;
    throw error;
  }
  throw new Error(`no error for ${JSON.stringify(text)}`);
}

/** `text` as it reads back from a UTF-8 file: a lone surrogate becomes U+FFFD. */
const asInFile = (text: string): string => Buffer.from(text, 'utf8').toString('utf8');

const SMALL_CHUNKS = [1, 2, 3, 4, 5, 6, 7];

const ISSUES = [
  { key: 'HD-1', fields: { summary: 'Printer on fire', created: '2024-03-01T08:00:00.000+0000' } },
  { key: 'HD-2', fields: { summary: 'VPN', labels: ['a', 'b'] }, changelog: { histories: [] } },
  { key: 'HD-3', fields: { summary: null } },
];

describe('what is streamed', () => {
  test('the elements of a top-level array, in order, each with its index', () => {
    const calls: [unknown, number][] = [];
    forEachJsonArrayElement(fileWith(JSON.stringify(ISSUES)), (element, index) =>
      calls.push([element, index]),
    );
    expect(calls).toEqual([
      [ISSUES[0], 0],
      [ISSUES[1], 1],
      [ISSUES[2], 2],
    ]);
  });

  test('the elements of the "issues" member of a search response, other members skipped', () => {
    const response = { startAt: 0, maxResults: 50, issues: ISSUES, nextPageToken: 'abc', isLast: false };
    expect(stream(JSON.stringify(response))).toEqual(ISSUES);
    expect(stream(JSON.stringify(response, null, 2), 3)).toEqual(ISSUES);
  });

  test('"issues" inside strings, nested objects or other members is not the member that is streamed', () => {
    const text = JSON.stringify({
      note: '"issues": [1, 2, 3]',
      names: { issues: [9, 9] },
      schema: [{ issues: ['x'] }],
      issues: [{ key: 'HD-1', fields: { summary: '{"issues":[7]}' } }],
      'issues ': [8],
    });
    for (const chunkBytes of [...SMALL_CHUNKS, 4096]) {
      expect(stream(text, chunkBytes)).toEqual([{ key: 'HD-1', fields: { summary: '{"issues":[7]}' } }]);
    }
  });

  test('a member name written with escapes ("iss\\u0075es") is the member "issues", as for JSON.parse', () => {
    expect(stream('{"iss\\u0075es": [1, 2]}')).toEqual([1, 2]);
  });

  test('strings holding brackets, braces, escaped quotes and backslashes do not end an element', () => {
    const elements = [
      { s: ']}[{', t: '}', u: ']' },
      { quote: 'say "hi" ]', backslash: 'C:\\temp\\', both: '\\"]}', many: '\\\\\\"\\\\' },
      '\\',
      '"',
      '',
      ['[', '{', '"]"'],
      { nested: [{ deep: [[{}], []] }], after: '\\\\' },
    ];
    const text = JSON.stringify(elements);
    for (const chunkBytes of [...SMALL_CHUNKS, 8, 11, 13, 4096]) {
      expect(stream(text, chunkBytes)).toEqual(elements);
    }
  });

  test('multi-byte UTF-8 characters (ä, €, emoji) split across chunks of 1 to 7 bytes arrive whole', () => {
    const elements = [
      { summary: 'Drucker im Büro ä Ä ö ü ß' },
      { summary: 'Kosten 20 €', emoji: '😀🎉👩‍💻', mixed: 'ä€😀ä€😀' },
      '€',
      '😀',
      { 'schlüssel€': 'wert😀' },
    ];
    const text = JSON.stringify(elements);
    for (const chunkBytes of [...SMALL_CHUNKS, 4096]) {
      expect(stream(text, chunkBytes)).toEqual(elements);
    }
  });

  test('numbers, literals and strings as elements, also when a chunk ends inside them', () => {
    const text = '[12345, -0.5e+10, true, false, null, "x", {"a": 1}, 7]';
    for (const chunkBytes of [...SMALL_CHUNKS, 4096]) {
      expect(stream(text, chunkBytes)).toEqual([12345, -0.5e10, true, false, null, 'x', { a: 1 }, 7]);
    }
  });

  test.each([
    ['[]', '[]'],
    ['spaced', ' \t\r\n[ \n ]\r\n '],
    ['empty "issues"', '{"issues":[]}'],
    ['empty "issues" and other members', '{ "total": 0, "issues" : [ ] , "isLast": true }'],
  ])('an empty array: %s', (_label, text) => {
    for (const chunkBytes of [1, 4096]) expect(stream(text, chunkBytes)).toEqual([]);
  });

  test('whitespace (space, tab, CR, LF) anywhere between tokens', () => {
    const text = '\r\n\t [\n\t{ "key" :\r\n "HD-1" }\n ,\t\r\n{"key":"HD-2"}\t,\n 3 \r\n]\n\n';
    for (const chunkBytes of [...SMALL_CHUNKS, 4096]) {
      expect(stream(text, chunkBytes)).toEqual([{ key: 'HD-1' }, { key: 'HD-2' }, 3]);
    }
    const response = '{\n\t"startAt" : 0 ,\r\n "issues"\t:\n[ {"key":"HD-1"} ] \n}\n';
    expect(stream(response, 2)).toEqual([{ key: 'HD-1' }]);
  });

  test('elements much larger than a chunk arrive whole', () => {
    const big = {
      key: 'HD-1',
      text: 'x'.repeat(50_000),
      list: Array.from({ length: 2000 }, (_, i) => ({ i })),
    };
    expect(stream(JSON.stringify([big, big]), 1024)).toEqual([big, big]);
  });
});

describe('what is rejected', () => {
  const bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

  test.each([
    ['an empty file', '', /ends at byte 0 .* a JSON value was expected/, 0],
    ['only whitespace', ' \n ', /ends at byte 3 .* a JSON value was expected/, 3],
    [
      'an element cut off',
      '[{"key": "HD-1",',
      /ends inside array element 1, which starts at byte 1 .*cut off/,
      bytes('[{"key": "HD-1",'),
    ],
    ['an array cut off after an element', '[{"a":1}', /ends at byte 8 .* "," or "]" was expected/, 8],
    ['a string cut off', '["abc', /ends inside array element 1/, 5],
    ['garbage between elements', '[{"a":1} {"b":2}]', /unexpected "{" after array element 1 at byte 9/, 9],
    [
      'garbage instead of a comma',
      '[1;2]',
      /array element 1, starting at byte 1 .*the error is at byte 2/,
      2,
    ],
    ['garbage after a string element', '["a";2]', /unexpected ";" after array element 1 at byte 4/, 4],
    ['trailing garbage', '[1] x', /unexpected "x" after the end of the JSON value at byte 4/, 4],
    ['a second root value', '[1][2]', /unexpected "\[" after the end of the JSON value at byte 3/, 3],
    ['a trailing comma', '[1,]', /unexpected "]" at byte 3 .*expected an array element/, 3],
    ['a leading comma', '[,1]', /unexpected "," at byte 1/, 1],
    ['an invalid element', '[1, {"a":}]', /array element 2, starting at byte 4 .*is not valid JSON/, 4],
    ['a bare word', '[1, tru]', /array element 2, starting at byte 4 .*is not valid JSON/, 4],
    ['a bad escape', '["a\\x"]', /array element 1, starting at byte 1 .*is not valid JSON/, 4],
    ['a missing colon', '{"issues" [1]}', /unexpected "\[" at byte 10 .*expected ":"/, 10],
    [
      'an unquoted member name',
      '{issues: [1]}',
      /unexpected "i" at byte 1 .*member name in double quotes/,
      1,
    ],
    ['a trailing comma in the object', '{"issues":[1],}', /unexpected "}" at byte 14/, 14],
    ['an unclosed object', '{"issues":[1]', /ends at byte 13 .* "," or "}" was expected/, 13],
    [
      'a broken other member',
      '{"issues":[1],"total":01}',
      /a value, starting at byte 22 .*not valid JSON/,
      23,
    ],
    ['a syntax error after a shape problem', '{"issues": 5, oops}', /unexpected "o" at byte 14/, 14],
  ])('malformed JSON: %s', (_label, text, message, byteOffset) => {
    for (const chunkBytes of [1, 3, 4096]) {
      const error = streamError(text, chunkBytes);
      expect(error.kind).toBe('syntax');
      expect(error.message).toMatch(message);
      expect(error.byteOffset).toBe(byteOffset);
    }
  });

  test.each([
    ['an object without "issues"', '{"total":3,"values":[]}', /has no member "issues"/],
    ['"issues" only nested deeper', '{"data":{"issues":[1]}}', /has no member "issues"/],
    ['"issues" only inside a string', '{"note":"\\"issues\\": [1]"}', /has no member "issues"/],
    ['"issues" that is null', '{"issues":null}', /"issues" is not an array/],
    ['"issues" that is an object', '{"issues":{"0":{"key":"HD-1"}}}', /"issues" is not an array/],
    ['a number', '5', /neither an array nor an object/],
    ['a string', '"[1,2]"', /neither an array nor an object/],
    ['null', ' null ', /neither an array nor an object/],
    ['"issues" twice', '{"issues":[1],"issues":[2]}', /"issues" appears twice \(the second at byte 14\)/],
  ])('valid JSON of another shape: %s', (_label, text, message) => {
    for (const chunkBytes of [1, 4096]) {
      const error = streamError(text, chunkBytes);
      expect(error.kind).toBe('shape');
      expect(error.message).toMatch(message);
    }
  });

  test('offsets count bytes of the file and characters of the text after multi-byte characters', () => {
    const before = '["€😀ä", ';
    for (const chunkBytes of [...SMALL_CHUNKS, 4096]) {
      const error = streamError(`${before}x]`, chunkBytes);
      expect(error.byteOffset).toBe(Buffer.byteLength(before, 'utf8'));
      expect(error.charOffset).toBe(before.length);
      expect(error.message).toContain(`at byte ${Buffer.byteLength(before, 'utf8')}`);
    }
    const cut = '[{"a":"€"}, {"b": "😀", ';
    const cutError = streamError(cut, 2);
    expect(cutError.message).toContain(`starts at byte ${Buffer.byteLength('[{"a":"€"}, ', 'utf8')}`);
    expect(cutError.byteOffset).toBe(Buffer.byteLength(cut, 'utf8'));
  });

  test('an error inside an element names the byte JSON.parse stopped at, when V8 tells the position', () => {
    // V8 reports "… in JSON at position N" for this error; the offset is then that position in the file.
    const text = '[{"a":1}, {"b" 2}]';
    const error = streamError(text, 4);
    expect(error.message).toMatch(/array element 2, starting at byte 10/);
    expect(error.byteOffset).toBe(text.indexOf('2}'));
  });

  test('elements before the error are already handed on', () => {
    const seen: unknown[] = [];
    const file = fileWith('[{"key":"HD-1"}, {"key":"HD-2"} oops]');
    expect(() => {
      forEachJsonArrayElement(file, (element) => seen.push(element));
    }).toThrow(JsonStreamError);
    expect(seen).toEqual([{ key: 'HD-1' }, { key: 'HD-2' }]);
  });

  test('an error thrown by onElement stops the stream and arrives unchanged', () => {
    const stop = new Error('stop here');
    const seen: number[] = [];
    const file = fileWith('[1, 2, 3, 4]');
    expect(() => {
      forEachJsonArrayElement(file, (_element, index) => {
        seen.push(index);
        if (index === 1) throw stop;
      });
    }).toThrow(stop);
    expect(seen).toEqual([0, 1]);
  });

  test('a missing file throws the file system error (ENOENT)', () => {
    expect(() => {
      forEachJsonArrayElement(path.join(dir, 'missing.json'), () => undefined);
    }).toThrow(expect.objectContaining({ code: 'ENOENT' }) as Error);
  });

  test('a chunk size that is not a whole number ≥ 1 is refused', () => {
    const file = fileWith('[]');
    expect(() => {
      forEachJsonArrayElement(file, () => undefined, { chunkBytes: 0 });
    }).toThrow(RangeError);
    expect(() => {
      forEachJsonArrayElement(file, () => undefined, { chunkBytes: 1.5 });
    }).toThrow(RangeError);
  });
});

describe('property: streaming equals JSON.parse of the whole text', () => {
  /** Keys and strings from all of Unicode (multi-byte, astral), plus the characters the scanner watches. */
  const tricky = fc.oneof(
    fc.string({ unit: 'binary', maxLength: 12 }),
    fc.string({
      unit: fc.constantFrom('"', '\\', '[', ']', '{', '}', ',', ':', 'ä', '€', '😀', 'a', ' '),
      maxLength: 12,
    }),
  );
  const leaf = fc.oneof(
    tricky,
    fc.integer(),
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.boolean(),
    fc.constant(null),
  );
  const value = fc.letrec((tie) => ({
    node: fc.oneof({ depthSize: 'small' }, leaf, tie('array'), tie('object')),
    array: fc.array(tie('node'), { maxLength: 4 }),
    object: fc.dictionary(tricky, tie('node'), { maxKeys: 4 }),
  })).node;
  const issues = fc.array(fc.dictionary(tricky, value, { maxKeys: 5 }), { maxLength: 8 });
  const gap = fc.constantFrom(undefined, '', ' ', '\t', '\r\n', '  ');

  test('for random arrays of objects, any chunk size of 1–16 bytes, as array or search response', () => {
    fc.assert(
      fc.property(
        issues,
        gap,
        fc.integer({ min: 1, max: 16 }),
        fc.boolean(),
        (list, indent, chunkBytes, wrap) => {
          const text = JSON.stringify(wrap ? { startAt: 0, issues: list, isLast: true } : list, null, indent);
          const parsed = JSON.parse(text) as unknown;
          const expected = wrap ? (parsed as { issues: unknown[] }).issues : parsed;
          expect(stream(text, chunkBytes)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a text cut off anywhere before its end is rejected as malformed, like JSON.parse rejects it', () => {
    fc.assert(
      fc.property(
        issues,
        gap,
        fc.nat(),
        fc.integer({ min: 1, max: 9 }),
        (list, indent, cutSeed, chunkBytes) => {
          const text = JSON.stringify(list, null, indent);
          const cut = asInFile(text.slice(0, cutSeed % text.length));
          expect(() => JSON.parse(cut) as unknown).toThrow(SyntaxError);
          expect(streamError(cut, chunkBytes).kind).toBe('syntax');
        },
      ),
      { numRuns: 200 },
    );
  });

  test('after one character is replaced, inserted or deleted, the stream agrees with JSON.parse', () => {
    const edit = fc.record({
      at: fc.nat(),
      kind: fc.constantFrom('replace', 'insert', 'delete'),
      char: fc.constantFrom('"', '\\', '[', ']', '{', '}', ',', ':', ' ', '1', 'x', 'ä'),
    });
    fc.assert(
      fc.property(issues, edit, fc.integer({ min: 1, max: 9 }), (list, { at, kind, char }, chunkBytes) => {
        const original = JSON.stringify(list);
        const i = at % (original.length + 1);
        // An edit may split a surrogate pair; the file then holds U+FFFD, and so must the text compared with.
        const text = asInFile(
          original.slice(0, i) +
            (kind === 'delete' ? '' : char) +
            original.slice(kind === 'insert' ? i : i + 1),
        );
        let parsed: unknown;
        try {
          parsed = JSON.parse(text);
        } catch {
          expect(streamError(text, chunkBytes).kind).toBe('syntax');
          return;
        }
        if (Array.isArray(parsed)) expect(stream(text, chunkBytes)).toEqual(parsed);
        else expect(streamError(text, chunkBytes).kind).toBe('shape');
      }),
      { numRuns: 400 },
    );
  });
});

describe('forEachJsonArrayElementText (what the worker thread hands over)', () => {
  test("hands on each element's exact text, unparsed, with its index, whatever the chunk size", () => {
    const elements = [{ key: 'HD-1', s: 'a]}"\\' }, [1, [2]], 'text', 3, null, { ü: 'ß' }];
    const text = ` { "issues" : [ ${elements.map((e) => JSON.stringify(e)).join(' ,\n ')} ] , "total": 6 } `;
    for (const chunkBytes of [1, 3, 7, 1024]) {
      const texts: string[] = [];
      forEachJsonArrayElementText(
        fileWith(text),
        (elementText, index) => {
          expect(index).toBe(texts.length);
          texts.push(elementText);
        },
        { chunkBytes },
      );
      expect(texts).toEqual(elements.map((e) => JSON.stringify(e)));
    }
  });

  test("checks the structure between elements but leaves the elements' own text to whoever parses it", () => {
    const texts: string[] = [];
    forEachJsonArrayElementText(fileWith('[{"a" 1}, {"b":2}]'), (t) => texts.push(t));
    expect(texts).toEqual(['{"a" 1}', '{"b":2}']);
    expect(() => {
      forEachJsonArrayElementText(fileWith('[{"a":1} {"b":2}]'), () => undefined);
    }).toThrow(JsonStreamError);
  });
});

describe('forEachJsonArrayElementParallel from the TypeScript sources', () => {
  test('reads on this thread (no compiled worker script) with the same elements and errors', async () => {
    const modes: string[] = [];
    const seen: unknown[] = [];
    const count = await forEachJsonArrayElementParallel(
      fileWith('[{"key":"HD-1"}, {"key":"HD-2"}]'),
      (element) => seen.push(element),
      {},
      (mode) => modes.push(mode),
    );
    expect(modes).toEqual(['this-thread']);
    expect(count).toBe(2);
    expect(seen).toEqual([{ key: 'HD-1' }, { key: 'HD-2' }]);
    await expect(
      forEachJsonArrayElementParallel(fileWith('[{"key":"HD-1"} oops]'), () => undefined),
    ).rejects.toThrow(JsonStreamError);
  });
});
