import { error, fail, redirect } from '@sveltejs/kit';
import { getHandover, writeHandoverNote } from '$lib/server/handovers/handovers.service';
import { requireHandoverNoteAccess } from '$lib/server/policy';
import { LIMITS, hasErrors, textField, type FieldErrors } from '$lib/validation/forms';
import type { Actions, PageServerLoad, RequestEvent } from './$types';

/** The handover and which note this worker writes on it, once the policy has let them in. */
async function ownHandover({ locals, params }: Pick<RequestEvent, 'locals' | 'params'>) {
	const { side } = await requireHandoverNoteAccess(locals, params.handoverId);
	const handover = await getHandover(locals.db, params.handoverId);
	if (!handover) error(404, 'not_found');
	return { handover, side };
}

export const load: PageServerLoad = async (event) => ownHandover(event);

export const actions = {
	note: async (event) => {
		const { handover, side } = await ownHandover(event);
		const form = await event.request.formData();
		const values = { note: textField(form, 'note') };
		const errors: FieldErrors = {};
		if (values.note.length > LIMITS.handoverNote) errors.note = 'worker:handover_note.errors.too_long';
		if (hasErrors(errors)) return fail(400, { values, errors });
		await writeHandoverNote(event.locals.db, handover, side, values.note);
		redirect(303, `/handovers/${handover.id}?saved=1`);
	}
} satisfies Actions;
