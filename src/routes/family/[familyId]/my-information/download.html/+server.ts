import { renderMyInformationHtml } from '$lib/server/my-information/my-information-html';
import { downloadHeaders, loadOwnInformation } from '$lib/server/my-information/my-information-http';
import { myInformationFilename } from '$lib/server/my-information/my-information.service';
import type { RequestHandler } from './$types';

/** "Download my information" as one readable, self-contained HTML file in the reader's language. */
export const GET: RequestHandler = async ({ locals, params }) => {
	const now = new Date();
	const info = await loadOwnInformation(locals, params.familyId, now);
	const body = renderMyInformationHtml(info, { t: locals.t, locale: locals.locale, dir: locals.dir });
	return new Response(body, { headers: downloadHeaders('text/html; charset=utf-8', myInformationFilename(now, 'html')) });
};
