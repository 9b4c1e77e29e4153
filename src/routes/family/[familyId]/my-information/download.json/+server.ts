import { downloadHeaders, loadOwnInformation } from '$lib/server/my-information/my-information-http';
import { myInformationFilename } from '$lib/server/my-information/my-information.service';
import type { RequestHandler } from './$types';

/** "Download my information" as JSON (shape: MyInformation, `format` and `version` first). */
export const GET: RequestHandler = async ({ locals, params }) => {
	const now = new Date();
	const info = await loadOwnInformation(locals, params.familyId, now);
	return new Response(`${JSON.stringify(info, null, 2)}\n`, {
		headers: downloadHeaders('application/json; charset=utf-8', myInformationFilename(now, 'json'))
	});
};
