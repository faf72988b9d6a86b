/**
 * The FitSM settings (issue 12): the editor group whose members, besides Jira admins, edit the FitSM pages
 * (self-assessment, and the audit plan, schedule and review meeting, which read the same member). Stored versioned
 * under `fitsm-settings` as `{ editorGroupName }`; only Jira admins change them. Who may edit is asked of Jira as
 * the acting user ({@link loadFitsmAccess}), never taken from a payload.
 */
import * as v from 'valibot';
import type { FitsmSettingsView } from '../contract/fitsm-assessment';
import { loadOkrAccess } from './okr-permissions';
import { MAX_GROUP_NAME_LENGTH } from './okr-settings';
import type { JiraPort, JiraUserAccessPort } from './ports/jira-port';
import { StoreConflictError, type StorePort } from './ports/store-port';

/** Where the settings live (the audit plan and the meeting read `editorGroupName` from the same key). */
export const FITSM_SETTINGS_KEY = 'fitsm-settings';

export interface FitsmSettings {
  /** Jira group whose members edit the FitSM pages besides Jira admins; null: Jira admins only. */
  readonly editorGroupName: string | null;
}

export const DEFAULT_FITSM_SETTINGS: FitsmSettings = { editorGroupName: null };

/** The settings as a save sends them. */
export const FitsmSettingsSchema = v.strictObject(
  {
    editorGroupName: v.nullable(
      v.pipe(
        v.string('editorGroupName must be text or null'),
        v.minLength(1, 'editorGroupName is empty: name a Jira group or send null'),
        v.maxLength(
          MAX_GROUP_NAME_LENGTH,
          'editorGroupName is at most 255 characters (Jira group names are)',
        ),
        v.check((name) => name.trim() === name, 'editorGroupName must not begin or end with spaces'),
        // eslint-disable-next-line no-control-regex
        v.regex(/^[^\u0000-\u001f\u007f]+$/, 'editorGroupName must not contain control characters'),
      ),
    ),
  },
  'settings must be { editorGroupName }',
);

/** The acting user may not do this; the message names who may. */
export class FitsmForbiddenError extends Error {
  override readonly name = 'FitsmForbiddenError';
}

/** The settings were saved by someone else since they were loaded. */
export class FitsmSettingsConflictError extends Error {
  override readonly name = 'FitsmSettingsConflictError';
}

/** The stored settings and their version (defaults and null when never saved or unreadable). */
export async function readFitsmSettings(
  store: StorePort,
): Promise<{ readonly settings: FitsmSettings; readonly version: number | null }> {
  const stored = await store.get<FitsmSettings>(FITSM_SETTINGS_KEY);
  if (stored === null) return { settings: DEFAULT_FITSM_SETTINGS, version: null };
  // A value written by hand or an older version falls back to "admins only" rather than breaking every page.
  const parsed = v.safeParse(FitsmSettingsSchema, stored.value);
  return { settings: parsed.success ? parsed.output : DEFAULT_FITSM_SETTINGS, version: stored.version };
}

/** What the acting user may do on the FitSM pages. */
export interface FitsmAccess {
  readonly accountId: string | null;
  /** Jira admin: changes the settings, and edits. */
  readonly isAdmin: boolean;
  /** Jira admin or member of the editor group: edits assessments. */
  readonly canEdit: boolean;
}

/** The acting user's access, asked of Jira as that user (admin permission; groups only when a group is set). */
export async function loadFitsmAccess(
  jira: Pick<JiraPort, 'getMyPermissions'> & Pick<JiraUserAccessPort, 'getMyGroupNames'>,
  store: StorePort,
  accountId: string | null,
): Promise<FitsmAccess> {
  const { settings } = await readFitsmSettings(store);
  const access = await loadOkrAccess(jira, settings.editorGroupName, accountId);
  return { accountId, isAdmin: access.isAdmin, canEdit: access.isAdmin || access.isEditor };
}

/** @throws FitsmForbiddenError unless the user may edit. */
export function requireFitsmEditor(access: FitsmAccess, what: string): void {
  if (!access.canEdit)
    throw new FitsmForbiddenError(
      `Only Jira administrators and members of the FitSM editor group may ${what}; ask a Jira administrator to add you to the group named in the FitSM settings.`,
    );
}

/**
 * Saves the settings (Jira admins only) when they are still at `expectedVersion` (null: never saved).
 * @throws FitsmForbiddenError for a non-admin; FitsmSettingsConflictError when someone saved in between.
 */
export async function saveFitsmSettings(
  store: StorePort,
  access: FitsmAccess,
  settings: FitsmSettings,
  expectedVersion: number | null,
): Promise<{ readonly settings: FitsmSettings; readonly version: number }> {
  if (!access.isAdmin)
    throw new FitsmForbiddenError('Only Jira administrators change the FitSM settings (the editor group).');
  try {
    const { version } = await store.put<FitsmSettings>(FITSM_SETTINGS_KEY, settings, expectedVersion);
    return { settings, version };
  } catch (error) {
    if (error instanceof StoreConflictError)
      throw new FitsmSettingsConflictError(
        'The FitSM settings were changed by someone else after you loaded them. Reload and save again.',
      );
    throw error;
  }
}

/** The settings as the page shows them, with what the acting user may do. */
export async function getFitsmSettingsView(deps: {
  readonly jira: Pick<JiraPort, 'getMyPermissions'> & Pick<JiraUserAccessPort, 'getMyGroupNames'>;
  readonly store: StorePort;
  readonly accountId: string | null;
}): Promise<FitsmSettingsView> {
  const [{ settings, version }, access] = await Promise.all([
    readFitsmSettings(deps.store),
    loadFitsmAccess(deps.jira, deps.store, deps.accountId),
  ]);
  return {
    editorGroupName: settings.editorGroupName,
    version,
    canChange: access.isAdmin,
    canEdit: access.canEdit,
  };
}

/** Saves the settings as the acting user (Jira admins only) and answers the new view. */
export async function saveFitsmSettingsAs(
  deps: Parameters<typeof getFitsmSettingsView>[0],
  settings: FitsmSettings,
  expectedVersion: number | null,
): Promise<FitsmSettingsView> {
  const access = await loadFitsmAccess(deps.jira, deps.store, deps.accountId);
  await saveFitsmSettings(deps.store, access, settings, expectedVersion);
  return getFitsmSettingsView(deps);
}
