import { LOCALE_FILE_META_KEY, type Locale, type Namespace } from './locales';

/** One namespace's texts in one language, as nested objects of strings. */
export type Bundle = Record<string, unknown>;

// Locale files are split by Vite into one lazily loaded chunk each, so a page only ever downloads
// the language (and, in the browser, the files) it shows.
const files = import.meta.glob<Bundle>('./locales/*/*.json', { import: 'default' });

/** One namespace's texts in one language, without the file's `_meta` block (never shown). */
export async function loadBundle(locale: Locale, ns: Namespace): Promise<Bundle> {
	const load = files[`./locales/${locale}/${ns}.json`];
	if (!load) throw new Error(`Missing locale file ${locale}/${ns}.json`);
	const { [LOCALE_FILE_META_KEY]: _meta, ...strings } = await load();
	return strings;
}
