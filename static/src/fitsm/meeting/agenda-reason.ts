/**
 * Why an agenda item is on the agenda, in the viewer's language (`fitsmMeetingPage.reason.<code>`): the backend
 * answers a reason code with its figures, the page words it.
 */
import type { AgendaReason } from '../../../../src/contract/fitsm-meeting';
import type { UiI18n } from '../../i18n/load';

function dayText(i18n: UiI18n, day: string): string {
  return new Intl.DateTimeFormat(i18n.formattingLocale, { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${day}T00:00:00Z`),
  );
}

/** The reason as one sentence. */
export function agendaReasonText(reason: AgendaReason, i18n: UiI18n): string {
  const { t, format } = i18n;
  switch (reason.code) {
    case 'no-evaluation':
      return t('fitsmMeetingPage.reason.no-evaluation', { days: reason.daysInStatus });
    case 'no-decision':
      return reason.score === null
        ? t('fitsmMeetingPage.reason.no-decision')
        : t('fitsmMeetingPage.reason.no-decision-score', { score: reason.score });
    case 'overdue':
      return t('fitsmMeetingPage.reason.overdue', {
        date: dayText(i18n, reason.targetDate ?? reason.nextReviewOn ?? ''),
      });
    case 'stuck':
      return t('fitsmMeetingPage.reason.stuck', {
        days: reason.daysWithoutChange,
        threshold: reason.thresholdDays,
      });
    case 'key-result-status':
      return t(`fitsmMeetingPage.reason.key-result-${reason.status}`, {
        progress: format.percent(reason.progress),
        expected: format.percent(reason.expected),
      });
    case 'effect-check-due':
      return t('fitsmMeetingPage.reason.effect-check-due');
    case 'effect-check-finished':
      return t(`fitsmMeetingPage.reason.effect-${reason.verdict}`, { date: format.dateTime(reason.ranAt) });
    case 'loop-open':
      return t('fitsmMeetingPage.reason.loop-open', { feedbackIn: reason.feedbackIn, told: reason.told });
  }
}
