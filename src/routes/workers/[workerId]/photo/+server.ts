import { error } from '@sveltejs/kit';
import { requireWorkerPhotoAccess } from '$lib/server/policy';
import { getWorkerPhoto } from '$lib/server/workers/profile.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, params, url }) => {
	await requireWorkerPhotoAccess(locals, params.workerId);
	const photo = await getWorkerPhoto(locals.db, params.workerId);
	if (!photo) error(404, 'not_found');
	return new Response(new Uint8Array(photo.image), {
		headers: {
			'content-type': photo.contentType,
			'content-length': String(photo.image.byteLength),
			// Private: it sits behind sign-in. A versioned address never changes, so keep it a year.
			'cache-control': url.searchParams.has('v') ? 'private, max-age=31536000, immutable' : 'private, no-cache',
			'content-disposition': 'inline',
			'x-content-type-options': 'nosniff'
		}
	});
};
