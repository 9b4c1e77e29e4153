import { redirect } from '@sveltejs/kit';
import { homePath } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, await homePath(locals.db, locals.user));
	return { signedOut: url.searchParams.has('signed_out') };
};
