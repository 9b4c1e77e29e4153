import { familyAccessLog, parseCursor } from '$lib/server/audit/audit.service';
import { requireFamilyAccess } from '$lib/server/policy';
import type { PageServerLoad } from './$types';

// "Who has looked at your information": the family's own view of the audit trail. Family members
// only; a young person also sees who read their views, and nobody else does.
export const load: PageServerLoad = async ({ locals, params, url }) => {
	const { user } = await requireFamilyAccess(locals, params.familyId, 'see_access_log');
	const log = await familyAccessLog(locals.db, params.familyId, user.id, parseCursor(url.searchParams.get('before')));
	return {
		familyId: params.familyId,
		isYoungPerson: user.role === 'young_person',
		earlier: url.searchParams.has('before'),
		log
	};
};
