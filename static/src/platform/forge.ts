/**
 * The Custom UI's view of its host: context, theme and Forge's translation function. In Jira this is
 * `@forge/bridge`; in the local preview and the browser tests the same import is aliased to
 * `dev/bridge-shim/index.ts`. Components get these as plain values, never the bridge itself.
 */
import { i18n, view } from '@forge/bridge';
import type { ForgeTranslate } from '../i18n/translator';

/** What the UI needs from `view.getContext()`. */
export interface UiContext {
  /** BCP-47 locale of the user, e.g. `de-DE` (Jira may send `de_DE`; normalised). */
  readonly locale: string;
  /** IANA time zone of the user. */
  readonly timeZone: string;
  /** Key of the issue the panel is shown on; null outside an issue. */
  readonly issueKey: string | null;
  /** Key of the project the module is shown in (`extension.project.key`); null outside a project. */
  readonly projectKey: string | null;
  /** Atlassian account id of the user; null when the host does not say. */
  readonly accountId: string | null;
  /** The module instance's id (`localId`); null when the host does not say. */
  readonly localId: string | null;
  /** The module's own context (`extension`), for what only one module reads (e.g. the gadget's id). */
  readonly extension: Readonly<Record<string, unknown>>;
}

/** `value` if it is a non-empty string, else null. */
export function stringOrNull(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

/** Reads locale, time zone, issue, project, user and the module's extension from the Forge view context. */
export async function getUiContext(): Promise<UiContext> {
  const context = await view.getContext();
  // The host's typing says `any`; an old or foreign host may send none.
  const raw: unknown = context.extension;
  const extension = typeof raw === 'object' && raw !== null ? (raw as Readonly<Record<string, unknown>>) : {};
  const { issue, project } = extension as { issue?: { key?: unknown }; project?: { key?: unknown } };
  return {
    locale: (stringOrNull(context.locale) ?? 'en-US').replace('_', '-'),
    timeZone: stringOrNull(context.timezone) ?? 'UTC',
    issueKey: stringOrNull(issue?.key),
    projectKey: stringOrNull(project?.key),
    accountId: stringOrNull(context.accountId),
    localId: stringOrNull(context.localId),
    extension,
  };
}

/** Applies Jira's light/dark theme as `--ds-*` CSS variables; a failure leaves the light fallbacks in place. */
export async function enableTheme(): Promise<void> {
  try {
    await view.theme.enable();
  } catch {
    // Outside Jira (or in an old host) there is no theme to apply: the token fallbacks are the light theme.
  }
}

/** Forge's own translation function for `locale` (reads the manifest's `translations`), or null if unavailable. */
export async function createForgeTranslate(locale: string): Promise<ForgeTranslate | null> {
  try {
    // Forge's typing lists its supported locales; the context's locale is one of them.
    return await i18n.createTranslationFunction(
      locale as Parameters<typeof i18n.createTranslationFunction>[0],
    );
  } catch {
    return null;
  }
}
