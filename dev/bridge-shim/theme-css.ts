/**
 * Atlassian's design-token themes as CSS text, for the shim's `view.theme.enable()`: the same `--ds-*` variables
 * Jira applies, so the local preview and the browser tests show the real light and dark themes.
 *
 * The files come from the `@atlaskit/tokens` copy `@forge/bridge` depends on (not a top-level package here).
 * They are ES modules whose default export is a CSS string and ship without type declarations, hence the
 * `@ts-expect-error`s; the shim checks the default export's type at run time. The paths are literal because
 * Vite only bundles dynamic imports it can read statically.
 */

/** Token themes the shim applies: `data-theme` entry → loader of the module holding its CSS. */
export const themeCss: Readonly<Record<string, () => Promise<unknown>>> = {
  'light:light': () =>
    import(
      // @ts-expect-error TS7016: generated JS without type declarations
      '../../node_modules/@forge/bridge/node_modules/@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-light.js'
    ),
  'dark:dark': () =>
    import(
      // @ts-expect-error TS7016: generated JS without type declarations
      '../../node_modules/@forge/bridge/node_modules/@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-dark.js'
    ),
  'spacing:spacing': () =>
    import(
      // @ts-expect-error TS7016: generated JS without type declarations
      '../../node_modules/@forge/bridge/node_modules/@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-spacing.js'
    ),
  'shape:shape': () =>
    import(
      // @ts-expect-error TS7016: generated JS without type declarations
      '../../node_modules/@forge/bridge/node_modules/@atlaskit/tokens/dist/esm/artifacts/themes/atlassian-shape.js'
    ),
};
