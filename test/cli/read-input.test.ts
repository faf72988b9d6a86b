/**
 * Reading the issues file through the stream reader: what each kind of broken file turns into (the CLI's
 * messages, in English and German), that the per-entry checks still hold, and that errors of the consumer of the
 * issues are not mistaken for problems of the file.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { CliError } from '../../src/cli/cli-error';
import { cliText } from '../../src/cli/cli-text';
import { runCli } from '../../src/cli/main';
import { forEachIssueInFile, readIssuesFile } from '../../src/cli/read-input';
import type { JiraIssueInput } from '../../src/domain/flow/types';

const en = cliText({ LANG: 'en_US.UTF-8' });
const de = cliText({ LANG: 'de_DE.UTF-8' });

let dir = '';
const file = (name: string): string => path.join(dir, name);

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'read-input-'));
  fs.writeFileSync(file('list.json'), '[{"key":"HD-1"}, 5, null, "text", {"key":"HD-2","changelog":null}]');
  fs.writeFileSync(
    file('search.json'),
    '{"startAt":0,"issues":[{"key":"HD-1"},{"key":"HD-2"}],"isLast":true}',
  );
  fs.writeFileSync(file('garbage-between.json'), '[{"key":"HD-1"} {"key":"HD-2"}]');
  fs.writeFileSync(file('trailing.json'), '[{"key":"HD-1"}] ]');
  fs.writeFileSync(file('issues-not-list.json'), '{"issues":{"key":"HD-1"}}');
  fs.writeFileSync(
    file('bad-items.json'),
    '[{"key":"HD-1"},{"key":"HD-2","changelog":{"histories":[{"items":[1]}]}}]',
  );
  fs.writeFileSync(file('workflow-not-json.json'), '{"stages": [');
  fs.mkdirSync(file('a-directory.json'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The CliError message `action` throws. */
function cliMessage(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    if (error instanceof CliError) return error.message;
    throw error;
  }
  throw new Error('no CliError');
}

describe('forEachIssueInFile', () => {
  test('hands on each entry in order; entries that are not objects become empty issues', () => {
    const seen: [JiraIssueInput, number][] = [];
    const count = forEachIssueInFile(file('list.json'), en, (issue, index) => seen.push([issue, index]));
    expect(count).toBe(5);
    expect(seen).toEqual([
      [{ key: 'HD-1' }, 0],
      [{}, 1],
      [{}, 2],
      [{}, 3],
      [{ key: 'HD-2', changelog: null }, 4],
    ]);
  });

  test('reads the issues of a search response', () => {
    expect(readIssuesFile(file('search.json'), en)).toEqual([{ key: 'HD-1' }, { key: 'HD-2' }]);
  });

  test('garbage between issues is "not valid JSON", naming the byte', () => {
    const message = cliMessage(() => readIssuesFile(file('garbage-between.json'), en));
    expect(message).toMatch(/is not valid JSON \(unexpected "\{" after array element 1 at byte 16 /);
    expect(message).toContain(file('garbage-between.json'));
  });

  test('trailing garbage is "not valid JSON", also in German', () => {
    expect(cliMessage(() => readIssuesFile(file('trailing.json'), en))).toMatch(/not valid JSON.*byte 17/);
    expect(cliMessage(() => readIssuesFile(file('trailing.json'), de))).toMatch(/ist kein gültiges JSON/);
  });

  test('"issues" that is not a list is "no list of issues"', () => {
    expect(cliMessage(() => readIssuesFile(file('issues-not-list.json'), en))).toBe(
      en.notIssueList(file('issues-not-list.json')),
    );
  });

  test('a directory cannot be read (EISDIR)', () => {
    expect(cliMessage(() => readIssuesFile(file('a-directory.json'), en))).toBe(
      en.cannotRead('input', file('a-directory.json'), 'EISDIR'),
    );
  });

  test('an unreadable changelog names the issue, its entry and where, after the issues before it', () => {
    const seen: JiraIssueInput[] = [];
    const message = cliMessage(() =>
      forEachIssueInFile(file('bad-items.json'), en, (issue) => seen.push(issue)),
    );
    expect(message).toBe(
      en.badChangelog(file('bad-items.json'), 2, 'HD-2', 'changelog.histories[0].items[0]'),
    );
    expect(seen).toEqual([{ key: 'HD-1' }]);
  });

  test('an error of the consumer passes through unchanged, even one that looks like a file system error', () => {
    const failure = Object.assign(new Error('disk full'), { code: 'ENOSPC', syscall: 'write' });
    expect(() =>
      forEachIssueInFile(file('search.json'), en, () => {
        throw failure;
      }),
    ).toThrow(failure);
  });
});

describe('metrics command', () => {
  async function run(argv: readonly string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await runCli(argv, {
      out: (s) => (out += s),
      err: (s) => (err += s),
      env: { LANG: 'en_US.UTF-8' },
      nowMs: Date.UTC(2024, 2, 10),
    });
    return { code, out, err };
  }

  test('when input and workflow are both broken, the input file is the one reported, as before streaming', async () => {
    const result = await run([
      'metrics',
      '--input',
      file('trailing.json'),
      '--workflow',
      file('workflow-not-json.json'),
    ]);
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toContain(`The input file "${file('trailing.json')}" is not valid JSON`);
  });

  test('a broken workflow file with a good input is reported as such', async () => {
    const result = await run([
      'metrics',
      '--input',
      file('search.json'),
      '--workflow',
      file('workflow-not-json.json'),
    ]);
    expect(result.code).toBe(2);
    expect(result.err).toContain(`The workflow file "${file('workflow-not-json.json')}" is not valid JSON`);
  });
});
