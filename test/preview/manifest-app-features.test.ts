import { extensionAri, readManifestAppFeatures } from '../../dev/preview/manifest-modules';

const messages = {
  de: {
    'manifest.csiValidator.name': 'CSI-Prüfregeln',
    'manifest.csiValidator.description': 'Prüft den Nachweis.',
  },
  en: {
    'manifest.csiValidator.name': 'CSI rules',
    'manifest.csiValidator.description': 'Checks the record.',
  },
};

const MANIFEST = `
app:
  id: ari:cloud:ecosystem::app/00000000-0000-0000-0000-000000000000
modules:
  jira:workflowValidator:
    - key: csi-transition-validator
      name:
        i18n: manifest.csiValidator.name
      description:
        i18n: manifest.csiValidator.description
      function: csi-validator
  jira:entityProperty:
    - key: csi-record-index
      entityType: issue
      propertyKey: three-ways-csi
      values:
        - path: score
          type: number
          searchAlias: csiScore
        - path: decision.outcome
          type: string
  function:
    - key: resolver
      handler: index.handler
    - key: csi-validator
      handler: index.csiValidatorHandler
`;

describe('readManifestAppFeatures', () => {
  it('reads the app id, the indexed issue property values and the validators with their handlers', () => {
    const features = readManifestAppFeatures(MANIFEST, messages);
    expect(features.appId).toBe('00000000-0000-0000-0000-000000000000');
    expect(features.entityProperties).toEqual([
      {
        key: 'csi-record-index',
        entityType: 'issue',
        propertyKey: 'three-ways-csi',
        values: [
          { path: 'score', type: 'number', searchAlias: 'csiScore' },
          { path: 'decision.outcome', type: 'string' },
        ],
      },
    ]);
    expect(features.workflowValidators).toEqual([
      {
        key: 'csi-transition-validator',
        functionKey: 'csi-validator',
        handler: 'index.csiValidatorHandler',
        name: { de: 'CSI-Prüfregeln', en: 'CSI rules' },
        description: { de: 'Prüft den Nachweis.', en: 'Checks the record.' },
      },
    ]);
  });

  it('reads a validator’s projectTypes (where Jira offers the rule)', () => {
    const features = readManifestAppFeatures(
      MANIFEST.replace(
        '      function: csi-validator\n',
        '      function: csi-validator\n      projectTypes:\n        - company-managed\n        - team-managed\n',
      ),
      messages,
    );
    expect(features.workflowValidators[0]?.projectTypes).toEqual(['company-managed', 'team-managed']);
  });

  it('gives a validator whose function the manifest lacks no handler', () => {
    const features = readManifestAppFeatures(
      MANIFEST.replace('    - key: csi-validator\n      handler: index.csiValidatorHandler\n', ''),
      messages,
    );
    expect(features.workflowValidators[0]?.handler).toBeNull();
  });

  it('has no entity properties or validators for a manifest without them', () => {
    const features = readManifestAppFeatures(
      'app:\n  id: ari:cloud:ecosystem::app/abc-123\nmodules:\n  function:\n    - key: f\n      handler: index.f\n',
      messages,
    );
    expect(features).toEqual({ appId: 'abc-123', entityProperties: [], workflowValidators: [] });
  });

  it('refuses an app id that is not an app ARI, naming the field', () => {
    expect(() => readManifestAppFeatures('app:\n  id: my-app\n', messages)).toThrow(
      /app\.id must be an app ARI/,
    );
  });

  it('refuses a value type Jira does not index, naming module and path', () => {
    expect(() =>
      readManifestAppFeatures(MANIFEST.replace('type: number', 'type: boolean'), messages),
    ).toThrow(/csi-record-index: value score has type "boolean"/);
  });
});

describe('extensionAri', () => {
  it('names a module of the app in an environment as Jira names workflow rule extensions', () => {
    expect(extensionAri('app-1', 'env-2', 'csi-transition-validator')).toBe(
      'ari:cloud:ecosystem::extension/app-1/env-2/static/csi-transition-validator',
    );
  });
});
