import i18next, { type i18n, type Resource, type TFunction } from 'i18next';
import { loadBundle } from './bundles';
import { DEFAULT_LOCALE, NAMESPACES, type Locale } from './locales';
import { PSEUDO_POST_PROCESSOR, pseudoPostProcessor } from './pseudo';

export type { TFunction } from 'i18next';

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
				base.addResourceBundle(locale, ns, await loadBundle(locale, ns), true, true);
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
	return cloneFor(locale, options);
}

/** The instance itself, once the language's files are loaded: cloning is then immediate. */
function cloneFor(locale: Locale, options: TranslatorOptions): i18n {
	return base.cloneInstance({ lng: locale, initAsync: false, ...(options.pseudo && { postProcess: [PSEUDO_POST_PROCESSOR] }) });
}

/** Most strings a page shows are a key and nothing else; their text is the same for everyone. */
const plainTexts = new Map<string, Map<string, string>>();
/** Keys come from code, so there are a few thousand at most; the bound is a safety net. */
const PLAIN_TEXTS_LIMIT = 10_000;


/** Texts with values, per language: the same names, counts and dates recur from page to page. */
const filledTexts = new Map<string, Map<string, string>>();
/** Values include names, so there is no natural end to them: past this the cache starts again. */
const FILLED_TEXTS_LIMIT = 20_000;

function cacheFor(caches: Map<string, Map<string, string>>, locale: Locale, options: TranslatorOptions): Map<string, string> {
	const name = options.pseudo ? `${locale}+pseudo` : locale;
	let texts = caches.get(name);
	if (!texts) {
		texts = new Map();
		caches.set(name, texts);
	}
	return texts;
}

/**
 * The cache key for a call with values, when every value is plain (text, a number, true or
 * false): i18next's answer then depends on nothing else. Null for anything else (objects, arrays,
 * i18next's own options such as `returnObjects`), which always goes to the instance.
 */
function filledKey(key: string, values: unknown): string | null {
	if (!values || typeof values !== 'object' || Array.isArray(values)) return null;
	let id = key;
	for (const [name, value] of Object.entries(values)) {
		const kind = typeof value;
		if (kind !== 'string' && kind !== 'number' && kind !== 'boolean') return null;
		id += `\u0000${name}\u0000${kind[0]}${String(value)}`;
	}
	return id;
}

/**
 * A translator for one request or page, with its own i18next instance. Answers are cached per
 * language, shared by every translator in it: a text is the same for everyone given the same key
 * and values, and i18next's lookup and interpolation were a tenth of the plan page's server time.
 * Only calls whose values are all plain are cached; anything else goes to the instance.
 */
export async function getTranslator(locale: Locale, options: TranslatorOptions = {}): Promise<TFunction> {
	await Promise.all([loadLocale(locale), loadLocale(DEFAULT_LOCALE)]);
	// The request's own instance is made the first time the caches cannot answer: once a server
	// has been running a while, most pages never need one.
	let instance: i18n | undefined;
	const t = (...args: unknown[]): string => {
		instance ??= cloneFor(locale, options);
		return (instance.t as unknown as (...a: unknown[]) => string)(...args);
	};
	const plain = cacheFor(plainTexts, locale, options);
	const filled = cacheFor(filledTexts, locale, options);
	const translate = (...args: unknown[]): string => {
		const key = args[0];
		if (typeof key !== 'string' || args.length > 2) return t(...args);
		if (args.length === 1) {
			let text = plain.get(key);
			if (text === undefined) {
				text = t(key);
				if (plain.size < PLAIN_TEXTS_LIMIT) plain.set(key, text);
			}
			return text;
		}
		const id = filledKey(key, args[1]);
		if (id === null) return t(...args);
		let text = filled.get(id);
		if (text === undefined) {
			text = t(...args);
			if (filled.size >= FILLED_TEXTS_LIMIT) filled.clear();
			filled.set(id, text);
		}
		return text;
	};
	return translate as unknown as TFunction;
}
