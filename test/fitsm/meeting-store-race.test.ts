/**
 * The review meeting's history index under two writes of one meeting (a refreshed agenda and the minutes): the
 * index line must show the meeting as it is stored, whichever write reaches the index last.
 */
import { createMemoryStore } from '../../src/adapters/store/memory-store';
import {
  FITSM_MEETING_INDEX_KEY,
  readMeetingIndex,
  writeMeeting,
} from '../../src/application/fitsm-meeting-store';
import type { StorePort } from '../../src/application/ports/store-port';
import type { StoredMeeting } from '../../src/domain/fitsm/meeting-minutes';

const PLANNED: StoredMeeting = {
  schemaVersion: 1,
  id: 'm-2026-03-05',
  date: '2026-03-05',
  startsAtMs: Date.UTC(2026, 2, 5, 9),
  status: 'planned',
  projectKeys: ['CSI'],
  participantAccountIds: [],
  agenda: { items: [], omitted: 0, preparedAt: '2026-03-02T11:00:00.000Z' },
  minutes: '',
  decisions: [],
  updatedAt: '2026-03-02T11:00:00.000Z',
  updatedByAccountId: 'acc-claudia',
};

describe('the meeting history index', () => {
  it('shows the held meeting when the earlier write of the planned one reaches the index last', async () => {
    const inner = createMemoryStore();
    let hold = true;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => {
      release = resolve;
    });
    let reached: () => void = () => undefined;
    const atIndex = new Promise<void>((resolve) => {
      reached = resolve;
    });
    // The first write's index update is held until the second write is done.
    const slowStore: StorePort = {
      maxValueBytes: inner.maxValueBytes,
      storedBytes: (value) => inner.storedBytes(value),
      get: (k) => inner.get(k),
      put: async (k, value, expected, options) => {
        if (k === FITSM_MEETING_INDEX_KEY && hold) {
          hold = false;
          reached();
          await released;
        }
        return inner.put(k, value, expected, options);
      },
      set: (k, value, options) => inner.set(k, value, options),
      delete: (k) => inner.delete(k),
    };
    const slow = writeMeeting(slowStore, PLANNED, null);
    await atIndex;
    const held: StoredMeeting = { ...PLANNED, status: 'held', minutes: 'Beschlossen.' };
    await writeMeeting(inner, held, 1);
    release();
    await slow;
    expect(await readMeetingIndex(inner)).toEqual([
      expect.objectContaining({ id: 'm-2026-03-05', status: 'held' }),
    ]);
  });
});
