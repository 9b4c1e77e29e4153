import { fail, redirect } from '@sveltejs/kit';
import {
	ContactPreferenceError,
	getContactPreference,
	saveContactPreference,
	type ContactPreferenceInput
} from '$lib/server/outbox/contact-preference.service';
import { requireOwnContactPreference } from '$lib/server/policy';
import { textField } from '$lib/validation/forms';
import type { Actions, PageServerLoad } from './$types';

// How the signed-in person wants to hear that there is something new: their own choice only.
export const load: PageServerLoad = async ({ locals, url }) => {
	const user = requireOwnContactPreference(locals);
	const preference = await getContactPreference(locals.db, user.id);
	return {
		values: {
			channel: preference.channel,
			email: preference.email ?? '',
			phone: preference.phone ?? '',
			quietFrom: preference.quietFrom ?? '',
			quietUntil: preference.quietUntil ?? ''
		} satisfies ContactPreferenceInput,
		saved: url.searchParams.get('saved') === '1'
	};
};

export const actions = {
	default: async ({ locals, request }) => {
		const user = requireOwnContactPreference(locals);
		const form = await request.formData();
		const values: ContactPreferenceInput = {
			channel: textField(form, 'channel'),
			email: textField(form, 'email'),
			phone: textField(form, 'phone'),
			quietFrom: textField(form, 'quietFrom'),
			quietUntil: textField(form, 'quietUntil')
		};
		try {
			await saveContactPreference(locals.db, user, values, locals.locale, new Date());
		} catch (error) {
			if (error instanceof ContactPreferenceError) return fail(400, { values, errors: error.errors });
			throw error;
		}
		redirect(303, '/account/notifications?saved=1');
	}
} satisfies Actions;
