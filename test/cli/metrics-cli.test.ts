/**
 * The `metrics` command line (FLOW-METRICS.md §5), called in-process through `runCli` with captured output:
 * the JSON shape, the table and CSV renderings, German text, and exit code 2 with one message on stderr (and
 * nothing on stdout) for every kind of unusable input or option.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

import { runCli } from '../../src/cli/main';
import { DAY, HOUR, STANDARD_MAPPING, issue } from '../support/jira-fixtures';

const ISO_UTC = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const STACK_LINE = /^\s+at .+\(.*\)$|^\s+at \S+:\d+:\d+$/m;

let dir = '';
const file = (name: string): string => path.join(dir, name);

/** HD-1 done (lead 2 d 2 h, cycle 2 d), HD-2 not started, HD-3 without created; HD-4 in a status with a comma. */
const issues = [
  issue('HD-1', '2024-03-01T08:00:00.000+0000', [
    ['2024-03-01T10:00:00.000+0000', 'Open', 'In Progress'],
    ['2024-03-03T10:00:00.000+0000', 'In Progress', 'Resolved'],
  ]),
  issue('HD-2', '2024-03-02T08:00:00.000+0000', []),
  issue('HD-3', null, []),
  issue(
    'HD-4',
    '2024-03-02T08:00:00.000+0000',
    [['2024-03-04T08:00:00.000+0000', 'In Progress', 'Waiting, customer']],
    {
      issueType: 'Bug, urgent',
    },
  ),
];

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'metrics-cli-'));
  fs.writeFileSync(file('issues.json'), JSON.stringify(issues));
  fs.writeFileSync(file('search.json'), JSON.stringify({ startAt: 0, total: issues.length, issues }));
  fs.writeFileSync(file('workflow.json'), JSON.stringify(STANDARD_MAPPING));
  fs.writeFileSync(file('not-json.json'), '[{"key": "HD-1",');
  fs.writeFileSync(file('not-a-list.json'), JSON.stringify({ total: 3, values: [] }));
  fs.writeFileSync(file('bad-workflow.json'), JSON.stringify({ ...STANDARD_MAPPING, startStage: 'Coding' }));
  fs.writeFileSync(file('not-a-workflow.json'), JSON.stringify(['Open', 'Done']));
  fs.writeFileSync(
    file('bad-changelog.json'),
    JSON.stringify([issues[0], { ...issues[1], changelog: { histories: { 0: 'not a list' } } }]),
  );
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

