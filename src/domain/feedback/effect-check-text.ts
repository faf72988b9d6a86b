/**
 * The plain-language comment an effect check posts on the improvement, in German or English (ADF, Jira REST v3):
 * what changed, by how much, how sure (Mann–Whitney p), the verdict, the sample sizes and each warning of the
 * analysis said in words; for too little data, why and what to do. Pure.
 */
import type { EffectResult, EffectVerdict } from '../flow/effect';
import type { ReplyAdfDocument, ReplyAdfNode } from './replies';
import { localUnit, type EffectLanguage } from './effect-check';

/** What the comment is about. */
export interface EffectCommentInput {
  readonly language: EffectLanguage;
  /** What was measured, in `language` (e.g. "Durchlaufzeit (Median)"). */
  readonly metricName: string;
  /** The stored unit (`days`, `issues per day`, `rating` or a key result's own). */
  readonly unit: string;
  readonly result: EffectResult;
  /** The marker that lets a writer who lost track find its comment (last paragraph). */
  readonly marker: string;
}

const VERDICT: Readonly<Record<EffectVerdict, Readonly<Record<EffectLanguage, string>>>> = {
  improved: { de: 'verbessert', en: 'improved' },
  worse: { de: 'verschlechtert', en: 'worse' },
  'no-detectable-change': { de: 'keine nachweisbare Veränderung', en: 'no detectable change' },
  'insufficient-data': { de: 'zu wenige Daten', en: 'insufficient data' },
};

const LOCALE: Readonly<Record<EffectLanguage, string>> = { de: 'de-DE', en: 'en-US' };

/**
 * A value with exactly one decimal (two when one would show 0 for a value that is not 0), in the language's
 * format: "1,0" (de) / "1.0" (en), so the two medians of a sentence read alike.
 */
export function formatEffectNumber(value: number, language: EffectLanguage): string {
  const digits = Math.abs(value) > 0 && Math.abs(value) < 0.05 ? 2 : 1;
  return new Intl.NumberFormat(LOCALE[language], {
    minimumFractionDigits: digits,
    maximumFractionDigits: digits,
  }).format(value);
}

/** A share as a signed whole percent with a real minus sign: "−67 %" (de), "−67%" (en). */
export function formatEffectPercent(share: number, language: EffectLanguage): string {
  const rounded = Math.round(share * 100);
  const sign = rounded < 0 ? '−' : rounded > 0 ? '+' : '±';
  return `${sign}${String(Math.abs(rounded))}${language === 'de' ? ' %' : '%'}`;
}

