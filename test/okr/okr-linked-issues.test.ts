import {
  PARALLEL_SEARCHES,
  readVisibleLinkedIssues,
  searchGroups,
  SEARCH_PAGE_ISSUES,
} from '../../src/application/okr-linked-issues';
import type { JiraSearchIssue } from '../../src/application/ports/jira-port';

/** `count` key results `KR-1…` with `perKeyResult` linked issue ids each (`<kr>-<n>`). */
function linksOf(count: number, perKeyResult: number): Map<string, string[]> {
  const links = new Map<string, string[]>();
  for (let k = 1; k <= count; k++)
    links.set(
      `KR-${String(k)}`,
      Array.from({ length: perKeyResult }, (_, n) => `${String(k)}${String(n).padStart(4, '0')}`),
    );
  return links;
}

/**
 * A search that answers every linked issue whose key result the JQL names, 100 per page, after a pause; it
 * records how many searches ran at once.
 */
function fakeSearch(links: ReadonlyMap<string, readonly string[]>) {
  let running = 0;
  let mostAtOnce = 0;
  const jqls: string[] = [];
  return {
    jqls,
    mostAtOnce: () => mostAtOnce,
    port: {
      searchIssues(jql: string): AsyncIterable<readonly JiraSearchIssue[]> {
        jqls.push(jql);
        const named = new Set([...jql.matchAll(/"(KR-\d+)"/g)].map((match) => match[1]));
        const issues: JiraSearchIssue[] = [...links]
          .filter(([id]) => named.has(id))
          .flatMap(([, ids]) => ids)
          .map((id) => ({
            id,
            key: `HD-${id}`,
            fields: { summary: `Issue ${id}`, status: { name: 'Offen', statusCategory: { key: 'new' } } },
          }));
        return (async function* pages() {
          running++;
          mostAtOnce = Math.max(mostAtOnce, running);
          try {
            for (let start = 0; start < issues.length; start += SEARCH_PAGE_ISSUES) {
              await new Promise((resolve) => setTimeout(resolve, 5));
              yield issues.slice(start, start + SEARCH_PAGE_ISSUES);
            }
          } finally {
            running--;
          }
        })();
      },
    },
  };
}

describe('reading the linked issues of many key results', () => {
  it('groups key results so that each search fits one page of linked issues', () => {
    expect(searchGroups(linksOf(200, 10)).map((group) => group.length)).toEqual(Array(20).fill(10));
    // A key result with more links than a page forms a group of its own; ones without links share one.
    const mixed = new Map<string, string[]>([
      ['KR-1', Array.from({ length: 250 }, (_, n) => String(n))],
      ['KR-2', []],
      ['KR-3', ['a', 'b']],
    ]);
    expect(searchGroups(mixed)).toEqual([['KR-1'], ['KR-2', 'KR-3']]);
  });

  it('runs the searches at most four at a time and answers what one search after the other would', async () => {
    const links = linksOf(200, 10);
    const search = fakeSearch(links);
    const visible = await readVisibleLinkedIssues(search.port, links, 10);

    expect(search.jqls).toHaveLength(20);
    expect(search.mostAtOnce()).toBe(PARALLEL_SEARCHES);
    expect([...visible.keys()]).toEqual([...links.keys()]);
    for (const [keyResultId, ids] of links)
      expect(visible.get(keyResultId)?.map((issue) => issue.issueId)).toEqual(ids);
  });

  it('stops reading a key result once it has its limit, and lists no issue twice', async () => {
    const links = linksOf(1, 350);
    const search = fakeSearch(links);
    const visible = await readVisibleLinkedIssues(search.port, links, 10);
    expect(visible.get('KR-1')).toHaveLength(10);
    expect(search.jqls).toHaveLength(1);
  });
});
