/**
 * The preview's store, captured for tests that read what the preview wrote through the app's own reading. A test
 * file replaces the memory store module with {@link capturingMemoryStoreModule} (jest hoists `jest.mock` per test
 * file, so the call stays in the file; the factory loads this module with `jest.requireActual`):
 *
 *     jest.mock('../../src/adapters/store/memory-store', () =>
 *       jest.requireActual<typeof import('./support/captured-store')>('./support/captured-store')
 *         .capturingMemoryStoreModule(),
 *     );
 *
 * This module imports nothing at run time, so loading it while the preview's modules load cannot cycle.
 */
import type { StorePort } from '../../../src/application/ports/store-port';

type MemoryStoreModule = typeof import('../../../src/adapters/store/memory-store');

let captured: StorePort | null = null;

/** The real memory store module, whose `createMemoryStore` keeps the store it creates for {@link capturedStore}. */
export function capturingMemoryStoreModule(): MemoryStoreModule {
  const actual = jest.requireActual<MemoryStoreModule>('../../../src/adapters/store/memory-store');
  return {
    ...actual,
    createMemoryStore: (...args: Parameters<MemoryStoreModule['createMemoryStore']>) => {
      const store = actual.createMemoryStore(...args);
      captured = store;
      return store;
    },
  };
}

/** The store the preview created last; throws when it created none (the mock is missing or it did not start). */
export function capturedStore(): StorePort {
  if (captured === null) throw new Error('the preview created no store');
  return captured;
}
