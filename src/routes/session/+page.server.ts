import { redirect } from '@sveltejs/kit';
import { deleteSessionCookie } from '$lib/server/auth/cookies';
import { invalidateUserSessions, sessionTimeLeft } from '$lib/server/auth/session.service';
import { requireUser } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

// The signed-in person's sessions: "sign out everywhere" (every device, this one too), and the
// idle warning's "Stay signed in", which the browser posts with fetch.

export const load: PageServerLoad = ({ locals }) => {
	requireUser(locals);
	return {};
};

export const actions = {
	/**
	 * Nothing to write here: validating this request's session (the `session` handle) has already
	 * moved its idle deadline, as any request more than a minute after the last one does. This
	 * answers with the new time left, counted by the server, for the browser's countdown.
	 */
	stay: ({ locals }) => {
		requireUser(locals);
		if (!locals.session) redirect(303, '/sign-in');
		return sessionTimeLeft(locals.session);
	},

	everywhere: async ({ locals, cookies, url }) => {
		// Like signing out, this always works, even for a session that has already ended.
		if (locals.user) await invalidateUserSessions(locals.db, locals.user.id);
		deleteSessionCookie(cookies, url);
		redirect(303, '/?signed_out=1');
	}
} satisfies Actions;
