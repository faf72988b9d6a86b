// The export lives with the sample data (dev/sample-data/export-issues.ts, also a script for the README's CLI
// examples); the tests import it from here as before.
export { exportedSeedIssues } from '../../../dev/sample-data/export-issues';
