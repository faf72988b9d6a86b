/**
 * Entry of the app's project page (`jira:projectPage`, one per app): the subpage `csi-register` is the CSI
 * register, every other route the flow page. Each page's code is a chunk of its own, loaded for its route only.
 */
import { currentSubpageRoute } from '../platform/subpage';

async function boot(): Promise<void> {
  if ((await currentSubpageRoute()) === 'csi-register') await import('../csi-register/main');
  else await import('./main');
}

void boot();
