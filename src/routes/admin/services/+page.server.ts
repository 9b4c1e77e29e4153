import { fail, redirect } from '@sveltejs/kit';
import { requireRole } from '$lib/server/policy';
import { ServiceRuleError, createService, listServices } from '$lib/server/services/services.service';
import { LIMITS, checkRequired, hasErrors, textField, type FieldErrors } from '$lib/validation/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals }) => {
	requireRole(locals, ['admin']);
	return { services: await listServices(locals.db) };
};

export const actions = {
	create: async ({ locals, request }) => {
		requireRole(locals, ['admin']);
		const form = await request.formData();
		const values = { name: textField(form, 'name'), description: textField(form, 'description') };
		const errors: FieldErrors = {};
		checkRequired(errors, 'name', values.name, 'admin:services.errors.name', LIMITS.serviceName);
		if (values.description.length > LIMITS.description) errors.description = 'admin:services.errors.description.too_long';
		if (hasErrors(errors)) return fail(400, { values, errors });
		try {
			await createService(locals.db, { name: values.name, description: values.description || null });
		} catch (error) {
			if (error instanceof ServiceRuleError) {
				return fail(409, { values, errors: { name: 'admin:services.errors.name.taken' } });
			}
			throw error;
		}
		redirect(303, '/admin/services?created=1');
	}
} satisfies Actions;