interface CliRun {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function run(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = { LANG: 'en_US.UTF-8' },
): Promise<CliRun> {
  let out = '';
  let err = '';
  const code = await runCli(argv, {
    out: (s) => (out += s),
    err: (s) => (err += s),
    env,
    nowMs: Date.UTC(2024, 2, 10),
  });
  return { code, out, err };
}

const metrics = (...extra: string[]): string[] => [
  'metrics',
  '--input',
  file('issues.json'),
  '--workflow',
  file('workflow.json'),
  '--as-of',
  '2024-03-05T00:00:00Z',
  ...extra,
];

type Json = Record<string, unknown>;
const asObject = (value: unknown): Json => {
  expect(typeof value === 'object' && value !== null && !Array.isArray(value)).toBe(true);
  return value as Json;
};
const asList = (value: unknown): unknown[] => {
  expect(Array.isArray(value)).toBe(true);
  return value as unknown[];
};

describe('--format json', () => {
  test('prints one object with the §5 keys, ISO UTC instants and null for absent values', async () => {
    const result = await run(metrics('--format', 'json'));
    expect(result.err).toBe('');
    expect(result.code).toBe(0);
    const report = asObject(JSON.parse(result.out));
    expect(report).toEqual(
      expect.objectContaining({ mode: 'canonical', timeZone: 'UTC', asOf: '2024-03-05T00:00:00.000Z' }),
    );
    const list = asList(report['issues']).map(asObject);
    expect(list.map((i) => i['key'])).toEqual(expect.arrayContaining(['HD-1', 'HD-2', 'HD-3', 'HD-4']));
    for (const i of list) {
      for (const key of [
        'key',
        'created',
        'startAt',
        'doneAt',
        'leadTimeMs',
        'cycleTimeMs',
        'flowEfficiency',
      ]) {
        expect(i).toHaveProperty([key]);
      }
      asObject(i['timeInStatusMs']);
      asList(i['warnings']);
      for (const key of ['created', 'startAt', 'doneAt']) {
        const value = i[key];
        if (value !== null) expect(value).toMatch(ISO_UTC);
      }
      // Canonical mode has no compatibility fields.
      expect(i).not.toHaveProperty(['stageDates']);
    }
    const byKey = new Map(list.map((i) => [i['key'], i]));
    // HD-1: created 03-01 08:00Z, start 03-01 10:00Z, done 03-03 10:00Z.
    expect(byKey.get('HD-1')).toEqual(
      expect.objectContaining({
        created: '2024-03-01T08:00:00.000Z',
        startAt: '2024-03-01T10:00:00.000Z',
        doneAt: '2024-03-03T10:00:00.000Z',
        leadTimeMs: 2 * DAY + 2 * HOUR,
        cycleTimeMs: 2 * DAY,
        flowEfficiency: 1,
        timeInStatusMs: { Open: 2 * HOUR, 'In Progress': 2 * DAY },
      }),
    );
    // Not started: nulls, written out as null (not left away).
    expect(byKey.get('HD-2')).toEqual(
      expect.objectContaining({
        startAt: null,
        doneAt: null,
        leadTimeMs: null,
        cycleTimeMs: null,
        flowEfficiency: null,
      }),
    );
    expect(result.out).toMatch(/"startAt": null/);
    expect(byKey.get('HD-3')).toEqual(
      expect.objectContaining({ created: null, warnings: ['missing-created'] }),
    );

    const daily = asList(report['daily']).map(asObject);
    // Days 03-01 … 03-05.
    expect(daily.map((d) => d['date'])).toEqual([
      '2024-03-01',
      '2024-03-02',
      '2024-03-03',
      '2024-03-04',
      '2024-03-05',
    ]);
    for (const d of daily) {
      expect(d['date']).toMatch(DATE);
      asObject(d['byStatus']);
      asObject(d['byStage']);
      expect(typeof d['wip']).toBe('number');
      expect(typeof d['throughput']).toBe('number');
    }

    const summary = asObject(report['summary']);
    for (const key of ['leadTime', 'cycleTime']) {
      expect(Object.keys(asObject(summary[key]))).toEqual(
        expect.arrayContaining(['count', 'p50', 'p85', 'p95']),
      );
    }
    expect(asObject(summary['leadTime'])).toEqual(
      expect.objectContaining({ count: 1, p50: 2 * DAY + 2 * HOUR, p85: 2 * DAY + 2 * HOUR }),
    );
    expect(typeof summary['throughputPerWeek']).toBe('number');
    expect(summary).toHaveProperty(['littlesLaw']);
  });

  test('compatibility mode adds stageDates, startDate, doneDate and cycleTimeDays', async () => {
    const result = await run(metrics('--mode', 'jira-agile-metrics'));
    expect(result.code).toBe(0);
    const report = asObject(JSON.parse(result.out));
    expect(report['mode']).toBe('jira-agile-metrics');
    const hd1 = asList(report['issues'])
      .map(asObject)
      .find((i) => i['key'] === 'HD-1');
    expect(hd1).toEqual(
      expect.objectContaining({
        stageDates: {
          Backlog: '2024-03-01',
          'In Progress': '2024-03-01',
          Review: '2024-03-03',
          Test: '2024-03-03',
          Done: '2024-03-03',
        },
        startDate: '2024-03-01',
        doneDate: '2024-03-03',
        cycleTimeDays: 2,
      }),
    );
    const hd2 = asList(report['issues'])
      .map(asObject)
      .find((i) => i['key'] === 'HD-2');
    expect(hd2).toEqual(expect.objectContaining({ startDate: null, doneDate: null, cycleTimeDays: null }));
  });

  test('a search response { "issues": [...] } is read like a plain list', async () => {
    const plain = await run(metrics());
    const search = await run([
      'metrics',
      '--input',
      file('search.json'),
      '--workflow',
      file('workflow.json'),
      '--as-of',
      '2024-03-05T00:00:00Z',
    ]);
    expect(search.code).toBe(0);
    expect(search.out).toBe(plain.out);
  });

  test('--tz, --start-policy and a date-only --as-of are applied', async () => {
    const result = await run(
      metrics('--tz', 'Europe/Berlin', '--start-policy', 'last', '--as-of', '2024-03-05'),
    );
    expect(result.code).toBe(0);
    const report = asObject(JSON.parse(result.out));
    // 2024-03-05 in Berlin starts at 03-04 23:00Z.
    expect(report).toEqual(
      expect.objectContaining({
        timeZone: 'Europe/Berlin',
        startPolicy: 'last',
        asOf: '2024-03-04T23:00:00.000Z',
      }),
    );
  });
});

describe('--format table', () => {
  test('prints the headings and one row per issue', async () => {
    const result = await run(metrics('--format', 'table'));
    expect(result.code).toBe(0);
    const lines = result.out.split('\n');
    const heading = lines.filter((l) =>
      /^Key\s+Type\s+Status\s+Start\s+Done\s+Lead d\s+Cycle d\s+Flow eff\./.test(l),
    );
    expect(heading).toHaveLength(1);
    expect(result.out).toMatch(/Lead time/);
    expect(result.out).toMatch(/Cycle time/);
    for (const key of ['HD-1', 'HD-2', 'HD-3', 'HD-4']) {
      expect(lines.filter((l) => l.startsWith(`${key} `))).toHaveLength(1);
    }
    // HD-1: lead 2.1 days (2 d 2 h), cycle 2.0 days, efficiency 100 %.
    expect(lines.find((l) => l.startsWith('HD-1 '))).toMatch(
      /2024-03-01\s+2024-03-03\s+2\.1\s+2\.0\s+100\s?%/,
    );
  });

  test('is German with LANG=de_DE.UTF-8, with decimal commas', async () => {
    const result = await run(metrics('--format', 'table'), { LANG: 'de_DE.UTF-8' });
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/Schlüssel/);
    expect(result.out).toMatch(/Durchlaufzeit/);
    expect(result.out).toMatch(/Bearbeitungszeit/);
    expect(result.out.split('\n').find((l) => l.startsWith('HD-1 '))).toMatch(/2,1\s+2,0/);
  });
});

