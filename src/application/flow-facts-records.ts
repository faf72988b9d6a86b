/**
 * A project's records in id-range chunks (issue 13): writes grouped by chunk, each a versioned read-modify-write
 * retried on conflict, a full chunk split into pieces (layout in `flow-facts-chunks.ts`), reads in parallel.
 */
import { decodeFacts, encodeFacts, sameFacts, type IssueFactsRecord } from '../domain/flow/issue-facts';
import { chunkKey, directoryKey, type FactsCas } from './flow-facts-cas';
import {
  EMPTY_CHUNK,
  EMPTY_DIRECTORY,
  applyOperations,
  beyondChunk,
  chunkValueOf,
  compareIds,
  contentOfChunk,
  cutPieces,
  entryFigures,
  operationId,
  pieceValue,
  routeIndex,
  withChunkEntries,
  type ChunkContent,
  type ChunkOperation,
  type FactsChunkEntry,
  type FactsChunkValue,
  type FactsCodec,
  type FactsDirectoryValue,
} from './flow-facts-chunks';
import { mapParallel } from './map-parallel';

/** Chunks read at once by a view or a full read (each up to 200 KB). */
const READ_PARALLEL = 8;
/** Chunks written at once by one upsert (a flush's ids spread over a project). */
const WRITE_PARALLEL = 4;

const CODEC: FactsCodec = { encode: encodeFacts, decode: decodeFacts, same: sameFacts };

/** The decoded records of chunks (records the codec refuses are left out: a later read of Jira writes them). */
export function recordsOfChunks(chunks: Iterable<FactsChunkValue>): IssueFactsRecord[] {
  const records: IssueFactsRecord[] = [];
  for (const chunk of chunks) {
    for (const raw of chunk.records) {
      const record = decodeFacts(raw);
      if (record !== null) records.push(record);
    }
  }
  return records;
}

/** The chunks of every project's records. */
export class FactsRecordChunks {
  /** The fill of split pieces: a tenth below the split threshold, so updated records grow without a new split. */
  private readonly chunkFillBytes: number;

  constructor(
    private readonly cas: FactsCas,
    private readonly clock: () => number,
    private readonly chunkMaxBytes: number,
  ) {
    this.chunkFillBytes = Math.floor(chunkMaxBytes * 0.9);
  }

  /** All records of the project, sorted by id. */
  async readAll(projectId: string): Promise<IssueFactsRecord[]> {
    const directory = (await this.cas.read(directoryKey(projectId), EMPTY_DIRECTORY)).value;
    const listed = new Set(directory.chunks.map((chunk) => chunk.n));
    const records: IssueFactsRecord[] = [];
    await this.eachChunk(projectId, [...listed], listed, (chunk) => {
      records.push(...recordsOfChunks([chunk]));
    });
    return records.sort((a, b) => compareIds(a.id, b.id));
  }

  /**
   * The records among `ids` the project's chunks hold (only the chunks those ids are routed to are read). Each
   * chunk is decoded as it arrives and only the asked records are kept: a view of 50,000 issues never holds every
   * chunk's stored form next to its decoded records.
   */
  async readByIds(
    projectId: string,
    directory: FactsDirectoryValue,
    ids: readonly string[],
  ): Promise<Map<string, IssueFactsRecord>> {
    const { chunks } = directory;
    const found = new Map<string, IssueFactsRecord>();
    if (chunks.length === 0 || ids.length === 0) return found;
    const asked = new Set(ids);
    const numbers = ids.map((id) => (chunks[routeIndex(chunks, id)] as FactsChunkEntry).n);
    await this.eachChunk(projectId, numbers, new Set(chunks.map((chunk) => chunk.n)), (chunk) => {
      for (const raw of chunk.records) {
        const record = decodeFacts(raw);
        if (record !== null && asked.has(record.id)) found.set(record.id, record);
      }
    });
    return found;
  }

