import { error, redirect } from '@sveltejs/kit';
import { getFamilyOverview } from '$lib/server/families/families.service';
import { handoverNoticeFor, markHandoverSeen } from '$lib/server/handovers/handovers.service';
import { requireFamilyAccess } from '$lib/server/policy';
import { getSupportTeam } from '$lib/server/workers/support-team.service';
import { textField } from '$lib/validation/forms';
import type { Actions, PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const access = await requireFamilyAccess(locals, params.familyId, 'read');
	const [overview, handover] = await Promise.all([
		getFamilyOverview(locals.db, params.familyId),
		handoverNoticeFor(locals.db, params.familyId, access.user.id)
	]);
	if (!overview) error(404, 'not_found');
	const support = await getSupportTeam(locals.db, params.familyId, overview);
	const isFamily = access.relation === 'member';
	return {
		overview,
		support,
		// Staff see a change coming, but only the family is asked to say they have read it.
		handover: handover && (isFamily || handover.kind === 'coming') ? handover : null,
		viewer: isFamily ? 'family' : 'worker'
	} as const;
};

export const actions = {
	seenHandover: async ({ locals, params, request }) => {
		const access = await requireFamilyAccess(locals, params.familyId, 'acknowledge');
		const form = await request.formData();
		if (!(await markHandoverSeen(locals.db, params.familyId, textField(form, 'handoverId'), access.user.id))) {
			error(404, 'not_found');
		}
		redirect(303, `/family/${params.familyId}`);
	}
} satisfies Actions;