describe('--format csv', () => {
  test('prints a header and one line per issue, quoting fields with commas', async () => {
    const result = await run(metrics('--format', 'csv'));
    expect(result.code).toBe(0);
    const lines = result.out.split('\r\n').filter((l) => l !== '');
    expect(lines).toHaveLength(1 + issues.length);
    expect(lines[0]?.split(',').slice(0, 3)).toEqual(['key', 'issueType', 'status']);
    const hd4 = lines.find((l) => l.startsWith('HD-4,'));
    expect(hd4).toContain('"Bug, urgent"');
    expect(hd4).toContain('"Waiting, customer"');
    // The header names a column for the status with the comma, quoted as well.
    expect(lines[0]).toContain('"timeInStatusMs Waiting, customer"');
    const hd1 = lines.find((l) => l.startsWith('HD-1,'));
    expect(hd1).toContain(`,${String(2 * DAY + 2 * HOUR)},`);
  });
});

describe('unusable input or options: exit 2, one message on stderr, nothing on stdout', () => {
  const cases: [string, string[], RegExp][] = [
    [
      'a file that cannot be read',
      ['metrics', '--input', '/nonexistent/issues.json'],
      /nonexistent\/issues\.json/,
    ],
    ['a file that is not JSON', ['metrics', '--input', '<dir>/not-json.json'], /not valid JSON/],
    [
      'JSON that is not a list of issues',
      ['metrics', '--input', '<dir>/not-a-list.json'],
      /no list of issues/,
    ],
    [
      'an issue whose changelog is not readable',
      ['metrics', '--input', '<dir>/bad-changelog.json'],
      /Issue HD-2 \(entry 2\) .* unreadable changelog at changelog\.histories\./,
    ],
    [
      'an unknown time zone',
      ['metrics', '--input', '<dir>/issues.json', '--tz', 'Mars/Olympus'],
      /--tz "Mars\/Olympus"/,
    ],
    [
      'an --as-of that is no instant',
      ['metrics', '--input', '<dir>/issues.json', '--as-of', 'yesterday'],
      /--as-of "yesterday"/,
    ],
    ['an unknown option', ['metrics', '--input', '<dir>/issues.json', '--frobnicate'], /--frobnicate/],
    ['an unknown format', ['metrics', '--input', '<dir>/issues.json', '--format', 'xml'], /--format "xml"/],
    ['an unknown mode', ['metrics', '--input', '<dir>/issues.json', '--mode', 'fast'], /--mode "fast"/],
    ['no --input', ['metrics'], /--input/],
    ['an unknown command', ['report'], /Unknown command "report"/],
    [
      'a workflow mapping with an unknown startStage',
      ['metrics', '--input', '<dir>/issues.json', '--workflow', '<dir>/bad-workflow.json'],
      /startStage "Coding"/,
    ],
    [
      'a workflow file that is not a mapping',
      ['metrics', '--input', '<dir>/issues.json', '--workflow', '<dir>/not-a-workflow.json'],
      /not a workflow mapping/,
    ],
    [
      'a workflow file that is not JSON',
      ['metrics', '--input', '<dir>/issues.json', '--workflow', '<dir>/not-json.json'],
      /not valid JSON/,
    ],
  ];

  test.each(cases)('%s', async (_label, argv, message) => {
    const result = await run(argv.map((a) => a.replace('<dir>', dir)));
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toMatch(message);
    expect(result.err).not.toMatch(STACK_LINE);
    expect(result.err).not.toMatch(/Unexpected failure/);
  });

  test('the messages are German with LANG=de_DE.UTF-8', async () => {
    const result = await run(['metrics', '--input', file('not-json.json')], { LANG: 'de_DE.UTF-8' });
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toMatch(/ist kein gültiges JSON/);
    const missing = await run(['metrics', '--input', '/nonexistent/issues.json'], { LC_ALL: 'de_DE.UTF-8' });
    expect(missing.err).toMatch(/kann nicht gelesen werden/);
    const mapping = await run(
      ['metrics', '--input', file('issues.json'), '--workflow', file('bad-workflow.json')],
      {
        LANG: 'de_DE.UTF-8',
      },
    );
    expect(mapping.code).toBe(2);
    expect(mapping.err).toMatch(/^Die Workflow-Zuordnung ist nicht verwendbar: /);
  });

  test.each([
    [['--tz', 'Mars/Olympus'], /^--tz „Mars\/Olympus“ ist keine IANA-Zeitzone/],
    [['--as-of', 'gestern'], /^--as-of „gestern“ ist kein ISO-8601-Zeitpunkt/],
    [['--frobnicate'], /^Unbekannte Option --frobnicate\./],
    [['--format', 'xml'], /^--format „xml“ ist keiner der Werte json, table, csv\./],
    [['--tz'], /^Die Option --tz braucht einen Wert\./],
  ])('option errors are German with LANG=de_DE.UTF-8: %j', async (extra, message) => {
    const argv = ['metrics', '--input', file('issues.json'), ...extra.map((a) => a.replace('<dir>', dir))];
    const result = await run(argv, { LANG: 'de_DE.UTF-8' });
    expect(result.code).toBe(2);
    expect(result.out).toBe('');
    expect(result.err).toMatch(message);
    expect(result.err).toMatch(/Optionen: "npm run --silent cli -- metrics --help"/);
  });
});

