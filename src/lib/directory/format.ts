import { formatWeekday } from '$lib/i18n/format';

// The directory's facts in the reader's language, through Intl: language names, days of the week
// and prices. Browser-safe; formatters are cached per locale.

const displayNames = new Map<string, Intl.DisplayNames | null>();

function languageNames(locale: string): Intl.DisplayNames | null {
	if (!displayNames.has(locale)) {
		let names: Intl.DisplayNames | null = null;
		try {
			names = new Intl.DisplayNames([locale], { type: 'language', fallback: 'none' });
		} catch {
			names = null;
		}
		displayNames.set(locale, names);
	}
	return displayNames.get(locale) ?? null;
}

/**
 * A language's name in the reader's language ("Polish", "پولش", "Pwyleg"), else the name the
 * directory file gave, else the code itself.
 */
export function languageName(locale: string, code: string | null, fallback: string | null = null): string {
	if (code) {
		try {
			const name = languageNames(locale)?.of(code);
			if (name) return name;
		} catch {
			// Not a code Intl knows: use the file's own name.
		}
	}
	return fallback ?? code ?? '';
}

const lists = new Map<string, Intl.ListFormat>();

function listFormat(locale: string): Intl.ListFormat {
	let f = lists.get(locale);
	if (!f) {
		f = new Intl.ListFormat(locale, { style: 'long', type: 'conjunction' });
		lists.set(locale, f);
	}
	return f;
}

/** Words joined as the language joins a list: "Monday, Wednesday and Friday". */
export function formatList(locale: string, items: string[]): string {
	const list = listFormat(locale).format(items);
	// Welsh "and" is "ac" before a vowel and "a" otherwise; CLDR leaves the choice as "a(c)".
	return list.replace(/\ba\(c\) (\S)/g, (_, next: string) => `${/[aeiouwyâêîôûŵŷ]/i.test(next) ? 'ac' : 'a'} ${next}`);
}

/**
 * Days of the week (1 = Monday … 7 = Sunday) in words. Three or more days in a row are a range,
 * worded by `range` (a translated "{{from}} to {{to}}"): "Monday to Friday", "Tuesday and
 * Thursday", "Monday to Wednesday and Saturday".
 */
export function formatDays(locale: string, days: number[], range: (from: string, to: string) => string): string {
	const sorted = [...new Set(days)].sort((a, b) => a - b);
	const parts: string[] = [];
	let i = 0;
	while (i < sorted.length) {
		let j = i;
		while (j + 1 < sorted.length && sorted[j + 1] === (sorted[j] as number) + 1) j += 1;
		const from = sorted[i] as number;
		const to = sorted[j] as number;
		if (j - i >= 2) {
			parts.push(range(formatWeekday(locale, from), formatWeekday(locale, to)));
		} else {
			for (let k = i; k <= j; k += 1) parts.push(formatWeekday(locale, sorted[k] as number));
		}
		i = j + 1;
	}
	return formatList(locale, parts);
}

const money = new Map<string, Intl.NumberFormat>();

/** An amount in pounds: "£1", "£2.50". */
export function formatPounds(locale: string, amount: number): string {
	const whole = Number.isInteger(amount);
	const key = `${locale}|${whole}`;
	let f = money.get(key);
	if (!f) {
		f = new Intl.NumberFormat(locale, {
			style: 'currency',
			currency: 'GBP',
			...(whole ? { minimumFractionDigits: 0, maximumFractionDigits: 0 } : {})
		});
		money.set(key, f);
	}
	return f.format(amount);
}

/** A phone number for a `tel:` link: its digits, with a + only in front, nothing else. */
export function telNumber(number: string): string {
	const digits = number.replace(/[^\d]/g, '');
	return number.trim().startsWith('+') ? `+${digits}` : digits;
}

/** Which wording says who a service is for by age, and its values (null: the service did not say). */
export function ageRange(
	minimum: number | null,
	maximum: number | null
): { key: 'range' | 'from' | 'up_to' | 'any'; values: { min?: number; max?: number } } {
	if (minimum !== null && maximum !== null) return { key: 'range', values: { min: minimum, max: maximum } };
	if (minimum !== null && minimum > 0) return { key: 'from', values: { min: minimum } };
	if (maximum !== null) return { key: 'up_to', values: { max: maximum } };
	return { key: 'any', values: {} };
}
