/**
 * The record panel's feedback-loop sections (issue 11) under the record form: the loop of the improvement (who gave
 * feedback, who was told) and its effect check. The panel shows them once the record has loaded.
 */
import type { CsiRecordView } from '../../../src/contract/csi';
import type { UiI18n } from '../i18n/load';
import { EffectCheckSection } from './effect-check-section';
import type { InvokeFeedbackPanel } from './feedback-api-types';
import { FeedbackLoopSection, type OpenPath } from './feedback-loop-section';

export interface FeedbackSectionsProps {
  readonly issueKey: string;
  readonly invoke: InvokeFeedbackPanel;
  readonly i18n: UiI18n;
  readonly openPath: OpenPath;
  readonly recordVersion: number | null;
  readonly recordDirty: boolean;
  readonly onRecordChanged: (view: CsiRecordView) => void;
  readonly onReloadRecord: () => void;
}

export function FeedbackSections(props: FeedbackSectionsProps) {
  return (
    <div className="csi-groups" data-testid="feedback-sections">
      <FeedbackLoopSection
        issueKey={props.issueKey}
        invoke={props.invoke}
        i18n={props.i18n}
        openPath={props.openPath}
        recordVersion={props.recordVersion}
      />
      <EffectCheckSection {...props} />
    </div>
  );
}
