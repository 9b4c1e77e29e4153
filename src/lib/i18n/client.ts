import type { TFunction } from 'i18next';
import { loadBundle, type Bundle } from './bundles';
import { NAMESPACES, type Locale, type Namespace } from './locales';
import { makeTranslate, type TranslateOptions } from './translate';

// The browser's translations: a page loads only its own language's files, never English behind it
// (translate.test.ts proves each language complete), and of those only the namespaces its code
// uses (route-namespaces.ts).
const loaded = new Map<string, Promise<Bundle>>();

function load(locale: Locale, ns: Namespace): Promise<Bundle> {
	const name = `${locale}/${ns}`;
	let pending = loaded.get(name);
	if (!pending) {
		pending = loadBundle(locale, ns);
		loaded.set(name, pending);
		pending.catch(() => loaded.delete(name));
	}
	return pending;
}

/** The namespaces a page needs, by its route id; all of them where there is no route (a page not found). */
export function namespacesFor(routeId: string | null): readonly Namespace[] {
	return (routeId !== null && __ROUTE_NAMESPACES__[routeId]) || NAMESPACES;
}

/** The page's translator in the browser, in the page's language, over the namespaces it uses. */
export async function getClientTranslator(locale: Locale, namespaces: readonly Namespace[], options: TranslateOptions = {}): Promise<TFunction> {
	const bundles = await Promise.all(namespaces.map(async (ns) => [ns, await load(locale, ns)] as const));
	return makeTranslate(locale, Object.fromEntries(bundles), options);
}
