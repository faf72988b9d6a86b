/**
 * The preview's dashboard opens with its gadgets configured, so a newcomer sees them working at once: the flow
 * gadget on the help desk's lead time and the OKR gadget on the current quarter. The configurations are stored
 * as the gadgets' own "save" stores them (same key, same value), for the gadget ids the preview's dashboard gives
 * its gadgets.
 */
import type { GadgetConfig } from '../../src/contract/gadget';
import type { OkrGadgetConfig } from '../../src/contract/okr';
import { gadgetConfigStoreKey, type GadgetRef } from '../../src/application/gadget-flow';
import { okrGadgetConfigKey } from '../../src/application/okr-gadget';
import type { StorePort } from '../../src/application/ports/store-port';

/** The dashboard the preview shows its gadgets on (the emulator's System Dashboard). */
export const PREVIEW_DASHBOARD_ID = '10000';
/** The manifest key of the flow gadget. */
export const FLOW_GADGET_MODULE_KEY = 'flow-gadget';
/** The manifest key of the OKR gadget. */
export const OKR_GADGET_MODULE_KEY = 'okr-gadget';

/** The gadget id the preview's dashboard gives a gadget module (see `dashboardView` in `host/other-views.ts`). */
export function previewGadgetRef(moduleKey: string): GadgetRef {
  return { dashboardId: PREVIEW_DASHBOARD_ID, gadgetId: `preview-${moduleKey}` };
}

/**
 * The flow gadget on the help desk: lead time p50 of the last 90 days (about a quarter) against the 90 before.
 * No title: the gadget names the metric in the viewer's language.
 */
export const SAMPLE_FLOW_GADGET_CONFIG: GadgetConfig = {
  scope: { kind: 'project', projectKey: 'HD' },
  metric: 'leadTime',
  percentile: 50,
  periodDays: 90,
  refreshMinutes: 0,
};

/** The OKR gadget: every objective of the current quarter, detailed (key results with their linked issues). */
export const SAMPLE_OKR_GADGET_CONFIG: OkrGadgetConfig = {
  period: { kind: 'current' },
  layout: 'detailed',
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
  const samples = [
    { moduleKey: FLOW_GADGET_MODULE_KEY, key: gadgetConfigStoreKey, config: SAMPLE_FLOW_GADGET_CONFIG },
    { moduleKey: OKR_GADGET_MODULE_KEY, key: okrGadgetConfigKey, config: SAMPLE_OKR_GADGET_CONFIG },
  ] as const;
  for (const sample of samples) {
    if (!gadgetModuleKeys.includes(sample.moduleKey)) continue;
    const key = sample.key(previewGadgetRef(sample.moduleKey));
    // As the gadget's first save: only when nothing is stored yet.
    if ((await store.get(key)) !== null) continue;
    await store.put(key, sample.config, null);
    configured.push(sample.moduleKey);
  }
  return configured;
}
