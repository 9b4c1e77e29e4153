import { fail, redirect } from '@sveltejs/kit';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { signIn } from '$lib/server/auth/sign-in.service';
import { SECOND_FACTOR_PAGES } from '$lib/server/hooks/handles';
import { homePath } from '$lib/server/policy';
import { hasErrors, passwordField, textField, validateSignIn } from '$lib/validation/forms';
import type { Actions, PageServerLoad } from './$types';

/** Why the browser sent someone here after their session ran out (SessionTimeout.svelte). */
const EXPIRED_NOTES = { '1': 'auth:sign_in.expired_idle', limit: 'auth:sign_in.expired_limit' } as const;

export const load: PageServerLoad = async ({ locals, url }) => {
	if (locals.user) redirect(303, await homePath(locals.db, locals.user));
	const expired = url.searchParams.get('expired');
	return {
		expiredNote: expired === '1' || expired === 'limit' ? EXPIRED_NOTES[expired] : null,
		// Back from /reset-password with a new password.
		passwordReset: url.searchParams.get('reset') === '1'
	};
};

export const actions = {
	default: async (event) => {
		const form = await event.request.formData();
		// The password is never sent back to the page.
		const values = { username: textField(form, 'username') };
		const password = passwordField(form, 'password');

		const errors = validateSignIn(values.username, password);
		if (hasErrors(errors)) return fail(400, { values, errors });

		const result = await signIn(event.locals.db, {
			username: values.username,
			password,
			ip: event.getClientAddress()
		});
		if (!result.ok) {
			if (result.reason === 'throttled') {
				return fail(429, {
					values,
					errors: { username: 'auth:sign_in.errors.throttled' },
					errorValues: { count: result.retryAfterSeconds }
				});
			}
			return fail(400, { values, errors: { username: 'auth:sign_in.errors.invalid' } });
		}

		setSessionCookie(event.cookies, event.url, result.token, result.expiresAt);
		// The secondFactor handle would send them there anyway; going straight saves a hop.
		if (result.secondFactor) redirect(303, SECOND_FACTOR_PAGES[result.secondFactor]);
		redirect(303, await homePath(event.locals.db, result.user));
	}
} satisfies Actions;
