/**
 * The project, status, user, permission and dashboard calls of the Jira client.
 */
import type * as v from 'valibot';
import type {
  JiraDashboard,
  JiraDashboardPort,
  JiraIssueType,
  JiraIssueTypeStatuses,
  JiraPort,
  JiraProject,
  JiraUser,
  JiraUserAccessPort,
} from '../../application/ports/jira-port';
import type { JiraStatusRef } from '../../domain/flow/types';
import { allOffsetPages, enc, query, type JiraRequester } from './jira-request';
import { JIRA_ROUTES, OFFSET_PAGE_SIZE, STATUS_PAGE_SIZE, USER_BULK_IDS } from './jira-routes';
import {
  DashboardSchema,
  IssueTypesSchema,
  MyGroupsSchema,
  MyPermissionsSchema,
  MyselfSchema,
  ProjectPageSchema,
  ProjectSchema,
  ProjectStatusesSchema,
  StatusSearchPageSchema,
  UserPageSchema,
} from './jira-schemas';

/** The calls of {@link JiraPort} about projects, statuses, users and permissions, and {@link JiraDashboardPort}. */
export type JiraProjectCalls = Pick<
  JiraPort,
  | 'listProjectStatuses'
  | 'searchStatuses'
  | 'listIssueTypesForProject'
  | 'searchProjects'
  | 'getProject'
  | 'getMyself'
  | 'getUsers'
  | 'getMyPermissions'
> &
  JiraDashboardPort &
  JiraUserAccessPort;

/** The project, user and dashboard calls over the client's requester. */
export function projectCalls({ request }: JiraRequester): JiraProjectCalls {
  return {
    async listProjectStatuses(projectIdOrKey: string): Promise<readonly JiraIssueTypeStatuses[]> {
      return request(
        {
          routeKey: JIRA_ROUTES.listProjectStatuses,
          method: 'GET',
          path: `/rest/api/3/project/${enc(projectIdOrKey)}/statuses`,
        },
        ProjectStatusesSchema,
      );
    },

    async searchStatuses(projectId: string): Promise<readonly JiraStatusRef[]> {
      return allOffsetPages('GET /rest/api/3/statuses/search', (startAt) =>
        request(
          {
            routeKey: JIRA_ROUTES.searchStatuses,
            method: 'GET',
            path: `/rest/api/3/statuses/search${query({ projectId, startAt, maxResults: STATUS_PAGE_SIZE })}`,
          },
          StatusSearchPageSchema,
        ),
      );
    },

    async listIssueTypesForProject(projectId: string): Promise<readonly JiraIssueType[]> {
      return request(
        {
          routeKey: JIRA_ROUTES.listIssueTypesForProject,
          method: 'GET',
          path: `/rest/api/3/issuetype/project${query({ projectId })}`,
        },
        IssueTypesSchema,
      );
    },

    async searchProjects(): Promise<readonly JiraProject[]> {
      const projects = await allOffsetPages('GET /rest/api/3/project/search', (startAt) =>
        request(
          {
            routeKey: JIRA_ROUTES.searchProjects,
            method: 'GET',
            path: `/rest/api/3/project/search${query({ startAt, maxResults: OFFSET_PAGE_SIZE })}`,
          },
          ProjectPageSchema,
        ),
      );
      return projects.map(projectOf);
    },

    async getProject(projectIdOrKey: string): Promise<JiraProject> {
      return projectOf(
        await request(
          {
            routeKey: JIRA_ROUTES.getProject,
            method: 'GET',
            path: `/rest/api/3/project/${enc(projectIdOrKey)}`,
          },
          ProjectSchema,
        ),
      );
    },

    async getDashboard(dashboardId: string): Promise<JiraDashboard> {
      const dashboard = await request(
        {
          routeKey: JIRA_ROUTES.getDashboard,
          method: 'GET',
          path: `/rest/api/3/dashboard/${enc(dashboardId)}`,
        },
        DashboardSchema,
      );
      return { id: dashboard.id, isWritable: dashboard.isWritable === true };
    },

    async getMyself(): Promise<JiraUser> {
      return request(
        { routeKey: JIRA_ROUTES.getMyself, method: 'GET', path: '/rest/api/3/myself' },
        MyselfSchema,
      );
    },

    async getUsers(accountIds: readonly string[]): Promise<readonly JiraUser[]> {
      const users: JiraUser[] = [];
      const unique = [...new Set(accountIds)];
      for (let start = 0; start < unique.length; start += USER_BULK_IDS) {
        const batch = unique.slice(start, start + USER_BULK_IDS);
        // `accountId` repeats per id (not comma-joined like Jira's other list parameters).
        const ids = batch.map((id) => `accountId=${enc(id)}`).join('&');
        // Jira may answer fewer users per page than asked for (its page limits change over time): follow the pages.
        const page = await allOffsetPages('GET /rest/api/3/user/bulk', (startAt) =>
          request(
            {
              routeKey: JIRA_ROUTES.getUsers,
              method: 'GET',
              path: `/rest/api/3/user/bulk?${startAt === 0 ? '' : `startAt=${startAt}&`}maxResults=${USER_BULK_IDS}&${ids}`,
            },
            UserPageSchema,
          ),
        );
        users.push(...page);
      }
      return users;
    },

    async getMyPermissions(
      permissions: readonly string[],
      projectKey?: string,
    ): Promise<Readonly<Record<string, boolean>>> {
      const result = await request(
        {
          routeKey: JIRA_ROUTES.getMyPermissions,
          method: 'GET',
          path: `/rest/api/3/mypermissions${query({ permissions, projectKey })}`,
        },
        MyPermissionsSchema,
      );
      // Every permission asked for gets an answer; one Jira does not list is not held.
      return Object.fromEntries(
        permissions.map((key) => [key, result.permissions[key]?.havePermission === true]),
      );
    },

    async getMyGroupNames(): Promise<readonly string[]> {
      const result = await request(
        { routeKey: JIRA_ROUTES.getMyself, method: 'GET', path: '/rest/api/3/myself?expand=groups' },
        MyGroupsSchema,
      );
      return (result.groups?.items ?? []).flatMap((group) => (group.name === undefined ? [] : [group.name]));
    },

    async getMyIssuePermissions(
      issueIdOrKey: string,
      permissions: readonly string[],
    ): Promise<Readonly<Record<string, boolean>>> {
      // Jira takes an issue id as `issueId`, a key as `issueKey`.
      const issue = /^\d+$/.test(issueIdOrKey) ? { issueId: issueIdOrKey } : { issueKey: issueIdOrKey };
      const result = await request(
        {
          routeKey: JIRA_ROUTES.getMyPermissions,
          method: 'GET',
          path: `/rest/api/3/mypermissions${query({ ...issue, permissions })}`,
        },
        MyPermissionsSchema,
      );
      return Object.fromEntries(
        permissions.map((key) => [key, result.permissions[key]?.havePermission === true]),
      );
    },
  };
}

/** A project as the port gives it: its issue types as ids. */
function projectOf(raw: v.InferOutput<typeof ProjectSchema>): JiraProject {
  const { issueTypes, ...project } = raw;
  return issueTypes === undefined ? project : { ...project, issueTypeIds: issueTypes.map((type) => type.id) };
}
