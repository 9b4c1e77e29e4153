import { describe, expect, it } from 'vitest';
import {
	hasLocaleFile,
	pluralBases as pluralBasesOf,
	readLocaleFile,
	readNamespace,
	splitKey,
	type Strings
} from './locale-files';
import { DEFAULT_LOCALE, LOCALE_CODES, LOCALE_FILE_META_KEY, NAMESPACES, type Locale, type Namespace } from './locales';

// These tests read the JSON files from disk, the way a translator edits them, rather than through
// i18next: i18next falls back to English silently, so a missing or broken string would never show.
// How plain the English text is, and the words it avoids, are checked in readability.test.ts.

const TRANSLATED = LOCALE_CODES.filter((code) => code !== DEFAULT_LOCALE);

/**
 * Strings that may stay exactly as in English in Welsh and Urdu, with the reason. Keep this short:
 * anything else that matches English is almost certainly a string someone forgot to translate.
 */
const SAME_AS_ENGLISH: Readonly<Record<string, string>> = {
	'Common Ground': 'the product name is never translated',
	'{{title}} – Common Ground': 'only the product name and a variable'
};

/**
 * Easy Read is English, so a short label that is already plain ("Sign in", "Password") rightly
 * stays the same. Longer text must be rewritten, unless it is listed here as already Easy Read.
 */
const EASY_READ_SHORT_LABEL_WORDS = 3;
const EASY_READ_SAME_AS_ENGLISH: ReadonlySet<string> = new Set([
	'family:access_log.lead_young', // "Only you can see who read your views."
	'family:access_log.what.plan.read', // "{{name}} ({{role}}) looked at your plan."
	'family:access_log.what.plan.change', // "{{name}} ({{role}}) changed your plan."
	'family:access_log.what.views.read', // "{{name}} ({{role}}) read your views."
	'family:access_log.what.views.change', // "{{name}} ({{role}}) answered your views."
	'family:access_log.what.feedback.read', // "{{name}} ({{role}}) read what you said about {{service}}."
	'family:access_log.what.feedback.change', // "{{name}} ({{role}}) answered what you said about {{service}}."
	'common:landing.title', // "Welcome to Common Ground"
	'about:help.code_heading', // "If you have a code"
	'about:help.forgotten_heading', // "If you forget your password"
	'common:welcome.title', // "Your account is ready"
	'auth:sign_in.intro', // "Sign in to see your family's plan."
	'errors:forbidden.title', // "You cannot see this page"
	'errors:unexpected.title', // "Sorry, something went wrong"
	'errors:go_home', // "Go to the home page"
	'worker:service.workers_count', // "{{count}} person works here."
	'admin:services.none', // "There are no services yet."
	'admin:workers.errors.service', // "Choose the service they work for"
	'admin:members.type_column', // "Adult or young person"
	'admin:members.type_label', // "Adult or young person"
	'admin:members.errors.member_type', // "Choose adult or young person"
	'admin:members.errors.has_account', // "This person already has an account"
	'admin:assign.add_heading', // "Add a worker to this family"
	'admin:invite.username', // "Their username is {{username}}."
	'views:audiences.family', // "My worker and my family"
	'services:directory.entry.ask.self' // "You can contact them yourself."
]);

const english = new Map(NAMESPACES.map((ns) => [ns, readNamespace(DEFAULT_LOCALE, ns)]));

function englishStrings(ns: Namespace): Strings {
	const strings = english.get(ns);
	if (!strings) throw new Error(`No English strings for ${ns}`);
	return strings;
}

/** Keys that are plural in English: those with an `_other` form. */
function pluralBases(ns: Namespace): Set<string> {
	return pluralBasesOf(englishStrings(ns));
}

function variables(text: string): Set<string> {
	// `{{name}}`, `{{ name }}` and `{{count, number}}` all name the variable before any comma.
	return new Set([...text.matchAll(/\{\{\s*([^\s,}]+)[^}]*\}\}/g)].map((m) => m[1] ?? ''));
}

function pluralCategories(locale: Locale): string[] {
	return new Intl.PluralRules(locale).resolvedOptions().pluralCategories;
}

const show = (set: Iterable<string>) => `{${[...set].sort().join(', ')}}`;

