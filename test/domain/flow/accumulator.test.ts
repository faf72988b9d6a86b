import { computeFlowReport, createFlowAccumulator } from '../../../src/domain/flow/engine';
import type { FlowOptions, JiraIssueInput } from '../../../src/domain/flow/types';

const OPTIONS: FlowOptions = {
  mode: 'canonical',
  startPolicy: 'first',
  timeZone: 'UTC',
  asOfMs: Date.UTC(2024, 3, 1),
};

/** Created 1 March 09:00 UTC in "Neu", "In Arbeit" from 2 March 09:00, "Erledigt" from 4 March 09:00. */
const ISSUE: JiraIssueInput = {
  key: 'HD-1',
  fields: {
    created: '2024-03-01T09:00:00.000+0000',
    status: { name: 'Erledigt', statusCategory: { key: 'done' } },
  },
  changelog: {
    histories: [
      {
        created: '2024-03-02T09:00:00.000+0000',
        items: [{ field: 'status', fromString: 'Neu', toString: 'In Arbeit' }],
      },
      {
        created: '2024-03-04T09:00:00.000+0000',
        items: [{ field: 'status', fromString: 'In Arbeit', toString: 'Erledigt' }],
      },
    ],
  },
};

describe('createFlowAccumulator', () => {
  it('gives the same report as computeFlowReport over the same issues', () => {
    const accumulator = createFlowAccumulator(OPTIONS);
    accumulator.add(ISSUE);
    expect(accumulator.count).toBe(1);
    expect(accumulator.finish()).toEqual(computeFlowReport([ISSUE], OPTIONS));
  });

  it('maps statuses an issue only passed through once their categories are made known', () => {
    // Without categories for "Neu" and "In Arbeit" the derived mapping cannot start the issue.
    const alone = computeFlowReport([ISSUE], OPTIONS).issues[0];
    expect(alone?.cycleTimeMs).toBeNull();
    expect(alone?.warnings).toEqual(expect.arrayContaining(['unmapped-status', 'done-without-start']));

    const accumulator = createFlowAccumulator(OPTIONS);
    accumulator.addKnownStatuses([
      { name: 'Neu', statusCategory: { key: 'new' } },
      { name: 'In Arbeit', statusCategory: { key: 'indeterminate' } },
    ]);
    accumulator.add(ISSUE);
    const issue = accumulator.finish().issues[0];
    // Start 2 March 09:00, done 4 March 09:00: two days.
    expect(issue?.cycleTimeMs).toBe(2 * 86_400_000);
    expect(issue?.warnings).toEqual([]);
  });

  it('refuses to be used after finish, so a report never silently misses issues', () => {
    const accumulator = createFlowAccumulator(OPTIONS);
    accumulator.finish();
    expect(() => {
      accumulator.add(ISSUE);
    }).toThrow('after finish');
    expect(() => {
      accumulator.finish();
    }).toThrow('twice');
  });
});
