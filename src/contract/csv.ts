/**
 * The one CSV writer (`src/domain/shared/csv.ts`) for the UI: the project page's and the CSI register's exports
 * write through it, as the command line does. Re-exports only (the UI reaches the backend only through
 * `src/contract/`).
 */
export {
  CSV_BOM,
  csvCell,
  csvDialectOf,
  csvDocument,
  csvField,
  csvNumber,
  csvRow,
  defuseFormula,
  type CsvDialect,
  type CsvValue,
} from '../domain/shared/csv';
