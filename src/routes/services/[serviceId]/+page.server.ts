import { error } from '@sveltejs/kit';
import { getDirectoryEntry } from '$lib/server/directory/directory.service';
import type { PageServerLoad } from './$types';

// A service's entry in the directory: public, like the search, so there is no access to check.
// `entry` is the directory's part of the page; other parts (families' ratings) are added beside it.
export const load: PageServerLoad = async ({ locals, params }) => {
	const entry = await getDirectoryEntry(locals.db, params.serviceId);
	if (!entry) error(404, 'not_found');
	return { entry };
};
