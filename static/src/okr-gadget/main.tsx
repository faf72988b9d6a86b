/**
 * Entry of the OKR gadget (`jira:dashboardGadget` `okr-gadget`, view and edit). Adapts Forge's gadget context to
 * the module-independent components: the entry point (`edit` shows the edit view), `view.submit(config)` (Forge
 * gadgets save their configuration with it and return to the view) and the navigation: an issue opens with
 * `router.open('/browse/KEY')` as on the other pages, the OKR page (global page `okr-page`) with `router.navigate`
 * to its module. Which gadget is meant the resolvers take from Forge's context, so no call names a gadget.
 */
import { router, view } from '@forge/bridge';
import { useState, type ReactNode } from 'react';
import '../shared/base.css';
import '../flow-gadget/flow-gadget.css';
import './okr-parts.css';
import './okr-gadget.css';
import type { OkrGadgetConfig } from '../../../src/contract/okr';
import type { UiI18n } from '../i18n/load';
import { stringOrNull, type UiContext } from '../platform/forge';
import { startModule } from '../platform/start-module';
import { invokeResolver } from '../api/invoke';
import { okrPagePath } from '../okr-page/okr-page-target';
import { OkrGadget, type OkrNavigation } from './okr-gadget';
import { OkrGadgetEdit, type OkrGadgetEditApi } from './okr-gadget-edit';
import type { OkrGadgetApi } from './okr-gadget-model';

/** The manifest key of the OKR page (`jira:globalPage`). */
export const OKR_PAGE_MODULE_KEY = 'okr-page';

const navigation: OkrNavigation = {
  openIssue: (issueKey) => {
    void router.open(`/browse/${encodeURIComponent(issueKey)}`);
  },
  // The page reads the path from view.createHistory() and opens the period, the key result's detail or the
  // objective (okr-page-target.ts).
  openOkrPage: (target) => {
    const path = okrPagePath({
      ...(target.periodKey === undefined ? {} : { periodKey: target.periodKey }),
      ...(target.kind === 'objective' ? { objectiveId: target.objectiveId } : {}),
      ...(target.kind === 'keyResult' ? { keyResultId: target.keyResultId } : {}),
    });
    void router.navigate({ target: 'module', moduleKey: OKR_PAGE_MODULE_KEY, path });
  },
};

const viewApi: OkrGadgetApi = { getGadget: () => invokeResolver('getOkrGadget', {}) };
const editApi: OkrGadgetEditApi = {
  getGadget: () => invokeResolver('getOkrGadget', {}),
  getOverview: () => invokeResolver('getOkrOverview', {}),
  saveConfig: (config, expectedVersion) => invokeResolver('saveOkrGadgetConfig', { config, expectedVersion }),
};

/** `view.submit` where the host has it (Jira); the local preview's bridge may not. */
async function submitToHost(config: OkrGadgetConfig): Promise<void> {
  const submit = (view as { submit?: (payload?: unknown) => Promise<void> }).submit;
  if (typeof submit === 'function') await submit(config);
}

function Gadget({ context, i18n }: { readonly context: UiContext; readonly i18n: UiI18n }): ReactNode {
  const entryPoint = stringOrNull((context.extension as { entryPoint?: unknown }).entryPoint);
  const [editing, setEditing] = useState(entryPoint === 'edit');
  // Coming back from the edit view mounts the view anew: it loads the saved configuration's OKRs.
  if (!editing)
    return (
      <OkrGadget
        api={viewApi}
        i18n={i18n}
        navigation={navigation}
        onConfigure={() => {
          setEditing(true);
        }}
      />
    );
  return (
    <OkrGadgetEdit
      api={editApi}
      i18n={i18n}
      defaultProjectKey={context.projectKey}
      onSaved={async (config) => {
        await submitToHost(config);
        setEditing(false);
      }}
      {...(entryPoint === 'edit'
        ? {}
        : {
            onCancel: () => {
              setEditing(false);
            },
          })}
    />
  );
}

startModule('OKRs could not start. / OKRs konnten nicht starten.', (context) => (i18n) => (
  <Gadget context={context} i18n={i18n} />
));
