import { listDirectoryLanguages, searchDirectory } from '$lib/server/directory/directory.service';
import { parseDirectorySearch } from '$lib/directory/search';
import { positiveShares } from '$lib/server/ratings/ratings.service';
import type { PageServerLoad } from './$types';

// "Find support": the services directory is public. Anyone may search it without signing in, so
// there is no access to check, and nothing here reads who is signed in.
export const load: PageServerLoad = async ({ locals, url }) => {
	const { values, filters, errors } = parseDirectorySearch(url.searchParams);
	const [results, languages] = await Promise.all([
		searchDirectory(locals.db, filters),
		listDirectoryLanguages(locals.db)
	]);
	// How families rated each one, where there are enough ratings to be fair (one query).
	const shares = await positiveShares(
		locals.db,
		results.map((r) => r.id)
	);
	return {
		values,
		errors: Object.keys(errors).length > 0 ? errors : null,
		results: results.map((r) => ({ ...r, rating: shares.get(r.id) ?? null })),
		languages
	};
};
