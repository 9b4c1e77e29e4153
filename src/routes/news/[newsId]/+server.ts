import { redirect } from '@sveltejs/kit';
import { openNews } from '$lib/server/news/news.service';
import { requireOwnNewsItem } from '$lib/server/policy';
import type { RequestHandler } from './$types';

// Opening a line in "What's new" goes through here: it is marked seen for its owner and the
// browser is sent on to what it is about (303, so no form and no JavaScript is needed). The line
// holds no content, and the page it leads to checks access again, so a stale line opens nothing.
export const GET: RequestHandler = async ({ locals, params }) => {
	const { user, item } = await requireOwnNewsItem(locals, params.newsId);
	redirect(303, await openNews(locals.db, user.id, item));
};