describe('metrics without --workflow', () => {
  it('notes on stderr, in the user language, that statuses without a known category stayed unmapped', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tw-cli-notice-'));
    const file = path.join(dir, 'issues.json');
    // Only the current status (Done) carries a category; "In Arbeit" is known from the changelog alone.
    fs.writeFileSync(
      file,
      JSON.stringify([
        {
          key: 'HD-1',
          fields: {
            created: '2024-03-01T09:00:00.000+0100',
            status: { name: 'Done', statusCategory: { key: 'done' } },
          },
          changelog: {
            histories: [
              {
                created: '2024-03-01T10:00:00.000+0100',
                items: [{ field: 'status', fromString: 'Open', toString: 'In Arbeit' }],
              },
              {
                created: '2024-03-02T10:00:00.000+0100',
                items: [{ field: 'status', fromString: 'In Arbeit', toString: 'Done' }],
              },
            ],
          },
        },
      ]),
    );
    for (const [lang, pattern] of [
      ['en_US.UTF-8', /Note: 1 issues passed statuses with no known Jira category.*--workflow FILE/],
      [
        'de_DE.UTF-8',
        /Hinweis: 1 Vorgänge durchliefen Status ohne bekannte Jira-Kategorie.*--workflow DATEI/,
      ],
    ] as const) {
      let out = '';
      let err = '';
      const code = await runCli(['metrics', '--input', file, '--as-of', '2024-04-01T00:00:00Z'], {
        out: (s) => (out += s),
        err: (s) => (err += s),
        env: { LANG: lang },
        nowMs: 0,
      });
      expect(code).toBe(0);
      expect(err).toMatch(pattern);
      expect(JSON.parse(out)).toHaveProperty('summary.warningCounts.unmapped-status', 1);
    }
  });
});
