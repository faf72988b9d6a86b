/**
 * Mouse and keyboard access to the dots of a dot chart whose points stand for issues: a click near a dot or
 * Enter on the focused dot opens that point's issue; arrow keys move between the dots and a focus ring marks
 * the current one.
 */
import { drawPointHighlight, nearestPoint } from './builders';
import type { UplotChartProps } from './uplot-chart';

/** The series of the plot's data (index into `AlignedData`, 0 being x) whose points are the issues. */
const pointSeries = 1;

/**
 * The `onPlotClick` and `navigation` props of a `UplotChart` whose point `i` stands for the issue `keys[i]`.
 *
 * @param keys Issue keys in data order, one per point of series 1.
 * @param describe What a screen reader announces for point `index`.
 * @param openIssue Opens the issue with the given key.
 */
export function issuePointInteraction(
  keys: readonly string[],
  describe: (index: number) => string,
  openIssue: (key: string) => void,
): Required<Pick<UplotChartProps, 'onPlotClick' | 'navigation'>> {
  const open = (index: number | null): void => {
    const key = index === null ? undefined : keys[index];
    if (key !== undefined) openIssue(key);
  };
  return {
    onPlotClick: (plot, left, top) => {
      open(nearestPoint(plot, pointSeries, left, top));
    },
    navigation: {
      count: keys.length,
      describe,
      highlight: (plot, index, tokens) => {
        drawPointHighlight(plot, pointSeries, index, tokens);
      },
      activate: open,
    },
  };
}
