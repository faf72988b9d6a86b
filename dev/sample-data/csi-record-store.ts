/**
 * The sample improvement records as the app would have saved them: the app keeps each record in its own storage
 * (authoritative, versioned) and writes the issue property `three-ways-csi` only as a mirror carrying the stored
 * version and digest. The sample data generates the records as properties; this puts each one into the app's
 * store (version 1, as a first save) and replaces the property with its mirror, so the preview and the tests
 * start from the state a real site reaches by saving through the panel.
 */
import type { JiraSeed } from '../emulator/seed';
import { csiRecordStoreKey, sha256Hex, type StoredCsiRecordEntry } from '../../src/application/csi-record';
import type { StorePort } from '../../src/application/ports/store-port';
import { parseStoredCsiRecord } from '../../src/domain/csi/record';
import { csiMirrorValue } from '../../src/domain/csi/record-mirror';
import { CSI_RECORD_PROPERTY_KEY } from '../../src/domain/csi/workflow';

/**
 * Stores every readable sample record in `store` and answers the seed with their properties turned into mirrors.
 * A property the app cannot read stays as it is (and so shows as a mismatch, as it would on a site).
 */
export async function adoptSampleCsiRecords(seed: JiraSeed, store: StorePort): Promise<JiraSeed> {
  const issues = await Promise.all(
    seed.issues.map(async (issue) => {
      const property: unknown = issue.properties[CSI_RECORD_PROPERTY_KEY];
      if (property === undefined || property === null) return issue;
      const parsed = parseStoredCsiRecord(property);
      if (parsed.problem !== null) return issue;
      const entry: StoredCsiRecordEntry = {
        savedAt: parsed.record.updatedAt ?? issue.updated,
        record: parsed.record,
      };
      const { version } = await store.put(csiRecordStoreKey(issue.id), entry, null);
      return {
        ...issue,
        properties: {
          ...issue.properties,
          [CSI_RECORD_PROPERTY_KEY]: csiMirrorValue({ record: parsed.record, version }, sha256Hex),
        },
      };
    }),
  );
  return { ...seed, issues };
}
