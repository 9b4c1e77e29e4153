import type { PostProcessorModule, TOptions } from 'i18next';
import { DEFAULT_LOCALE, type Locale } from './locales';

// A pseudo-locale for tests only: English with every letter accented, 40 % longer and in brackets
// (“Sign in” → “⟦Šíĝñ íñ ···⟧”). A page shown in it proves two things at a glance and to a crawler:
// any plain English left on it was never translated (hard-coded in a component), and the layout
// still holds when a translation runs long or an end bracket is cut off. It is switched on only by
// CG_PSEUDO_LOCALE=1 on the server (see server/i18n/negotiate.ts) and never offered to families.

/** The tag: `en` with XA, the private-use region Android and Chromium use for accented pseudo-English. */
export const PSEUDO_LOCALE = 'en-XA';
/** The language whose text, dates and numbers the pseudo-locale shows, pseudo-localised. */
export const PSEUDO_BASE_LOCALE: Locale = DEFAULT_LOCALE;
/** The i18next post-processor's name. */
export const PSEUDO_POST_PROCESSOR = 'pseudo';

export const PSEUDO_OPEN = '⟦';
export const PSEUDO_CLOSE = '⟧';
/** What pads the text: words of middle dots, so it still wraps as longer words would. */
export const PSEUDO_PAD = '·';
/** How much longer the text gets: translations commonly run 30–40 % longer than English. */
export const PSEUDO_GROWTH = 0.4;
const PAD_WORD = 5;

// One precomposed accented letter for each, so words stay readable and keep their length.
const PLAIN = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ';
const ACCENTED = 'áƀçďéƒĝĥíĵķĺṁñóþʠŕšţúṽŵẋýžÁƁÇĎÉƑĜĤÍĴĶĹṀÑÓÞǪŔŠŢÚṼŴẊÝŽ';
const ACCENT = new Map([...PLAIN].map((letter, i) => [letter, [...ACCENTED][i] as string]));

/**
 * What is never changed: text already in pseudo brackets (a nested translation), `{{variables}}`
 * and `$t(nesting)` left in, HTML-like tags, and the private-use markers translateParts puts in.
 */
const KEEP = /⟦[^⟦⟧]*⟧|\{\{[^{}]*\}\}|\$t\([^()]*\)|<\/?[A-Za-z][^<>]*>|[\uE000-\uF8FF]+/g;

/** Options i18next passes to `t` that are not values for the text. */
const I18NEXT_OPTIONS: ReadonlySet<string> = new Set([
	'applyPostProcessor',
	'context',
	'count',
	'defaultValue',
	'fallbackLng',
	'i18nResolved',
	'interpolation',
	'joinArrays',
	'keySeparator',
	'lng',
	'lngs',
	'nest',
	'ns',
	'nsSeparator',
	'ordinal',
	'postProcess',
	'replace',
	'returnDetails',
	'returnObjects'
]);

/** Whether user input such as `?lang=en-xa` names the pseudo-locale, ignoring case. */
export function isPseudoLocale(input: string | null | undefined): boolean {
	return input?.trim().toLowerCase() === PSEUDO_LOCALE.toLowerCase();
}

function accent(text: string): string {
	let out = '';
	for (const char of text) out += ACCENT.get(char) ?? char;
	return out;
}

/** `length` characters of padding: short words of dots with spaces between. */
function padding(length: number): string {
	const words: string[] = [];
	for (let left = length; left > 0; left -= PAD_WORD + 1) words.push(PSEUDO_PAD.repeat(Math.min(PAD_WORD, left)));
	return words.join(' ');
}

/** [start, end) ranges of `text` to keep as they are: KEEP's matches and each of `values`. */
function keptRanges(text: string, values: readonly string[]): Array<[number, number]> {
	const ranges: Array<[number, number]> = [];
	for (const match of text.matchAll(KEEP)) ranges.push([match.index, match.index + match[0].length]);
	for (const value of values) {
		for (let at = text.indexOf(value); at !== -1; at = text.indexOf(value, at + value.length)) ranges.push([at, at + value.length]);
	}
	ranges.sort((a, b) => a[0] - b[0] || b[1] - a[1]);
	const merged: Array<[number, number]> = [];
	for (const [start, end] of ranges) {
		const last = merged.at(-1);
		if (last && start <= last[1]) last[1] = Math.max(last[1], end);
		else merged.push([start, end]);
	}
	return merged;
}

/**
 * Pseudo-localises translated text: accents every Latin letter, pads it to at least 1.4 times its
 * length and brackets it. `values` are what was interpolated into it (names people typed, dates):
 * left exactly as they are, as a real translation would leave them. Empty text stays empty, and text
 * that is already pseudo-localised is returned unchanged.
 */
export function pseudoLocalise(text: string, values: readonly string[] = []): string {
	if (text.trim() === '') return text;
	const whole = keptRanges(text, []);
	if (whole.length === 1 && whole[0]?.[0] === 0 && whole[0][1] === text.length && text.startsWith(PSEUDO_OPEN)) return text;
	// A one-letter value would keep every such letter in the sentence.
	const kept = keptRanges(
		text,
		values.filter((v) => v.length >= 2)
	);
	let body = '';
	let from = 0;
	for (const [start, end] of kept) {
		body += accent(text.slice(from, start)) + text.slice(start, end);
		from = end;
	}
	body += accent(text.slice(from));
	const visible = [...text.replace(/<\/?[A-Za-z][^<>]*>/g, '')].length;
	return `${PSEUDO_OPEN}${body} ${padding(Math.max(1, Math.ceil(visible * PSEUDO_GROWTH)))}${PSEUDO_CLOSE}`;
}

/** The text values interpolated into a translation, from the options `t` was called with. */
function interpolatedValues(options: TOptions): string[] {
	const values: string[] = [];
	const collect = (from: Record<string, unknown>) => {
		for (const [name, value] of Object.entries(from)) {
			if (!I18NEXT_OPTIONS.has(name) && typeof value === 'string') values.push(value);
		}
	};
	collect(options as Record<string, unknown>);
	if (options.replace && typeof options.replace === 'object') collect(options.replace as Record<string, unknown>);
	return values;
}

/**
 * The i18next post-processor. It runs after interpolation, so the values in the text are already
 * filled in; it leaves them alone. A missing key (i18next returns the key itself) is left as it is,
 * so it shows up as untranslated rather than hidden in accents.
 */
export const pseudoPostProcessor: PostProcessorModule = {
	type: 'postProcessor',
	name: PSEUDO_POST_PROCESSOR,
	process(value, key, options) {
		if (typeof value !== 'string') return value;
		const keys = Array.isArray(key) ? key : [key];
		if (keys.some((k) => value === k || value === k.slice(k.indexOf(':') + 1))) return value;
		return pseudoLocalise(value, interpolatedValues(options));
	}
};
