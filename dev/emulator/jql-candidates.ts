/**
 * Narrowing a JQL search before it evaluates: the issues a key-restricted query can match, looked up by id.
 */
import type { JqlCatalog, JqlExpr } from './jql';

/**
 * The ids of the only issues a query can match when it restricts the key (`key in (…)` on its own, ANDed with
 * anything, or ORed with another such restriction): the search then looks at those issues instead of the whole
 * site, so `issuekey in (<1,000 ids>) AND project = X` costs the 1,000 lookups, not a scan of every issue. Null
 * when the query does not restrict the key. Key clauses are only `=`/`in` (the parser has no negated list), so
 * the set is always a superset of the matches.
 */
export function keyCandidateIds(where: JqlExpr, catalog: JqlCatalog): ReadonlySet<string> | null {
  switch (where.kind) {
    case 'list': {
      if (where.field !== 'key') return null;
      const ids = new Set<string>();
      for (const value of where.values) {
        const id = catalog.issueId(value.text.trim());
        if (id !== null) ids.add(id);
      }
      return ids;
    }
    case 'and': {
      const left = keyCandidateIds(where.left, catalog);
      const right = keyCandidateIds(where.right, catalog);
      if (left === null || right === null) return left ?? right;
      return new Set([...left].filter((id) => right.has(id)));
    }
    case 'or': {
      const left = keyCandidateIds(where.left, catalog);
      const right = keyCandidateIds(where.right, catalog);
      return left === null || right === null ? null : new Set([...left, ...right]);
    }
    default:
      return null;
  }
}
