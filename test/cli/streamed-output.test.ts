/**
 * The command line's output is streamed: JSON and CSV are rendered in pieces, each written when the stream can
 * take it (backpressure), never as one string; the pieces add up to exactly the one-string rendering. CSV text
 * cells that a spreadsheet would run as a formula are defused.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Writable } from 'node:stream';

import fc from 'fast-check';

import { cliText } from '../../src/cli/cli-text';
import { csvField, csvLines, defuseFormula, formatCsv } from '../../src/cli/format-csv';
import { runCli, streamWriter } from '../../src/cli/main';
import { renderReport } from '../../src/cli/metrics-command';
import { joinSmallPieces, jsonPieces, OutputClosedError, writePieces } from '../../src/cli/output-stream';
import { HOUR, STANDARD_MAPPING, issue, reportOf, utc } from '../support/jira-fixtures';

let dir = '';
const file = (name: string): string => path.join(dir, name);

/** 600 issues: more than two JSON pieces' worth of issues and more than one 64 KiB CSV piece. */
const MANY = 600;
const manyIssues = Array.from({ length: MANY }, (_, n) =>
  issue(`HD-${n + 1}`, '2024-03-01T08:00:00.000+0000', [
    ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
    ...(n % 3 === 0 ? [['2024-03-02T10:00:00.000+0000', 'In Progress', 'Resolved'] as const] : []),
  ]),
);

/** Text a spreadsheet would run: a status, an issue type and a key that start like formulas. */
const formulaIssues = [
  issue(
    '=HYPERLINK("http://evil.example","x")',
    '2024-03-01T08:00:00.000+0000',
    [['2024-03-01T10:00:00.000+0000', 'Open', '+Escalated']],
    { issueType: '@SUM(A1)', category: 'indeterminate' },
  ),
  issue('HD-2', '2024-03-01T08:00:00.000+0000', [], { issueType: '-2+3', status: 'Open' }),
  issue('HD-3', '2024-03-01T08:00:00.000+0000', [], { issueType: '\tTab', status: 'Open' }),
];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metrics-stream-'));
  fs.writeFileSync(file('many.json'), JSON.stringify(manyIssues));
  fs.writeFileSync(file('formula.json'), JSON.stringify(formulaIssues));
  fs.writeFileSync(file('workflow.json'), JSON.stringify(STANDARD_MAPPING));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** Runs the command line, keeping each written piece apart. */
async function runPieces(argv: readonly string[]): Promise<{ code: number; pieces: string[]; err: string }> {
  const pieces: string[] = [];
  let err = '';
  const code = await runCli(argv, {
    out: (s) => {
      pieces.push(s);
    },
    err: (s) => (err += s),
    env: { LANG: 'en_US.UTF-8' },
    nowMs: Date.UTC(2024, 2, 10),
  });
  return { code, pieces, err };
}

const metrics = (input: string, format: string): string[] => [
  'metrics',
  '--input',
  file(input),
  '--workflow',
  file('workflow.json'),
  '--as-of',
  '2024-03-05T00:00:00Z',
  '--format',
  format,
];

