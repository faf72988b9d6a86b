/**
 * Entry of the app's project settings page (`jira:projectSettingsPage`, one per app): the subpage `csi-setup`
 * sets up CSI, `feedback` holds the feedback replies and web trigger (issue 11), every other route is the flow
 * status mapping. Each page's code is a chunk of its own.
 */
import { currentSubpageRoute } from '../platform/subpage';

async function boot(): Promise<void> {
  const route = await currentSubpageRoute();
  if (route === 'csi-setup') await import('../csi-setup/main');
  else if (route === 'feedback') await import('../feedback-settings/main');
  else await import('./main');
}

void boot();
