/**
 * What every OKR use case works with during one invocation: Jira and the stores, now, the viewer's time zone, the
 * OKR settings and the acting user's access ({@link OkrAccess}), loaded once per invocation.
 */
import type { OkrSettings } from '../contract/okr';
import { loadOkrAccess, type OkrAccess } from './okr-permissions';
import { readOkrSettings } from './okr-settings';
import type { JiraPort, JiraUserAccessPort } from './ports/jira-port';
import type { OkrStorePort } from './ports/okr-store-port';
import type { StorePort } from './ports/store-port';

/** Jira as the acting user, as the OKR use cases need it. */
export type OkrJira = JiraPort & JiraUserAccessPort;

/** The outside world of one invocation. */
export interface OkrSessionDeps {
  readonly jira: OkrJira;
  readonly store: StorePort;
  readonly okr: OkrStorePort;
  /** Now, epoch ms. */
  readonly nowMs: number;
  /** The acting user's account id (from Forge's context); null when absent. */
  readonly accountId: string | null;
  /** The viewer's IANA time zone (the current quarter is read in it). */
  readonly timeZone: string;
  /** The public URL of a web trigger module of this installation (`okr-values`). */
  readonly webTriggerUrl: (moduleKey: string) => Promise<string>;
}

export interface OkrSession extends OkrSessionDeps {
  readonly settings: OkrSettings;
  /** Store version of the settings (null: never saved). */
  readonly settingsVersion: number | null;
  readonly access: OkrAccess;
}

/** Reads the OKR settings and then the acting user's access (which needs the editor group's name). */
export async function openOkrSession(deps: OkrSessionDeps): Promise<OkrSession> {
  const { settings, version } = await readOkrSettings(deps.store);
  const access = await loadOkrAccess(deps.jira, settings.editorGroupName, deps.accountId);
  return { ...deps, settings, settingsVersion: version, access };
}
