/** A small element builder for the host page (no framework: the host is a few lists and frames). */

type Child = Node | string | null | undefined | false;
type Attributes = Readonly<Record<string, string | number | boolean | null | undefined>>;

/**
 * Creates `<tag>` with attributes (`true` → present, `false`/`null`/`undefined` → absent) and children (strings
 * become text nodes, so nothing is parsed as HTML).
 *
 * @example h('a', { href: '/browse/HD-1', 'aria-current': 'page' }, 'HD-1')
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attributes: Attributes = {},
  ...children: readonly (Child | readonly Child[])[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/** Replaces the children of `parent`. */
export function replaceChildren(parent: Element, ...children: readonly Child[]): void {
  parent.replaceChildren(
    ...children.filter((child): child is Node | string => typeof child === 'string' || child instanceof Node),
  );
}
