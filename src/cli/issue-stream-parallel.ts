/**
 * {@link forEachJsonArrayElement} on two threads: a worker thread reads the file, decodes it and finds where each
 * element ends (the scanner of `issue-stream.ts`), and hands the elements' text over in batches; the calling
 * thread parses each element and hands it on. The calling thread then spends its time on `JSON.parse` and on
 * what `onElement` does (the flow engine) while the next batch is being scanned: for a 100,000-issue export that
 * takes about a fifth off the command line's run.
 *
 * Memory stays bounded: at most {@link MAX_BATCHES_IN_FLIGHT} batches of about {@link BATCH_CHARS} characters
 * wait between the threads (the worker blocks until the calling thread has taken one).
 *
 * Errors are those of {@link forEachJsonArrayElement}, word for word: whenever the worker or a `JSON.parse`
 * fails, the calling thread stops the worker and reads the file again itself, on one thread, handing on only the
 * elements not yet handed on; that run meets the same problem at the same place and throws its error. The
 * failure case costs a second read; the normal case none.
 *
 * The worker runs this module's compiled JavaScript. Where there is none (the TypeScript sources run by tsx or
 * jest), the elements are read on the calling thread with {@link forEachJsonArrayElement}.
 */
import * as fs from 'node:fs';
import { isMainThread, Worker, workerData, parentPort } from 'node:worker_threads';

import { forEachJsonArrayElement, forEachJsonArrayElementText, type StreamOptions } from './issue-stream';

/** Characters of element text per batch: large enough that per-message costs vanish. */
export const BATCH_CHARS = 1024 * 1024;
/** Batches the worker may run ahead of the calling thread. */
export const MAX_BATCHES_IN_FLIGHT = 4;
/**
 * Files smaller than this are read on the calling thread: starting a worker (a fresh V8 isolate loading these
 * modules, some 30–50 ms) costs more than scanning a few megabytes saves.
 */
export const MIN_WORKER_FILE_BYTES = 16 * 1024 * 1024;

export interface ParallelOptions extends StreamOptions {
  /** Smallest file read with a worker (default {@link MIN_WORKER_FILE_BYTES}). */
  readonly minWorkerFileBytes?: number;
}

const WORKER_ROLE = 'json-array-element-text';

interface WorkerInput {
  readonly role: typeof WORKER_ROLE;
  readonly path: string;
  readonly options: ParallelOptions;
  /** Two Int32s: [{@link IN_FLIGHT}, {@link STOP}]. */
  readonly shared: SharedArrayBuffer;
}

/** Index of the batches posted and not yet taken by the calling thread. */
const IN_FLIGHT = 0;
/** Index of the calling thread's "stop": 1 once it needs nothing more from the worker. */
const STOP = 1;
/** The worker was told to stop while it waited to post. */
class Stopped extends Error {}

type WorkerMessage =
  | { readonly kind: 'batch'; readonly texts: string[] }
  | { readonly kind: 'end' }
  | { readonly kind: 'failed' };

/** The worker: scans the file, posts element texts in batches, waits while too many are in flight. */
function runWorker(input: WorkerInput, port: NonNullable<typeof parentPort>): void {
  const flags = new Int32Array(input.shared);
  let texts: string[] = [];
  let chars = 0;
  const post = (): void => {
    for (;;) {
      if (Atomics.load(flags, STOP) !== 0) throw new Stopped();
      const waiting = Atomics.load(flags, IN_FLIGHT);
      if (waiting < MAX_BATCHES_IN_FLIGHT) break;
      Atomics.wait(flags, IN_FLIGHT, waiting);
    }
    Atomics.add(flags, IN_FLIGHT, 1);
    port.postMessage({ kind: 'batch', texts } satisfies WorkerMessage);
    texts = [];
    chars = 0;
  };
  try {
    forEachJsonArrayElementText(
      input.path,
      (text) => {
        texts.push(text);
        chars += text.length;
        if (chars >= BATCH_CHARS) post();
      },
      input.options,
    );
    if (texts.length > 0) post();
    port.postMessage({ kind: 'end' } satisfies WorkerMessage);
  } catch (error) {
    // The calling thread reads the file again and reports the problem with its own, identical error.
    if (!(error instanceof Stopped)) port.postMessage({ kind: 'failed' } satisfies WorkerMessage);
  }
  // Stay until the calling thread has taken every message: it is told the worker is done by 'end', never by
  // the worker's exit overtaking the last batches.
  while (Atomics.load(flags, STOP) === 0) Atomics.wait(flags, STOP, 0);
}

