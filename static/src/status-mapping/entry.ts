/**
 * Entry of the app's project settings page (`jira:projectSettingsPage`, one per app): the subpage `csi-setup`
 * sets up CSI, every other route is the flow status mapping. Each page's code is a chunk of its own.
 */
import { currentSubpageRoute } from '../platform/subpage';

async function boot(): Promise<void> {
  if ((await currentSubpageRoute()) === 'csi-setup') await import('../csi-setup/main');
  else await import('./main');
}

void boot();
