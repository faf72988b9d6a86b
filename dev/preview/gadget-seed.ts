/**
 * The preview's dashboard opens with its gadgets configured, so a newcomer sees them working at once: the flow
 * gadget on the help desk's lead time and the OKR gadget on the current quarter. The configurations are stored
 * as the gadgets' own "save" stores them (same key, same value), for the gadget ids the preview's dashboard gives
 * its gadgets.
 */
import type { GadgetConfig } from '../../src/contract/gadget';
import { gadgetConfigStoreKey, type GadgetRef } from '../../src/application/gadget-flow';
import type { StorePort } from '../../src/application/ports/store-port';

/** The dashboard the preview shows its gadgets on (the emulator's System Dashboard). */
export const PREVIEW_DASHBOARD_ID = '10000';
/** The manifest key of the flow gadget. */
export const FLOW_GADGET_MODULE_KEY = 'flow-gadget';

/** The gadget id the preview's dashboard gives a gadget module (see `dashboardView` in `host/other-views.ts`). */
export function previewGadgetRef(moduleKey: string): GadgetRef {
  return { dashboardId: PREVIEW_DASHBOARD_ID, gadgetId: `preview-${moduleKey}` };
}

/** The flow gadget on the help desk: lead time p50 of the last 90 days (about a quarter) against the 90 before. */
export const SAMPLE_FLOW_GADGET_CONFIG: GadgetConfig = {
  scope: { kind: 'project', projectKey: 'HD' },
  metric: 'leadTime',
  percentile: 50,
  periodDays: 90,
  refreshMinutes: 0,
  title: 'Durchlaufzeit Service Desk (p50)',
};

/**
 * Stores the configuration of each sample gadget the manifest has (`gadgetModuleKeys`), unless one is stored
 * already. Answers the module keys it configured.
 */
export async function seedPreviewGadgets(
  store: StorePort,
  gadgetModuleKeys: readonly string[],
): Promise<readonly string[]> {
  const configured: string[] = [];
  if (gadgetModuleKeys.includes(FLOW_GADGET_MODULE_KEY)) {
    const key = gadgetConfigStoreKey(previewGadgetRef(FLOW_GADGET_MODULE_KEY));
    if ((await store.get(key)) === null) {
      await store.put<GadgetConfig>(key, SAMPLE_FLOW_GADGET_CONFIG, null);
      configured.push(FLOW_GADGET_MODULE_KEY);
    }
  }
  return configured;
}