  /**
   * Reads the chunks `numbers` (READ_PARALLEL at a time), hands each to `onChunk` as it arrives and keeps none,
   * then does the same with every chunk their right links name that the directory does not list (made by a split
   * whose directory write has not happened yet: ids routed here may be there).
   */
  private async eachChunk(
    projectId: string,
    numbers: readonly number[],
    listed: ReadonlySet<number>,
    onChunk: (chunk: FactsChunkValue) => void,
  ): Promise<void> {
    const read = new Set<number>();
    let wanted = [...new Set(numbers)];
    while (wanted.length > 0) {
      wanted.forEach((n) => read.add(n));
      const links = await mapParallel(wanted, READ_PARALLEL, async (n) => {
        const chunk =
          (await this.cas.store.get<FactsChunkValue>(chunkKey(projectId, n)))?.value ?? EMPTY_CHUNK;
        onChunk(chunk);
        return chunk.next;
      });
      wanted = [
        ...new Set(
          links.flatMap((next) => (next !== null && !listed.has(next) && !read.has(next) ? [next] : [])),
        ),
      ];
    }
  }

  /**
   * Applies upserts and removals to the project's chunks; returns the records that changed. A record that alone
   * would fill more than a split piece (thousands of status changes) is not stored: it would make its chunk
   * unwritable for every other record; views read such an issue live.
   */
  async apply(projectId: string, requested: readonly ChunkOperation[]): Promise<IssueFactsRecord[]> {
    if (requested.length === 0) return [];
    const operations = requested.map((operation) =>
      operation.kind === 'upsert' && this.oversize(operation.record)
        ? { kind: 'forget' as const, id: operation.record.id }
        : operation,
    );
    let directory = (await this.cas.read(directoryKey(projectId), EMPTY_DIRECTORY)).value;
    if (directory.chunks.length === 0) directory = await this.createFirstChunk(projectId);
    const sorted = [...operations].sort((a, b) => compareIds(operationId(a), operationId(b)));
    const groups = new Map<number, ChunkOperation[]>();
    for (const operation of sorted) {
      const n = (directory.chunks[routeIndex(directory.chunks, operationId(operation))] as FactsChunkEntry).n;
      const group = groups.get(n);
      if (group === undefined) groups.set(n, [operation]);
      else group.push(operation);
    }
    const changed = await mapParallel([...groups], WRITE_PARALLEL, ([n, group]) =>
      this.applyToChunk(projectId, n, group),
    );
    return changed.flat();
  }

  private oversize(record: IssueFactsRecord): boolean {
    // A change or flag takes at most ~40 bytes: below this many no record comes near a piece's size.
    if (record.changes.length + record.flags.length < 1_000) return false;
    return this.cas.store.storedBytes([encodeFacts(record)]) > this.chunkFillBytes / 2;
  }

  private async createFirstChunk(projectId: string): Promise<FactsDirectoryValue> {
    return this.cas.modify(directoryKey(projectId), EMPTY_DIRECTORY, (directory) =>
      directory.chunks.length > 0
        ? null
        : {
            ...directory,
            chunks: [{ n: 0, from: null, lo: null, hi: null, count: 0, v: 0 }],
            nextChunk: Math.max(directory.nextChunk, 1),
          },
    );
  }

  /**
   * Applies operations (sorted by id) to chunk `n`, retried with a fresh read on conflict (the operations are
   * idempotent; the records returned are those the successful attempt changed). Operations at or beyond the
   * chunk's upper bound go on to its right neighbour (a split the caller's directory did not know yet).
   */
  private async applyToChunk(
    projectId: string,
    n: number,
    operations: readonly ChunkOperation[],
  ): Promise<IssueFactsRecord[]> {
    for (let attempt = 1; ; attempt++) {
      const { value: chunk, version } = await this.cas.read<FactsChunkValue>(
        chunkKey(projectId, n),
        EMPTY_CHUNK,
      );
      const here = operations.filter((operation) => !beyondChunk(chunk, operationId(operation)));
      const beyond = operations.filter((operation) => beyondChunk(chunk, operationId(operation)));
      const content = contentOfChunk(chunk, CODEC);
      const { changed, dirty } = applyOperations(content, here, this.clock(), CODEC);
      try {
        if (dirty) await this.writeChunk(projectId, n, chunk, content, version);
      } catch (error) {
        await this.cas.afterConflict(error, attempt);
        continue;
      }
      if (beyond.length === 0 || chunk.next === null) return changed;
      return [...changed, ...(await this.followLink(projectId, chunk, beyond))];
    }
  }