/** "p < 0,001" below 0.001, else "p = 0,023" (three decimals), in the language's format. */
export function formatPValue(pValue: number, language: EffectLanguage): string {
  const format = (x: number): string =>
    new Intl.NumberFormat(LOCALE[language], { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(x);
  return pValue < 0.001 ? `p < ${format(0.001)}` : `p = ${format(pValue)}`;
}

/** One warning code of the analysis (`before-too-small (5 < 8)`, …) said in words; unknown codes as they are. */
export function describeEffectWarning(warning: string, language: EffectLanguage): string {
  const de = language === 'de';
  const detail = /\(([^)]*)\)/.exec(warning)?.[1] ?? '';
  const numbers = detail.match(/[0-9-]+/g) ?? [];
  const code = warning.split(' ')[0];
  switch (code) {
    case 'before-too-small':
      return de
        ? `Vor der Änderung gibt es nur ${numbers[0] ?? '?'} Werte; ein Urteil braucht mindestens ${numbers[1] ?? '8'}.`
        : `Before the change there are only ${numbers[0] ?? '?'} values; a verdict needs at least ${numbers[1] ?? '8'}.`;
    case 'after-too-small':
      return de
        ? `Nach der Änderung gibt es nur ${numbers[0] ?? '?'} Werte; ein Urteil braucht mindestens ${numbers[1] ?? '8'}.`
        : `After the change there are only ${numbers[0] ?? '?'} values; a verdict needs at least ${numbers[1] ?? '8'}.`;
    case 'median-change-undefined':
      return de
        ? 'Die relative Änderung des Medians ist nicht bestimmbar (eine Stichprobe ist leer oder der Median vorher ist 0).'
        : 'The relative change of the median cannot be computed (a sample is empty or the median before is 0).';
    case 'bootstrap-resamples-undefined':
      return de
        ? `${numbers[0] ?? '?'} von ${numbers[1] ?? '?'} Bootstrap-Stichproben hatten vorher den Median 0 und zählen im Intervall nicht.`
        : `${numbers[0] ?? '?'} of ${numbers[1] ?? '?'} bootstrap resamples had a median of 0 before and are left out of the interval.`;
    case 'after-window-open': {
      const dates = detail.match(/[0-9]{4}-[0-9]{2}-[0-9]{2}/g) ?? [];
      return de
        ? `Der Zeitraum danach läuft noch bis ${dates[1] ?? '?'}; die Daten reichen bis ${dates[0] ?? '?'}.`
        : `The after window runs until ${dates[1] ?? '?'}; the data reaches ${dates[0] ?? '?'}.`;
    }
    default:
      return warning;
  }
}

/** The headline sentence, e.g. "Wirkung geprüft: Durchlaufzeit (Median) von 1,1 auf 0,4 Tage gesunken (−67 %), Mann-Whitney p < 0,001 – verbessert." */
export function effectHeadline(input: Omit<EffectCommentInput, 'marker'>): string {
  const { language, result } = input;
  const de = language === 'de';
  const prefix = de ? 'Wirkung geprüft: ' : 'Effect checked: ';
  const unit = localUnit(input.unit, language);
  const withUnit = (x: string): string => (unit === '' ? x : `${x} ${unit}`);
  const before = result.before.p50;
  const after = result.after.p50;
  if (result.verdict === 'insufficient-data' || before === null || after === null) {
    return de
      ? `${prefix}${input.metricName} – zu wenige Daten für ein Urteil (vorher n = ${String(result.before.n)}, nachher n = ${String(result.after.n)}; je mindestens 8 nötig).`
      : `${prefix}${input.metricName} – not enough data for a verdict (before n = ${String(result.before.n)}, after n = ${String(result.after.n)}; at least 8 each are needed).`;
  }
  const from = formatEffectNumber(before, language);
  const to = formatEffectNumber(after, language);
  const moved =
    after < before ? (de ? 'gesunken' : 'fell') : after > before ? (de ? 'gestiegen' : 'rose') : null;
  const change =
    result.medianChange === null ? '' : ` (${formatEffectPercent(result.medianChange, language)})`;
  const movement =
    moved === null
      ? de
        ? `unverändert bei ${withUnit(from)}`
        : `unchanged at ${withUnit(from)}`
      : de
        ? `von ${from} auf ${withUnit(to)} ${moved}${change}`
        : `${moved} from ${from} to ${withUnit(to)}${change}`;
  const p =
    result.mannWhitney.pValue === null
      ? ''
      : `, Mann-Whitney ${formatPValue(result.mannWhitney.pValue, language)}`;
  return `${prefix}${input.metricName} ${movement}${p} – ${VERDICT[result.verdict][language]}.`;
}

function paragraph(text: string): ReplyAdfNode {
  return { type: 'paragraph', content: [{ type: 'text', text }] };
}

/**
 * The comment (ADF): the headline ({@link effectHeadline}); the windows with n before and after (and the 95 %
 * bootstrap interval of the median change when known); the warnings in words; for too little data what to do;
 * the marker last.
 */
export function renderEffectComment(input: EffectCommentInput): ReplyAdfDocument {
  const { language, result } = input;
  const de = language === 'de';
  const lastDay = (to: string): string => {
    const d = new Date(`${to}T00:00:00Z`);
    d.setUTCDate(d.getUTCDate() - 1);
    return d.toISOString().slice(0, 10);
  };
  const samples = de
    ? `Verglichen: vorher ${result.before.from} bis ${lastDay(result.before.to)} (n = ${String(result.before.n)}), nachher ${result.after.from} bis ${lastDay(result.after.to)} (n = ${String(result.after.n)}); Änderungsdatum ${result.changeDate}.`
    : `Compared: before ${result.before.from} to ${lastDay(result.before.to)} (n = ${String(result.before.n)}), after ${result.after.from} to ${lastDay(result.after.to)} (n = ${String(result.after.n)}); change date ${result.changeDate}.`;
  const content: ReplyAdfNode[] = [paragraph(effectHeadline(input)), paragraph(samples)];
  const { low, high } = result.bootstrap;
  if (low !== null && high !== null && result.verdict !== 'insufficient-data') {
    content.push(
      paragraph(
        de
          ? `95-%-Intervall der Medianänderung (Bootstrap): ${formatEffectPercent(low, language)} bis ${formatEffectPercent(high, language)}.`
          : `95% interval of the median change (bootstrap): ${formatEffectPercent(low, language)} to ${formatEffectPercent(high, language)}.`,
      ),
    );
  }
  for (const warning of result.warnings) content.push(paragraph(describeEffectWarning(warning, language)));
  if (result.verdict === 'insufficient-data') {
    content.push(
      paragraph(
        de
          ? 'Was tun: die Fenster verlängern (Tage vorher, Tage in der Wirksamkeitsprüfung) oder die Abfrage weiter fassen und die Prüfung erneut starten.'
          : 'What to do: widen the windows (days before, days in Verifying) or broaden the query, then run the check again.',
      ),
    );
  }
  content.push(paragraph(input.marker));
  return { type: 'doc', version: 1, content };
}
