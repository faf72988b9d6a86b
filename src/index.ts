/** The handlers `manifest.yml` names (`<file>.<export>`), grouped by kind. Nothing else lives here. */

// Resolvers of the Custom UI modules (function `resolver`).
export { resolverHandler as handler } from './entry/resolvers';
