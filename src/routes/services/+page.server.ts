import { listDirectoryLanguages, searchDirectory } from '$lib/server/directory/directory.service';
import { parseDirectorySearch } from '$lib/directory/search';
import type { PageServerLoad } from './$types';

// "Find support": the services directory is public. Anyone may search it without signing in, so
// there is no access to check, and nothing here reads who is signed in.
export const load: PageServerLoad = async ({ locals, url }) => {
	const { values, filters, errors } = parseDirectorySearch(url.searchParams);
	const [results, languages] = await Promise.all([
		searchDirectory(locals.db, filters),
		listDirectoryLanguages(locals.db)
	]);
	return { values, errors: Object.keys(errors).length > 0 ? errors : null, results, languages };
};
