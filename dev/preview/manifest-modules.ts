/**
 * Finds the Custom UI modules the preview shows by reading `manifest.yml`, so a module added to the manifest
 * appears in its host view without touching the preview.
 */
import path from 'node:path';
import { parse } from 'yaml';
import { parseDisplayCondition, type PreviewDisplayCondition } from './display-condition';
import type { HostView, PreviewLanguage } from './preview-api';

/** Where Jira shows each module type the preview can host. Other module types are not shown. */
export const HOST_VIEW_OF_MODULE_TYPE: Readonly<Record<string, HostView>> = {
  'jira:issuePanel': 'issue',
  'jira:projectPage': 'project',
  'jira:dashboardGadget': 'dashboard',
  'jira:projectSettingsPage': 'project-settings',
  // A global page is in Jira's Apps menu, outside any project.
  'jira:globalPage': 'apps',
};

/**
 * A subpage of a module (manifest `pages`, or the `pages` of one of its `sections`): Jira lists it under the module
 * and opens the module at its route.
 */
export interface ManifestSubpage {
  /** The route the Custom UI reads from `view.createHistory()` (`csi-register`), without slashes. */
  readonly route: string;
  readonly title: Readonly<Record<PreviewLanguage, string>>;
  /** The `header` of the section the page is in (manifest `sections`); absent for a page of a plain `pages` list. */
  readonly section?: Readonly<Record<PreviewLanguage, string>>;
}

/** A module of the manifest with what the preview needs to place and title it. */
export interface ManifestModule {
  readonly key: string;
  readonly type: string;
  readonly hostView: HostView;
  /** Directory of the built resource, relative to the build output (basename of `resources[].path`). */
  readonly resourceDir: string;
  readonly title: Readonly<Record<PreviewLanguage, string>>;
  /** The module's subpages in manifest order; empty for a module without `pages`. */
  readonly pages: readonly ManifestSubpage[];
  /** Its `displayConditions` as the preview evaluates them (null: shown everywhere). */
  readonly displayCondition: PreviewDisplayCondition;
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

/** The subpages of a manifest `pages` list (entries without a route are no subpage), in the given section. */
function subpagesOf(
  rawPages: unknown,
  messages: Readonly<Record<PreviewLanguage, Messages>>,
  section: Readonly<Record<PreviewLanguage, string>> | undefined,
): ManifestSubpage[] {
  return (Array.isArray(rawPages) ? (rawPages as unknown[]) : []).map(asRecord).flatMap((page) => {
    const route = page?.['route'];
    if (page === null || typeof route !== 'string' || route.replace(/^\/+|\/+$/g, '') === '') return [];
    const title = {
      de: titleIn(page['title'], messages.de, route),
      en: titleIn(page['title'], messages.en, route),
    };
    return [{ route: route.replace(/^\/+|\/+$/g, ''), title, ...(section === undefined ? {} : { section }) }];
  });
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
      const pages = [
        ...subpagesOf(record?.['pages'], messages, undefined),
        // `sections` group pages under a header (Jira: "use pages to add individual pages to the sidebar and
        // sections to group pages"); their pages follow in manifest order, each naming its section.
        ...(Array.isArray(record?.['sections']) ? (record['sections'] as unknown[]) : [])
          .map(asRecord)
          .flatMap((section) =>
            section === null
              ? []
              : subpagesOf(section['pages'], messages, {
                  de: titleIn(section['header'], messages.de, ''),
                  en: titleIn(section['header'], messages.en, ''),
                }),
          ),
      ];
      found.push({
        key,
        type,
        hostView,
        resourceDir,
        title: {
          de: titleIn(record?.['title'], messages.de, key),
          en: titleIn(record?.['title'], messages.en, key),
        },
        pages,
        displayCondition: parseDisplayCondition(record?.['displayConditions'], key),
      });
    }
  }
  return found;
}

/** One indexed value of a `jira:entityProperty` module (`values[]`). */
export interface ManifestEntityPropertyValue {
  readonly path: string;
  readonly type: 'number' | 'string' | 'text' | 'user' | 'date';
  readonly searchAlias?: string;
}

/** A `jira:entityProperty` module: which values of an issue property Jira indexes for JQL. */
export interface ManifestEntityProperty {
  readonly key: string;
  readonly entityType: 'issue';
  readonly propertyKey: string;
  readonly values: readonly ManifestEntityPropertyValue[];
}

/** A `jira:workflowValidator` module and the handler of its function (`index.<export>`). */
export interface ManifestWorkflowValidator {
  readonly key: string;
  /** The manifest function the validator runs (`function: <key>`). */
  readonly functionKey: string;
  /** That function's `handler`, e.g. `index.csiValidatorHandler`; null when the manifest has no such function. */
  readonly handler: string | null;
  readonly name: Readonly<Record<PreviewLanguage, string>>;
  readonly description: Readonly<Record<PreviewLanguage, string>>;
  /** The module's `projectTypes`: where Jira offers and runs the rule (absent: company-managed only). */
  readonly projectTypes?: readonly ('company-managed' | 'team-managed')[];
}

