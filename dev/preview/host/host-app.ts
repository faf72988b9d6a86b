/** What a view of the host page gets from the page: the state, the words, and how to change the state. */
import type { ShimContext } from '../../bridge-shim/index';
import type { PreviewConfig, PreviewModule, PreviewProject, PreviewUser } from '../preview-api';
import type { HostText } from './host-text';
import type { PreviewState } from './state';

export interface HostApp {
  readonly config: PreviewConfig;
  readonly state: PreviewState;
  readonly text: HostText;
  /** Forge locale of the chosen language, e.g. `de-DE`. */
  readonly locale: string;
  readonly user: PreviewUser;
  /** The project of the current view; null when the user sees none. */
  readonly project: PreviewProject | null;
  /** The projects the user may browse, by key. */
  readonly projects: readonly PreviewProject[];
  /** Changes the state; `push` adds a browser history entry (a navigation), `replace` does not (typing). */
  update(change: Partial<PreviewState>, how: 'push' | 'replace'): void;
  /** The page URL of the state with `change` applied (for real links: open in new tab, copy). */
  hrefFor(change: Partial<PreviewState>): string;
  /** The Forge context of `module` with its `extension` (type added). */
  contextFor(module: PreviewModule, extension: Readonly<Record<string, unknown>>): ShimContext;
  /** The modules of a view, in manifest order. */
  modulesOf(view: PreviewState['view']): readonly PreviewModule[];
}

/** Forge's `extension.project` of a project. */
export function projectExtension(project: PreviewProject): Readonly<Record<string, unknown>> {
  return { id: project.id, key: project.key, type: project.typeKey };
}
