/**
 * The root tsconfig resolves modules the Node10 way (CommonJS backend), which ignores package.json `exports`;
 * Vite 8 declares its types only there. This points the bare specifier at the file `exports` names, so
 * `static/vite.config.ts` is type-checked against the real Vite API.
 */
declare module 'vite' {
  export * from 'vite/dist/node/index.js';
}
