import type { TFunction } from 'i18next';

// A translated sentence with a name or a date inside it ("Signed in as {{name}} (worker)") must still
// be one string for translators, yet the name has to sit in its own element: <bdi> so a Latin name
// reads right in Urdu and an Urdu name in English, <time> so a date is machine-readable. raw HTML is
// never used (XSS), so the string is translated with a marker in each such place and split around
// the markers. The markers are private-use characters, which translations and the pseudo-locale
// leave alone.

/** One piece of a translated string: plain text, or the place where the named value goes. */
export type Part = { readonly kind: 'text'; readonly text: string } | { readonly kind: 'slot'; readonly name: string };

const OPEN = '\uE000';
const CLOSE = '\uE001';
const MARKER = /\uE000(\d+)\uE001/g;

/**
 * Translates `key` with the ordinary `values`, leaving a marker where each of `slots` goes, and
 * returns the text around them as parts in reading order. A slot the translation does not use is
 * simply absent; one it uses twice appears twice.
 */
export function translateParts(
	t: TFunction,
	key: string,
	slots: readonly string[],
	values: Readonly<Record<string, unknown>> = {}
): Part[] {
	const markers = Object.fromEntries(slots.map((name, i) => [name, `${OPEN}${i}${CLOSE}`]));
	const text = String(t(key, { ...values, ...markers }));
	return splitParts(text, slots);
}

/** Splits already-translated text around the markers that `translateParts` put in. */
export function splitParts(text: string, slots: readonly string[]): Part[] {
	const parts: Part[] = [];
	let from = 0;
	for (const match of text.matchAll(MARKER)) {
		pushText(parts, text.slice(from, match.index));
		const name = slots[Number(match[1])];
		if (name !== undefined) parts.push({ kind: 'slot', name });
		from = match.index + match[0].length;
	}
	pushText(parts, text.slice(from));
	return parts;
}

function pushText(parts: Part[], text: string): void {
	if (text === '') return;
	const last = parts.at(-1);
	if (last?.kind === 'text') parts[parts.length - 1] = { kind: 'text', text: last.text + text };
	else parts.push({ kind: 'text', text });
}

/** A sentence to translate, with the names (shown in <bdi>) and dates (shown in <time>) that go in it. */
export interface Sentence {
	readonly key: string;
	readonly names?: Readonly<Record<string, string>>;
	readonly dates?: Readonly<Record<string, { readonly datetime: string; readonly text: string }>>;
	readonly values?: Readonly<Record<string, unknown>>;
}
