/**
 * Issue-level security, as Jira Cloud applies it: an issue with a security level is visible only to the level's
 * members (by account id or group), on top of the Browse projects permission. Jira's REST description says so for
 * every operation that reads issues ("If issue-level security is configured, issue-level security permission to
 * view the issue"): search leaves such issues out (ids-only pages too), `issuekey in (…)` answers 400 for one as
 * for a missing issue, get issue and its properties, comments and remote parts answer 404, the changelog bulk fetch
 * leaves it out, links to it are not shown. The `security` field (`SecurityLevel`: self, id, description, name)
 * is rendered for the issues of projects with an issue security scheme (null without a level) and can be set by
 * an edit (`fields.security: { id } | null`) by a member of the new level who holds Set Issue Security, recorded
 * in the changelog as Jira does (field `security`, level ids and names).
 */
import type { JiraChangeItem } from '../../src/domain/flow/types';
import type { RequestContext } from './context';
import { isRecord } from './context';
import type { RenderContext } from './render';
import type { SeedSecurityLevel, SeedUser } from './seed';
import type { StoredIssue } from './store';

export class IssueSecurity {
  private readonly levels = new Map<string, SeedSecurityLevel>();
  private readonly projectIds = new Set<string>();

  constructor(levels: readonly SeedSecurityLevel[]) {
    for (const level of levels) {
      if (this.levels.has(level.id))
        throw new Error(`Emulator seed: duplicate security level id ${level.id}`);
      this.levels.set(level.id, level);
      for (const projectId of level.projectIds) this.projectIds.add(projectId);
    }
  }

  level(id: string): SeedSecurityLevel | undefined {
    return this.levels.get(id);
  }

  /** The level of the project's scheme with this name. */
  levelNamed(projectId: string, name: string): SeedSecurityLevel | undefined {
    return [...this.levels.values()].find((l) => l.name === name && l.projectIds.includes(projectId));
  }

  /** Whether the project has an issue security scheme (a level names it): its issues carry the `security` field. */
  hasScheme(projectId: string): boolean {
    return this.projectIds.has(projectId);
  }

  isMember(user: SeedUser, level: SeedSecurityLevel): boolean {
    return (
      level.accountIds.includes(user.accountId) || (user.groups ?? []).some((g) => level.groups.includes(g))
    );
  }

  /** Whether the user may see an issue with this level (null: the issue has none). */
  allows(user: SeedUser, levelId: string | null): boolean {
    if (levelId === null) return true;
    const level = this.levels.get(levelId);
    return level !== undefined && this.isMember(user, level);
  }

  /**
   * The level a moved issue keeps: its own when the target project's scheme has it, else none (Jira's Move asks
   * for a level of the target's scheme; the emulator's move takes none).
   */
  keptOnMove(levelId: string | null, targetProjectId: string): string | null {
    return levelId !== null && this.levels.get(levelId)?.projectIds.includes(targetProjectId) === true
      ? levelId
      : null;
  }

  /** Throws for a seed issue whose level is unknown or not in its project's scheme. */
  check(issueKey: string, projectId: string, levelId: string | null): void {
    if (levelId === null) return;
    if (!this.levels.get(levelId)?.projectIds.includes(projectId)) {
      throw new Error(`Emulator seed: issue ${issueKey} names security level ${levelId} its project lacks`);
    }
  }
}

/** The `security` field: `SecurityLevel` or null; undefined (left out) for a project without a scheme. */
export function renderSecurityField(ctx: RenderContext, issue: StoredIssue): unknown {
  if (!ctx.store.security.hasScheme(issue.projectId)) return undefined;
  const level = issue.securityLevelId === null ? undefined : ctx.store.security.level(issue.securityLevelId);
  if (level === undefined) return null;
  return {
    self: `${ctx.baseUrl}/rest/api/3/securitylevel/${level.id}`,
    id: level.id,
    description: level.description,
    name: level.name,
  };
}

/**
 * The edit of an issue's security level (`fields.security` / `update.security[{set}]`): `{ id }`, `{ name }` or
 * null. Null with the reason in `errors` when the value is invalid, the level is not in the project's scheme, the
 * caller is not one of its members (Jira offers only levels the user belongs to) or lacks Set Issue Security.
 */
export function securityEdit(
  ctx: RequestContext,
  value: unknown,
  errors: Record<string, string>,
): ((issue: StoredIssue) => JiraChangeItem | null) | null {
  const ref = ctx.params['issueIdOrKey'];
  const target = ref === undefined ? undefined : ctx.store.issue(ref);
  const project = target === undefined ? undefined : ctx.store.projectById(target.projectId);
  if (target === undefined || project === undefined || !ctx.store.security.hasScheme(project.id)) {
    errors.security =
      "Field 'security' cannot be set: the project has no issue security scheme (the local emulator sets it only by editing an issue).";
    return null;
  }
  if (!ctx.store.hasIssuePermission(ctx.user, project, 'SET_ISSUESECURITY')) {
    errors.security = 'You do not have permission to set the security level of this issue.';
    return null;
  }
  let level: SeedSecurityLevel | null = null;
  if (value !== null) {
    const wanted = isRecord(value) ? value : {};
    const named =
      typeof wanted.id === 'string'
        ? ctx.store.security.level(wanted.id)
        : typeof wanted.name === 'string'
          ? ctx.store.security.levelNamed(project.id, wanted.name)
          : undefined;
    if (
      named === undefined ||
      !named.projectIds.includes(project.id) ||
      !ctx.store.security.isMember(ctx.user, named)
    ) {
      errors.security =
        'Security level: the security level is invalid for this issue or you are not its member.';
      return null;
    }
    level = named;
  }
  return (issue) => {
    const from = issue.securityLevelId === null ? undefined : ctx.store.security.level(issue.securityLevelId);
    if ((from?.id ?? null) === (level?.id ?? null)) return null;
    issue.securityLevelId = level?.id ?? null;
    return {
      field: 'security',
      fieldtype: 'jira',
      fieldId: 'security',
      from: from?.id ?? null,
      fromString: from?.name ?? null,
      to: level?.id ?? null,
      toString: level?.name ?? null,
    };
  };
}