describe('jsonPieces', () => {
  /** JSON values as JSON.parse returns them (no undefined, no -0), objects and long arrays nested. */
  const jsonValue = fc.letrec((tie) => ({
    value: fc.oneof(
      { depthSize: 'small' },
      fc.constantFrom(null, true, false, 0, 1.5, -3),
      fc.string(),
      fc.array(tie('value'), { maxLength: 12 }),
      fc.dictionary(fc.string(), tie('value'), { maxKeys: 5 }),
    ),
  })).value;

  test('the pieces add up to JSON.stringify(value, null, 2) plus a line end, for any object', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), jsonValue, { maxKeys: 8 }),
        fc.integer({ min: 1, max: 5 }),
        (value, perPiece) => {
          expect([...jsonPieces(value, perPiece)].join('')).toBe(JSON.stringify(value, null, 2) + '\n');
        },
      ),
      { numRuns: 300 },
    );
  });

  test('leaves out members JSON.stringify leaves out, and renders an empty object as {}', () => {
    const value = { a: undefined, b: () => 1, c: [undefined, 1, 2, 3], d: {} };
    expect([...jsonPieces(value, 2)].join('')).toBe(JSON.stringify(value, null, 2) + '\n');
    expect([...jsonPieces({})].join('')).toBe('{}\n');
  });

  test('a long array member is rendered a slice at a time', () => {
    const issues = Array.from({ length: 10 }, (_, i) => ({ key: `HD-${i}`, n: i }));
    const pieces = [...jsonPieces({ mode: 'canonical', issues }, 3)];
    // Opening, four slices (3+3+3+1), closing of the array, closing of the object.
    expect(pieces.filter((p) => p.includes('"key"'))).toHaveLength(4);
    expect(pieces.join('')).toBe(JSON.stringify({ mode: 'canonical', issues }, null, 2) + '\n');
  });
});

describe('writing with backpressure', () => {
  test('writePieces waits for a write that returns a promise before writing the next piece', async () => {
    const events: string[] = [];
    let release: () => void = () => undefined;
    const writing = writePieces(['a', 'b', 'c'], (piece) => {
      events.push(`write ${piece}`);
      if (piece !== 'a') return undefined;
      return new Promise<void>((resolve) => {
        release = () => {
          events.push('drained');
          resolve();
        };
      });
    });
    await new Promise((resolve) => setImmediate(resolve));
    expect(events).toEqual(['write a']);
    release();
    expect(await writing).toBe(3);
    expect(events).toEqual(['write a', 'drained', 'write b', 'write c']);
  });

  test('streamWriter waits for drain when the stream is full, and the output arrives whole', async () => {
    const received: string[] = [];
    let drains = 0;
    const slow = new Writable({
      highWaterMark: 1024,
      decodeStrings: false,
      write(chunk: string, _encoding, callback) {
        received.push(chunk);
        setImmediate(callback);
      },
    });
    slow.on('drain', () => (drains += 1));
    const pieces = Array.from({ length: 50 }, (_, i) => `${String(i).padStart(2, '0')}${'x'.repeat(998)}`);
    await writePieces(pieces, streamWriter(slow));
    await new Promise<void>((resolve) => slow.end(resolve));
    expect(received.join('')).toBe(pieces.join(''));
    expect(drains).toBeGreaterThan(10);
  });

  test('a closed pipe (EPIPE) ends the output as OutputClosedError, which the command line takes as a quiet end', async () => {
    const closed = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    await expect(writePieces(['x'.repeat(64 * 1024), 'y'], streamWriter(closed))).rejects.toBeInstanceOf(
      OutputClosedError,
    );
    let err = '';
    const code = await runCli(metrics('many.json', 'json'), {
      out: () => Promise.reject(new OutputClosedError()),
      err: (s) => (err += s),
      env: {},
      nowMs: 0,
    });
    expect(err).toBe('');
    expect(code).toBe(0);
  });

  test('streamWriter rejects once the stream failed, so the run stops instead of rendering on', async () => {
    const broken = new Writable({
      write(_chunk, _encoding, callback) {
        callback(Object.assign(new Error('write EIO'), { code: 'EIO' }));
      },
    });
    const write = streamWriter(broken);
    await expect(writePieces(['x'.repeat(64 * 1024), 'y', 'z'], write)).rejects.toThrow('EIO');
  });
});

