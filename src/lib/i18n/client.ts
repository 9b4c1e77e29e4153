import type { TFunction } from 'i18next';
import { loadBundle, type Bundle } from './bundles';
import { NAMESPACES, type Locale } from './locales';
import { makeTranslate, type TranslateOptions } from './translate';

// The browser's translations: a page loads only its own language's files, never English behind it
// (translate.test.ts proves each language complete).
const loaded = new Map<Locale, Promise<Record<string, Bundle>>>();

function load(locale: Locale): Promise<Record<string, Bundle>> {
	let pending = loaded.get(locale);
	if (!pending) {
		pending = Promise.all(
			NAMESPACES.map(async (ns) => [ns, await loadBundle(locale, ns)] as const)
		).then((entries) => Object.fromEntries(entries));
		loaded.set(locale, pending);
		pending.catch(() => loaded.delete(locale));
	}
	return pending;
}

/** The page's translator in the browser, in the page's language. */
export async function getClientTranslator(locale: Locale, options: TranslateOptions = {}): Promise<TFunction> {
	return makeTranslate(locale, await load(locale), options);
}
