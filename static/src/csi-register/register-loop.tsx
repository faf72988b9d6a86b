/**
 * The feedback loop per improvement in the CSI register (issue 11): feedback in → decided → done → people told →
 * effect verified, five steps with a symbol and words (never colour alone), and the filter "Schleife offen / Loop
 * open" for improvements that are done but whose loop is not closed (not everyone told, or the effect not
 * verified). Reads `CsiRegisterItemView.loop` (`CsiLoopView`, `src/domain/csi/views.ts`).
 */
import type { CsiRegisterItemView } from '../../../src/contract/csi';
import type { UiI18n } from '../i18n/load';

/** The loop of one improvement as the register view carries it (`CsiLoopView`). */
export type RegisterLoop = CsiRegisterItemView['loop'];

/**
 * The loop of an item; null when the answer lacks one (a backend older than the register's loop: the page then
 * shows a dash instead of failing).
 */
export function loopOf(item: CsiRegisterItemView): RegisterLoop | null {
  // The type says it is always there; an older backend's answer may still lack it.
  return (item as Partial<Pick<CsiRegisterItemView, 'loop'>>).loop ?? null;
}

export const LOOP_STEPS = ['feedback-in', 'decided', 'done', 'told', 'verified'] as const;
export type LoopStep = (typeof LOOP_STEPS)[number];

/** `reached`: the step is done; `partly`: some people told; `open`: not yet; `none`: nothing to do (no feedback). */
export type LoopStepState = 'reached' | 'partly' | 'open' | 'none';

/** Whether an effect-check outcome counts as verified: a run gave a verdict the data supports. */
export function effectVerified(effect: RegisterLoop['effect']): boolean {
  return effect === 'improved' || effect === 'worse' || effect === 'no-detectable-change';
}

/** The state of each of the five steps. */
export function loopSteps(loop: RegisterLoop): { readonly step: LoopStep; readonly state: LoopStepState }[] {
  const told: LoopStepState =
    loop.feedbackIn === 0
      ? 'none'
      : loop.told >= loop.feedbackIn
        ? 'reached'
        : loop.told > 0
          ? 'partly'
          : 'open';
  return [
    { step: 'feedback-in', state: loop.feedbackIn > 0 ? 'reached' : 'open' },
    { step: 'decided', state: loop.decided ? 'reached' : 'open' },
    { step: 'done', state: loop.done ? 'reached' : 'open' },
    { step: 'told', state: told },
    { step: 'verified', state: effectVerified(loop.effect) ? 'reached' : 'open' },
  ];
}

/**
 * The loop is open: the improvement is done, but not everyone who gave feedback was told, or its effect is not
 * verified.
 */
export function isLoopOpen(loop: RegisterLoop | null): boolean {
  if (loop === null || !loop.done) return false;
  return (loop.feedbackIn > 0 && loop.told < loop.feedbackIn) || !effectVerified(loop.effect);
}

const SYMBOL: Readonly<Record<LoopStepState, string>> = { reached: '✓', partly: '◐', open: '○', none: '–' };

/** The words of a step in its state, e.g. "Leute informiert: 2 von 3". */
export function loopStepText(step: LoopStep, state: LoopStepState, loop: RegisterLoop, i18n: UiI18n): string {
  const { t } = i18n;
  const name = t(`csiRegister.loop.step.${step}`);
  if (step === 'feedback-in') return t('csiRegister.loop.count', { name, count: loop.feedbackIn });
  if (step === 'told')
    return state === 'none'
      ? t('csiRegister.loop.noFeedback', { name })
      : t('csiRegister.loop.toldOf', { name, told: loop.told, total: loop.feedbackIn });
  if (step === 'verified')
    return t('csiRegister.loop.effect', { name, effect: t(`csiRegister.loop.effect.${loop.effect}`) });
  return t(`csiRegister.loop.state.${state}`, { name });
}

/** The five steps of an item's loop as a compact list: symbols to see, words to read (and to hover). */
export function LoopCell({ item, i18n }: { readonly item: CsiRegisterItemView; readonly i18n: UiI18n }) {
  const { t } = i18n;
  const loop = loopOf(item);
  if (loop === null) return <span className="subtle">–</span>;
  const steps = loopSteps(loop);
  const reached = steps.filter((s) => s.state === 'reached').length;
  return (
    <span className="loop-cell" data-loop-open={isLoopOpen(loop) ? 'true' : 'false'}>
      <ol className="loop-steps" aria-label={t('csiRegister.loop.label', { reached, total: steps.length })}>
        {steps.map(({ step, state }) => {
          const text = loopStepText(step, state, loop, i18n);
          return (
            <li
              key={step}
              className={`loop-step loop-${state}`}
              data-step={step}
              data-state={state}
              title={text}
            >
              <span aria-hidden="true">{SYMBOL[state]}</span>
              <span className="visually-hidden">{text}</span>
            </li>
          );
        })}
      </ol>
      <span className="loop-summary" aria-hidden="true">
        {t('csiRegister.loop.summary', { reached, total: steps.length })}
      </span>
    </span>
  );
}
