import { mappingFromStatusCategories } from '../../src/application/status-category-mapping';

describe('mappingFromStatusCategories', () => {
  it('puts each status in the stage of its Jira category, commitment point In Progress', () => {
    const mapping = mappingFromStatusCategories([
      { name: 'Open', statusCategory: { key: 'new' } },
      { name: 'In Progress', statusCategory: { key: 'indeterminate' } },
      { name: 'Waiting for customer', statusCategory: { key: 'indeterminate' } },
      { name: 'Resolved', statusCategory: { key: 'done' } },
      { name: 'Closed', statusCategory: { key: 'done' } },
    ]);

    expect(mapping).toEqual({
      stages: [
        { name: 'To Do', kind: 'backlog', statuses: ['Open'] },
        { name: 'In Progress', kind: 'active', statuses: ['In Progress', 'Waiting for customer'] },
        { name: 'Done', kind: 'done', statuses: ['Resolved', 'Closed'] },
      ],
      startStage: 'In Progress',
      doneStage: 'Done',
    });
  });

  it('lists a status shared by several workflows once, with the first category seen (names compared case-insensitively)', () => {
    const mapping = mappingFromStatusCategories([
      { name: 'Review', statusCategory: { key: 'indeterminate' } },
      { name: 'review', statusCategory: { key: 'done' } },
    ]);

    expect(mapping.stages.map((s) => s.statuses)).toEqual([[], ['Review'], []]);
  });

  it('leaves out statuses without a name or a known category (they stay unmapped)', () => {
    const mapping = mappingFromStatusCategories([
      { name: 'Mystery', statusCategory: { key: 'undefined' } },
      { name: 'No category' },
      { statusCategory: { key: 'new' } },
      { name: '  ', statusCategory: { key: 'new' } },
    ]);

    expect(mapping.stages.flatMap((s) => s.statuses)).toEqual([]);
  });
});
