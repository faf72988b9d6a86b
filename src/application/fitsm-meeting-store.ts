/**
 * Where the CSI review meeting keeps its data, all in the app's store (versioned values, compare-and-set):
 *
 * - `fitsm-meeting-config`: the cadence and the CSI projects the agenda covers; a save is a compare-and-set from
 *   the version the page loaded.
 * - `fitsm-meeting:<id>`: one meeting (`m-<date>`: one a day) with its agenda snapshot, minutes and the decisions'
 *   outcomes, one value of at most the store's limit (Forge: 240 KiB; the agenda holds at most 150 items, the
 *   minutes at most 20,000 characters, 50 decisions: about 100 KB at the very worst).
 * - `fitsm-meeting-index`: the history's summaries, newest first, at most {@link MAX_INDEXED_MEETINGS} (ten years of
 *   fortnightly meetings twice over; older meetings stay stored and readable by id).
 */
import type { FitsmMeetingSummary } from '../contract/fitsm-meeting';
import type { MeetingCadence } from '../domain/fitsm/meeting-cadence';
import type { StoredMeeting } from '../domain/fitsm/meeting-minutes';
import { StoreConflictError, StoreValueTooLargeError, type StorePort } from './ports/store-port';

export const FITSM_MEETING_CONFIG_KEY = 'fitsm-meeting-config';
export const FITSM_MEETING_INDEX_KEY = 'fitsm-meeting-index';

/** Meetings the history index keeps (newest). */
export const MAX_INDEXED_MEETINGS = 500;

/** Compare-and-set attempts on the busy index before giving up. */
const CAS_ATTEMPTS = 8;

export function fitsmMeetingKey(meetingId: string): string {
  return `fitsm-meeting:${meetingId}`;
}

/** What `fitsm-meeting-config` holds. */
export interface StoredFitsmMeetingConfig {
  readonly cadence: MeetingCadence;
  readonly projectKeys: readonly string[];
  readonly savedAt: string;
  readonly savedByAccountId: string | null;
}

/** What `fitsm-meeting-index` holds. */
export interface FitsmMeetingIndex {
  readonly entries: readonly FitsmMeetingSummary[];
}

/** The meeting does not fit one stored value; the message says what to shorten. */
export class FitsmMeetingTooLargeError extends Error {
  override readonly name = 'FitsmMeetingTooLargeError';
}

export async function readMeetingConfig(
  store: StorePort,
): Promise<{ readonly config: StoredFitsmMeetingConfig | null; readonly version: number | null }> {
  const stored = await store.get<StoredFitsmMeetingConfig>(FITSM_MEETING_CONFIG_KEY);
  return { config: stored?.value ?? null, version: stored?.version ?? null };
}

/** @throws StoreConflictError when someone saved in between. */
export async function writeMeetingConfig(
  store: StorePort,
  config: StoredFitsmMeetingConfig,
  expectedVersion: number | null,
): Promise<number> {
  return (await store.put<StoredFitsmMeetingConfig>(FITSM_MEETING_CONFIG_KEY, config, expectedVersion))
    .version;
}

export async function readMeeting(
  store: StorePort,
  meetingId: string,
): Promise<{ readonly meeting: StoredMeeting; readonly version: number } | null> {
  const stored = await store.get<StoredMeeting>(fitsmMeetingKey(meetingId));
  return stored === null ? null : { meeting: stored.value, version: stored.version };
}

/** The history line of a meeting. */
export function summaryOf(meeting: StoredMeeting): FitsmMeetingSummary {
  return {
    id: meeting.id,
    date: meeting.date,
    startsAtMs: meeting.startsAtMs,
    status: meeting.status,
    agendaItemCount: meeting.agenda.items.length,
    decisionCount: meeting.decisions.length,
    openDecisionCount: meeting.decisions.filter((d) => d.result !== 'applied' && d.result !== 'unchanged')
      .length,
  };
}

/**
 * Writes a meeting from `expectedVersion` (compare-and-set) and then its line in the history index.
 *
 * @throws StoreConflictError when the meeting changed in between; FitsmMeetingTooLargeError (nothing written)
 *   when it does not fit one stored value.
 */
export async function writeMeeting(
  store: StorePort,
  meeting: StoredMeeting,
  expectedVersion: number | null,
): Promise<number> {
  let version: number;
  try {
    ({ version } = await store.put<StoredMeeting>(fitsmMeetingKey(meeting.id), meeting, expectedVersion));
  } catch (error) {
    if (error instanceof StoreValueTooLargeError)
      throw new FitsmMeetingTooLargeError(
        `The meeting of ${meeting.date} takes ${String(error.storedBytes)} bytes stored, at most ` +
          `${String(error.maxBytes)} fit: shorten the minutes or the rationales.`,
      );
    throw error;
  }
  await updateIndex(store, meeting.id);
  return version;
}

/** The history, newest first. */
export async function readMeetingIndex(store: StorePort): Promise<readonly FitsmMeetingSummary[]> {
  return (await store.get<FitsmMeetingIndex>(FITSM_MEETING_INDEX_KEY))?.value.entries ?? [];
}

/**
 * Puts the meeting's line into the index as the meeting is stored now (read after the index, on every attempt):
 * two writes of one meeting may reach the index in either order, and the line must not go back to the earlier.
 */
async function updateIndex(store: StorePort, meetingId: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    const current = await store.get<FitsmMeetingIndex>(FITSM_MEETING_INDEX_KEY);
    const stored = await readMeeting(store, meetingId);
    if (stored === null) return;
    const entries = [
      ...(current?.value.entries ?? []).filter((e) => e.id !== meetingId),
      summaryOf(stored.meeting),
    ]
      .sort((a, b) => (a.date < b.date ? 1 : a.date > b.date ? -1 : 0))
      .slice(0, MAX_INDEXED_MEETINGS);
    try {
      await store.put<FitsmMeetingIndex>(FITSM_MEETING_INDEX_KEY, { entries }, current?.version ?? null);
      return;
    } catch (error) {
      if (!(error instanceof StoreConflictError) || attempt + 1 >= CAS_ATTEMPTS) throw error;
    }
  }
}
