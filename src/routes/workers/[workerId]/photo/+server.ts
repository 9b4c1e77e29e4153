import { error } from '@sveltejs/kit';
import { requireWorkerPhotoAccess } from '$lib/server/policy';
import { getWorkerPhoto } from '$lib/server/workers/profile.service';
import type { RequestHandler } from './$types';

// Not cached: like every page a signed-in person sees, the security headers mark it no-store, so a
// shared computer keeps nothing. The ?v= on its address only makes a new photo show at once.
export const GET: RequestHandler = async ({ locals, params }) => {
	await requireWorkerPhotoAccess(locals, params.workerId);
	const photo = await getWorkerPhoto(locals.db, params.workerId);
	if (!photo) error(404, 'not_found');
	return new Response(new Uint8Array(photo.image), {
		headers: {
			'content-type': photo.contentType,
			'content-length': String(photo.image.byteLength),
			'content-disposition': 'inline',
			'x-content-type-options': 'nosniff'
		}
	});
};
