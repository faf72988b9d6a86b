/**
 * Starting the preview with the sample data for a test, without a browser: the real manifest, emulator and
 * composition root at the preview clock's `nowMs`, with a stub page for every module (no `npm run build:preview`).
 * The test file still stubs the host page's bundle (`jest.mock('../../dev/preview/build-host', …)`), since jest
 * hoists mocks per file. Failures the preview logs are collected, so a test can assert it started cleanly.
 */
import { startPreview, type RunningPreview } from '../../../dev/preview/index';
import { createStubModulesDir } from './stub-modules';

export interface SamplePreview {
  readonly preview: RunningPreview;
  /** What the preview logged as failures (`message: error`), in order. */
  readonly errors: string[];
  /** Stops the preview and removes the stub modules. */
  stop(): Promise<void>;
}

/** Starts the sample preview on a free port, its clock at `nowMs` (epoch ms) or, without, at the real time. */
export async function startSamplePreview(nowMs?: number): Promise<SamplePreview> {
  const stubModules = createStubModulesDir();
  const errors: string[] = [];
  const preview = await startPreview({
    port: 0,
    ...(nowMs === undefined ? {} : { now: nowMs }),
    modulesDir: stubModules.modulesDir,
    logError: (message, error) => errors.push(`${message}: ${String(error)}`),
  });
  return {
    preview,
    errors,
    stop: async () => {
      await preview.stop();
      stubModules.remove();
    },
  };
}

/** GETs (or, with a body, POSTs as JSON) `path` of the preview's page server and answers the parsed JSON. */
export async function previewPage<T>(preview: RunningPreview, path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${preview.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path}: HTTP ${String(response.status)} ${text}`);
  return JSON.parse(text) as T;
}
