import { getClientTranslator, namespacesFor } from '$lib/i18n/client';
import type { LayoutLoad } from './$types';

// Runs on the server for the first render and in the browser after: either way each page gets its
// own translator in its own language. The server's is i18next; the browser's is the small
// translator of $lib/i18n/translate.ts, held to i18next's answers by its test, so i18next itself
// never reaches the browser (import.meta.env.SSR is false there, and the import goes with it). In
// the browser it runs again on each move to another page (it reads route.id), to load the
// namespaces that page uses.
export const load: LayoutLoad = async ({ data, route }) => {
	const options = { pseudo: data.pseudoLocale };
	const t = import.meta.env.SSR
		? await (await import('$lib/i18n')).getTranslator(data.locale, options)
		: await getClientTranslator(data.locale, namespacesFor(route.id), options);
	return { ...data, t };
};
