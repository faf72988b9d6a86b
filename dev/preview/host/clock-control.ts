/**
 * The preview clock on the host page: shows the preview's "now" and advances it (an hour, a day, a week), which runs
 * the app's scheduled triggers that fall due (`POST /__preview/clock`) and reloads the modules, as time passing in
 * Jira would.
 */
import { advanceClock, fetchClock, type PreviewClockState } from './api';
import { h } from './dom';
import type { HostText } from './host-text';

const STEPS: readonly {
  readonly id: string;
  readonly ms: number;
  readonly label: 'clockHour' | 'clockDay' | 'clockWeek';
}[] = [
  { id: 'clock-hour', ms: 60 * 60_000, label: 'clockHour' },
  { id: 'clock-day', ms: 24 * 60 * 60_000, label: 'clockDay' },
  { id: 'clock-week', ms: 7 * 24 * 60 * 60_000, label: 'clockWeek' },
];

function shown(state: PreviewClockState, locale: string): string {
  return new Date(state.nowMs).toLocaleString(locale, { dateStyle: 'medium', timeStyle: 'short' });
}

/**
 * The control; `onAdvanced` is told what ran (to reload the modules and show a flag), `onError` a failure.
 */
export function clockControl(
  text: HostText,
  locale: string,
  onAdvanced: (state: PreviewClockState) => void,
  onError: (error: unknown) => void,
): HTMLElement {
  const time = h('output', { id: 'clock-now', 'aria-live': 'polite' }, '…');
  void fetchClock().then(
    (state) => {
      time.textContent = shown(state, locale);
    },
    () => {
      time.textContent = '?';
    },
  );
  const buttons = STEPS.map((step) => {
    const button = h(
      'button',
      { type: 'button', id: step.id, title: text('clockAdvanceBy', { step: text(step.label) }) },
      text(step.label),
    );
    button.addEventListener('click', () => {
      buttons.forEach((other) => {
        other.disabled = true;
      });
      advanceClock(step.ms)
        .then((state) => {
          time.textContent = shown(state, locale);
          onAdvanced(state);
        }, onError)
        .finally(() => {
          buttons.forEach((other) => {
            other.disabled = false;
          });
        });
    });
    return button;
  });
  return h(
    'div',
    { class: 'control', role: 'group', 'aria-label': text('clockLabel') },
    h('span', { class: 'clock-label' }, text('clockLabel')),
    time,
    h('div', { class: 'segmented' }, ...buttons),
  );
}
