/**
 * The CSI review meeting's resolvers (issue 12, Review-Termin): the cadence and the next dates, the meeting
 * history, preparing a meeting's agenda from the data, and the minutes whose decisions are written into the
 * improvement records. The domain's shapes are re-exported as the answers (the contract depends on the domain,
 * never the reverse).
 */
import type { Agenda, AgendaItem, AgendaKind, AgendaReason } from '../domain/fitsm/meeting-agenda';
import type { MeetingCadence, MeetingFrequency, MeetingOccurrence } from '../domain/fitsm/meeting-cadence';
import type {
  DecisionResult,
  MeetingDecision,
  MeetingDecisionOutcome,
  MeetingStatus,
  StoredMeeting,
} from '../domain/fitsm/meeting-minutes';
import type { CsiPersonView } from '../domain/csi/views';

export type {
  Agenda,
  AgendaItem,
  AgendaKind,
  AgendaReason,
  DecisionResult,
  MeetingCadence,
  MeetingDecision,
  MeetingDecisionOutcome,
  MeetingFrequency,
  MeetingOccurrence,
  MeetingStatus,
  StoredMeeting,
};
export { AGENDA_KINDS, MAX_AGENDA_ITEMS } from '../domain/fitsm/meeting-agenda';
export { MEETING_FREQUENCIES } from '../domain/fitsm/meeting-cadence';
export { MEETING_LIMITS } from '../domain/fitsm/meeting-minutes';

export { FITSM_MEETING_ERROR_CODES, type FitsmMeetingErrorCode } from './fitsm-error-codes';
import type { FitsmMeetingErrorCode } from './fitsm-error-codes';

export type FitsmMeetingResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly error: { readonly code: FitsmMeetingErrorCode; readonly detail: string } };

/** The cadence with the CSI projects the meetings cover. */
export interface FitsmMeetingConfigView {
  /** Null until an editor saved one. */
  readonly cadence: MeetingCadence | null;
  /** Keys of the CSI projects whose improvements the agenda covers (1..5). */
  readonly projectKeys: readonly string[];
  /** Store version to save against (null: never saved). */
  readonly version: number | null;
}

/** A meeting in the history list. */
export interface FitsmMeetingSummary {
  readonly id: string;
  readonly date: string;
  /** Epoch ms UTC. */
  readonly startsAtMs: number;
  readonly status: MeetingStatus;
  readonly agendaItemCount: number;
  readonly decisionCount: number;
  /** Decisions not written (conflict, forbidden, invalid, …): the minutes need another look. */
  readonly openDecisionCount: number;
}

export interface GetFitsmMeetingsRequest {
  /** Meetings of the history to list, newest first (default 50, at most 200). */
  readonly limit?: number;
}

export interface FitsmMeetingsView {
  readonly config: FitsmMeetingConfigView;
  /** The next three meetings of the cadence (empty without a cadence). */
  readonly next: readonly MeetingOccurrence[];
  /** History, newest first. */
  readonly meetings: readonly FitsmMeetingSummary[];
  /** Meetings older than the listed ones. */
  readonly moreCount: number;
  /** The viewer may change the cadence, prepare meetings and save minutes (Jira admin or FitSM editor group). */
  readonly canEdit: boolean;
}

export interface GetFitsmMeetingRequest {
  readonly meetingId: string;
}

export interface FitsmMeetingView {
  /** The meeting as stored, without the agenda items and decisions of projects the viewer may not browse. */
  readonly meeting: StoredMeeting;
  /** Store version to save the minutes against. */
  readonly version: number;
  /** Names of the participants and deciders. */
  readonly people: readonly CsiPersonView[];
  readonly canEdit: boolean;
  /** Agenda items and decisions left out because the viewer may not browse their project. */
  readonly hiddenCount: number;
}

export interface SaveFitsmMeetingCadenceRequest {
  readonly cadence: MeetingCadence;
  readonly projectKeys: readonly string[];
  readonly expectedVersion: number | null;
}

export interface PrepareFitsmMeetingRequest {
  /** The meeting day `YYYY-MM-DD`; absent: the next meeting of the cadence. */
  readonly date?: string;
  /** The meeting's version when it was loaded (refreshing its agenda); null: a meeting not prepared yet. */
  readonly expectedVersion: number | null;
}

export interface SaveFitsmMeetingMinutesRequest {
  readonly meetingId: string;
  readonly expectedVersion: number;
  readonly status: MeetingStatus;
  readonly participantAccountIds: readonly string[];
  readonly minutes: string;
  readonly decisions: readonly MeetingDecision[];
}

export interface SaveFitsmMeetingMinutesAnswer {
  readonly meeting: FitsmMeetingView;
  /** Per decision, in the order sent: written, unchanged, or why not. */
  readonly outcomes: readonly MeetingDecisionOutcome[];
}

export type FitsmMeetingDefs = {
  getFitsmMeetings: (payload: GetFitsmMeetingsRequest) => FitsmMeetingResult<FitsmMeetingsView>;
  getFitsmMeeting: (payload: GetFitsmMeetingRequest) => FitsmMeetingResult<FitsmMeetingView>;
  saveFitsmMeetingCadence: (
    payload: SaveFitsmMeetingCadenceRequest,
  ) => FitsmMeetingResult<FitsmMeetingConfigView>;
  prepareFitsmMeeting: (payload: PrepareFitsmMeetingRequest) => FitsmMeetingResult<FitsmMeetingView>;
  saveFitsmMeetingMinutes: (
    payload: SaveFitsmMeetingMinutesRequest,
  ) => FitsmMeetingResult<SaveFitsmMeetingMinutesAnswer>;
};
