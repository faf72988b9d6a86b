/**
 * `npm run --silent cli -- effect …` (FLOW-METRICS.md §6): did a change work? Reads the issues as `metrics` does
 * (file or live site, same mapping and engine), then hands the issues' canonical facts to the domain's effect
 * analysis (`src/domain/flow/effect.ts`) and prints its result as JSON or a table.
 */
import { parseArgs } from 'node:util';
import { isValidTimeZone } from '../domain/flow/calendar';
import { analyseFlowEffect, EFFECT_DEFAULTS, effectWindows } from '../domain/flow/effect';
import type { EffectMetric, EffectOptions, EffectResult } from '../domain/flow/effect';
import type { FlowOptions } from '../domain/flow/types';
import { CliError } from './cli-error';
import type { CliText } from './cli-text';
import { effectText } from './effect-text';
import type { EffectText } from './effect-text';
import { alignColumns } from './format-table';
import {
  measureSource,
  metricsSource,
  oneOf,
  parseArgsMessage,
  parseAsOf,
  positiveInteger,
} from './metrics-command';
import type { MeasureArgs } from './metrics-command';

export interface EffectArgs extends MeasureArgs {
  readonly format: 'json' | 'table';
  readonly effect: EffectOptions;
}

/** A real calendar date `YYYY-MM-DD` (2026-02-30 is not) whose windows stay within the years 0000–9999. */
function isUsableChangeDate(value: string, beforeDays: number, afterDays: number): boolean {
  try {
    return effectWindows(value, beforeDays, afterDays).before.to === value;
  } catch {
    return false;
  }
}

/**
 * Parses `effect` arguments (FLOW-METRICS.md §6). `nowMs` is the default `--as-of`: the data is measured as of
 * then (changes after it are not known), and an after window that has not ended by then is warned about.
 * @throws CliError with a message that names the bad option and what to do.
 */
export function parseEffectArgs(argv: readonly string[], nowMs: number, text: CliText): EffectArgs | 'help' {
  const t = effectText(text);
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      options: {
        input: { type: 'string' },
        workflow: { type: 'string' },
        'change-date': { type: 'string' },
        metric: { type: 'string', default: EFFECT_DEFAULTS.metric },
        'before-days': { type: 'string', default: String(EFFECT_DEFAULTS.beforeDays) },
        'after-days': { type: 'string', default: String(EFFECT_DEFAULTS.afterDays) },
        alpha: { type: 'string', default: String(EFFECT_DEFAULTS.alpha) },
        seed: { type: 'string', default: String(EFFECT_DEFAULTS.seed) },
        tz: { type: 'string', default: 'UTC' },
        'as-of': { type: 'string' },
        format: { type: 'string', default: 'json' },
        site: { type: 'string' },
        jql: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    });
  } catch (error) {
    throw new CliError(t.cli.badOption(parseArgsMessage(error, t.cli)));
  }
  const v = parsed.values;
  if (v.help === true) return 'help';
  const source = metricsSource(v, t.cli);
  const changeDate = v['change-date'];
  if (changeDate === undefined) throw new CliError(t.cli.badOption(t.changeDateRequired));
  const timeZone = v.tz;
  if (!isValidTimeZone(timeZone)) throw new CliError(t.cli.badOption(t.cli.badTimeZone(timeZone)));
  const alpha = Number(v.alpha);
  if (v.alpha.trim() === '' || !(alpha > 0 && alpha < 1))
    throw new CliError(t.cli.badOption(t.badAlpha(v.alpha)));
  const asOfMs = parseAsOf(v['as-of'], timeZone, nowMs, t.cli);
  const beforeDays = positiveInteger(v['before-days'], '--before-days', t.cli);
  const afterDays = positiveInteger(v['after-days'], '--after-days', t.cli);
  if (!isUsableChangeDate(changeDate, beforeDays, afterDays))
    throw new CliError(t.cli.badOption(t.badChangeDate(changeDate)));
  const options: FlowOptions = { mode: 'canonical', startPolicy: 'first', timeZone, asOfMs };
  return {
    source,
    workflow: v.workflow ?? null,
    format: oneOf(v.format, ['json', 'table'] as const, '--format', t.cli),
    options,
    effect: {
      metric: oneOf<EffectMetric>(v.metric, ['lead-time', 'cycle-time'], '--metric', t.cli),
      timeZone,
      changeDate,
      beforeDays,
      afterDays,
      alpha,
      seed: positiveInteger(v.seed, '--seed', t.cli),
      resamples: EFFECT_DEFAULTS.resamples,
      asOfMs,
    },
  };
}

