/**
 * What the preview server and its host page (`host/`) exchange over `/__preview/*`: plain JSON shapes, shared by
 * both sides. No API tokens: the server keeps the sample users' credentials and acts for the user the page names.
 */

import type { PreviewDisplayCondition } from './display-condition';

/** The Jira page a module type is shown on. */
export type HostView = 'issue' | 'project' | 'dashboard' | 'project-settings' | 'apps';

export type PreviewLanguage = 'de' | 'en';

/** A Custom UI module of `manifest.yml`, as the host page places it. */
export interface PreviewModule {
  /** Module key, e.g. `flow-issue-panel`. */
  readonly key: string;
  /** Forge module type, e.g. `jira:issuePanel`. */
  readonly type: string;
  readonly hostView: HostView;
  /** URL of the module's `index.html` on the preview server. */
  readonly url: string;
  /** Title in each language (the manifest's `title`, translated with `locales/*.json`). */
  readonly title: Readonly<Record<PreviewLanguage, string>>;
  /**
   * The module's subpages (manifest `pages`), in manifest order: Jira lists them under the module and opens the
   * module at the chosen one's route. Empty for a module without subpages.
   */
  readonly pages: readonly PreviewSubpage[];
  /**
   * The manifest's display condition (the issue type names it shows on, as `displayConditions.jiraExpression`
   * says); null: shown on every issue.
   */
  readonly displayCondition: PreviewDisplayCondition;
}

/** A subpage of a module: its route (`csi-register`, no slashes) and its title in each language. */
export interface PreviewSubpage {
  readonly route: string;
  readonly title: Readonly<Record<PreviewLanguage, string>>;
  /** The header of the manifest section the subpage is in; absent for a page outside sections. */
  readonly section?: Readonly<Record<PreviewLanguage, string>>;
}

/** A sample user (no credentials). */
export interface PreviewUser {
  readonly accountId: string;
  readonly displayName: string;
  readonly emailAddress: string;
  /** IANA time zone of the user's Jira profile. */
  readonly timeZone: string;
  readonly jiraAdmin: boolean;
  /** Keys of the projects the user may browse, or `'*'`. */
  readonly browseProjects: readonly string[] | '*';
}

export interface PreviewConfig {
  readonly modules: readonly PreviewModule[];
  readonly users: readonly PreviewUser[];
  readonly emulatorUrl: string;
}

export interface PreviewProject {
  readonly id: string;
  readonly key: string;
  readonly name: string;
  /** Jira's `projectTypeKey`, e.g. `service_desk`. */
  readonly typeKey: string;
}

export type StatusCategoryKey = 'new' | 'indeterminate' | 'done';

export interface PreviewStatus {
  readonly name: string;
  readonly categoryKey: StatusCategoryKey;
}

/** One row of the issue list. */
export interface PreviewIssueSummary {
  readonly id: string;
  readonly key: string;
  readonly summary: string;
  readonly status: PreviewStatus;
  readonly issueType: string;
}

export interface PreviewPerson {
  readonly accountId: string;
  readonly displayName: string;
}

/** The fields the issue view shows. Instants are ISO strings as Jira sends them. */
export interface PreviewIssueDetails extends PreviewIssueSummary {
  readonly project: PreviewProject;
  readonly issueTypeId: string;
  readonly priority: string | null;
  readonly assignee: PreviewPerson | null;
  readonly reporter: PreviewPerson | null;
  readonly labels: readonly string[];
  readonly created: string;
  readonly updated: string | null;
  readonly resolutionDate: string | null;
  readonly resolution: string | null;
  /** The description's paragraphs as plain text (from ADF). */
  readonly descriptionParagraphs: readonly string[];
}

export interface PreviewIssueList {
  readonly issues: readonly PreviewIssueSummary[];
  /** True when more issues match than the list shows. */
  readonly truncated: boolean;
}

/** An issue type the "Create issue" dialog offers for a project. */
export interface PreviewIssueType {
  readonly id: string;
  readonly name: string;
}

/** Body of `POST /__preview/issues`: what Jira's "Create issue" dialog asks for. */
export interface PreviewCreateIssueRequest {
  readonly projectKey: string;
  readonly issueTypeId: string;
  readonly summary: string;
}

