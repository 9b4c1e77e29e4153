import { fail, redirect } from '@sveltejs/kit';
import { PasswordChangeError, changePassword } from '$lib/server/auth/password-change.service';
import { PasswordRejectedError, newPasswordError } from '$lib/server/auth/password-policy';
import { requireUser } from '$lib/server/policy';
import { hasErrors, passwordField, type FieldErrors } from '$lib/validation/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = ({ locals }) => {
	requireUser(locals);
	return {};
};

export const actions = {
	default: async ({ locals, request }) => {
		const user = requireUser(locals);
		if (!locals.session) redirect(303, '/sign-in');
		const form = await request.formData();
		// Neither password is ever sent back to the page: there is nothing else to keep.
		const values = {};
		const currentPassword = passwordField(form, 'currentPassword');
		const newPassword = passwordField(form, 'newPassword');
		const errors: FieldErrors = {};
		if (!currentPassword) errors.currentPassword = 'auth:password_change.errors.current_required';
		const newError = newPasswordError(newPassword, { username: user.username });
		if (newError) errors.newPassword = newError;
		if (hasErrors(errors)) return fail(400, { values, errors });
		try {
			await changePassword(locals.db, { userId: user.id, sessionId: locals.session.id, currentPassword, newPassword });
		} catch (error) {
			if (error instanceof PasswordChangeError) {
				if (error.code === 'throttled') {
					return fail(429, {
						values,
						errors: { currentPassword: 'auth:sign_in.errors.throttled' },
						errorValues: { count: error.retryAfterSeconds }
					});
				}
				return fail(400, { values, errors: { currentPassword: 'auth:password_change.errors.current_wrong' } });
			}
			if (error instanceof PasswordRejectedError) return fail(400, { values, errors: { newPassword: error.key } });
			throw error;
		}
		redirect(303, '/account?done=password');
	}
} satisfies Actions;
