import { fail, redirect } from '@sveltejs/kit';
import { completeSecondFactor } from '$lib/server/auth/session.service';
import { TwoFactorError, verifySecondFactor } from '$lib/server/auth/two-factor.service';
import { homePath, requireUser } from '$lib/server/policy';
import { LIMITS, textField } from '$lib/validation/forms';
import type { Actions, PageServerLoad } from './$types';

// The second step of signing in: a code from the person's authenticator app, or a recovery code.
// The secondFactor handle sends every session that owes one here and lets it go nowhere else.

/** Where a session that does not owe a code belongs instead. */
async function elsewhere(locals: App.Locals): Promise<string | null> {
	const user = requireUser(locals);
	const pending = locals.session?.secondFactorPending;
	if (pending === 'code') return null;
	return pending === 'setup' ? '/account/two-factor' : homePath(locals.db, user);
}

export const load: PageServerLoad = async ({ locals }) => {
	const other = await elsewhere(locals);
	if (other) redirect(303, other);
	return {};
};

export const actions = {
	default: async ({ locals, request }) => {
		const other = await elsewhere(locals);
		if (other) redirect(303, other);
		const user = requireUser(locals);
		const form = await request.formData();
		const values = { code: textField(form, 'code') };
		if (!values.code) return fail(400, { values, errors: { code: 'auth:second_step.errors.code_required' } });
		if (values.code.length > LIMITS.inviteCode) return fail(400, { values, errors: { code: 'auth:second_step.errors.code_invalid' } });
		try {
			await verifySecondFactor(locals.db, user.id, values.code);
		} catch (error) {
			if (error instanceof TwoFactorError) {
				if (error.code === 'throttled') {
					return fail(429, {
						values,
						errors: { code: 'auth:sign_in.errors.throttled' },
						errorValues: { count: error.retryAfterSeconds }
					});
				}
				return fail(400, { values, errors: { code: 'auth:second_step.errors.code_invalid' } });
			}
			throw error;
		}
		await completeSecondFactor(locals.db, (locals.session as NonNullable<App.Locals['session']>).id);
		redirect(303, await homePath(locals.db, user));
	}
} satisfies Actions;
