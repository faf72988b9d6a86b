/**
 * The CSI workflow as Jira's `POST /rest/api/3/workflows/create` (and `/create/validation`) take it: the CSI
 * statuses (by the ids the setup reused or created), the transitions of {@link CSI_TRANSITIONS} in the
 * administrator's language, and the app's Forge validator on every transition with a rule. Pure.
 */
import {
  CSI_STATUSES,
  CSI_TRANSITIONS,
  CSI_WORKFLOW_NAMES,
  type CsiStatusCategory,
  type CsiStatusKey,
} from './workflow';
import type { CsiLanguage } from './provisioning';

/** The rule key of Forge workflow validators (`jira:workflowValidator`) in the workflow APIs. */
export const FORGE_VALIDATOR_RULE_KEY = 'forge:expression-validator';

/** How the app's validator rule id (an ARI) ends: the module key of `jira:workflowValidator` in the manifest. */
export const CSI_VALIDATOR_ARI_SUFFIX = '/static/csi-transition-validator';

/** The id of the app's CSI validator among the site's Forge rules (ids are ARIs); null when not offered. */
export function findCsiValidatorRuleId(rules: readonly { readonly id: string }[]): string | null {
  return rules.find((rule) => rule.id.endsWith(CSI_VALIDATOR_ARI_SUFFIX))?.id ?? null;
}

export interface CsiWorkflowStatusRef {
  readonly key: CsiStatusKey;
  readonly id: string;
  readonly name: string;
  readonly category: CsiStatusCategory;
}

export interface CsiWorkflowCreateRequest {
  readonly scope:
    { readonly type: 'GLOBAL' } | { readonly type: 'PROJECT'; readonly project: { readonly id: string } };
  readonly statuses: readonly {
    readonly id: string;
    readonly name: string;
    readonly statusCategory: CsiStatusCategory;
    readonly statusReference: string;
  }[];
  readonly workflows: readonly {
    readonly name: string;
    readonly description: string;
    readonly startPointLayout: { readonly x: number; readonly y: number };
    readonly statuses: readonly {
      readonly statusReference: string;
      readonly properties: Readonly<Record<string, string>>;
      readonly layout: { readonly x: number; readonly y: number };
    }[];
    readonly transitions: readonly {
      readonly id: string;
      readonly type: 'INITIAL' | 'DIRECTED';
      readonly name: string;
      readonly toStatusReference: string;
      readonly links: readonly { readonly fromStatusReference: string }[];
      readonly validators: readonly {
        readonly ruleKey: string;
        readonly parameters: Readonly<Record<string, string>>;
      }[];
      readonly properties: Readonly<Record<string, string>>;
    }[];
  }[];
}

/** A fixed UUID-shaped status reference per CSI status (references only link statuses within the request). */
export function statusReference(key: CsiStatusKey): string {
  const index = CSI_STATUSES.findIndex((status) => status.key === key);
  return `c5100000-0000-4000-8000-${String(index + 1).padStart(12, '0')}`;
}

const DESCRIPTIONS: Readonly<Record<CsiLanguage, string>> = {
  de: 'Kontinuierliche Serviceverbesserung nach FitSM PR14: erfassen, bewerten, genehmigen, umsetzen, Wirksamkeit prüfen (angelegt von Three Ways for Jira).',
  en: 'Continual service improvement as FitSM PR14 asks: identify, assess, approve, implement, verify (created by Three Ways for Jira).',
};

/**
 * The create request of the CSI workflow. `statuses` maps every CSI status key to the Jira status the setup
 * adopted or created; `validatorRuleId` is the ARI of the app's validator; `projectId` makes it project-scoped
 * (team-managed).
 *
 * @throws Error when a CSI status is missing from `statuses` (the status steps run before the workflow step).
 */
export function csiWorkflowCreateRequest(options: {
  readonly language: CsiLanguage;
  readonly statuses: ReadonlyMap<CsiStatusKey, CsiWorkflowStatusRef>;
  readonly validatorRuleId: string;
  readonly projectId: string | null;
}): CsiWorkflowCreateRequest {
  const { language, statuses, validatorRuleId, projectId } = options;
  const refs = CSI_STATUSES.map((definition, index) => {
    const status = statuses.get(definition.key);
    if (status === undefined) throw new Error(`The CSI status "${definition.key}" has no Jira status yet.`);
    return { definition, status, reference: statusReference(definition.key), index };
  });
  let nextId = 11;
  const transitions = CSI_TRANSITIONS.map((transition) => {
    const id = transition.from === null ? '1' : String(nextId);
    if (transition.from !== null) nextId += 10;
    return {
      id,
      type: transition.from === null ? ('INITIAL' as const) : ('DIRECTED' as const),
      name: transition.names[language],
      toStatusReference: statusReference(transition.to),
      links: (transition.from ?? []).map((from) => ({ fromStatusReference: statusReference(from) })),
      validators:
        transition.rule === null
          ? []
          : [
              {
                ruleKey: FORGE_VALIDATOR_RULE_KEY,
                parameters: {
                  key: validatorRuleId,
                  config: JSON.stringify({ rule: transition.rule, lang: language }),
                },
              },
            ],
      properties: {},
    };
  });
  return {
    scope: projectId === null ? { type: 'GLOBAL' } : { type: 'PROJECT', project: { id: projectId } },
    statuses: refs.map(({ status, reference }) => ({
      id: status.id,
      name: status.name,
      statusCategory: status.category,
      statusReference: reference,
    })),
    workflows: [
      {
        name: CSI_WORKFLOW_NAMES[language],
        description: DESCRIPTIONS[language],
        startPointLayout: { x: -120, y: 0 },
        statuses: refs.map(({ reference, index }) => ({
          statusReference: reference,
          properties: {},
          layout: { x: (index % 5) * 220, y: Math.floor(index / 5) * 160 },
        })),
        transitions,
      },
    ],
  };
}
