import { getRecordStatus } from '$lib/server/retention/retention.service';
import { requireOwnInformation } from '$lib/server/policy';
import { error } from '@sveltejs/kit';
import type { PageServerLoad } from './$types';

export const load: PageServerLoad = async ({ locals, params }) => {
	const access = await requireOwnInformation(locals, params.familyId);
	const record = await getRecordStatus(locals.db, params.familyId);
	if (!record) error(404, 'not_found');
	return {
		familyId: params.familyId,
		isYoungPerson: access.user.role === 'young_person',
		restricted: record.restrictedAt !== null
	};
};
