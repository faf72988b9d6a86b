/**
 * Entry of the flow gadget (`jira:dashboardGadget`). Adapts Forge's gadget context to the module-independent
 * components: the entry point (`edit` shows the edit view) and `view.submit(config)`, with which Forge gadgets
 * save their configuration and return to the view. The configuration itself is stored by `saveGadgetConfig` (the
 * gadget's view reads it from there); which gadget is meant the resolvers take from Forge's context, so no call
 * names a gadget.
 */
import { view } from '@forge/bridge';
import { useState, type ReactNode } from 'react';
import '../shared/base.css';
import '../project-page/backfill-progress.css';
import './flow-gadget.css';
import type { GadgetConfig } from '../../../src/contract/gadget';
import type { UiI18n } from '../i18n/load';
import { stringOrNull, type UiContext } from '../platform/forge';
import { startModule } from '../platform/start-module';
import { invokeResolver } from '../api/invoke';
import { FlowGadget } from './flow-gadget';
import { FlowGadgetEdit } from './gadget-edit';

interface GadgetContext {
  readonly entryPoint: string | null;
  readonly projectKey: string | null;
}

function gadgetContext(context: UiContext): GadgetContext {
  const extension = context.extension as { entryPoint?: unknown };
  return {
    entryPoint: stringOrNull(extension.entryPoint),
    projectKey: context.projectKey,
  };
}

/** `view.submit` where the host has it (Jira); the local preview's bridge may not. */
async function submitToHost(config: GadgetConfig): Promise<void> {
  const submit = (view as { submit?: (payload?: unknown) => Promise<void> }).submit;
  if (typeof submit === 'function') await submit(config);
}

/** The gadget's view, or its edit view (the entry point `edit`, or "configure" from the view). */
function Gadget({ gadget, i18n }: { readonly gadget: GadgetContext; readonly i18n: UiI18n }): ReactNode {
  const [editing, setEditing] = useState(gadget.entryPoint === 'edit');
  const showView = (): void => {
    setEditing(false);
  };
  if (!editing) {
    return (
      <FlowGadget
        api={{
          getFlow: (config) => invokeResolver('getGadgetFlow', config === undefined ? {} : { config }),
        }}
        i18n={i18n}
        onConfigure={() => {
          setEditing(true);
        }}
      />
    );
  }
  return (
    <FlowGadgetEdit
      api={{
        getConfig: () => invokeResolver('getGadgetConfig', {}),
        saveConfig: (config, expectedVersion) =>
          invokeResolver('saveGadgetConfig', { config, expectedVersion }),
      }}
      i18n={i18n}
      defaultProjectKey={gadget.projectKey}
      onSaved={async (config) => {
        await submitToHost(config);
        showView();
      }}
      {...(gadget.entryPoint === 'edit' ? {} : { onCancel: showView })}
    />
  );
}

startModule('Flow metrics could not start. / Flussmetriken konnten nicht starten.', (context) => {
  const gadget = gadgetContext(context);
  return (i18n) => <Gadget gadget={gadget} i18n={i18n} />;
});
