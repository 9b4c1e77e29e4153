import { error, fail } from '@sveltejs/kit';
import { createInvite } from '$lib/server/invites/invites.service';
import { resetSecondFactor } from '$lib/server/auth/two-factor.service';
import { requireRole } from '$lib/server/policy';
import { listServices } from '$lib/server/services/services.service';
import { WorkerRuleError, createWorker, listWorkers, type StaffRole } from '$lib/server/workers/workers.service';
import {
	LIMITS,
	checkRequired,
	hasErrors,
	textField,
	validateOneOf,
	validateOptionalEmail,
	validateUsername,
	type FieldErrors
} from '$lib/validation/forms';
import type { Actions, PageServerLoad } from './$types';

const STAFF_ROLES: readonly StaffRole[] = ['worker', 'manager'];

export const load: PageServerLoad = async ({ locals }) => {
	requireRole(locals, ['admin']);
	const [workers, services] = await Promise.all([listWorkers(locals.db), listServices(locals.db)]);
	return { workers, services };
};

export const actions = {
	create: async ({ locals, request }) => {
		const admin = requireRole(locals, ['admin']);
		const form = await request.formData();
		const values = {
			username: textField(form, 'username').toLowerCase(),
			displayName: textField(form, 'displayName'),
			role: textField(form, 'role'),
			serviceId: textField(form, 'serviceId'),
			jobTitle: textField(form, 'jobTitle'),
			phone: textField(form, 'phone'),
			email: textField(form, 'email')
		};
		const errors: FieldErrors = {};
		validateUsername(errors, 'username', values.username);
		checkRequired(errors, 'displayName', values.displayName, 'admin:workers.errors.display_name', LIMITS.name);
		validateOneOf(errors, 'role', values.role, STAFF_ROLES, 'admin:workers.errors.role');
		const services = await listServices(locals.db);
		if (!services.some((s) => s.id === values.serviceId)) errors.serviceId = 'admin:workers.errors.service';
		checkRequired(errors, 'jobTitle', values.jobTitle, 'admin:workers.errors.job_title', LIMITS.jobTitle);
		if (values.phone.length > LIMITS.phone) errors.phone = 'admin:workers.errors.phone';
		validateOptionalEmail(errors, 'email', values.email);
		if (hasErrors(errors)) return fail(400, { values, errors });

		try {
			const worker = await createWorker(locals.db, {
				username: values.username,
				displayName: values.displayName,
				role: values.role as StaffRole,
				serviceId: values.serviceId,
				jobTitle: values.jobTitle,
				phone: values.phone || null,
				email: values.email || null
			});
			const invite = await createInvite(locals.db, { userId: worker.userId }, admin.id);
			return { invite: { name: worker.displayName, username: worker.username, code: invite.code } };
		} catch (err) {
			if (err instanceof WorkerRuleError) {
				return fail(409, { values, errors: { username: 'common:validation.username.taken' } });
			}
			throw err;
		}
	},
	invite: async ({ locals, request }) => {
		const admin = requireRole(locals, ['admin']);
		const form = await request.formData();
		const workerId = textField(form, 'workerId');
		const worker = (await listWorkers(locals.db)).find((w) => w.id === workerId);
		if (!worker) error(404, 'not_found');
		const invite = await createInvite(locals.db, { userId: worker.userId }, admin.id);
		return { invite: { name: worker.displayName, username: worker.username, code: invite.code } };
	},
	/**
	 * A member of staff lost their phone and their recovery codes: their second factor is cleared
	 * and every session of theirs ends, so whoever has the phone gets nothing. They set up a new
	 * one when they next sign in.
	 */
	resetTwoFactor: async ({ locals, request }) => {
		requireRole(locals, ['admin']);
		const form = await request.formData();
		const workerId = textField(form, 'workerId');
		const worker = (await listWorkers(locals.db)).find((w) => w.id === workerId);
		if (!worker) error(404, 'not_found');
		await resetSecondFactor(locals.db, worker.userId);
		return { twoFactorReset: { name: worker.displayName } };
	}
} satisfies Actions;
