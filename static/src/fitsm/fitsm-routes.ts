/**
 * The FitSM section of the app's global page (manifest `sections`): its subpage routes and their titles (the
 * manifest's own i18n keys, so the page's heading and Jira's sidebar say the same). No imports: every FitSM chunk
 * and the global page's entry may carry it.
 */

/** The FitSM subpages in sidebar order. */
export const FITSM_ROUTES = ['fitsm-assessment', 'fitsm-schedule', 'fitsm-audits', 'fitsm-meeting'] as const;

export type FitsmRoute = (typeof FITSM_ROUTES)[number];

/** The manifest title key of each FitSM subpage. */
export const FITSM_ROUTE_TITLE_KEYS: Readonly<Record<FitsmRoute, string>> = {
  'fitsm-assessment': 'manifest.okrPage.fitsmAssessmentTitle',
  'fitsm-schedule': 'manifest.okrPage.fitsmScheduleTitle',
  'fitsm-audits': 'manifest.okrPage.fitsmAuditsTitle',
  'fitsm-meeting': 'manifest.okrPage.fitsmMeetingTitle',
};
