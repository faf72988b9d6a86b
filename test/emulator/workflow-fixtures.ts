/**
 * Workflow create requests (`POST /rest/api/3/workflows/create`) the emulator tests share: the workflow
 * "Erfasst → Gelöst" with a new status Erfasst (TODO) and the seed's existing Gelöst (DONE), an INITIAL
 * transition "Erfassen" into Erfasst and whatever further transitions a test needs.
 */
import { obj, objs } from './http-client';
import type { TestClient } from './http-client';
import { STATUS } from './seed-builder';

type Json = Record<string, unknown>;

/** Status reference of the new status Erfasst in the requests. */
export const ERFASST_REF = 'e';
/** Status reference of the existing status Gelöst in the requests. */
export const GELOEST_REF = 'g';

/** "Abschließen": DIRECTED Erfasst → Gelöst, validated by the Forge validator `extensionKey` with rule "close". */
export function closeTransition(extensionKey: string): Json {
  return {
    name: 'Abschließen',
    type: 'DIRECTED',
    toStatusReference: GELOEST_REF,
    links: [{ fromStatusReference: ERFASST_REF }],
    validators: [
      {
        ruleKey: 'forge:expression-validator',
        parameters: { key: extensionKey, config: '{"rule":"close"}' },
      },
    ],
  };
}

/** A GLOBAL transition `name` into the status with reference `toStatusReference`. */
export function globalTransition(name: string, toStatusReference: string): Json {
  return { name, type: 'GLOBAL', toStatusReference };
}

export interface WorkflowRequestOptions {
  /** Default: "CSI-Flow". */
  readonly name?: string;
  /** Omitted from the request when absent. */
  readonly description?: string;
  /** The transitions after the INITIAL "Erfassen". */
  readonly transitions: readonly Json[];
}

/** A GLOBAL-scope create request for one workflow Erfasst → Gelöst; a fresh object tests may modify. */
export function workflowCreateRequest(options: WorkflowRequestOptions): Json {
  return {
    scope: { type: 'GLOBAL' },
    statuses: [
      { statusReference: ERFASST_REF, name: 'Erfasst', statusCategory: 'TODO' },
      { statusReference: GELOEST_REF, id: STATUS.geloest.id, name: 'Gelöst', statusCategory: 'DONE' },
    ],
    workflows: [
      {
        name: options.name ?? 'CSI-Flow',
        ...(options.description === undefined ? {} : { description: options.description }),
        statuses: [
          { statusReference: ERFASST_REF, properties: {} },
          { statusReference: GELOEST_REF, properties: {} },
        ],
        transitions: [
          { name: 'Erfassen', type: 'INITIAL', toStatusReference: ERFASST_REF },
          ...options.transitions,
        ],
      },
    ],
  };
}

/** Creates the workflow of `request` (expects 200); returns the new Erfasst status id and the workflow id. */
export async function createWorkflow(
  client: TestClient,
  request: Json,
): Promise<{ erfasstId: string; workflowId: string }> {
  const created = await client.post('/rest/api/3/workflows/create', request);
  expect(created.status).toBe(200);
  const body = obj(created.body);
  return {
    erfasstId: String(objs(body.statuses).find((s) => s.name === 'Erfasst')?.id),
    workflowId: String(objs(body.workflows)[0]?.id),
  };
}
