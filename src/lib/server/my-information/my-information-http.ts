import { error } from '@sveltejs/kit';
import { requireOwnInformation, viewAudiencesFor } from '../policy';
import { gatherMyInformation, type MyInformation } from './my-information.service';

/** The signed-in family member's information, checked through the policy; 404 if there is none. */
export async function loadOwnInformation(locals: App.Locals, familyId: string, now = new Date()): Promise<MyInformation> {
	const access = await requireOwnInformation(locals, familyId);
	const info = await gatherMyInformation(
		locals.db,
		{ familyId, userId: access.user.id, viewAudiences: viewAudiencesFor(access.relation) },
		now
	);
	if (!info) error(404, 'not_found');
	return info;
}

/** A download that is never kept by a browser or proxy cache and never shown inline. */
export function downloadHeaders(contentType: string, filename: string): Record<string, string> {
	return {
		'content-type': contentType,
		'content-disposition': `attachment; filename="${filename}"`,
		'cache-control': 'no-store',
		'x-content-type-options': 'nosniff'
	};
}
