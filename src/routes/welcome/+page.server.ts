import { redirect } from '@sveltejs/kit';
import { homePath, requireUser } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

// For a signed-in person whose account is not linked to a family or a service yet.
export const load: PageServerLoad = async ({ locals }) => {
	const user = requireUser(locals);
	const home = await homePath(locals.db, user);
	if (home !== '/welcome') redirect(303, home);
	return {};
};