describe('metrics --format json, streamed', () => {
  test('is written in several pieces, none holding the whole output, that add up to the one-string rendering', async () => {
    const { code, pieces, err } = await runPieces(metrics('many.json', 'json'));
    expect(err).toBe('');
    expect(code).toBe(0);
    const out = pieces.join('');
    const report = JSON.parse(out) as { issues: unknown[] };
    expect(report.issues).toHaveLength(MANY);
    expect(out).toBe(JSON.stringify(report, null, 2) + '\n');
    expect(pieces.length).toBeGreaterThanOrEqual(4);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThan(out.length / 2);
  });

  test('renderReport gives exactly JSON.stringify(report, null, 2) plus a line end', () => {
    const report = reportOf(manyIssues, { asOfMs: utc(2024, 3, 5) });
    expect([...renderReport(report, 'json', cliText({}))].join('')).toBe(
      JSON.stringify(report, null, 2) + '\n',
    );
  });
});

describe('metrics --format csv, streamed and defused', () => {
  test('is written in pieces of whole lines that add up to the one-string CSV', async () => {
    const { code, pieces } = await runPieces(metrics('many.json', 'csv'));
    expect(code).toBe(0);
    expect(pieces.length).toBeGreaterThan(1);
    for (const piece of pieces) expect(piece.endsWith('\r\n')).toBe(true);
    const report = reportOf(manyIssues, { asOfMs: utc(2024, 3, 5) });
    expect(pieces.join('')).toBe(formatCsv(report));
    expect(pieces.join('').split('\r\n')).toHaveLength(1 + MANY + 1);
  });

  test('text cells that start with = + - @ or a tab get a leading apostrophe; numbers stay numbers', async () => {
    const { code, pieces } = await runPieces(metrics('formula.json', 'csv'));
    expect(code).toBe(0);
    const lines = pieces.join('').split('\r\n');
    const header = lines[0]?.split(',') ?? [];
    const row = (prefix: string): string[] => {
      const line = lines.find((l) => l.startsWith(prefix));
      if (line === undefined) throw new Error(`no line starting ${prefix}`);
      return line.split(',');
    };
    const cell = (cells: string[], column: string): string | undefined => cells[header.indexOf(column)];
    // The key holds a comma and quotes, so the whole defused cell is quoted.
    expect(lines.find((l) => l.startsWith('"\'=HYPERLINK(""http://evil.example""'))).toBeDefined();
    const evil = lines.find((l) => l.startsWith('"\'=HYPERLINK')) ?? '';
    expect(evil).toContain(",'@SUM(A1),'+Escalated,");
    expect(cell(row('HD-2,'), 'issueType')).toBe("'-2+3");
    expect(cell(row('HD-3,'), 'issueType')).toBe("'\tTab");
    // Untouched: plain text and dates.
    expect(cell(row('HD-2,'), 'status')).toBe('Open');
    expect(cell(row('HD-2,'), 'created')).toMatch(/^2024-03-01T08:00:00\.000Z$/);
  });

  test('csvField defuses text only: a negative number is written as a number', () => {
    expect(csvField(-3)).toBe('-3');
    expect(csvField('-3')).toBe("'-3");
    expect(csvField('=1+1')).toBe("'=1+1");
    expect(csvField('\rx')).toBe('"\'\rx"');
    expect(csvField('plain')).toBe('plain');
    expect(csvField(null)).toBe('');
    for (const start of ['=', '+', '-', '@', '\t', '\r'])
      expect(defuseFormula(`${start}x`)).toBe(`'${start}x`);
    expect(defuseFormula('a=b')).toBe('a=b');
  });

  test('joinSmallPieces keeps every line whole and in order', () => {
    const report = reportOf(manyIssues, { asOfMs: utc(2024, 3, 5) });
    const lines = [...csvLines(report)];
    const joined = [...joinSmallPieces(lines, 1000)];
    expect(joined.join('')).toBe(lines.join(''));
    expect(joined.length).toBeGreaterThan(1);
    expect(joined.length).toBeLessThan(lines.length);
  });

  test('durations stay plain, unquoted numbers', async () => {
    const { pieces } = await runPieces(metrics('many.json', 'csv'));
    const hd1 = pieces
      .join('')
      .split('\r\n')
      .find((l) => l.startsWith('HD-1,'));
    expect(hd1).toContain(`,${String(24 * HOUR)},`);
  });
});
