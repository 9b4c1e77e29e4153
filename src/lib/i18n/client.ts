import type { TFunction } from 'i18next';
import { LOCALE_FILE_META_KEY, NAMESPACES, type Locale } from './locales';
import { makeTranslate, type TranslateOptions } from './translate';

type Bundle = Record<string, unknown>;

// The browser's translations: each file is its own lazily loaded chunk, and a page loads only its
// own language's, never English behind it (translate.test.ts proves each language complete).
const files = import.meta.glob<Bundle>('./locales/*/*.json', { import: 'default' });

const loaded = new Map<Locale, Promise<Record<string, Bundle>>>();

function load(locale: Locale): Promise<Record<string, Bundle>> {
	let pending = loaded.get(locale);
	if (!pending) {
		pending = Promise.all(
			NAMESPACES.map(async (ns) => {
				const file = files[`./locales/${locale}/${ns}.json`];
				if (!file) throw new Error(`Missing locale file ${locale}/${ns}.json`);
				const { [LOCALE_FILE_META_KEY]: _meta, ...strings } = await file();
				return [ns, strings] as const;
			})
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
