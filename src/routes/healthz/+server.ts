import { json } from '@sveltejs/kit';
import { checkDatabase } from '$lib/server/health/health.service';
import type { RequestHandler } from './$types';

export const GET: RequestHandler = async ({ locals, setHeaders }) => {
	setHeaders({ 'cache-control': 'no-store' });
	const database = await checkDatabase(locals.db);
	return json({ status: database ? 'ok' : 'error', database: database ? 'ok' : 'unavailable' }, { status: database ? 200 : 503 });
};
