/**
 * The OKR settings (Jira admins): the editor group and the status thresholds, stored versioned under
 * `okr-settings` (a stale save is refused with {@link OkrConflictError}).
 */
import * as v from 'valibot';
import type { OkrSettings } from '../contract/okr';
import { DEFAULT_STATUS_THRESHOLDS } from '../domain/okr/progress';
import { OkrConflictError, OkrValidationError } from './ports/okr-store-port';
import { StoreConflictError, type StorePort } from './ports/store-port';

export const OKR_SETTINGS_KEY = 'okr-settings';

/** Jira's longest group name. */
export const MAX_GROUP_NAME_LENGTH = 255;

/** The settings before an admin saved any: no editor group, OKR.md's thresholds 0.7 and 0.4. */
export const DEFAULT_OKR_SETTINGS: OkrSettings = {
  editorGroupName: null,
  thresholds: DEFAULT_STATUS_THRESHOLDS,
};

const GroupNameSchema = v.pipe(
  v.string('editorGroupName must be text or null'),
  v.minLength(1, 'editorGroupName is empty: name a Jira group or send null'),
  v.maxLength(MAX_GROUP_NAME_LENGTH, 'editorGroupName is at most 255 characters (Jira group names are)'),
  v.check(
    (name) => name.trim() === name,
    'editorGroupName must not begin or end with spaces (Jira group names do not)',
  ),
  // Control characters cannot be typed into Jira's group form; they only come from a broken client.
  // eslint-disable-next-line no-control-regex
  v.regex(/^[^\u0000-\u001f\u007f]+$/, 'editorGroupName must not contain control characters'),
);

const ShareSchema = (name: string) =>
  v.pipe(v.number(`${name} must be a number`), v.finite(`${name} must be a finite number`));

/** The settings as a save sends them, with the rule 0 < atRisk < onTrack ≤ 1. */
export const OkrSettingsSchema = v.pipe(
  v.strictObject(
    {
      editorGroupName: v.nullable(GroupNameSchema),
      thresholds: v.strictObject(
        { onTrack: ShareSchema('thresholds.onTrack'), atRisk: ShareSchema('thresholds.atRisk') },
        'thresholds must be { onTrack, atRisk }',
      ),
    },
    'settings must be { editorGroupName, thresholds }',
  ),
  v.check(
    (s) => s.thresholds.atRisk > 0 && s.thresholds.atRisk < s.thresholds.onTrack && s.thresholds.onTrack <= 1,
    'thresholds: 0 < atRisk < onTrack ≤ 1 (e.g. onTrack 0.7, atRisk 0.4)',
  ),
);

/** The stored settings and their version (defaults and null when never saved). */
export async function readOkrSettings(
  store: StorePort,
): Promise<{ readonly settings: OkrSettings; readonly version: number | null }> {
  const stored = await store.get<OkrSettings>(OKR_SETTINGS_KEY);
  if (stored === null) return { settings: DEFAULT_OKR_SETTINGS, version: null };
  // A value written by an older version or by hand falls back to the defaults rather than breaking every view.
  const parsed = v.safeParse(OkrSettingsSchema, stored.value);
  return { settings: parsed.success ? parsed.output : DEFAULT_OKR_SETTINGS, version: stored.version };
}

/**
 * Saves the settings when they are still at `expectedVersion` (null: never saved).
 *
 * @throws OkrValidationError when they break a rule; OkrConflictError when someone saved in between.
 */
export async function saveOkrSettings(
  store: StorePort,
  settings: unknown,
  expectedVersion: number | null,
): Promise<{ readonly version: number }> {
  const parsed = v.safeParse(OkrSettingsSchema, settings);
  if (!parsed.success)
    throw new OkrValidationError(
      parsed.issues.map((issue) => ({ path: v.getDotPath(issue) ?? 'settings', message: issue.message })),
      'OKR settings',
    );
  try {
    return await store.put<OkrSettings>(OKR_SETTINGS_KEY, parsed.output, expectedVersion);
  } catch (error) {
    if (error instanceof StoreConflictError)
      throw new OkrConflictError('The OKR settings', expectedVersion ?? 0, error.actualVersion);
    throw error;
  }
}
