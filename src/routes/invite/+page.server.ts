import { fail, redirect } from '@sveltejs/kit';
import { setSessionCookie } from '$lib/server/auth/cookies';
import { PasswordRejectedError, newPasswordError } from '$lib/server/auth/password-policy';
import { createSession } from '$lib/server/auth/session.service';
import { InviteError, normaliseInviteCode, redeemInvite } from '$lib/server/invites/invites.service';
import { inviteAttemptAllowed } from '$lib/server/invites/redeem';
import { homePath } from '$lib/server/policy';
import {
	LIMITS,
	hasErrors,
	passwordField,
	textField,
	validateUsername,
	type FieldErrors
} from '$lib/validation/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	if (locals.user) redirect(303, await homePath(locals.db, locals.user));
	return {};
};

const INVITE_ERRORS: Record<InviteError['code'], [field: string, key: string]> = {
	invalid_code: ['code', 'auth:invite.errors.code_invalid'],
	already_has_account: ['code', 'auth:invite.errors.code_invalid'],
	username_taken: ['username', 'auth:invite.errors.username_taken'],
	wrong_username: ['username', 'auth:invite.errors.wrong_username']
};

export const actions = {
	default: async (event) => {
		const form = await event.request.formData();
		const values = { code: textField(form, 'code'), username: textField(form, 'username').toLowerCase() };
		const password = passwordField(form, 'password');

		const errors: FieldErrors = {};
		const code = normaliseInviteCode(values.code);
		if (!values.code) errors.code = 'auth:invite.errors.code_required';
		else if (values.code.length > LIMITS.inviteCode || code.length !== 12) errors.code = 'auth:invite.errors.code_format';
		validateUsername(errors, 'username', values.username);
		const passwordError = newPasswordError(password, { username: values.username });
		if (passwordError) errors.password = passwordError;
		if (hasErrors(errors)) return fail(400, { values, errors });

		const decision = await inviteAttemptAllowed(event.locals.db, event.getClientAddress());
		if (!decision.allowed) {
			return fail(429, {
				values,
				errors: { code: 'auth:invite.errors.throttled' },
				errorValues: { count: decision.retryAfterSeconds }
			});
		}

		try {
			const user = await redeemInvite(event.locals.db, { code, username: values.username, password });
			const { token, session } = await createSession(event.locals.db, user);
			setSessionCookie(event.cookies, event.url, token, session.expiresAt);
			redirect(303, await homePath(event.locals.db, user));
		} catch (error) {
			if (error instanceof PasswordRejectedError) return fail(400, { values, errors: { password: error.key } });
			if (error instanceof InviteError) {
				const [field, key] = INVITE_ERRORS[error.code];
				return fail(400, { values, errors: { [field]: key } });
			}
			throw error;
		}
	}
} satisfies Actions;
