/**
 * Summary of a V8 `.cpuprofile` (from `node --cpu-prof`): which functions take the time spent inside one root
 * function (for the benchmark: `computeFlowReport`), by self time and by inclusive time.
 *
 * Usage on its own: `npx tsx bench/profile-summary.ts FILE.cpuprofile [rootFunction[,…]] [top] [source-maps.json]`.
 */
import * as fs from 'node:fs';
import { SourceMap } from 'node:module';
import type { SourceMapPayload } from 'node:module';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

interface CpuProfileNode {
  readonly id: number;
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
    readonly columnNumber: number;
  };
  readonly children?: readonly number[];
}

interface CpuProfile {
  readonly nodes: readonly CpuProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

type FrameLabeler = (node: CpuProfileNode) => string;

/**
 * Labels a frame `name file.ts:line`. tsx runs minified code, so the profile's positions are mapped back to the
 * TypeScript source through the source maps the measuring process saved; without them, anonymous functions get
 * the compiled position and named ones only their file.
 */
function makeFrameLabeler(sourceMapsFile: string | null): FrameLabeler {
  const maps = new Map<string, SourceMap>();
  if (sourceMapsFile !== null) {
    const payloads = JSON.parse(fs.readFileSync(sourceMapsFile, 'utf8')) as Record<string, SourceMapPayload>;
    for (const [modulePath, payload] of Object.entries(payloads))
      maps.set(modulePath, new SourceMap(payload));
  }
  return (node) => {
    const { functionName, url, lineNumber, columnNumber } = node.callFrame;
    const name = functionName === '' ? '(anonymous)' : functionName;
    if (url === '') return name;
    const modulePath = url.startsWith('file://') ? fileURLToPath(url) : url;
    const map = maps.get(modulePath);
    const entry = map?.findEntry(lineNumber, columnNumber);
    if (entry !== undefined && 'originalLine' in entry) {
      return `${name} ${path.basename(modulePath)}:${entry.originalLine + 1}`;
    }
    const file = path.basename(modulePath);
    return functionName === '' ? `${name} ${file}@${lineNumber + 1}:${columnNumber + 1}` : `${name} ${file}`;
  };
}

/**
 * Self and inclusive time per function, counted over the samples whose stack contains `rootFunction` (or one
 * of several root functions; recursion counted once per sample), and the garbage collection that ran while it
 * was running. Times in ms from the profile's sample deltas (µs).
 *
 * @returns a printable multi-line report.
 * @example summarizeCpuProfile('bench/out/profiles/1/x.cpuprofile', 'computeFlowReport', 20, { sourceMapsFile: null })
 */
export function summarizeCpuProfile(
  file: string,
  rootFunction: string | readonly string[],
  top: number,
  options: { readonly sourceMapsFile: string | null } = { sourceMapsFile: null },
): string {
  const frameLabel = makeFrameLabeler(options.sourceMapsFile);
  const roots = new Set(typeof rootFunction === 'string' ? [rootFunction] : rootFunction);
  const rootLabel = [...roots].join(' + ');
  const profile = JSON.parse(fs.readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map<number, CpuProfileNode>();
  const parentOf = new Map<number, number>();
  for (const node of profile.nodes) {
    byId.set(node.id, node);
    for (const child of node.children ?? []) parentOf.set(child, node.id);
  }

  const selfMs = new Map<string, number>();
  const inclusiveMs = new Map<string, number>();
  let rootMs = 0;
  let totalMs = 0;
  let gcMs = 0;
  // Per sample: 'gc', 'root' (root function on the stack) or 'other', to attribute GC to the root afterwards.
  const kinds: ('gc' | 'root' | 'other')[] = [];
  const deltasMs: number[] = [];
  profile.samples.forEach((sampleId, i) => {
    const dtMs = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += dtMs;
    deltasMs.push(dtMs);
    const leaf = byId.get(sampleId);
    if (leaf?.callFrame.functionName === '(garbage collector)') {
      gcMs += dtMs;
      kinds.push('gc');
      return;
    }
    // Stack from leaf up to the outermost frame of the root function.
    const stack: CpuProfileNode[] = [];
    let rootDepth = -1;
    for (let node: CpuProfileNode | undefined = leaf; node !== undefined;) {
      stack.push(node);
      if (roots.has(node.callFrame.functionName)) rootDepth = stack.length - 1;
      const parentId = parentOf.get(node.id);
      node = parentId === undefined ? undefined : byId.get(parentId);
    }
    if (leaf === undefined || rootDepth < 0) {
      kinds.push('other');
      return;
    }
    kinds.push('root');
    rootMs += dtMs;
    const leafLabel = frameLabel(leaf);
    selfMs.set(leafLabel, (selfMs.get(leafLabel) ?? 0) + dtMs);
    const seen = new Set<string>();
    for (const node of stack.slice(0, rootDepth + 1)) {
      const label = frameLabel(node);
      if (seen.has(label)) continue;
      seen.add(label);
      inclusiveMs.set(label, (inclusiveMs.get(label) ?? 0) + dtMs);
    }
  });
  // V8 reports GC as its own root, without the JS stack that triggered it: a GC sample between two samples
  // inside the root function is counted as the root's garbage collection.
  const nextNonGc: ('root' | 'other' | null)[] = new Array<'root' | 'other' | null>(kinds.length).fill(null);
  let following: 'root' | 'other' | null = null;
  for (let i = kinds.length - 1; i >= 0; i -= 1) {
    nextNonGc[i] = following;
    const kind = kinds[i];
    if (kind !== undefined && kind !== 'gc') following = kind;
  }
  let rootGcMs = 0;
  let previous: 'root' | 'other' | null = null;
  kinds.forEach((kind, i) => {
    if (kind !== 'gc') previous = kind;
    else if (previous === 'root' && nextNonGc[i] === 'root') rootGcMs += deltasMs[i] ?? 0;
  });

  const lines: string[] = [
    `CPU profile ${file}`,
    `  profiled ${totalMs.toFixed(0)} ms in all; JavaScript inside ${rootLabel}: ${rootMs.toFixed(0)} ms; ` +
      `garbage collection during ${rootLabel}: ${rootGcMs.toFixed(0)} ms (whole process: ${gcMs.toFixed(0)} ms)`,
  ];
  const table = (title: string, values: Map<string, number>): void => {
    lines.push('', `  ${title} (top ${top}, ms and % of time inside ${rootLabel}):`);
    [...values.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, top)
      .forEach(([label, ms]) => {
        const share = rootMs === 0 ? 0 : (ms / rootMs) * 100;
        lines.push(`  ${ms.toFixed(0).padStart(8)} ms ${share.toFixed(1).padStart(5)} %  ${label}`);
      });
  };
  table('self time', selfMs);
  table('inclusive time', inclusiveMs);
  return lines.join('\n');
}

if (require.main === module) {
  const [file, roots = 'engineAdd,engineFinish', top = '25', sourceMapsFile = null] = process.argv.slice(2);
  if (file === undefined) {
    process.stderr.write(
      'usage: npx tsx bench/profile-summary.ts FILE.cpuprofile [rootFunction[,…]] [top] [source-maps.json]\n',
    );
    process.exit(2);
  }
  console.log(summarizeCpuProfile(file, roots.split(','), Number(top), { sourceMapsFile }));
}
