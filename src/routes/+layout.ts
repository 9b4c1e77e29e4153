import { getTranslator } from '$lib/i18n';
import type { LayoutLoad } from './$types';

// Runs on the server for the first render and in the browser after: either way each page gets its
// own translator in its own language.
export const load: LayoutLoad = async ({ data }) => ({
	...data,
	t: await getTranslator(data.locale, { pseudo: data.pseudoLocale })
});