/** The result for a person: windows with n, p50, p85 in days, median change with its interval, test, verdict. */
export function formatEffectTable(result: EffectResult, t: EffectText): string {
  const l = t.labels;
  const locale = t.cli.locale;
  const days = new Intl.NumberFormat(locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 });
  const pct = new Intl.NumberFormat(locale, {
    style: 'percent',
    maximumFractionDigits: 1,
    signDisplay: 'exceptZero',
  });
  const plain = new Intl.NumberFormat(locale, { maximumSignificantDigits: 4 });
  // u is a whole or half count: all its digits.
  const count = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const small = new Intl.NumberFormat(locale, { notation: 'scientific', maximumSignificantDigits: 3 });
  const orDash = (value: number | null, f: Intl.NumberFormat): string =>
    value === null ? '–' : f.format(value);
  const p = result.mannWhitney.pValue;
  const lines = [t.heading(result.changeDate, result.metric, result.timeZone), ''];
  lines.push(
    alignColumns(
      [
        ['', l.from, l.to, 'n', `p50 ${l.days}`, `p85 ${l.days}`],
        ...(
          [
            [l.before, result.before],
            [l.after, result.after],
          ] as const
        ).map(([label, s]) => [label, s.from, s.to, String(s.n), orDash(s.p50, days), orDash(s.p85, days)]),
      ],
      [false, false, false, true, true, true],
    ),
  );
  lines.push('');
  const b = result.bootstrap;
  lines.push(
    `${l.medianChange}: ${orDash(result.medianChange, pct)} (${l.interval} ${orDash(b.low, pct)} … ${orDash(b.high, pct)}, ` +
      `${count.format(b.resamples)} ${l.resamples}, ${l.seed} ${b.seed})`,
  );
  lines.push(
    `Mann–Whitney U: u ${orDash(result.mannWhitney.u, count)}, z ${orDash(result.mannWhitney.z, plain)}, ` +
      `p ${p === null ? '–' : p !== 0 && p < 0.001 ? small.format(p) : plain.format(p)}; ` +
      `${l.effectSize} ${orDash(result.effectSize, plain)}`,
  );
  lines.push(`${l.verdict}: ${t.verdicts[result.verdict]}`);
  lines.push(`${l.warnings}: ${result.warnings.length === 0 ? l.none : result.warnings.join('; ')}`);
  return lines.join('\n') + '\n';
}

/**
 * Runs `effect`: measures the issues as `metrics` does (canonical mode, `measureSource`), analyses the effect
 * of the change and renders it. Issue warnings of the engine (unmapped statuses, status mismatches) are added to
 * the result's warnings as `code (N issues)`, since they can move issues out of a sample.
 */
export async function runEffect(
  args: EffectArgs,
  text: CliText,
  notice: (message: string) => void = () => undefined,
  env: NodeJS.ProcessEnv = {},
): Promise<string> {
  const t = effectText(text);
  const facts = await measureSource(
    args,
    t.cli,
    { fromFile: (accumulator) => accumulator.finishFacts(), fromSite: (f) => f },
    notice,
    env,
  );
  const analysis = analyseFlowEffect(facts.issues, args.effect);
  const issueWarnings = Object.entries(facts.summary.warningCounts).map(
    ([code, n]) => `${code} (${n} issues)`,
  );
  const result: EffectResult = { ...analysis, warnings: [...analysis.warnings, ...issueWarnings] };
  return args.format === 'json' ? JSON.stringify(result, null, 2) + '\n' : formatEffectTable(result, t);
}