describe.each(LOCALE_CODES)('%s', (locale) => {
	it.each(NAMESPACES)('has the %s namespace file', (ns) => {
		expect(hasLocaleFile(locale, ns), `${locale}/${ns}.json is missing`).toBe(true);
	});

	it.each(NAMESPACES)('%s: has exactly the English keys, plural suffixes aside', (ns) => {
		const bases = pluralBases(ns);
		const want = new Set([...englishStrings(ns).keys()].map((key) => splitKey(key, bases).base));
		const have = new Set([...readNamespace(locale, ns).keys()].map((key) => splitKey(key, bases).base));
		const problems = [
			...[...want].filter((key) => !have.has(key)).map((key) => `${locale}/${ns}.json: ${key} is missing`),
			...[...have].filter((key) => !want.has(key)).map((key) => `${locale}/${ns}.json: ${key} is not in English`)
		];
		expect(problems).toEqual([]);
	});

	it.each(NAMESPACES)('%s: has every plural form the language needs, and no others', (ns) => {
		const bases = pluralBases(ns);
		const needed = pluralCategories(locale);
		const forms = new Map<string, Set<string>>([...bases].map((base) => [base, new Set<string>()]));
		for (const key of readNamespace(locale, ns).keys()) {
			const { base, category } = splitKey(key, bases);
			if (category) forms.get(base)?.add(category);
		}
		const problems: string[] = [];
		for (const [base, have] of forms) {
			for (const category of needed) {
				if (!have.has(category)) problems.push(`${locale}/${ns}.json: ${base} needs a _${category} form`);
			}
			for (const category of have) {
				if (!needed.includes(category)) {
					problems.push(`${locale}/${ns}.json: ${base}_${category} is never used in ${locale} (needs ${show(needed)})`);
				}
			}
		}
		expect(problems).toEqual([]);
	});

	it.each(NAMESPACES)('%s: uses the same {{variables}} as English', (ns) => {
		const source = englishStrings(ns);
		const bases = pluralBases(ns);
		const problems: string[] = [];
		for (const [key, text] of readNamespace(locale, ns)) {
			const { base, category } = splitKey(key, bases);
			const englishText = source.get(category ? `${base}_other` : key);
			if (englishText === undefined) continue; // reported by the key parity test
			const want = variables(englishText);
			const have = variables(text);
			// A form other than `_other` may say the number in words ("un teulu", "no families").
			const optional = category && category !== 'other' ? new Set(['count']) : new Set<string>();
			const missing = [...want].filter((name) => !have.has(name) && !optional.has(name));
			const extra = [...have].filter((name) => !want.has(name));
			if (missing.length > 0 || extra.length > 0) {
				problems.push(`${locale}/${ns}.json: ${key} has ${show(have)}, English has ${show(want)}`);
			}
		}
		expect(problems).toEqual([]);
	});

	it.each(NAMESPACES)('%s: has no empty strings', (ns) => {
		const problems = [...readNamespace(locale, ns)]
			.filter(([, text]) => text.trim() === '')
			.map(([key]) => `${locale}/${ns}.json: ${key} is empty`);
		expect(problems).toEqual([]);
	});
});

describe.each(TRANSLATED)('%s', (locale) => {
	it.each(NAMESPACES)('%s: is translated, not copied from English', (ns) => {
		const source = englishStrings(ns);
		const bases = pluralBases(ns);
		const problems: string[] = [];
		for (const [key, text] of readNamespace(locale, ns)) {
			if (text !== source.get(key)) continue;
			if (SAME_AS_ENGLISH[text]) continue;
			if (locale === 'en-GB-x-easy') {
				const words = text.trim().split(/\s+/).length;
				if (words <= EASY_READ_SHORT_LABEL_WORDS) continue;
				if (EASY_READ_SAME_AS_ENGLISH.has(`${ns}:${splitKey(key, bases).base}`)) continue;
			}
			problems.push(`${locale}/${ns}.json: ${key} is the same as English: "${text}"`);
		}
		expect(problems).toEqual([]);
	});
});

/** Languages other than English: their files are drafts until a fluent speaker has checked them. */
const OTHER_LANGUAGES = LOCALE_CODES.filter((code) => !code.startsWith('en'));

describe.each(OTHER_LANGUAGES)('%s', (locale) => {
	it.each(NAMESPACES)('%s: says it is a draft that needs review by a fluent speaker', (ns) => {
		const meta = readLocaleFile(locale, ns)[LOCALE_FILE_META_KEY];
		expect(meta, `${locale}/${ns}.json needs a ${LOCALE_FILE_META_KEY} block`).toMatchObject({
			status: expect.stringMatching(/^(draft|reviewed)$/),
			review: expect.stringMatching(/fluent/)
		});
	});
});

describe.each(LOCALE_CODES.filter((code) => code.startsWith('en')))('%s', (locale) => {
	it.each(NAMESPACES)('%s: is the source text, with no review block', (ns) => {
		expect(readLocaleFile(locale, ns)[LOCALE_FILE_META_KEY]).toBeUndefined();
	});
});

describe('en-GB-x-easy', () => {
	it('keeps its list of strings that match English up to date', () => {
		const stale = [...EASY_READ_SAME_AS_ENGLISH].filter((entry) => {
			const [ns, base] = entry.split(':') as [Namespace, string];
			const source = englishStrings(ns);
			const bases = pluralBases(ns);
			return ![...readNamespace('en-GB-x-easy', ns)].some(
				([key, text]) => splitKey(key, bases).base === base && text === source.get(key)
			);
		});
		expect(stale, 'en-GB-x-easy: these entries no longer match English; remove them from the list').toEqual([]);
	});
});
