import type { DurationSummary, FlowReport } from '../domain/flow/types';
import type { CliText } from './cli-text';

const MS_PER_DAY = 86_400_000;

/** Lays out rows as aligned columns; numbers right-aligned. */
export function alignColumns(rows: readonly (readonly string[])[], rightAligned: readonly boolean[]): string {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows
    .map((row) =>
      row
        .map((cell, i) =>
          rightAligned[i] === true ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0),
        )
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

/**
 * A report for a person: header, summary (percentiles in days), Little's Law, forecast, warnings, then one line
 * per issue. Numbers in the locale of the text (German: decimal comma).
 */
export function formatTable(report: FlowReport, text: CliText): string {
  const h = text.heading;
  const num = new Intl.NumberFormat(text.locale, { maximumFractionDigits: 1, minimumFractionDigits: 1 });
  // Rates such as 0.04 items a day need significant digits, not one decimal.
  const rate = new Intl.NumberFormat(text.locale, { maximumSignificantDigits: 3 });
  const pct = new Intl.NumberFormat(text.locale, { style: 'percent', maximumFractionDigits: 0 });
  const inDays = (value: number | null, unit: DurationSummary['unit']): string =>
    value === null ? '–' : num.format(unit === 'ms' ? value / MS_PER_DAY : value);
  const s = report.summary;
  const done = report.issues.filter((i) => i.doneAt !== null).length;
  const started = report.issues.filter((i) => i.doneAt === null && i.startAt !== null).length;
  const lines: string[] = [];
  lines.push(
    `${report.mode} · ${report.timeZone} · ${h.asOf} ${report.asOf} · ${h.startPolicy} ${report.startPolicy}`,
  );
  lines.push(
    `${h.issues}: ${report.issues.length} (${h.done} ${done}, ${h.inProgress} ${started}, ${h.notStarted} ${report.issues.length - done - started})`,
  );
  const warnings = Object.entries(s.warningCounts);
  lines.push(
    `${h.warnings}: ${warnings.length === 0 ? h.none : warnings.map(([w, n]) => `${w} ${n}`).join(', ')}`,
  );
  lines.push('');
  lines.push(
    alignColumns(
      [
        ['', h.count, `p50 ${h.days}`, `p85 ${h.days}`, `p95 ${h.days}`],
        ...(
          [
            [h.leadTime, s.leadTime],
            [h.cycleTime, s.cycleTime],
          ] as const
        ).map(([label, d]) => [
          label,
          String(d.count),
          inDays(d.p50, d.unit),
          inDays(d.p85, d.unit),
          inDays(d.p95, d.unit),
        ]),
      ],
      [false, true, true, true, true],
    ),
  );
  lines.push('');
  lines.push(`${h.throughputPerWeek}: ${num.format(s.throughputPerWeek)}   ${h.wipNow}: ${s.wipNow}`);
  const ll = s.littlesLaw;
  if (ll !== null) {
    lines.push(
      `${h.littlesLaw} (${ll.windowStart} – ${ll.windowEnd}): WIP ${num.format(ll.averageWip)} ÷ ${rate.format(ll.averageThroughputPerDay)}${h.perDay} = ` +
        `${ll.predictedCycleTimeDays === null ? '–' : num.format(ll.predictedCycleTimeDays)} ${h.days} vs ` +
        `${ll.meanCycleTimeDays === null ? '–' : num.format(ll.meanCycleTimeDays)} ${h.days}` +
        (ll.deviation === null
          ? ''
          : ` (${pct.format(ll.deviation)}, ${ll.stable === true ? h.stable : h.unstable})`),
    );
  }
  const f = s.forecast;
  if (f?.howMany) {
    const levels = Object.entries(f.howMany.itemsAtConfidence)
      .map(([c, n]) => `${c} %: ≥ ${n}`)
      .join(', ');
    lines.push(`${h.forecast}: ${h.byDate} ${f.howMany.byDate}: ${levels}`);
  }
  if (f?.when) {
    const levels = Object.entries(f.when.dateAtConfidence)
      .map(([c, d]) => `${c} %: ${d ?? '–'}`)
      .join(', ');
    lines.push(`${h.forecast}: ${h.allDone} (${f.when.items}): ${levels}`);
  }
  lines.push('');
  const rows = report.issues.map((i) => [
    i.key,
    i.issueType ?? '',
    i.status ?? '',
    i.startAt?.slice(0, 10) ?? '–',
    i.doneAt?.slice(0, 10) ?? '–',
    i.leadTimeMs === null ? '–' : num.format(i.leadTimeMs / MS_PER_DAY),
    report.mode === 'jira-agile-metrics'
      ? i.cycleTimeDays === null || i.cycleTimeDays === undefined
        ? '–'
        : String(i.cycleTimeDays)
      : i.cycleTimeMs === null
        ? '–'
        : num.format(i.cycleTimeMs / MS_PER_DAY),
    i.flowEfficiency === null ? '–' : pct.format(i.flowEfficiency),
    i.warnings.join(' '),
  ]);
  lines.push(
    alignColumns(
      [
        [h.key, h.type, h.status, h.start, h.doneAt, h.leadDays, h.cycleDays, h.efficiency, h.warnings],
        ...rows,
      ],
      [false, false, false, false, false, true, true, true, false],
    ),
  );
  return lines.join('\n') + '\n';
}
