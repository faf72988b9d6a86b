/**
 * Writes a sample project's issues as Jira exports them (fields plus the full changelog), the CLI's `--input`
 * form, so `cli metrics` and `cli effect` can be tried on the sample data without a running emulator:
 *
 *   npx tsx dev/sample-data/export-issues.ts --now 2026-03-02T11:00:00Z --project HD --out hd.json
 *
 * Prints the go-live date of the self-service password reset (Berlin): the change date for `cli effect`.
 */
import * as fs from 'node:fs';
import { parseArgs } from 'node:util';
import type { JiraIssueInput } from '../../src/domain/flow/types';
import { localDate } from '../../src/domain/flow/calendar';
import type { JiraSeed } from '../emulator/seed';
import { generateSampleSeed, SAMPLE_TIME_ZONE } from './generate';
import { selfServiceGoLiveMs } from './generate-csi';

/**
 * A seed's issues of one project as Jira exports them (fields plus the full changelog), the CLI's `--input` form.
 * Issue types and statuses carry the seed's names; `keyPrefix` picks the project (e.g. `HD-`).
 */
export function exportedSeedIssues(seed: JiraSeed, keyPrefix: string): JiraIssueInput[] {
  const statusOf = (id: string) => {
    const status = seed.statuses.find((s) => s.id === id);
    return { id, name: status?.name ?? id, statusCategory: { key: status?.categoryKey ?? 'new' } };
  };
  return seed.issues
    .filter((issue) => issue.key.startsWith(keyPrefix))
    .map((issue) => ({
      id: issue.id,
      key: issue.key,
      fields: {
        created: issue.created,
        status: statusOf(issue.statusId),
        issuetype: {
          id: issue.issueTypeId,
          name: seed.issueTypes.find((t) => t.id === issue.issueTypeId)?.name ?? '',
        },
        resolutiondate: issue.resolutiondate,
        summary: issue.summary,
      },
      changelog: { histories: issue.histories.map(({ id, created, items }) => ({ id, created, items })) },
    }));
}

function main(): void {
  const { values } = parseArgs({
    options: {
      now: { type: 'string' },
      project: { type: 'string', default: 'HD' },
      out: { type: 'string' },
      seed: { type: 'string', default: '1' },
    },
  });
  const nowMs = values.now === undefined ? Date.now() : Date.parse(values.now);
  if (!Number.isFinite(nowMs) || values.out === undefined) {
    process.stderr.write(
      'Usage: npx tsx dev/sample-data/export-issues.ts [--now ISO] [--project HD] --out FILE\n',
    );
    process.exitCode = 2;
    return;
  }
  const seed = generateSampleSeed({ seed: Number(values.seed), now: nowMs });
  const issues = exportedSeedIssues(seed, `${values.project}-`);
  fs.writeFileSync(values.out, JSON.stringify(issues));
  process.stdout.write(
    `${issues.length} issues → ${values.out}; ` +
      `self-service go-live (change date): ${localDate(selfServiceGoLiveMs(nowMs), SAMPLE_TIME_ZONE)}\n`,
  );
}

if (require.main === module) main();
