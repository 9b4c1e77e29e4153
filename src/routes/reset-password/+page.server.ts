import { fail, redirect } from '@sveltejs/kit';
import { PasswordRejectedError, newPasswordError } from '$lib/server/auth/password-policy';
import { PasswordResetError, resetPassword } from '$lib/server/auth/password-reset.service';
import { normaliseInviteCode } from '$lib/server/invites/invites.service';
import { homePath } from '$lib/server/policy';
import { LIMITS, hasErrors, passwordField, textField, type FieldErrors } from '$lib/validation/forms';
import type { Actions, PageServerLoad } from './$types';

// A family member without email sets a new password with a one-time code from their worker or
// the administrator. Open to anyone: the code and the username together are the proof.

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user) redirect(303, await homePath(locals.db, locals.user));
	return {};
};

export const actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const values = { username: textField(form, 'username').toLowerCase(), code: textField(form, 'code') };
		const password = passwordField(form, 'password');

		const errors: FieldErrors = {};
		if (!values.username) errors.username = 'auth:sign_in.errors.username_required';
		else if (values.username.length > LIMITS.username) errors.username = 'auth:password_reset.errors.invalid';
		const code = normaliseInviteCode(values.code);
		if (!values.code) errors.code = 'auth:invite.errors.code_required';
		else if (values.code.length > LIMITS.inviteCode || code.length !== 12) errors.code = 'auth:invite.errors.code_format';
		const passwordError = newPasswordError(password, { username: values.username });
		if (passwordError) errors.password = passwordError;
		if (hasErrors(errors)) return fail(400, { values, errors });

		try {
			await resetPassword(event.locals.db, { username: values.username, code, password, ip: event.getClientAddress() });
		} catch (error) {
			if (error instanceof PasswordRejectedError) return fail(400, { values, errors: { password: error.key } });
			if (error instanceof PasswordResetError) {
				if (error.code === 'throttled') {
					return fail(429, {
						values,
						errors: { code: 'auth:sign_in.errors.throttled' },
						errorValues: { count: error.retryAfterSeconds }
					});
				}
				return fail(400, { values, errors: { code: 'auth:password_reset.errors.invalid' } });
			}
			throw error;
		}
		redirect(303, '/sign-in?reset=1');
	}
} satisfies Actions;
