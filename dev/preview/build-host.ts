/**
 * Bundles the host page's TypeScript (`host/main.ts`) in memory with Vite when the preview starts (well under a
 * second), so `npm start` needs no extra build step for the page around the modules.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'vite';

const hostDir = path.join(__dirname, 'host');

/** A file the preview server sends as is. */
export interface StaticAsset {
  readonly contentType: string;
  readonly body: string | Uint8Array;
}

function isOutput(value: unknown): value is { output: readonly unknown[] } {
  return typeof value === 'object' && value !== null && Array.isArray((value as { output?: unknown }).output);
}

/** The host page's files by URL path under `/__host/`: `main.js` (+ its chunks, e.g. the token themes) and `preview.css`. */
export async function buildHostAssets(): Promise<ReadonlyMap<string, StaticAsset>> {
  const result: unknown = await build({
    configFile: false,
    root: hostDir,
    logLevel: 'warn',
    // Vite's env handling and public dir are for apps; the host page has neither.
    envDir: false,
    publicDir: false,
    build: {
      write: false,
      target: 'es2022',
      minify: false,
      modulePreload: false,
      reportCompressedSize: false,
      rolldownOptions: {
        input: path.join(hostDir, 'main.ts'),
        output: { format: 'es', entryFileNames: 'main.js', chunkFileNames: '[name]-[hash].js' },
      },
    },
  });
  const outputs = (Array.isArray(result) ? (result as unknown[]) : [result]).filter(isOutput);
  const assets = new Map<string, StaticAsset>();
  for (const { output } of outputs) {
    for (const item of output as readonly {
      fileName: string;
      type: string;
      code?: string;
      source?: string | Uint8Array;
    }[]) {
      const body = item.type === 'chunk' ? item.code : item.source;
      if (body === undefined) continue;
      const contentType = item.fileName.endsWith('.js')
        ? 'text/javascript; charset=utf-8'
        : 'application/octet-stream';
      assets.set(item.fileName, { contentType, body });
    }
  }
  if (!assets.has('main.js')) throw new Error('The host page bundle has no main.js');
  assets.set('preview.css', {
    contentType: 'text/css; charset=utf-8',
    body: await readFile(path.join(hostDir, 'preview.css'), 'utf8'),
  });
  return assets;
}