/** What the preview's Jira needs to know of the app beyond its Custom UI modules. */
export interface ManifestAppFeatures {
  /** The app's id: the UUID of `app.id` (`ari:cloud:ecosystem::app/<uuid>`). */
  readonly appId: string;
  readonly entityProperties: readonly ManifestEntityProperty[];
  readonly workflowValidators: readonly ManifestWorkflowValidator[];
}

const VALUE_TYPES: readonly ManifestEntityPropertyValue['type'][] = [
  'number',
  'string',
  'text',
  'user',
  'date',
];

function entriesOf(
  modules: Readonly<Record<string, unknown>>,
  type: string,
): Readonly<Record<string, unknown>>[] {
  const entries = modules[type];
  return Array.isArray(entries) ? (entries as unknown[]).map(asRecord).filter((entry) => entry !== null) : [];
}

function stringOf(record: Readonly<Record<string, unknown>>, name: string): string | null {
  const value = record[name];
  return typeof value === 'string' && value !== '' ? value : null;
}

/**
 * The app id, the `jira:entityProperty` modules (issue properties only: the preview's Jira indexes issues) and
 * the `jira:workflowValidator` modules of the manifest, with names translated like module titles.
 *
 * @throws Error when `app.id` is not an app ARI (`ari:cloud:ecosystem::app/<id>`), or an entity property value
 *   has a type Jira does not index.
 */
export function readManifestAppFeatures(
  manifestYaml: string,
  messages: Readonly<Record<PreviewLanguage, Messages>>,
): ManifestAppFeatures {
  const manifest = asRecord(parse(manifestYaml) as unknown) ?? {};
  const appAri = stringOf(asRecord(manifest['app']) ?? {}, 'id') ?? '';
  const appId = /^ari:cloud:ecosystem::app\/([\w-]+)$/.exec(appAri)?.[1];
  if (appId === undefined)
    throw new Error(
      `manifest.yml: app.id must be an app ARI (ari:cloud:ecosystem::app/<id>), not "${appAri}"`,
    );
  const modules = asRecord(manifest['modules']) ?? {};

  const entityProperties = entriesOf(modules, 'jira:entityProperty').flatMap((entry) => {
    const key = stringOf(entry, 'key');
    const propertyKey = stringOf(entry, 'propertyKey');
    const entityType = stringOf(entry, 'entityType') ?? 'issue';
    if (key === null || propertyKey === null || entityType !== 'issue') return [];
    const rawValues = Array.isArray(entry['values']) ? (entry['values'] as unknown[]) : [];
    const values = rawValues.map(asRecord).flatMap((value) => {
      const valuePath = value === null ? null : stringOf(value, 'path');
      const type = value === null ? null : stringOf(value, 'type');
      if (value === null || valuePath === null) return [];
      const known = VALUE_TYPES.find((candidate) => candidate === type);
      if (known === undefined)
        throw new Error(
          `manifest.yml: jira:entityProperty ${key}: value ${valuePath} has type "${String(type)}"; Jira indexes ${VALUE_TYPES.join(', ')}`,
        );
      const searchAlias = stringOf(value, 'searchAlias');
      return [{ path: valuePath, type: known, ...(searchAlias === null ? {} : { searchAlias }) }];
    });
    return [{ key, entityType: 'issue' as const, propertyKey, values }];
  });

  const handlers = new Map<string, string>();
  for (const fn of entriesOf(modules, 'function')) {
    const key = stringOf(fn, 'key');
    const handler = stringOf(fn, 'handler');
    if (key !== null && handler !== null) handlers.set(key, handler);
  }
  const workflowValidators = entriesOf(modules, 'jira:workflowValidator').flatMap((entry) => {
    const key = stringOf(entry, 'key');
    const functionKey = stringOf(entry, 'function');
    if (key === null || functionKey === null) return [];
    const declared = Array.isArray(entry['projectTypes']) ? (entry['projectTypes'] as unknown[]) : null;
    const projectTypes = declared?.filter(
      (type): type is 'company-managed' | 'team-managed' =>
        type === 'company-managed' || type === 'team-managed',
    );
    return [
      {
        key,
        functionKey,
        handler: handlers.get(functionKey) ?? null,
        name: {
          de: titleIn(entry['name'], messages.de, key),
          en: titleIn(entry['name'], messages.en, key),
        },
        description: {
          de: titleIn(entry['description'], messages.de, ''),
          en: titleIn(entry['description'], messages.en, ''),
        },
        ...(projectTypes === undefined ? {} : { projectTypes }),
      },
    ];
  });
  return { appId, entityProperties, workflowValidators };
}

/** The ARI of a Forge module of the app in an environment, as Jira names a workflow rule's extension. */
export function extensionAri(appId: string, environmentId: string, moduleKey: string): string {
  return `ari:cloud:ecosystem::extension/${appId}/${environmentId}/static/${moduleKey}`;
}
