/**
 * What uPlot needs of a browser that jsdom lacks, for jsdom tests that render the project page's charts (the
 * browser tests check the drawing itself): `window.matchMedia` (read when uPlot loads; nothing matches) and a
 * canvas 2D context that draws nothing. Import it before the page's modules.
 */
if (typeof window !== 'undefined') {
  if (typeof window.matchMedia !== 'function')
    window.matchMedia = (query: string): MediaQueryList =>
      ({
        matches: false,
        media: query,
        onchange: null,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        dispatchEvent: () => false,
      }) as unknown as MediaQueryList;
  // Every method a no-op, `measureText` a zero width; properties assigned are kept.
  const context = new Proxy<Record<string | symbol, unknown>>(
    {},
    {
      get: (target, name) =>
        name in target ? target[name] : name === 'measureText' ? () => ({ width: 0 }) : () => undefined,
      set: (target, name, value) => {
        target[name] = value;
        return true;
      },
    },
  );
  // uPlot builds its paths as Path2D objects: one whose every method is a no-op.
  if (!('Path2D' in window)) {
    const noPath = function Path2D(): unknown {
      return new Proxy({}, { get: () => () => undefined });
    };
    Object.assign(globalThis, { Path2D: noPath });
  }
  HTMLCanvasElement.prototype.getContext = (() => context) as unknown as HTMLCanvasElement['getContext'];
}
