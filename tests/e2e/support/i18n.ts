import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { LOCALES, type Locale } from '../../../src/lib/i18n/locales';

// Expected text comes from the same JSON files the app reads, so these tests hold whatever the
// translators write.

export { LOCALES, type Locale };
export const LOCALE_CODES: readonly Locale[] = LOCALES.map((l) => l.code);

const LOCALES_DIR = resolve(import.meta.dirname, '../../../src/lib/i18n/locales');
const cache = new Map<string, Record<string, unknown>>();

function bundle(locale: Locale, ns: string): Record<string, unknown> {
	const file = `${locale}/${ns}.json`;
	let data = cache.get(file);
	if (!data) {
		data = JSON.parse(readFileSync(resolve(LOCALES_DIR, file), 'utf8')) as Record<string, unknown>;
		cache.set(file, data);
	}
	return data;
}

function lookup(locale: Locale, key: string): unknown {
	const [ns, path] = key.includes(':') ? (key.split(':', 2) as [string, string]) : ['common', key];
	let node: unknown = bundle(locale, ns);
	for (const part of path.split('.')) {
		node = node && typeof node === 'object' ? (node as Record<string, unknown>)[part] : undefined;
	}
	return node;
}

/** The raw string for `ns:dotted.key` in `locale` (falling back to en-GB, as the app does). */
export function message(locale: Locale, key: string): string {
	const value = lookup(locale, key) ?? lookup('en-GB', key);
	if (typeof value !== 'string') throw new Error(`e2e: no string ${key} in ${locale} (or en-GB)`);
	return value;
}

/** Every plural form of `ns:dotted.key` (key_one, key_other, …) in `locale`. */
export function pluralForms(locale: Locale, key: string): string[] {
	const dot = key.lastIndexOf('.');
	const parent = lookup(locale, key.slice(0, dot));
	const leaf = key.slice(dot + 1);
	const forms =
		parent && typeof parent === 'object'
			? Object.entries(parent as Record<string, unknown>)
					.filter(([k, v]) => k.startsWith(`${leaf}_`) && typeof v === 'string')
					.map(([, v]) => v as string)
			: [];
	return forms.length > 0 || locale === 'en-GB' ? forms : pluralForms('en-GB', key);
}

/** The plural form i18next picks for `count` (`key_one`, `key_few`, … by Intl.PluralRules), filled in. */
export function plural(locale: Locale, key: string, count: number): string {
	const category = new Intl.PluralRules(locale).select(count);
	let template: string;
	try {
		template = message(locale, `${key}_${category}`);
	} catch {
		template = message(locale, `${key}_other`);
	}
	return fill(template, { count });
}

/** Fills `{{name}}` placeholders the way i18next does. */
export function fill(template: string, values: Record<string, string | number>): string {
	return template.replace(/\{\{\s*(\w+)\s*\}\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function escapeRegExp(text: string): string {
	return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A pattern matching the template with any text (or a number for `count`) in each placeholder. */
export function templatePattern(template: string): RegExp {
	const parts = template.split(/\{\{\s*(\w+)\s*\}\}/);
	const source = parts
		.map((part, i) => (i % 2 === 0 ? escapeRegExp(part) : part === 'count' ? '\\d+' : '.+?'))
		.join('');
	return new RegExp(source);
}

export function direction(locale: Locale): 'ltr' | 'rtl' {
	return LOCALES.find((l) => l.code === locale)?.dir ?? 'ltr';
}

/** What comes before `{{title}}` in `common:title.with_error`: the translated "Error:" prefix. */
export function errorTitlePrefix(locale: Locale): string {
	const template = message(locale, 'common:title.with_error');
	const at = template.indexOf('{{title}}');
	return at > 0 ? template.slice(0, at) : '';
}

/** Undoes the HTML escaping a server-rendered text node or attribute may have. */
export function decodeEntities(html: string): string {
	return html
		.replace(/&#(\d+);/g, (_, n: string) => String.fromCodePoint(Number(n)))
		.replace(/&#x([0-9a-f]+);/gi, (_, n: string) => String.fromCodePoint(Number.parseInt(n, 16)))
		.replace(/&quot;/g, '"')
		.replace(/&lt;/g, '<')
		.replace(/&gt;/g, '>')
		.replace(/&amp;/g, '&');
}