export interface PreviewCreatedIssue {
  readonly id: string;
  readonly key: string;
}

/** A workflow transition the user may take on an issue now (a button of the issue view's "Workflow" group). */
export interface PreviewTransition {
  readonly id: string;
  /** The transition's name as the workflow names it, e.g. `Genehmigen`. */
  readonly name: string;
  readonly to: PreviewStatus;
}

/** Body of `POST /__preview/issues/<key>/transitions`. */
export interface PreviewTransitionRequest {
  readonly transitionId: string;
}

/** The issue's status after a transition Jira performed. */
export interface PreviewTransitionResult {
  readonly issueKey: string;
  readonly status: PreviewStatus;
}

/** Answer of `POST /__preview/issues/<key>/redeliver`: the issue's last event, delivered once more. */
export interface PreviewRedelivery {
  readonly issueKey: string;
  readonly eventType: string;
  /** Each trigger listening to the event type: whether its filter let the event through. */
  readonly deliveries: readonly { readonly triggerKey: string; readonly delivered: boolean }[];
  /** False when a delivery it caused was still waiting for a retry when the answer was sent. */
  readonly settled: boolean;
}

/** Body of a failed `/__preview/*` request. */
export interface PreviewError {
  readonly status: number;
  /** Jira's message (English), or all of Jira's messages joined. */
  readonly message: string;
  /**
   * Jira's own messages when Jira refused a change (`errorMessages`, then field `errors`), e.g. a workflow
   * validator's text; shown to the user as Jira shows them. Absent for other failures.
   */
  readonly messages?: readonly string[];
}

/** A sample Automation rule of the preview's rule runner (`GET /__preview/rules`). */
export interface PreviewRuleInfo {
  readonly id: string;
  readonly name: Readonly<Record<PreviewLanguage, string>>;
  readonly trigger: Readonly<Record<PreviewLanguage, string>>;
  readonly condition: Readonly<Record<PreviewLanguage, string>>;
  /** The app's Automation action the rule calls: its manifest key and name. */
  readonly action: { readonly key: string; readonly name: Readonly<Record<PreviewLanguage, string>> };
}

/** One run of a rule, as Automation's audit log shows it. */
export interface PreviewRuleRun {
  /** Grows with each run. */
  readonly id: number;
  /** Preview clock, epoch ms. */
  readonly atMs: number;
  readonly ruleId: string;
  readonly ruleName: Readonly<Record<PreviewLanguage, string>>;
  /** The issue the event was about. */
  readonly issueKey: string;
  /** `performed`: the action succeeded; `no-actions`: the condition did not hold; `failed`: the action refused. */
  readonly outcome: 'performed' | 'no-actions' | 'failed';
  /** What the condition found, e.g. "CSAT 1 ≤ 2". */
  readonly detail: Readonly<Record<PreviewLanguage, string>>;
  readonly actionKey: string | null;
  /** The inputs the action got (null: no action ran). */
  readonly inputs: Readonly<Record<string, unknown>> | null;
  /** The action's outputs when it succeeded (e.g. `{ issueKey, created }`). */
  readonly result: unknown;
  /** The action's error messages (German / English) when it failed. */
  readonly messages: readonly string[];
}

/** `GET /__preview/rules`: the sample rules and their runs, newest first. */
export interface PreviewRulesView {
  readonly rules: readonly PreviewRuleInfo[];
  readonly runs: readonly PreviewRuleRun[];
}

/** Body of `POST /__preview/requests/<key>/csat`: the rating the request's reporter gives (1–5). */
export interface PreviewCsatRequest {
  readonly rating: number;
}

/** Answer of `POST /__preview/requests/<key>/csat`: the rating as JSM stored it and the rule runs it caused. */
export interface PreviewCsatResult {
  readonly issueKey: string;
  readonly rating: number;
  /** The account the rating was given as (the request's reporter). */
  readonly reporterAccountId: string;
  readonly runs: readonly PreviewRuleRun[];
  /** False when the runs were still going when the answer was sent. */
  readonly settled: boolean;
}
