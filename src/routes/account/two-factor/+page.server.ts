import { error, fail, redirect } from '@sveltejs/kit';
import { isStaffRole } from '$lib/server/auth/session-policy';
import { completeSecondFactor } from '$lib/server/auth/session.service';
import {
	TwoFactorError,
	disableTotp,
	enableTotp,
	regenerateRecoveryCodes,
	totpSetup,
	twoFactorStatus
} from '$lib/server/auth/two-factor.service';
import { homePath, requireUser } from '$lib/server/policy';
import { LIMITS, textField } from '$lib/validation/forms';
import type { Actions, PageServerLoad } from './$types';

// Setting up, and looking after, the second factor. Staff who have none are sent here by the
// secondFactor handle and can go nowhere else until they finish; family members come by choice.
//
// The new secret travels in a hidden field with the first code (as in the Lucia 2FA example), so
// nothing is stored until a code proves the person's app has it; a wrong code shows the same one again.

type Action = 'enable' | 'regenerate' | 'disable';

function codeErrorFor(action: Action, error: TwoFactorError) {
	if (error.code === 'throttled') {
		return fail(429, {
			action,
			values: {},
			errors: { [`${action}Code`]: 'auth:sign_in.errors.throttled' },
			errorValues: { count: error.retryAfterSeconds }
		});
	}
	return fail(400, { action, values: {}, errors: { [`${action}Code`]: 'auth:second_step.errors.code_invalid' } });
}

function readCode(form: FormData): string {
	return textField(form, 'code').slice(0, LIMITS.inviteCode + 1);
}

export const load: PageServerLoad = async ({ locals }) => {
	const user = requireUser(locals);
	const status = await twoFactorStatus(locals.db, user);
	return {
		status,
		// Only while there is none: a secret is never shown again once set up.
		setup: status.enabled ? null : totpSetup(user.username),
		// The first time, staff must finish here before anything else opens.
		mustSetUp: locals.session?.secondFactorPending === 'setup'
	};
};

export const actions = {
	enable: async ({ locals, request }) => {
		const user = requireUser(locals);
		if (!locals.session) redirect(303, '/sign-in');
		if ((await twoFactorStatus(locals.db, user)).enabled) error(409, 'conflict');
		const form = await request.formData();
		const secret = textField(form, 'secret');
		const code = readCode(form);
		const setup = totpSetup(user.username, secret);
		if (!code) {
			return fail(400, { action: 'enable' as const, setup, values: {}, errors: { enableCode: 'auth:second_step.errors.code_required' } });
		}
		try {
			const recoveryCodes = await enableTotp(locals.db, user.id, setup.secret, code);
			// Typing the first code is this session's second factor.
			await completeSecondFactor(locals.db, locals.session.id);
			return { action: 'enable' as const, recoveryCodes, next: await homePath(locals.db, user) };
		} catch (err) {
			if (err instanceof TwoFactorError) {
				const failure = codeErrorFor('enable', err);
				return fail(failure.status, { ...failure.data, setup });
			}
			throw err;
		}
	},

	regenerate: async ({ locals, request }) => {
		const user = requireUser(locals);
		const form = await request.formData();
		const code = readCode(form);
		if (!code) return fail(400, { action: 'regenerate' as const, values: {}, errors: { regenerateCode: 'auth:second_step.errors.code_required' } });
		try {
			const recoveryCodes = await regenerateRecoveryCodes(locals.db, user.id, code);
			return { action: 'regenerate' as const, recoveryCodes, next: '/account' };
		} catch (err) {
			if (err instanceof TwoFactorError) return codeErrorFor('regenerate', err);
			throw err;
		}
	},

	disable: async ({ locals, request }) => {
		const user = requireUser(locals);
		// Staff must keep theirs: the button is not shown to them, and the post is refused.
		if (isStaffRole(user.role)) error(403, 'forbidden');
		const form = await request.formData();
		const code = readCode(form);
		if (!code) return fail(400, { action: 'disable' as const, values: {}, errors: { disableCode: 'auth:second_step.errors.code_required' } });
		try {
			await disableTotp(locals.db, user, code);
		} catch (err) {
			if (err instanceof TwoFactorError) {
				if (err.code === 'required') error(403, 'forbidden');
				return codeErrorFor('disable', err);
			}
			throw err;
		}
		redirect(303, '/account?done=two_factor_off');
	}
} satisfies Actions;
