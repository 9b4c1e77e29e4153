import { redirect } from '@sveltejs/kit';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { invalidateSession } from '$lib/server/auth/session.service';
import { requireUser } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	requireUser(locals);
	return {};
};

export const actions = {
	default: async ({ locals, cookies, url }) => {
		// Signing out always works, even for a session that has already ended.
		if (locals.session) await invalidateSession(locals.db, locals.session.id);
		deleteSessionCookie(cookies, url);
		redirect(303, '/?signed_out=1');
	}
} satisfies Actions;
