/**
 * The preview honours the manifest's display conditions: the improvement-record panel appears only on issues of
 * the CSI issue type, as Jira shows it; a condition the preview cannot evaluate stops the preview instead of
 * showing a module where Jira would hide it.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parseDisplayCondition, shownOnIssue } from '../../dev/preview/display-condition';
import { readManifestModules } from '../../dev/preview/manifest-modules';

const MESSAGES = { de: {}, en: {} };

function manifestWith(displayConditions: string): string {
  return [
    'modules:',
    '  jira:issuePanel:',
    '    - key: p',
    '      resource: r',
    '      title: Panel',
    ...(displayConditions === '' ? [] : ['      displayConditions:', displayConditions]),
    'resources:',
    '  - key: r',
    '    path: static/build/r',
  ].join('\n');
}

describe('display conditions in the preview', () => {
  it("reads the repository manifest's record panel as CSI-only and the flow panel as shown everywhere", () => {
    const yaml = readFileSync(path.resolve(__dirname, '../../manifest.yml'), 'utf8');
    const modules = readManifestModules(yaml, MESSAGES);
    const record = modules.find((module) => module.key === 'csi-record-panel');
    const flow = modules.find((module) => module.key === 'flow-issue-panel');
    expect(record?.displayCondition).toEqual({
      issueTypeNames: ['verbesserung (csi)', 'improvement (csi)'],
      match: 'trimmed-lower-case',
    });
    expect(flow?.displayCondition).toBeNull();
    expect(shownOnIssue(record?.displayCondition, 'Verbesserung (CSI)')).toBe(true);
    expect(shownOnIssue(record?.displayCondition, 'Improvement (CSI)')).toBe(true);
    expect(shownOnIssue(record?.displayCondition, 'IMPROVEMENT (csi) ')).toBe(true);
    expect(shownOnIssue(record?.displayCondition, 'Serviceanfrage')).toBe(false);
    expect(shownOnIssue(flow?.displayCondition, 'Serviceanfrage')).toBe(true);
  });

  it('evaluates the issue-type-name form with either quote', () => {
    const [module] = readManifestModules(
      manifestWith(
        `        jiraExpression: 'issue.issueType.name == "Bug" || issue.issueType.name == ''Task'''`,
      ),
      MESSAGES,
    );
    expect(module?.displayCondition).toEqual({ issueTypeNames: ['Bug', 'Task'], match: 'exact' });
    expect(shownOnIssue(module?.displayCondition, 'bug')).toBe(false);
  });

  it("evaluates the trimmed, lower-cased form as Jira's trim() and toLowerCase() do, and refuses what can never match", () => {
    const condition = parseDisplayCondition(
      {
        jiraExpression:
          'issue.issueType.name.trim().toLowerCase() == \'bug\' || issue.issueType.name.trim().toLowerCase() == "task"',
      },
      'p',
    );
    expect(condition).toEqual({ issueTypeNames: ['bug', 'task'], match: 'trimmed-lower-case' });
    expect(shownOnIssue(condition, ' BUG ')).toBe(true);
    expect(shownOnIssue(condition, 'Story')).toBe(false);
    expect(() =>
      parseDisplayCondition({ jiraExpression: "issue.issueType.name.trim().toLowerCase() == 'Bug'" }, 'p'),
    ).toThrow("'Bug' can never equal a trimmed, lower-cased issue type name");
    expect(() =>
      parseDisplayCondition(
        {
          jiraExpression:
            "issue.issueType.name == 'Bug' || issue.issueType.name.trim().toLowerCase() == 'task'",
        },
        'p',
      ),
    ).toThrow('in one form throughout');
  });

  it('refuses a condition it cannot evaluate rather than show the module everywhere', () => {
    expect(() => readManifestModules(manifestWith('        isAdmin: true'), MESSAGES)).toThrow(
      'cannot evaluate the display condition(s) isAdmin',
    );
    expect(() => parseDisplayCondition({ jiraExpression: 'issue.properties["x"] != null' }, 'p')).toThrow(
      'evaluates only',
    );
  });
});
