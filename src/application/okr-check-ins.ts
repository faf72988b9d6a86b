/**
 * Check-in paging of the OKR store: a key result's check-ins live in pages `okr-ci:<krId>:0, 1, 2 …`, each below
 * the largest value the store takes, with `okr-ci-last:<krId>` as a hint of the last page.
 */
import type { CheckIn } from '../domain/okr/types';
import { OkrBusyError, type Versioned } from './ports/okr-store-port';
import { StoreConflictError, type StorePort } from './ports/store-port';
import { lastPageKey, pageKey, type CheckInPage } from './okr-store-keys';

/** What appending needs from the store: the values, and how often and how patiently to retry. */
export interface CheckInPaging {
  readonly store: StorePort;
  /** Most compare-and-set attempts before {@link OkrBusyError}. */
  readonly maxAttempts: number;
  /** Waits before the next attempt after attempt number `attempt` lost a race. */
  readonly backoff: (attempt: number) => Promise<void>;
}

/** Adds one check-in to the key result's last page, or opens the next page when the last one is full. */
export async function appendToPages(paging: CheckInPaging, checkIn: CheckIn): Promise<void> {
  const { store } = paging;
  const krId = checkIn.keyResultId;
  for (let attempt = 0; attempt < paging.maxAttempts; attempt += 1) {
    let page = (await store.get<number>(lastPageKey(krId)))?.value ?? 0;
    let stored = await store.get<CheckInPage>(pageKey(krId, page));
    // The hint may lag behind (it is written after a page is opened): walk to the real last page.
    for (;;) {
      const next = await store.get<CheckInPage>(pageKey(krId, page + 1));
      if (next === null) break;
      page += 1;
      stored = next;
    }
    try {
      if (stored === null) {
        await store.put<CheckInPage>(pageKey(krId, page), { checkIns: [checkIn] }, null);
        return;
      }
      const grown: CheckInPage = { checkIns: [...stored.value.checkIns, checkIn] };
      if (store.storedBytes(grown) <= store.maxValueBytes) {
        await store.put<CheckInPage>(pageKey(krId, page), grown, stored.version);
        return;
      }
      await store.put<CheckInPage>(pageKey(krId, page + 1), { checkIns: [checkIn] }, null);
      await store.set<number>(lastPageKey(krId), page + 1);
      return;
    } catch (error) {
      if (!(error instanceof StoreConflictError)) throw error;
      await paging.backoff(attempt);
    }
  }
  throw new OkrBusyError(pageKey(krId, 0), paging.maxAttempts);
}

/**
 * Writes a new key result's whole history as full pages (an import): one write per page instead of one
 * compare-and-set round per check-in. The pages must not exist yet.
 */
export async function writeNewPages(
  store: StorePort,
  keyResultId: string,
  checkIns: readonly CheckIn[],
): Promise<void> {
  const pages: CheckIn[][] = [];
  let current: CheckIn[] = [];
  for (const checkIn of checkIns) {
    const grown = [...current, checkIn];
    if (current.length > 0 && store.storedBytes({ checkIns: grown }) > store.maxValueBytes) {
      pages.push(current);
      current = [checkIn];
    } else current = grown;
  }
  if (current.length > 0) pages.push(current);
  for (const [page, content] of pages.entries())
    await store.put<CheckInPage>(pageKey(keyResultId, page), { checkIns: content }, null);
  if (pages.length > 1) await store.set<number>(lastPageKey(keyResultId), pages.length - 1);
}

/** All pages of a key result's check-ins, reading past the last-page hint in case it lags behind. */
export async function readPages(store: StorePort, keyResultId: string): Promise<CheckInPage[]> {
  const hint = (await store.get<number>(lastPageKey(keyResultId)))?.value ?? 0;
  const known = await Promise.all(
    Array.from({ length: hint + 1 }, (_, page) => store.get<CheckInPage>(pageKey(keyResultId, page))),
  );
  const pages = known
    .filter((page): page is Versioned<CheckInPage> => page !== null)
    .map((page) => page.value);
  for (let page = hint + 1; ; page += 1) {
    const next = await store.get<CheckInPage>(pageKey(keyResultId, page));
    if (next === null) break;
    pages.push(next.value);
  }
  return pages;
}
