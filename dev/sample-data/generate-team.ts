/**
 * The team-managed project TEAM ("Arbeitsplatz-Team"): about 20 issues of the Windows 11 rollout over the last
 * three months, with project-scoped statuses (Zu erledigen → In Arbeit → Erledigt) and issue types.
 */
import { doc, paragraph, plainDoc } from './adf';
import {
  addWorkingMinutes,
  berlinDayNumber,
  berlinWallToInstant,
  nextWorkingDay,
  WORKING_MINUTES_PER_DAY,
} from './berlin-time';
import type { GeneratedIssue } from './generate-hd';
import { IssueBuilder } from './issue-builder';
import { ISSUE_TYPE, PROJECT_IDS, PROJECT_KEYS, RESOLUTION, TEAM_MEMBERS, TEAM_STATUS, user } from './model';
import type { Rng } from './prng';

const TEAM_ISSUES: readonly (readonly [summary: string, bug: boolean])[] = [
  ['Rollout-Plan Windows 11 mit den Standorten abstimmen', false],
  ['Kompatibilität der Fachanwendung Lohn prüfen', false],
  ['Autopilot-Profil für neue Laptops anlegen', false],
  ['Intune: BitLocker-Richtlinie testen', false],
  ['Treiberpaket für Dockingstationen verteilen', false],
  ['Windows-11-Rollout: Pilotgruppe Buchhaltung', false],
  ['Fehler: Druckerzuordnung fehlt nach dem Upgrade', true],
  ['Softwarepaket DATEV für Windows 11 freigeben', false],
  ['Kurzanleitung Windows 11 für Anwender schreiben', false],
  ['Fehler: Startmenü-Layout wird nicht übernommen', true],
  ['Rückfallplan dokumentieren', false],
  ['Fehler: OneDrive-Synchronisation pausiert nach dem Upgrade', true],
  ['Schulungstermine für Anwender planen', false],
  ['Feedback der Pilotgruppe auswerten', false],
  ['Fehler: VPN-Client startet unter Windows 11 nicht automatisch', true],
  ['Pilotgruppe Vertrieb umstellen', false],
  ['Inventarliste der Altgeräte bereinigen', false],
  ['Lizenzzuweisung Windows Enterprise prüfen', false],
  ['Gruppenrichtlinien aufräumen', false],
  ['Abschlussbericht Pilotphase schreiben', false],
];

/** Generates TEAM-1…TEAM-20, created over the 85 days before `now` in list order. */
export function generateTeam(rng: Rng, nowMs: number): GeneratedIssue[] {
  const today = berlinDayNumber(nowMs);
  const issues: GeneratedIssue[] = [];
  let previousMs = 0;
  for (const [index, [summary, bug]] of TEAM_ISSUES.entries()) {
    const day = nextWorkingDay(today - 85 + Math.floor((index * 80) / TEAM_ISSUES.length));
    const createdMs = Math.max(
      previousMs + 60_000,
      Math.floor(berlinWallToInstant(day, 9 * 60 + rng.next() * 8 * 60)),
    );
    if (createdMs > nowMs) break;
    previousMs = createdMs;
    const member = user(rng.pick(TEAM_MEMBERS));
    const builder = new IssueBuilder(
      {
        projectId: PROJECT_IDS.team,
        key: `${PROJECT_KEYS.team}-${issues.length + 1}`,
        issueTypeId: bug ? ISSUE_TYPE.teamFehler.id : ISSUE_TYPE.teamAufgabe.id,
        summary,
        description: doc(
          paragraph(
            bug
              ? 'Aufgefallen in der Pilotgruppe nach dem Upgrade auf Windows 11.'
              : 'Teil des Windows-11-Rollouts.',
          ),
        ),
        createdMs,
        priority: bug ? 'Hoch' : 'Mittel',
        labels: ['windows-11'],
        reporter: user('jonas'),
        initialStatus: TEAM_STATUS.zuErledigen,
        defaultResolution: RESOLUTION.erledigt,
      },
      nowMs,
    );
    issues.push({ builder, topic: bug ? 'fehler' : 'aufgabe' });
    let t = addWorkingMinutes(createdMs, rng.logNormal((bug ? 1 : 4) * WORKING_MINUTES_PER_DAY, 0.9));
    if (!builder.transition(t, member, TEAM_STATUS.inArbeit, { assignTo: member })) continue;
    if (rng.chance(0.15)) {
      t = addWorkingMinutes(t, rng.logNormal(WORKING_MINUTES_PER_DAY, 0.6));
      if (
        !builder.flag(
          t,
          member,
          true,
          plainDoc('Flag hinzugefügt: Warten auf die Freigabe des Pakets durch den Hersteller.'),
        )
      )
        continue;
      t = addWorkingMinutes(t, rng.logNormal(2 * WORKING_MINUTES_PER_DAY, 0.6));
      if (!builder.flag(t, member, false)) continue;
    }
    t = addWorkingMinutes(t, rng.logNormal(3 * WORKING_MINUTES_PER_DAY, 0.9));
    builder.transition(t, member, TEAM_STATUS.erledigt);
  }
  return issues;
}
