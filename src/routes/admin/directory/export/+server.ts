import { ukToday } from '$lib/server/clock';
import { exportDirectory, formatDirectoryFile } from '$lib/server/directory/directory.service';
import { requireRole } from '$lib/server/policy';
import type { RequestHandler } from './$types';

/** The whole directory as an Open Referral UK file, downloaded (admin only). */
export const GET: RequestHandler = async ({ locals }) => {
	requireRole(locals, ['admin']);
	const body = formatDirectoryFile(await exportDirectory(locals.db));
	return new Response(body, {
		headers: {
			'content-type': 'application/json; charset=utf-8',
			'content-disposition': `attachment; filename="common-ground-directory-${ukToday()}.json"`,
			'cache-control': 'no-store'
		}
	});
};
