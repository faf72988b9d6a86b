/**
 * The chart of one group: a bar per requirement of its agreed level (0–4 on FitSM-6's scale), as SVG. The image
 * has a name that states the figures (`role="img"`), and the same figures stand in a table for screen readers;
 * a requirement without an agreed rating has no bar and reads "undetermined".
 */
import type { ReactNode } from 'react';
import type { FitsmGroupId, FitsmLevel } from '../../../../src/contract/fitsm-assessment';
import type { UiI18n } from '../../i18n/load';
import { levelText } from './assessment-model';

const BAR_WIDTH_PX = 28;
const GAP_PX = 12;
const CHART_HEIGHT_PX = 100;
const AXIS_PX = 18;
const MAX_LEVEL = 4;

export function GroupChart({
  groupId,
  requirements,
  i18n,
}: {
  readonly groupId: FitsmGroupId;
  readonly requirements: readonly { readonly id: string; readonly level: FitsmLevel | null }[];
  readonly i18n: UiI18n;
}): ReactNode {
  const { t } = i18n;
  const width = requirements.length * (BAR_WIDTH_PX + GAP_PX) + GAP_PX;
  const summary = t('fitsmAssessment.chart.label', {
    group: groupId,
    levels: requirements
      .map(
        (requirement) => `${requirement.id}: ${requirement.level === null ? '–' : String(requirement.level)}`,
      )
      .join(', '),
  });
  return (
    <figure className="fitsm-chart" data-testid={`chart-${groupId}`}>
      <svg
        role="img"
        aria-label={summary}
        width={width}
        height={CHART_HEIGHT_PX + AXIS_PX}
        viewBox={`0 0 ${String(width)} ${String(CHART_HEIGHT_PX + AXIS_PX)}`}
      >
        {[1, 2, 3, 4].map((line) => {
          const y = CHART_HEIGHT_PX - (line / MAX_LEVEL) * CHART_HEIGHT_PX;
          return <line key={line} className="fitsm-chart-grid" x1={0} x2={width} y1={y} y2={y} />;
        })}
        {requirements.map((requirement, index) => {
          const x = GAP_PX + index * (BAR_WIDTH_PX + GAP_PX);
          const height = ((requirement.level ?? 0) / MAX_LEVEL) * CHART_HEIGHT_PX;
          return (
            <g key={requirement.id} data-requirement={requirement.id} data-level={requirement.level ?? ''}>
              {requirement.level !== null && (
                <rect
                  className="fitsm-chart-bar"
                  x={x}
                  y={CHART_HEIGHT_PX - height}
                  width={BAR_WIDTH_PX}
                  height={Math.max(height, 2)}
                />
              )}
              <text className="fitsm-chart-label" x={x + BAR_WIDTH_PX / 2} y={CHART_HEIGHT_PX + AXIS_PX - 4}>
                {requirement.id.split('.')[1]}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="visually-hidden">
        <caption>{t('fitsmAssessment.chart.caption', { group: groupId })}</caption>
        <thead>
          <tr>
            <th scope="col">{t('fitsmAssessment.column.requirement')}</th>
            <th scope="col">{t('fitsmAssessment.column.agreed')}</th>
          </tr>
        </thead>
        <tbody>
          {requirements.map((requirement) => (
            <tr key={requirement.id}>
              <th scope="row">{requirement.id}</th>
              <td>{levelText(requirement.level, i18n)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
