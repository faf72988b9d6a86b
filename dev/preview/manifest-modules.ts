/**
 * Finds the Custom UI modules the preview shows by reading `manifest.yml`, so a module added to the manifest
 * appears in its host view without touching the preview.
 */
import path from 'node:path';
import { parse } from 'yaml';
import type { HostView, PreviewLanguage } from './preview-api';

/** Where Jira shows each module type the preview can host. Other module types are not shown. */
export const HOST_VIEW_OF_MODULE_TYPE: Readonly<Record<string, HostView>> = {
  'jira:issuePanel': 'issue',
  'jira:projectPage': 'project',
  'jira:dashboardGadget': 'dashboard',
  'jira:projectSettingsPage': 'project-settings',
};

/** A module of the manifest with what the preview needs to place and title it. */
export interface ManifestModule {
  readonly key: string;
  readonly type: string;
  readonly hostView: HostView;
  /** Directory of the built resource, relative to the build output (basename of `resources[].path`). */
  readonly resourceDir: string;
  readonly title: Readonly<Record<PreviewLanguage, string>>;
}

type Messages = Readonly<Record<string, string>>;

function asRecord(value: unknown): Readonly<Record<string, unknown>> | null {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : null;
}

/** A manifest title: a plain string, or `{ i18n: key }` looked up in the locale's messages (fallback: key). */
function titleIn(title: unknown, messages: Messages, fallback: string): string {
  if (typeof title === 'string') return title;
  const key = asRecord(title)?.['i18n'];
  return typeof key === 'string' ? (messages[key] ?? key) : fallback;
}

/**
 * The manifest's Custom UI modules that a Jira page of the preview hosts, in manifest order.
 *
 * @example
 * readManifestModules('modules:\n  jira:issuePanel:\n    - key: p\n      resource: r\n      title: Flow\n' +
 *   'resources:\n  - key: r\n    path: static/build/issue-panel\n', { de: {}, en: {} })
 * // → [{ key: 'p', type: 'jira:issuePanel', hostView: 'issue', resourceDir: 'issue-panel',
 * //      title: { de: 'Flow', en: 'Flow' } }]
 */
export function readManifestModules(
  manifestYaml: string,
  messages: Readonly<Record<PreviewLanguage, Messages>>,
): ManifestModule[] {
  const manifest = asRecord(parse(manifestYaml) as unknown) ?? {};
  const resourceDirs = new Map<string, string>();
  const resources: unknown = manifest['resources'];
  for (const resource of Array.isArray(resources) ? (resources as unknown[]) : []) {
    const record = asRecord(resource);
    const key = record?.['key'];
    const resourcePath = record?.['path'];
    if (typeof key === 'string' && typeof resourcePath === 'string')
      resourceDirs.set(key, path.posix.basename(resourcePath));
  }
  const found: ManifestModule[] = [];
  for (const [type, entries] of Object.entries(asRecord(manifest['modules']) ?? {})) {
    const hostView = HOST_VIEW_OF_MODULE_TYPE[type];
    if (hostView === undefined || !Array.isArray(entries)) continue;
    for (const entry of entries as unknown[]) {
      const record = asRecord(entry);
      const key = record?.['key'];
      const resource = record?.['resource'];
      if (typeof key !== 'string' || typeof resource !== 'string') continue; // not a Custom UI module
      const resourceDir = resourceDirs.get(resource) ?? resource;
      found.push({
        key,
        type,
        hostView,
        resourceDir,
        title: {
          de: titleIn(record?.['title'], messages.de, key),
          en: titleIn(record?.['title'], messages.en, key),
        },
      });
    }
  }
  return found;
}
