/** The app's handlers over Forge's ports, built once per function instance; `src/index.ts` exports them. */
import { createAppHandlers } from './composition-root';
import { createForgePorts } from './forge-ports';

export const forgeApp = createAppHandlers(createForgePorts());