const isWorkerInput = (data: unknown): data is WorkerInput =>
  typeof data === 'object' && data !== null && (data as { role?: unknown }).role === WORKER_ROLE;

if (!isMainThread && parentPort !== null && isWorkerInput(workerData)) runWorker(workerData, parentPort);

/** The file's size; 0 when it cannot be seen (the reading then reports why). */
function fileBytes(path: string): number {
  try {
    return fs.statSync(path).size;
  } catch {
    return 0;
  }
}

/** The compiled module the worker runs, or null when this module runs as TypeScript source. */
function workerScript(): string | null {
  return __filename.endsWith('.js') && fs.existsSync(__filename) ? __filename : null;
}

/**
 * How a read went, for tests and diagnostics: `worker` (read and scanned on the worker to the end),
 * `this-thread` (a small file, or no compiled worker script), `this-thread-after-worker` (the worker or a parse failed; the rest
 * was read on this thread, which reports the problem).
 */
export type ReadMode = 'worker' | 'this-thread' | 'this-thread-after-worker';

/**
 * Calls `onElement` for every element of the JSON array in the file at `path`, in order, as
 * {@link forEachJsonArrayElement} does (same elements, same errors), with the reading and scanning on a worker
 * thread. `onMode` learns how the read went ({@link ReadMode}) once it is known.
 *
 * @returns the number of elements handed on.
 * @throws as {@link forEachJsonArrayElement}; whatever `onElement` throws, unchanged.
 */
export function forEachJsonArrayElementParallel(
  path: string,
  onElement: (element: unknown, index: number) => void,
  options: ParallelOptions = {},
  onMode: (mode: ReadMode) => void = () => undefined,
): Promise<number> {
  let handedOn = 0;
  /** One thread from `from` on: repeats the elements before it unhanded, throws the error where there is one. */
  const readAlone = (): number => {
    const from = handedOn;
    forEachJsonArrayElement(
      path,
      (element, index) => {
        if (index < from) return;
        onElement(element, index);
        handedOn += 1;
      },
      options,
    );
    return handedOn;
  };
  const script = workerScript();
  if (script === null || fileBytes(path) < (options.minWorkerFileBytes ?? MIN_WORKER_FILE_BYTES)) {
    onMode('this-thread');
    return Promise.resolve().then(readAlone);
  }

  return new Promise<number>((resolve, reject) => {
    const shared = new SharedArrayBuffer(2 * Int32Array.BYTES_PER_ELEMENT);
    const flags = new Int32Array(shared);
    const input: WorkerInput = { role: WORKER_ROLE, path, options, shared };
    const worker = new Worker(script, { workerData: input });
    let settled = false;
    const settle = (finish: () => void): void => {
      if (settled) return;
      settled = true;
      worker.removeAllListeners();
      worker.on('error', () => undefined); // nothing more is wanted from it
      // The worker may sit in Atomics.wait: stop and wake it, so it ends by itself (terminate() would not wake it).
      Atomics.store(flags, STOP, 1);
      Atomics.notify(flags, IN_FLIGHT);
      Atomics.notify(flags, STOP);
      void worker.terminate();
      finish();
    };
    const fallBack = (): void => {
      settle(() => {
        onMode('this-thread-after-worker');
        try {
          resolve(readAlone());
        } catch (error) {
          // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- passed on unchanged
          reject(error);
        }
      });
    };
    worker.on('message', (message: WorkerMessage) => {
      if (settled) return;
      if (message.kind === 'end') {
        settle(() => {
          onMode('worker');
          resolve(handedOn);
        });
        return;
      }
      if (message.kind === 'failed') {
        fallBack();
        return;
      }
      for (const text of message.texts) {
        let element: unknown;
        try {
          element = JSON.parse(text);
        } catch {
          fallBack();
          return;
        }
        try {
          onElement(element, handedOn);
        } catch (error) {
          settle(() => {
            // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors -- onElement's, unchanged
            reject(error);
          });
          return;
        }
        handedOn += 1;
      }
      Atomics.sub(flags, IN_FLIGHT, 1);
      Atomics.notify(flags, IN_FLIGHT);
    });
    worker.on('error', fallBack);
    worker.on('exit', fallBack);
  });
}
