import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { LOCALE_FILE_META_KEY, type Locale, type Namespace } from './locales';

// Reads the locale JSON files from disk, the way a translator edits them, for the tests that check
// them. Not for the app: i18next loads the same files through `locales.ts`, and falls back to English
// silently, so a missing or broken string would never show there.

export const LOCALES_DIR = fileURLToPath(new URL('./locales/', import.meta.url));

/** Namespaces that families and young people read. The others are only ever shown to workers. */
export const FAMILY_FACING: readonly Namespace[] = ['common', 'about', 'auth', 'family', 'plan', 'views', 'services', 'errors', 'news', 'requests'];
export const WORKER_ONLY: readonly Namespace[] = ['worker', 'admin'];

/** Flattened strings of one file: `a.b.c` → text. */
export type Strings = Map<string, string>;

/** Suffixes i18next (JSON v4) adds to a key for each Intl.PluralRules category. */
export const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;

export function localeFilePath(locale: Locale, ns: Namespace): string {
	return `${LOCALES_DIR}${locale}/${ns}.json`;
}

export function hasLocaleFile(locale: Locale, ns: Namespace): boolean {
	return existsSync(localeFilePath(locale, ns));
}

/** The whole file as parsed JSON, `_meta` block included. */
export function readLocaleFile(locale: Locale, ns: Namespace): Record<string, unknown> {
	return JSON.parse(readFileSync(localeFilePath(locale, ns), 'utf8')) as Record<string, unknown>;
}

/** The file's strings, without its `_meta` block (which describes the file and is never shown). */
export function readNamespace(locale: Locale, ns: Namespace): Strings {
	const { [LOCALE_FILE_META_KEY]: meta, ...raw } = readLocaleFile(locale, ns);
	void meta;
	const strings: Strings = new Map();
	flatten(raw, '', strings, `${locale}/${ns}.json`);
	return strings;
}

function flatten(value: unknown, prefix: string, into: Strings, file: string): void {
	if (typeof value === 'string') {
		into.set(prefix, value);
	} else if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
		for (const [key, child] of Object.entries(value)) {
			flatten(child, prefix ? `${prefix}.${key}` : key, into, file);
		}
	} else {
		throw new Error(`${file}: ${prefix || '(root)'} must be a string or an object of strings`);
	}
}

/** Keys that are plural in these (English) strings: those with an `_other` form. */
export function pluralBases(strings: Strings): Set<string> {
	const bases = new Set<string>();
	for (const key of strings.keys()) {
		if (key.endsWith('_other')) bases.add(key.slice(0, -'_other'.length));
	}
	return bases;
}

/** Splits `a.b_few` into base `a.b` and category `few`, but only for keys in `bases`. */
export function splitKey(key: string, bases: Set<string>): { base: string; category?: string } {
	const match = PLURAL_SUFFIX.exec(key);
	if (match?.[1]) {
		const base = key.slice(0, match.index);
		if (bases.has(base)) return { base, category: match[1] };
	}
	return { base: key };
}
