/**
 * The review meeting's cadence form (editors): monthly or fortnightly from an anchor day, start time, length,
 * time zone and the CSI projects the agenda covers. Saved against the loaded version; a conflict says so and
 * keeps the input (saving again applies it to the latest version the page loads).
 */
import { useState, type SyntheticEvent, type ReactNode } from 'react';
import {
  MEETING_FREQUENCIES,
  type FitsmMeetingConfigView,
  type MeetingFrequency,
} from '../../../../src/contract/fitsm-meeting';
import type { UiI18n } from '../../i18n/load';
import { PlanFailureState, type PlanFailure } from '../shared/plan-failure';
import type { MeetingInvoke } from './meeting-page';

export function CadenceForm({
  invoke,
  i18n,
  config,
  timeZone,
  onSaved,
}: {
  readonly invoke: MeetingInvoke;
  readonly i18n: UiI18n;
  readonly config: FitsmMeetingConfigView;
  readonly timeZone: string;
  readonly onSaved: () => Promise<void>;
}): ReactNode {
  const { t } = i18n;
  const cadence = config.cadence;
  const [frequency, setFrequency] = useState<MeetingFrequency>(cadence?.frequency ?? 'monthly');
  const [anchorDate, setAnchorDate] = useState(cadence?.anchorDate ?? '');
  const [startTime, setStartTime] = useState(cadence?.startTime ?? '10:00');
  const [duration, setDuration] = useState(String(cadence?.durationMinutes ?? 60));
  const [zone, setZone] = useState(cadence?.timeZone ?? timeZone);
  const [projects, setProjects] = useState(config.projectKeys.join(', '));
  const [problem, setProblem] = useState('');
  const [failure, setFailure] = useState<PlanFailure | null>(null);
  const [saved, setSaved] = useState(false);

  const submit = async (event: SyntheticEvent): Promise<void> => {
    event.preventDefault();
    setSaved(false);
    const projectKeys = projects
      .split(/[\s,;]+/)
      .map((key) => key.trim().toUpperCase())
      .filter((key) => key !== '');
    const minutes = Number(duration);
    if (!/^\d{4}-\d{2}-\d{2}$/.test(anchorDate)) {
      setProblem(t('fitsmMeetingPage.cadenceForm.badAnchor'));
      return;
    }
    if (!/^\d{2}:\d{2}$/.test(startTime)) {
      setProblem(t('fitsmMeetingPage.cadenceForm.badTime'));
      return;
    }
    if (!Number.isInteger(minutes) || minutes < 15 || minutes > 480) {
      setProblem(t('fitsmMeetingPage.cadenceForm.badDuration'));
      return;
    }
    if (projectKeys.length < 1 || projectKeys.length > 5) {
      setProblem(t('fitsmMeetingPage.cadenceForm.badProjects'));
      return;
    }
    setProblem('');
    setFailure(null);
    const answer = await invoke('saveFitsmMeetingCadence', {
      cadence: { frequency, anchorDate, startTime, durationMinutes: minutes, timeZone: zone.trim() },
      projectKeys,
      expectedVersion: config.version,
    });
    if (answer.ok) {
      setSaved(true);
      await onSaved();
    } else {
      setFailure(answer.error);
      if (answer.error.code === 'conflict') await onSaved();
    }
  };

  return (
    <form
      className="stack-tight"
      onSubmit={(event) => void submit(event)}
      aria-labelledby="fitsm-cadence-heading"
      data-testid="cadence-form"
      noValidate
    >
      <h3 id="fitsm-cadence-heading" className="heading-small">
        {t('fitsmMeetingPage.cadenceForm.heading')}
      </h3>
      <div className="field-row">
        <label className="field">
          <span className="field-label">{t('fitsmMeetingPage.cadenceForm.frequency')}</span>
          <select
            value={frequency}
            onChange={(e) => {
              setFrequency(e.target.value as MeetingFrequency);
            }}
          >
            {MEETING_FREQUENCIES.map((f) => (
              <option key={f} value={f}>
                {t(`fitsmMeetingPage.frequency.${f}`)}
              </option>
            ))}
          </select>
        </label>
        <label className="field">
          <span className="field-label">{t('fitsmMeetingPage.cadenceForm.anchor')}</span>
          <input
            type="date"
            value={anchorDate}
            onChange={(e) => {
              setAnchorDate(e.target.value);
            }}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('fitsmMeetingPage.cadenceForm.startTime')}</span>
          <input
            type="time"
            value={startTime}
            onChange={(e) => {
              setStartTime(e.target.value);
            }}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('fitsmMeetingPage.cadenceForm.duration')}</span>
          <input
            type="number"
            min={15}
            max={480}
            value={duration}
            onChange={(e) => {
              setDuration(e.target.value);
            }}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('fitsmMeetingPage.cadenceForm.timeZone')}</span>
          <input
            value={zone}
            onChange={(e) => {
              setZone(e.target.value);
            }}
          />
        </label>
        <label className="field">
          <span className="field-label">{t('fitsmMeetingPage.cadenceForm.projects')}</span>
          <input
            value={projects}
            onChange={(e) => {
              setProjects(e.target.value);
            }}
            placeholder="CSI"
          />
        </label>
      </div>
      <button type="submit" className="button-primary">
        {t('fitsmMeetingPage.cadenceForm.save')}
      </button>
      <div aria-live="polite">
        {problem !== '' && (
          <p className="problems" role="alert">
            {problem}
          </p>
        )}
        {saved && <p className="state-success">{t('fitsmMeetingPage.cadenceForm.saved')}</p>}
        {failure !== null && <PlanFailureState area="fitsmMeeting" failure={failure} i18n={i18n} />}
      </div>
    </form>
  );
}
