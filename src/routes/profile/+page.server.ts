import { error, redirect } from '@sveltejs/kit';
import { requireRole } from '$lib/server/policy';
import { findWorkerIdForUser } from '$lib/server/workers/workers.service';
import type { PageServerLoad } from './$types';

// "My profile" in the menu: the signed-in worker's own profile page.
export const load: PageServerLoad = async ({ locals }) => {
	const user = requireRole(locals, ['worker', 'manager']);
	const workerId = await findWorkerIdForUser(locals.db, user.id);
	if (!workerId) error(404, 'not_found');
	redirect(303, `/workers/${workerId}`);
};
