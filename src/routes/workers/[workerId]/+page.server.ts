import { error, fail, redirect } from '@sveltejs/kit';
import { ukToday } from '$lib/server/clock';
import { requireWorkerProfileAccess } from '$lib/server/policy';
import { preparePhoto } from '$lib/server/workers/photo';
import {
	AvailabilityRuleError,
	addAbsence,
	getWorkerProfile,
	listPossibleCover,
	removeAbsence,
	removePhoto,
	saveContact,
	saveHours,
	savePhoto
} from '$lib/server/workers/profile.service';
import { hasErrors, textField } from '$lib/validation/forms';
import { parseAbsence, parseContact, parseHours } from '$lib/validation/worker';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The profile being changed, after checking that this person may change it. */
async function editable({ locals, params }: Pick<RequestEvent, 'locals' | 'params'>) {
	const access = await requireWorkerProfileAccess(locals, params.workerId);
	const profile = await getWorkerProfile(locals.db, params.workerId);
	if (!profile) error(404, 'not_found');
	return { profile, access };
}

function isPayloadTooLarge(err: unknown): boolean {
	return typeof err === 'object' && err !== null && 'status' in err && err.status === 413;
}

const done = (workerId: string, what: string) => redirect(303, `/workers/${workerId}?saved=${what}`);

export const load: PageServerLoad = async (event) => {
	const { profile, access } = await editable(event);
	return { profile, self: access.self, cover: await listPossibleCover(event.locals.db, profile), today: ukToday() };
};

export const actions = {
	photo: async (event) => {
		const { profile, access } = await editable(event);
		const refuse = (status: number, error: string) =>
			fail(status, { action: 'photo', values: {}, errors: { photo: `worker:profile.errors.photo_${error}` } });
		let file: FormDataEntryValue | null;
		try {
			file = (await event.request.formData()).get('photo');
		} catch (err) {
			// Bigger than the server accepts at all (BODY_SIZE_LIMIT): the same clear error as any too-big photo.
			if (isPayloadTooLarge(err)) return refuse(413, 'too_big');
			throw err;
		}
		const result = await preparePhoto(file instanceof File ? file : null);
		if (!result.ok) return refuse(400, result.error);
		await savePhoto(event.locals.db, profile.id, result, access.user.id);
		done(profile.id, 'photo');
	},
	removePhoto: async (event) => {
		const { profile } = await editable(event);
		await removePhoto(event.locals.db, profile.id);
		done(profile.id, 'photo_removed');
	},
	contact: async (event) => {
		const { profile } = await editable(event);
		const { values, errors } = parseContact(await event.request.formData());
		if (hasErrors(errors)) return fail(400, { action: 'contact', values, errors });
		await saveContact(event.locals.db, profile.id, { phone: values.phone || null, email: values.email || null });
		done(profile.id, 'contact');
	},
	hours: async (event) => {
		const { profile } = await editable(event);
		const { values, errors, hours } = parseHours(await event.request.formData());
		if (hasErrors(errors)) return fail(400, { action: 'hours', values, errors });
		await saveHours(event.locals.db, profile.id, hours);
		done(profile.id, 'hours');
	},
	addAbsence: async (event) => {
		const { profile, access } = await editable(event);
		const { values, errors } = parseAbsence(await event.request.formData(), ukToday());
		if (hasErrors(errors)) return fail(400, { action: 'addAbsence', values, errors });
		try {
			await addAbsence(
				event.locals.db,
				{ workerId: profile.id, startsOn: values.startsOn, endsOn: values.endsOn, coverWorkerId: values.coverWorkerId || null },
				access.user.id
			);
		} catch (err) {
			if (err instanceof AvailabilityRuleError) {
				return fail(409, { action: 'addAbsence', values, errors: { [err.field]: `worker:profile.errors.${err.code}` } });
			}
			throw err;
		}
		done(profile.id, 'absence');
	},
	removeAbsence: async (event) => {
		const { profile } = await editable(event);
		const form = await event.request.formData();
		if (!(await removeAbsence(event.locals.db, profile.id, textField(form, 'absenceId')))) error(404, 'not_found');
		done(profile.id, 'absence_removed');
	}
} satisfies Actions;
