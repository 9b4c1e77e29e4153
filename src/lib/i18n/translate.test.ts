import type { i18n } from 'i18next';
import { describe, expect, it, vi } from 'vitest';
import { createI18n } from './index';
import { LOCALE_FILE_META_KEY, LOCALE_CODES, NAMESPACES, type Locale } from './locales';
import { hasLocaleFile, PLURAL_SUFFIX, readLocaleFile, readNamespace } from './locale-files';
import { NAMESPACE_NOT_LOADED, makeTranslate } from './translate';

// The browser's translator (translate.ts) must say exactly what the server's i18next says, or a
// page would change its words as it hydrates. It is given only the page's own language; i18next has
// English behind it. So this also proves every language complete: a text missing in Welsh, or a
// plural form Welsh needs and lacks, would come out in English from i18next and as a bare key here.
//
// Every text of every namespace is asked for in every language: as it is, with every value it
// names, with counts that reach every plural form of every language, and with each context a key
// has (`key_context`). The pseudo-locale is asked the same of English.

const COUNTS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 10, 11, 12, 19, 20, 21, 100, 101, 1000, 1.5];
const VALUE = /\{\{(.+?)\}\}/g;

type Call = [key: string, values?: Record<string, unknown>];

function bundlesOf(locale: Locale): Record<string, Record<string, unknown>> {
	const bundles: Record<string, Record<string, unknown>> = {};
	for (const ns of NAMESPACES) {
		if (!hasLocaleFile(locale, ns)) continue;
		const { [LOCALE_FILE_META_KEY]: _meta, ...strings } = readLocaleFile(locale, ns);
		bundles[ns] = strings;
	}
	return bundles;
}

/** Every way the app may ask for the English file's texts, with the values each text names. */
function calls(): Call[] {
	const out: Call[] = [];
	for (const ns of NAMESPACES) {
		const keys = new Map<string, Set<string>>();
		for (const locale of LOCALE_CODES) {
			if (!hasLocaleFile(locale, ns)) continue;
			for (const [key, text] of readNamespace(locale, ns)) {
				const base = key.replace(PLURAL_SUFFIX, '');
				const names = keys.get(base) ?? new Set<string>();
				for (const match of text.matchAll(VALUE)) names.add((match[1] as string).trim());
				keys.set(base, names);
			}
		}
		for (const [base, names] of keys) {
			const values = Object.fromEntries([...names].filter((n) => n !== 'count').map((n) => [n, `‹${n}›`]));
			// A key of the form `text_context` is asked for as `text` with that context too.
			const shapes: Array<[string, Record<string, unknown>]> = [[base, values]];
			for (let at = base.indexOf('_'); at !== -1; at = base.indexOf('_', at + 1)) {
				shapes.push([base.slice(0, at), { ...values, context: base.slice(at + 1) }]);
			}
			for (const [key, given] of shapes) {
				out.push([`${ns}:${key}`]);
				out.push([`${ns}:${key}`, given]);
				for (const count of COUNTS) out.push([`${ns}:${key}`, { ...given, count }]);
			}
		}
	}
	return out;
}

const ALL = calls();

function differences(server: i18n, browser: ReturnType<typeof makeTranslate>): string[] {
	const wrong: string[] = [];
	for (const [key, values] of ALL) {
		const expected = values ? server.t(key, values) : server.t(key);
		const actual = values ? browser(key, values) : browser(key);
		if (actual !== expected) wrong.push(`${key} ${JSON.stringify(values ?? null)}: i18next ${JSON.stringify(expected)}, browser ${JSON.stringify(actual)}`);
	}
	return wrong;
}

describe("the browser's translator", () => {
	it('asks enough to mean something', () => {
		expect(ALL.length).toBeGreaterThan(20_000);
	});

	for (const locale of LOCALE_CODES) {
		it(`says what i18next says in ${locale}, from ${locale}'s files alone`, async () => {
			const server = await createI18n(locale);
			const wrong = differences(server, makeTranslate(locale, bundlesOf(locale)));
			expect(wrong.slice(0, 20), `${wrong.length} differences`).toEqual([]);
		});
	}

	it('says what i18next says in the pseudo-locale', async () => {
		const server = await createI18n('en-GB', { pseudo: true });
		const wrong = differences(server, makeTranslate('en-GB', bundlesOf('en-GB'), { pseudo: true }));
		expect(wrong.slice(0, 20), `${wrong.length} differences`).toEqual([]);
	});

	it('answers a missing text, a missing value, a default and a whole section as i18next does', async () => {
		const server = await createI18n('cy');
		const browser = makeTranslate('cy', bundlesOf('cy'));
		const asks: Call[] = [
			['plan:no.such.text'],
			['no_namespace_here'],
			[''],
			['plan:no.such.text', { defaultValue: 'Saved {{what}}', what: 'it' }],
			['plan:promises.kept', { count: 2 }],
			['plan:promises.kept', { count: 2, kept: undefined, percent: null }],
			['plan:promises.kept', { count: 2, replace: { kept: 1, percent: '50%' } }],
			['plan:promises', {}]
		];
		for (const [key, values] of asks) expect(browser(key, values), key).toBe(server.t(key, values));
		expect(browser('plan:no.such.text', 'Saved')).toBe(server.t('plan:no.such.text', 'Saved'));
	});

	it('says so in the console, once per namespace, when a page asks for one it did not load', () => {
		const errors = vi.spyOn(console, 'error').mockImplementation(() => undefined);
		try {
			const { plan, common } = bundlesOf('en-GB');
			const browser = makeTranslate('en-GB', { plan: plan!, common: common! });
			expect(browser('plan:page.title')).not.toBe('page.title');
			expect(errors).not.toHaveBeenCalled();
			expect(browser('worker:my_families.title')).toBe('my_families.title');
			browser('worker:my_families.lead');
			expect(errors).toHaveBeenCalledTimes(1);
			expect(errors).toHaveBeenCalledWith(NAMESPACE_NOT_LOADED, 'worker', 'worker:my_families.title');
		} finally {
			errors.mockRestore();
		}
	});
});
