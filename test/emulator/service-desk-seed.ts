/**
 * A small seed with two Jira Service Management desks for the JSM tests: HD (desk 1, which AGENT browses) and SEC
 * (desk 2, hidden from AGENT; AGENT reported SEC-3), each with three request types, and CSAT ratings on
 * HD-1 (5, with a comment), HD-3 (4), HD-5 (2) and SEC-1…3 (1 each). Every SEC incident is resolved.
 */
import type { JiraSeed } from '../../dev/emulator/seed';
import { AGENT, HD_ID, SEC_ID, buildSeed } from './seed-builder';

/** HD (desk 1, browsed by AGENT) and SEC (desk 2, hidden from AGENT), each with three request types. */
export function serviceDeskSeed(): JiraSeed {
  const base = buildSeed({ hd: 10, sec: 3 });
  const types = (prefix: string) =>
    ['Passwort zurücksetzen', 'Zugang beantragen', 'Störung melden'].map((name, i) => ({
      id: `${prefix}${i + 1}`,
      name,
      description: `${name} (Beschreibung)`,
      issueTypeId: '10100',
    }));
  return {
    ...base,
    // SEC's incidents are resolved too, so a scope across both desks finds rated requests in each.
    issues: base.issues.map((issue) =>
      issue.projectId === SEC_ID
        ? {
            ...issue,
            resolutiondate: issue.updated,
            resolution: 'Erledigt',
            reporterAccountId: issue.key === 'SEC-3' ? AGENT.accountId : issue.reporterAccountId,
          }
        : issue,
    ),
    serviceDesks: [
      { id: '1', projectId: HD_ID, requestTypes: types('1') },
      { id: '2', projectId: SEC_ID, requestTypes: types('2') },
    ],
    requestFeedback: [
      { issueId: '100001', rating: 5, comment: 'Schnell erledigt.' },
      { issueId: '100003', rating: 4 },
      { issueId: '100005', rating: 2 },
      { issueId: '300001', rating: 1 },
      { issueId: '300002', rating: 1 },
      { issueId: '300003', rating: 1 },
    ],
  };
}
