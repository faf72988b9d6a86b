/**
 * A small stand-in for Jira Automation in the preview: on the emulator's product events it evaluates sample rules
 * (trigger, condition) and calls the app's Automation actions the way Automation does — the action's function
 * with the configured inputs as its payload (every declared input, optional ones left empty as ""), as the rule's
 * actor, through the preview backend's `runAction` (the same path as `POST /__preview/actions/<key>`) — and keeps
 * a run log like Automation's audit log: each run with its outcome (performed, no actions, failed) and the action's
 * answer or error messages.
 *
 * Events are handled one at a time in their order, so a run log reads as Automation's does; `idle()` waits until
 * every event received so far has been handled.
 */
import type { ProductEvent } from '../emulator/context';
import type { PreviewLanguage, PreviewRuleRun, PreviewRulesView } from './preview-api';

/** Text in the preview's two languages. */
export type RuleText = Readonly<Record<PreviewLanguage, string>>;

/** An action call a rule asks for: the action's manifest key and its configured inputs (smart values resolved). */
export interface RuleActionCall {
  readonly actionKey: string;
  readonly inputs: Readonly<Record<string, string | number>>;
}

/** What a rule makes of an event. */
export type RuleDecision =
  /** Not the rule's trigger: nothing is logged (Automation does not start the rule). */
  | { readonly kind: 'not-triggered' }
  /** Triggered, but the condition does not hold: logged as "no actions performed". */
  | { readonly kind: 'condition-failed'; readonly issueKey: string; readonly detail: RuleText }
  /** Triggered and the condition holds: the action runs. */
  | {
      readonly kind: 'run';
      readonly issueKey: string;
      readonly detail: RuleText;
      readonly call: RuleActionCall;
    };

/** What a rule may ask while deciding (as the rule's actor, as Automation's lookups run). */
export interface RuleTools {
  /** Keys of the issues a JQL finds (at most `max`). */
  readonly searchIssueKeys: (jql: string, max: number) => Promise<readonly string[]>;
  /** Epoch ms now (the preview clock). */
  readonly nowMs: number;
}

/** A sample rule. */
export interface PreviewRule {
  readonly id: string;
  readonly name: RuleText;
  readonly trigger: RuleText;
  readonly condition: RuleText;
  /** The action the rule calls (manifest key) and its name. */
  readonly action: { readonly key: string; readonly name: RuleText };
  decide(event: ProductEvent, tools: RuleTools): Promise<RuleDecision>;
}

export interface RuleRunnerDeps {
  readonly rules: readonly PreviewRule[];
  /** Runs an action as Automation would: `(action key, inputs, actor account id)` → the function's answer. */
  readonly runAction: (
    actionKey: string,
    inputs: Readonly<Record<string, unknown>>,
    accountId: string,
  ) => Promise<unknown>;
  /** The rule actor (the action's connection user). */
  readonly actorAccountId: string;
  readonly searchIssueKeys: RuleTools['searchIssueKeys'];
  readonly now: () => number;
  readonly logError: (message: string, error: unknown) => void;
}

export interface RuleRunner {
  /** Takes an emulator event (handled after the ones before it). */
  handleEvent(event: ProductEvent): void;
  /** Resolves once every event taken so far is handled. */
  idle(): Promise<void>;
  /** The rules and the run log, newest run first. */
  view(): PreviewRulesView;
  /** The id the next run will get: runs with an id from here on happened after this call. */
  nextRunId(): number;
}

/** Runs kept in the log (Automation's audit log pages too). */
export const RULE_RUNS_KEPT = 200;

function errorMessagesOf(answer: unknown): readonly string[] | null {
  const errors =
    typeof answer === 'object' && answer !== null ? (answer as { errors?: unknown }).errors : undefined;
  if (!Array.isArray(errors)) return null;
  return errors.map((error: unknown) => {
    const message =
      typeof error === 'object' && error !== null ? (error as { message?: unknown }).message : error;
    return typeof message === 'string' ? message : JSON.stringify(message);
  });
}

export function createRuleRunner(deps: RuleRunnerDeps): RuleRunner {
  const runs: PreviewRuleRun[] = [];
  let nextId = 1;
  let pending = 0;
  let chain: Promise<void> = Promise.resolve();

  function log(run: Omit<PreviewRuleRun, 'id' | 'atMs'>): void {
    runs.unshift({ id: nextId++, atMs: deps.now(), ...run });
    runs.length = Math.min(runs.length, RULE_RUNS_KEPT);
  }

  async function runRule(rule: PreviewRule, event: ProductEvent): Promise<void> {
    const decision = await rule.decide(event, { searchIssueKeys: deps.searchIssueKeys, nowMs: deps.now() });
    if (decision.kind === 'not-triggered') return;
    const base = {
      ruleId: rule.id,
      ruleName: rule.name,
      issueKey: decision.issueKey,
      detail: decision.detail,
    };
    if (decision.kind === 'condition-failed') {
      log({ ...base, outcome: 'no-actions', actionKey: null, inputs: null, result: null, messages: [] });
      return;
    }
    const { actionKey, inputs } = decision.call;
    try {
      const answer = await deps.runAction(actionKey, inputs, deps.actorAccountId);
      const messages = errorMessagesOf(answer);
      log({
        ...base,
        outcome: messages === null ? 'performed' : 'failed',
        actionKey,
        inputs,
        result: messages === null ? (answer ?? null) : null,
        messages: messages ?? [],
      });
    } catch (error) {
      // Automation marks a throwing action failed with a generic message; the preview shows the real one.
      log({
        ...base,
        outcome: 'failed',
        actionKey,
        inputs,
        result: null,
        messages: [error instanceof Error ? error.message : String(error)],
      });
    }
  }

  async function handle(event: ProductEvent): Promise<void> {
    for (const rule of deps.rules) {
      try {
        await runRule(rule, event);
      } catch (error) {
        deps.logError(`preview rule ${rule.id} failed on ${event.eventType}`, error);
      }
    }
  }

  return {
    handleEvent(event) {
      pending++;
      chain = chain
        .then(() => handle(event))
        .finally(() => {
          pending--;
        });
    },
    async idle() {
      while (pending > 0) await chain;
    },
    view() {
      return {
        rules: deps.rules.map((rule) => ({
          id: rule.id,
          name: rule.name,
          trigger: rule.trigger,
          condition: rule.condition,
          action: rule.action,
        })),
        runs: [...runs],
      };
    },
    nextRunId: () => nextId,
  };
}
