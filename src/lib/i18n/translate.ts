import type { TFunction } from 'i18next';
import { pseudoPostProcessor } from './pseudo';

// The browser's translator. The server translates with i18next, one instance per request; a page's
// script only has to say the same sentences again while it hydrates and as people move between
// pages. For that, i18next's 17 KB (gzip) were a quarter of every page's JavaScript, so the browser
// gets this: the part of i18next's behaviour Common Ground's texts use, over one language's files.
//
// - keys `namespace:path.to.text` (the namespace defaults to `common`);
// - plurals by `count`, with the language's own plural rules (Welsh has six forms), and `_zero`
//   tried first for a count of 0, as i18next does;
// - `context` (`key_context`, `key_context_one`, …);
// - `{{value}}` interpolation, unescaped (Svelte escapes what it renders); a value not given leaves
//   `{{value}}` in place, or nothing if the option was given as undefined;
// - `defaultValue`, and the pseudo-locale's post-processing in tests.
//
// It is held to i18next by translate.test.ts: every text in every language, with every plural
// count and context, must come out the same as the server's i18next (with its English fallback)
// says it. That test is also what lets the browser skip loading English behind another language.

type Bundle = Readonly<Record<string, unknown>>;
type Options = Readonly<Record<string, unknown>>;

export interface TranslateOptions {
	/** Tests only (CG_PSEUDO_LOCALE): the text pseudo-localised, see pseudo.ts. */
	pseudo?: boolean;
}

const DEFAULT_NAMESPACE = 'common';

/**
 * Said in the console when a page asks for a namespace it did not load (route-namespaces.ts
 * missed it): the text would show as its key. The end-to-end crawls fail on it.
 */
export const NAMESPACE_NOT_LOADED = 'Common Ground: texts asked for from a namespace this page did not load:';
const VALUE = /\{\{(.+?)\}\}/g;

function find(bundle: Bundle | undefined, path: string): unknown {
	let at: unknown = bundle;
	for (const part of path.split('.')) {
		if (at === null || typeof at !== 'object') return undefined;
		at = (at as Record<string, unknown>)[part];
	}
	return at;
}

function valueOf(data: Options, name: string): unknown {
	return name in data ? data[name] : find(data, name);
}

function interpolate(text: string, options: Options): string {
	const data = options.replace && typeof options.replace === 'object' ? (options.replace as Options) : options;
	return text.replace(VALUE, (whole, inner: string) => {
		let name = inner.trim();
		if (name.startsWith('-')) name = name.slice(1).trim();
		const comma = name.indexOf(',');
		if (comma !== -1) name = name.slice(0, comma).trim();
		const value = valueOf(data, name);
		if (value === undefined) return Object.prototype.hasOwnProperty.call(options, name) ? '' : whole;
		return value === null ? '' : String(value);
	});
}

/**
 * A translator for `locale` over its namespaces' files (`bundles`, by namespace). It has no
 * fallback language: translate.test.ts proves every language has every text.
 */
export function makeTranslate(locale: string, bundles: Readonly<Record<string, Bundle>>, options: TranslateOptions = {}): TFunction {
	const plural = new Intl.PluralRules(locale);
	const missing = new Set<string>();
	const translate = (given: unknown, second?: unknown): string => {
		const original = String(given ?? '');
		// A text as the second argument is i18next's short way of giving a default.
		const opts: Options = second && typeof second === 'object' ? (second as Options) : typeof second === 'string' ? { defaultValue: second } : {};
		let ns = DEFAULT_NAMESPACE;
		let key = original;
		const colon = original.indexOf(':');
		if (colon !== -1) {
			const parts = original.split(':');
			ns = parts.shift() as string;
			key = parts.join('.');
		}
		if (!(ns in bundles) && !missing.has(ns)) {
			missing.add(ns);
			console.error(NAMESPACE_NOT_LOADED, ns, original);
		}
		const { count, context } = opts;
		const tries: string[] = [key];
		if (count !== undefined && typeof count !== 'string') {
			tries.push(`${key}_${plural.select(count as number)}`);
			if (count === 0) tries.push(`${key}_zero`);
		}
		if ((typeof context === 'string' || typeof context === 'number') && context !== '') {
			const withContext = `${key}_${context}`;
			tries.push(withContext);
			if (count !== undefined && typeof count !== 'string') {
				tries.push(`${withContext}_${plural.select(count as number)}`);
				if (count === 0) tries.push(`${withContext}_zero`);
			}
		}
		let found: unknown;
		for (let i = tries.length - 1; i >= 0 && (found === undefined || found === null); i--) {
			found = find(bundles[ns], tries[i] as string);
		}
		let text: string;
		if (found !== null && typeof found === 'object') return `key '${key} (${locale})' returned an object instead of string.`;
		if (found !== undefined && found !== null) text = String(found);
		else if (typeof opts.defaultValue === 'string') text = opts.defaultValue;
		else text = key;
		text = interpolate(text, opts);
		if (!options.pseudo) return text;
		return pseudoPostProcessor.process(text, [original], opts as never, undefined as never) as string;
	};
	return translate as unknown as TFunction;
}