  /** Continues operations in the right neighbour and lists it in the directory if a crashed split did not. */
  private async followLink(
    projectId: string,
    chunk: FactsChunkValue,
    operations: readonly ChunkOperation[],
  ): Promise<IssueFactsRecord[]> {
    const next = chunk.next as number;
    const changed = await this.applyToChunk(projectId, next, operations);
    const directory = (await this.cas.read(directoryKey(projectId), EMPTY_DIRECTORY)).value;
    if (!directory.chunks.some((entry) => entry.n === next)) {
      await this.updateEntries(projectId, [
        { n: next, from: chunk.upTo, lo: null, hi: null, count: 0, v: 0 },
      ]);
    }
    return changed;
  }

  /**
   * Writes a changed chunk from the version read. A chunk over the size limit is split: the new chunks (the upper
   * pieces, each linked to the next) are written first, then the chunk itself with the first piece and the link
   * (the split's commit: on a conflict there only unlinked new chunks exist, removed again), then the directory.
   */
  private async writeChunk(
    projectId: string,
    n: number,
    chunk: FactsChunkValue,
    content: ChunkContent,
    version: number | null,
  ): Promise<void> {
    const store = this.cas.store;
    const value = chunkValueOf(content, chunk.upTo, chunk.next);
    if (store.storedBytes(value) <= this.chunkMaxBytes) {
      const written = await store.put<FactsChunkValue>(chunkKey(projectId, n), value, version);
      await this.updateEntries(projectId, [
        { n, from: null, ...entryFigures(value, written.version, CODEC) },
      ]);
      return;
    }
    const pieces = cutPieces(content, this.chunkFillBytes, (v) => store.storedBytes(v));
    const numbers = await this.allocateChunks(projectId, pieces.length - 1);
    const entries: FactsChunkEntry[] = [];
    const made: number[] = [];
    try {
      // pieces[i] (i ≥ 1) goes to chunk numbers[i - 1], bounded by the next piece and linked to its chunk.
      for (let i = pieces.length - 1; i >= 1; i--) {
        const piece = pieces[i] as (typeof pieces)[number];
        const pieceN = numbers[i - 1] as number;
        const pieceChunk = pieceValue(piece, pieces[i + 1]?.from ?? chunk.upTo, numbers[i] ?? chunk.next);
        const written = await store.put<FactsChunkValue>(chunkKey(projectId, pieceN), pieceChunk, null);
        made.push(pieceN);
        entries.push({ n: pieceN, from: piece.from, ...entryFigures(pieceChunk, written.version, CODEC) });
      }
      const first = pieceValue(
        pieces[0] as (typeof pieces)[number],
        pieces[1]?.from ?? chunk.upTo,
        numbers[0] ?? chunk.next,
      );
      const written = await store.put<FactsChunkValue>(chunkKey(projectId, n), first, version);
      entries.push({ n, from: null, ...entryFigures(first, written.version, CODEC) });
    } catch (error) {
      await Promise.all(made.map((m) => store.delete(chunkKey(projectId, m))));
      throw error;
    }
    await this.updateEntries(projectId, entries);
  }

  /** Reserves `count` new chunk numbers in the directory (never reused, so a new chunk's first write is unique). */
  private async allocateChunks(projectId: string, count: number): Promise<number[]> {
    const reserved = { first: 0 };
    await this.cas.modify(directoryKey(projectId), EMPTY_DIRECTORY, (directory) => {
      reserved.first = directory.nextChunk;
      return { ...directory, nextChunk: directory.nextChunk + count };
    });
    return Array.from({ length: count }, (_, i) => reserved.first + i);
  }

  private async updateEntries(projectId: string, entries: readonly FactsChunkEntry[]): Promise<void> {
    await this.cas.modify(directoryKey(projectId), EMPTY_DIRECTORY, (directory) =>
      withChunkEntries(directory, entries),
    );
  }
}
