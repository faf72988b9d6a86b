/**
 * The data a local Jira emulator starts with: what the sample-data generator produces and tests write by hand.
 * Shapes follow Jira Cloud's REST API v3 closely so the emulator can answer with the real shapes by projection.
 * Instants are Jira-style strings with offset (`2026-03-02T09:15:00.000+0100`).
 */
import type { JiraChangeItem } from '../../src/domain/flow/types';

/** Atlassian Document Format (ADF) node: comments and descriptions are ADF-only in REST v3. */
export interface AdfNode {
  readonly type: string;
  readonly version?: 1;
  readonly text?: string;
  readonly attrs?: Readonly<Record<string, unknown>>;
  readonly marks?: readonly { readonly type: string; readonly attrs?: Readonly<Record<string, unknown>> }[];
  readonly content?: readonly AdfNode[];
}

export interface SeedUser {
  readonly accountId: string;
  readonly displayName: string;
  readonly emailAddress: string;
  /** Jira locale, e.g. `de_DE`, `en_US`. */
  readonly locale: string;
  /** IANA time zone. */
  readonly timeZone: string;
  /** Jira administrator (global permission ADMINISTER). */
  readonly jiraAdmin: boolean;
  /** Keys of projects this user may browse; `'*'` for all. */
  readonly browseProjects: readonly string[] | '*';
  /** Keys of projects this user administers. */
  readonly adminProjects: readonly string[];
  /** API token accepted for basic auth (`emailAddress:apiToken`). */
  readonly apiToken: string;
}

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface SeedStatus {
  readonly id: string;
  readonly name: string;
  readonly categoryKey: StatusCategoryKey;
  /** Set for team-managed projects' project-scoped statuses. */
  readonly projectId?: string;
}

export interface SeedIssueType {
  readonly id: string;
  readonly name: string;
  readonly description: string;
  readonly subtask: boolean;
  /** Set for team-managed projects' project-scoped issue types. */
  readonly projectId?: string;
}

export interface SeedProject {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  /** `classic` = company-managed, `next-gen` = team-managed. */
  readonly style: 'classic' | 'next-gen';
  readonly projectTypeKey: 'software' | 'service_desk' | 'business';
  readonly leadAccountId: string;
  readonly issueTypeIds: readonly string[];
  /** Statuses of the project's workflows (all issue types), in workflow order. */
  readonly statusIds: readonly string[];
}

export interface SeedHistory {
  readonly id: string;
  readonly created: string;
  readonly authorAccountId: string;
  readonly items: readonly JiraChangeItem[];
}

export interface SeedComment {
  readonly id: string;
  readonly authorAccountId: string;
  readonly created: string;
  readonly updated: string;
  readonly body: AdfNode;
}

export interface SeedIssue {
  readonly id: string;
  readonly key: string;
  readonly projectId: string;
  readonly issueTypeId: string;
  readonly statusId: string;
  readonly summary: string;
  readonly description: AdfNode | null;
  readonly created: string;
  readonly updated: string;
  readonly resolutiondate: string | null;
  /** Resolution name (`Erledigt`, `Fertig`, …) or null. */
  readonly resolution: string | null;
  readonly priority: string;
  readonly labels: readonly string[];
  readonly reporterAccountId: string;
  readonly assigneeAccountId: string | null;
  /** Flagged right now (the `Flagged` field holds `Impediment`). */
  readonly flagged: boolean;
  /** Changelog, oldest first (status and Flagged changes and others). */
  readonly histories: readonly SeedHistory[];
  readonly comments: readonly SeedComment[];
  /** Issue entity properties, key → JSON value. */
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface SeedLinkType {
  readonly id: string;
  readonly name: string;
  readonly inward: string;
  readonly outward: string;
}

export interface SeedIssueLink {
  readonly id: string;
  readonly typeId: string;
  /** The issue the link points from (`outward` reads from it: "A blocks B"). */
  readonly outwardIssueId: string;
  readonly inwardIssueId: string;
}

export interface JiraSeed {
  readonly users: readonly SeedUser[];
  readonly projects: readonly SeedProject[];
  readonly issueTypes: readonly SeedIssueType[];
  readonly statuses: readonly SeedStatus[];
  readonly linkTypes: readonly SeedLinkType[];
  readonly issues: readonly SeedIssue[];
  readonly links: readonly SeedIssueLink[];
}
