/**
 * JQL over indexed issue entity properties (the app's `jira:entityProperty` module given to the emulator as
 * `entityPropertyIndexes`): search aliases and `issue.property[key].path`, the comparison operators, `in`,
 * `is EMPTY`, ORDER BY the alias, 400 for unknown names; and `properties` in the search answer.
 */
import { startEmulator } from '../../dev/emulator';
import type { EntityPropertyIndex, RunningEmulator } from '../../dev/emulator';
import { ADMIN, buildSeed } from './seed-builder';
import { clientFor, obj, objs } from './http-client';

const CSI_INDEX: EntityPropertyIndex = {
  propertyKey: 'three-ways-csi',
  entityType: 'issue',
  values: [
    { path: 'score', type: 'number', searchAlias: 'csiScore' },
    { path: 'source', type: 'string', searchAlias: 'csiSource' },
    { path: 'title', type: 'text', searchAlias: 'csiTitle' },
    { path: 'decidedAt', type: 'date', searchAlias: 'csiDecided' },
    { path: 'tags', type: 'string' },
  ],
};

describe('entity property JQL', () => {
  let emulator: RunningEmulator;
  const admin = () => clientFor(emulator.url, ADMIN);

  const keys = async (jql: string): Promise<string[]> => {
    const reply = await admin().post('/rest/api/3/search/jql', { jql, maxResults: 100 });
    expect([reply.status, reply.text.slice(0, 300)]).toEqual([200, expect.any(String)]);
    return objs(obj(reply.body).issues).map((i) => String(i.key));
  };

  beforeAll(async () => {
    emulator = await startEmulator({
      seed: buildSeed({ hd: 5, csi: 0, sec: 0 }),
      entityPropertyIndexes: [CSI_INDEX],
    });
    const values: [string, unknown][] = [
      [
        'HD-1',
        {
          score: 9,
          source: 'audit',
          title: 'Drucker-Ausfälle reduzieren',
          decidedAt: '2026-02-01',
          tags: ['a', 'b'],
        },
      ],
      ['HD-2', { score: 5, source: 'feedback', title: 'Passwort-Self-Service', tags: ['b'] }],
      ['HD-3', { score: 7.5, source: 'audit' }],
      ['HD-4', { source: 'kpi' }],
    ];
    for (const [key, value] of values) {
      expect((await admin().put(`/rest/api/3/issue/${key}/properties/three-ways-csi`, value)).status).toBe(
        201,
      );
    }
  });

  afterAll(async () => {
    await emulator.stop();
  });

  it('compares numbers by alias and by issue.property[...] name', async () => {
    expect(await keys('csiScore > 7')).toEqual(['HD-1', 'HD-3']);
    expect(await keys('csiScore >= 7.5')).toEqual(['HD-1', 'HD-3']);
    expect(await keys('csiScore < 7.5')).toEqual(['HD-2']);
    expect(await keys('csiScore <= 5')).toEqual(['HD-2']);
    expect(await keys('issue.property[three-ways-csi].score >= 5 AND project = HD')).toEqual([
      'HD-1',
      'HD-2',
      'HD-3',
    ]);
    expect(await keys('csiScore = 9')).toEqual(['HD-1']);
  });

  it('matches strings with =, !=, in, not in; text with ~; arrays element-wise; EMPTY', async () => {
    expect(await keys('csiSource = "audit"')).toEqual(['HD-1', 'HD-3']);
    expect(await keys('csiSource != audit')).toEqual(['HD-2', 'HD-4']);
    expect(await keys('csiSource in (feedback, kpi)')).toEqual(['HD-2', 'HD-4']);
    expect(await keys('csiSource not in (feedback, kpi)')).toEqual(['HD-1', 'HD-3']);
    expect(await keys('csiTitle ~ "passwort"')).toEqual(['HD-2']);
    expect(await keys('issue.property[three-ways-csi].tags = b')).toEqual(['HD-1', 'HD-2']);
    expect(await keys('csiScore is EMPTY AND project = HD')).toEqual(['HD-4', 'HD-5']);
    expect(await keys('csiScore is not EMPTY')).toEqual(['HD-1', 'HD-2', 'HD-3']);
    expect(await keys('csiDecided >= "2026-01-15"')).toEqual(['HD-1']);
  });

  it('orders by the alias (issues without a value last)', async () => {
    expect(await keys('project = HD ORDER BY csiScore DESC')).toEqual([
      'HD-4',
      'HD-5',
      'HD-1',
      'HD-3',
      'HD-2',
    ]);
    expect(await keys('project = HD ORDER BY csiScore ASC')).toEqual([
      'HD-2',
      'HD-3',
      'HD-1',
      'HD-4',
      'HD-5',
    ]);
  });

  it('answers 400 for an unknown alias, an unindexed property path and a range on a string', async () => {
    for (const jql of [
      'csiNope = 1',
      'issue.property[three-ways-csi].owner = x',
      'csiSource > a',
      'csiScore = abc',
    ]) {
      const reply = await admin().post('/rest/api/3/search/jql', { jql });
      expect([jql, reply.status, Array.isArray(obj(reply.body).errorMessages)]).toEqual([jql, 400, true]);
    }
  });

  it('returns the requested properties per issue', async () => {
    const reply = await admin().post('/rest/api/3/search/jql', {
      jql: 'key in (HD-1, HD-5)',
      fields: ['summary'],
      properties: ['three-ways-csi'],
    });
    const issues = objs(obj(reply.body).issues);
    expect(issues.map((i) => [i.key, Object.keys(obj(i.properties))])).toEqual([
      ['HD-1', ['three-ways-csi']],
      ['HD-5', []],
    ]);
    expect(obj(obj(issues[0]?.properties)['three-ways-csi']).score).toBe(9);
    const get = await admin().get('/rest/api/3/search/jql?jql=key%3DHD-2&properties=three-ways-csi');
    const properties = obj(objs(obj(get.body).issues)[0]?.properties);
    expect(obj(properties['three-ways-csi']).score).toBe(5);
  });
});
