import { KvsStore, VERSIONED_ENTITY, VERSIONED_ENTITY_SCHEMA } from './kvs-store';
import { MemoryKvs } from './memory-kvs';

/**
 * The store in memory, for tests and the preview: the Forge adapter ({@link KvsStore}) over an in-memory model of
 * Forge's Custom Entity Store ({@link MemoryKvs}), so it stores exactly what Forge would store and refuses what
 * Forge would refuse (key length and characters, 240 KiB per stored row, object depth, 32-bit versions). Values
 * are copied through JSON on the way in and out, as with a real store.
 */
export class MemoryStore extends KvsStore {
  constructor(
    private readonly model: MemoryKvs = new MemoryKvs({ [VERSIONED_ENTITY]: VERSIONED_ENTITY_SCHEMA }),
  ) {
    super(model.asClient());
  }

  /** Keys currently held (for tests and the preview's inspection). */
  keys(): readonly string[] {
    return this.model.entityKeys(VERSIONED_ENTITY);
  }
}

/** A new empty in-memory store; `clock` decides when TTLs expire (default: the wall clock). */
export function createMemoryStore(options: { clock?: () => number } = {}): MemoryStore {
  return new MemoryStore(new MemoryKvs({ [VERSIONED_ENTITY]: VERSIONED_ENTITY_SCHEMA }, options.clock));
}
