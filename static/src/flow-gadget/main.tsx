/**
 * Entry of the flow gadget (`jira:dashboardGadget`). Adapts Forge's gadget context to the module-independent
 * components: the gadget id (`extension.gadget.id`, else the context's `localId`), the entry point (`edit` shows
 * the edit view) and `view.submit(config)`, with which Forge gadgets save their configuration and return to the
 * view. The configuration itself is stored by `saveGadgetConfig` (the gadget's view reads it from there).
 */
import { view } from '@forge/bridge';
import { createRoot } from 'react-dom/client';
import '../shared/base.css';
import './flow-gadget.css';
import type { GadgetConfig } from '../../../src/contract/gadget';
import { loadBundledMessages } from '../i18n/bundled';
import { loadI18n } from '../i18n/load';
import { createForgeTranslate, enableTheme, getUiContext } from '../platform/forge';
import { flowInvoke } from '../project-page/flow-invoke';
import { FlowGadget } from './flow-gadget';
import { FlowGadgetEdit } from './gadget-edit';

interface GadgetContext {
  readonly gadgetId: string;
  readonly entryPoint: string | null;
  readonly projectKey: string | null;
}

const text = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

async function gadgetContext(): Promise<GadgetContext> {
  const context = await view.getContext();
  const extension = context.extension as {
    gadget?: { id?: unknown };
    gadgetId?: unknown;
    entryPoint?: unknown;
    project?: { key?: unknown };
  };
  return {
    gadgetId: text(extension.gadget?.id) ?? text(extension.gadgetId) ?? text(context.localId) ?? 'local',
    entryPoint: text(extension.entryPoint),
    projectKey: text(extension.project?.key),
  };
}

/** `view.submit` where the host has it (Jira); the local preview's bridge may not. */
async function submitToHost(config: GadgetConfig): Promise<void> {
  const submit = (view as { submit?: (payload?: unknown) => Promise<void> }).submit;
  if (typeof submit === 'function') await submit(config);
}

async function start(container: HTMLElement): Promise<void> {
  const root = createRoot(container);
  container.setAttribute('aria-busy', 'true');
  void enableTheme();
  try {
    const [context, gadget] = await Promise.all([getUiContext(), gadgetContext()]);
    const i18n = await loadI18n(context.locale, context.timeZone, {
      createForgeTranslate,
      loadBundled: loadBundledMessages,
    });
    document.documentElement.lang = i18n.formattingLocale;
    container.removeAttribute('aria-busy');
    const { gadgetId } = gadget;
    const showView = (): void => {
      root.render(
        <FlowGadget
          api={{
            getFlow: (config) =>
              flowInvoke('getGadgetFlow', config === undefined ? { gadgetId } : { gadgetId, config }),
          }}
          i18n={i18n}
          onConfigure={showEdit}
        />,
      );
    };
    function showEdit(): void {
      root.render(
        <FlowGadgetEdit
          api={{
            getConfig: () => flowInvoke('getGadgetConfig', { gadgetId }),
            saveConfig: (config, expectedVersion) =>
              flowInvoke('saveGadgetConfig', { gadgetId, config, expectedVersion }),
          }}
          i18n={i18n}
          defaultProjectKey={gadget.projectKey}
          onSaved={async (config) => {
            await submitToHost(config);
            showView();
          }}
          {...(gadget.entryPoint === 'edit' ? {} : { onCancel: showView })}
        />,
      );
    }
    if (gadget.entryPoint === 'edit') showEdit();
    else showView();
  } catch (error) {
    container.removeAttribute('aria-busy');
    root.render(
      <p role="alert" className="state-error">
        Flow metrics could not start. / Flussmetriken konnten nicht starten. ({String(error)})
      </p>,
    );
  }
}

const container = document.getElementById('root');
if (container !== null) void start(container);
