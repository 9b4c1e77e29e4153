import i18next, { type i18n, type Resource, type TFunction } from 'i18next';
import { DEFAULT_LOCALE, LOCALE_FILE_META_KEY, NAMESPACES, type Locale } from './locales';
import { PSEUDO_POST_PROCESSOR, pseudoPostProcessor } from './pseudo';

export type { TFunction } from 'i18next';

type Bundle = Record<string, unknown>;

// Locale files are split by Vite into one lazily loaded chunk each, so a page only ever downloads
// the language it shows.
const files = import.meta.glob<Bundle>('./locales/*/*.json', { import: 'default' });

const loading = new Map<Locale, Promise<void>>();

// One shared base instance holds the loaded resources; every request (and every page on the
// client) gets its own clone with its own language. Nothing ever calls changeLanguage on the base.
const base: i18n = i18next.createInstance().use(pseudoPostProcessor);
void base.init({
	resources: {} satisfies Resource,
	fallbackLng: DEFAULT_LOCALE,
	ns: [...NAMESPACES],
	defaultNS: 'common',
	initAsync: false,
	returnNull: false,
	// Svelte escapes every value it renders; escaping here too would double-escape.
	interpolation: { escapeValue: false }
});

async function loadLocale(locale: Locale): Promise<void> {
	let pending = loading.get(locale);
	if (!pending) {
		pending = Promise.all(
			NAMESPACES.map(async (ns) => {
				const load = files[`./locales/${locale}/${ns}.json`];
				if (!load) throw new Error(`Missing locale file ${locale}/${ns}.json`);
				const strings = { ...(await load()) };
				delete strings[LOCALE_FILE_META_KEY];
				base.addResourceBundle(locale, ns, strings, true, true);
			})
		).then(() => undefined);
		loading.set(locale, pending);
		pending.catch(() => loading.delete(locale));
	}
	return pending;
}

export interface TranslatorOptions {
	/** Tests only (CG_PSEUDO_LOCALE): the text pseudo-localised, see pseudo.ts. */
	pseudo?: boolean;
}

/** A new i18next instance for one request or page, in the given language. */
export async function createI18n(locale: Locale, options: TranslatorOptions = {}): Promise<i18n> {
	await Promise.all([loadLocale(locale), loadLocale(DEFAULT_LOCALE)]);
	return base.cloneInstance({ lng: locale, initAsync: false, ...(options.pseudo && { postProcess: [PSEUDO_POST_PROCESSOR] }) });
}

/** Most strings a page shows are a key and nothing else; their text is the same for everyone. */
const plainTexts = new Map<string, Map<string, string>>();
/** Keys come from code, so there are a few thousand at most; the bound is a safety net. */
const PLAIN_TEXTS_LIMIT = 10_000;

function plainTextsFor(locale: Locale, options: TranslatorOptions): Map<string, string> {
	const name = options.pseudo ? `${locale}+pseudo` : locale;
	let texts = plainTexts.get(name);
	if (!texts) {
		texts = new Map();
		plainTexts.set(name, texts);
	}
	return texts;
}

/**
 * A translator for one request or page, from its own i18next instance. A call with a key alone
 * is answered from a cache shared by every translator in that language: the answer can't differ
 * between people, and i18next's lookup was a tenth of the plan page's server time. Calls with
 * values (names, counts, dates) always go to the instance.
 */
export async function getTranslator(locale: Locale, options: TranslatorOptions = {}): Promise<TFunction> {
	const instance = await createI18n(locale, options);
	const t = instance.t.bind(instance) as unknown as (...args: unknown[]) => string;
	const texts = plainTextsFor(locale, options);
	const translate = (...args: unknown[]): string => {
		const key = args[0];
		if (args.length !== 1 || typeof key !== 'string') return t(...args);
		let text = texts.get(key);
		if (text === undefined) {
			text = t(key);
			if (texts.size < PLAIN_TEXTS_LIMIT) texts.set(key, text);
		}
		return text;
	};
	return translate as unknown as TFunction;
}
