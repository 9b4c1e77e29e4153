import type { ExpressionBuilder } from 'kysely';
import type { Executor } from '../db';
import type { Database, YoungViewMessageRow, YoungViewRow } from '../db/schema';
import type { ViewAudience } from '$lib/views/views';
import { currentLeadWorker, familiesLedByUser } from '../families/families.repository';

// Young people's views and the thread under each. Every list takes who is looking and which
// audiences they may see (decided in the policy module) and filters in SQL, so a view nobody
// showed them never leaves the database.

export type NewYoungView = YoungViewRow;
type ViewPatch = Partial<Omit<YoungViewRow, 'id' | 'family_id' | 'author_user_id' | 'created_at' | 'version'>>;

/** Views written by `userId`, and others' views shared with one of `audiences`. */
function visibleTo(userId: string, audiences: readonly ViewAudience[]) {
	return (eb: ExpressionBuilder<Database, 'young_view'>) =>
		audiences.length === 0
			? eb('young_view.author_user_id', '=', userId)
			: eb.or([eb('young_view.author_user_id', '=', userId), eb('young_view.audience', 'in', audiences)]);
}

export async function insertView(db: Executor, view: NewYoungView): Promise<void> {
	await db.insertInto('young_view').values(view).execute();
}

export async function findView(db: Executor, viewId: string): Promise<YoungViewRow | undefined> {
	return db.selectFrom('young_view').selectAll().where('id', '=', viewId).executeTakeFirst();
}

/** Changes a view only while it is still at `version` (as the caller last read it); true if it did. */
export async function updateView(db: Executor, viewId: string, version: number, patch: ViewPatch): Promise<boolean> {
	const result = await db
		.updateTable('young_view')
		.set({ ...patch, version: version + 1 })
		.where('id', '=', viewId)
		.where('version', '=', version)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

/** Drafts only: something once shared stays, so the thread under it keeps its start. */
export async function deleteDraft(db: Executor, viewId: string): Promise<boolean> {
	const result = await db
		.deleteFrom('young_view')
		.where('id', '=', viewId)
		.where('shared_at', 'is', null)
		.executeTakeFirst();
	return Number(result.numDeletedRows) === 1;
}

export async function markRead(db: Executor, viewId: string, userId: string, at: string): Promise<void> {
	await db
		.updateTable('young_view')
		.set({ read_at: at, read_by_user_id: userId })
		.where('id', '=', viewId)
		.where('read_at', 'is', null)
		.execute();
}

export async function markAuthorSeen(db: Executor, viewId: string, at: string): Promise<void> {
	await db.updateTable('young_view').set({ author_seen_at: at }).where('id', '=', viewId).execute();
}

export async function insertMessage(db: Executor, message: YoungViewMessageRow): Promise<void> {
	await db.insertInto('young_view_message').values(message).execute();
}

/** The worker answered: nothing waits any more, and the first answer is kept for the figures. */
export async function recordReply(db: Executor, viewId: string, userId: string, at: string): Promise<void> {
	await db
		.updateTable('young_view')
		.set((eb) => ({
			first_reply_at: eb.fn.coalesce('first_reply_at', eb.val(at)),
			read_at: eb.fn.coalesce('read_at', eb.val(at)),
			read_by_user_id: eb.fn.coalesce('read_by_user_id', eb.val(userId)),
			awaiting_since: null,
			awaiting_due_on: null
		}))
		.where('id', '=', viewId)
		.execute();
}

/** The young person said more: it waits for an answer from now, unless it already waited. */
export async function recordAnswer(db: Executor, viewId: string, at: string, dueOn: string): Promise<void> {
	await db
		.updateTable('young_view')
		.set({ awaiting_since: at, awaiting_due_on: dueOn })
		.where('id', '=', viewId)
		.where('awaiting_since', 'is', null)
		.execute();
}

export interface ViewListRow extends YoungViewRow {
	author_name: string;
	read_by_name: string | null;
	message_count: number;
	/** The latest message from someone other than the author: a reply the author may not have seen. */
	last_reply_at: string | null;
}

export async function listVisibleViews(
	db: Executor,
	familyId: string,
	userId: string,
	audiences: readonly ViewAudience[],
	viewId?: string
): Promise<ViewListRow[]> {
	let query = db
		.selectFrom('young_view')
		.innerJoin('app_user as author', 'author.id', 'young_view.author_user_id')
		.leftJoin('app_user as reader', 'reader.id', 'young_view.read_by_user_id')
		.selectAll('young_view')
		.select((eb) => [
			'author.display_name as author_name',
			'reader.display_name as read_by_name',
			eb
				.selectFrom('young_view_message as m')
				.select((sub) => sub.fn.countAll<number>().as('n'))
				.whereRef('m.view_id', '=', 'young_view.id')
				.as('message_count'),
			eb
				.selectFrom('young_view_message as m')
				.select((sub) => sub.fn.max('m.created_at').as('at'))
				.whereRef('m.view_id', '=', 'young_view.id')
				.whereRef('m.author_user_id', '<>', 'young_view.author_user_id')
				.as('last_reply_at')
		])
		.where('young_view.family_id', '=', familyId)
		.where(visibleTo(userId, audiences));
	if (viewId) query = query.where('young_view.id', '=', viewId);
	const rows = await query.orderBy('young_view.created_at').orderBy('young_view.id').execute();
	return rows.map((r) => ({ ...r, message_count: Number(r.message_count ?? 0), last_reply_at: r.last_reply_at ?? null }));
}

export interface ViewMessageListRow extends YoungViewMessageRow {
	author_name: string;
}

export async function listMessages(db: Executor, viewId: string): Promise<ViewMessageListRow[]> {
	return db
		.selectFrom('young_view_message')
		.innerJoin('app_user', 'app_user.id', 'young_view_message.author_user_id')
		.selectAll('young_view_message')
		.select('app_user.display_name as author_name')
		.where('young_view_message.view_id', '=', viewId)
		.orderBy('young_view_message.created_at')
		.orderBy('young_view_message.id')
		.execute();
}

export interface AwaitingViewRow {
	view_id: string;
	family_id: string;
	family_name: string;
	author_name: string;
	body: string;
	awaiting_since: string;
	awaiting_due_on: string;
}

/** Shared views waiting for an answer in the families this worker leads. */
export async function listAwaitingForLeadUser(db: Executor, userId: string): Promise<AwaitingViewRow[]> {
	const rows = await db
		.selectFrom('young_view')
		.innerJoin('family', 'family.id', 'young_view.family_id')
		.innerJoin('app_user', 'app_user.id', 'young_view.author_user_id')
		.select([
			'young_view.id as view_id',
			'family.id as family_id',
			'family.name as family_name',
			'app_user.display_name as author_name',
			'young_view.body',
			'young_view.awaiting_since',
			'young_view.awaiting_due_on'
		])
		.where('young_view.audience', '<>', 'only_me')
		.where('young_view.awaiting_since', 'is not', null)
		.where('young_view.family_id', 'in', familiesLedByUser(db, userId))
		.orderBy('young_view.awaiting_since')
		.execute();
	return rows.map((r) => ({ ...r, awaiting_since: r.awaiting_since ?? '', awaiting_due_on: r.awaiting_due_on ?? '' }));
}

export interface ReplyTimeRow {
	reply_due_on: string | null;
	first_reply_at: string | null;
}

/**
 * Views shared since `since` with the families this service leads now, for its reply figures.
 * Only the dates: a manager never reads what young people wrote. Views the young person has since
 * taken back to "only me" are left out, so nothing they keep to themselves is even counted.
 */
export async function listReplyTimes(db: Executor, serviceId: string, since: string): Promise<ReplyTimeRow[]> {
	return db
		.selectFrom('young_view')
		.innerJoin('family_worker', (join) =>
			join
				.onRef('family_worker.family_id', '=', 'young_view.family_id')
				.on('family_worker.role', '=', 'lead')
				.on('family_worker.ended_at', 'is', null)
		)
		.innerJoin('worker', 'worker.id', 'family_worker.worker_id')
		.select(['young_view.reply_due_on', 'young_view.first_reply_at'])
		.where('worker.service_id', '=', serviceId)
		.where('young_view.audience', '<>', 'only_me')
		.where('young_view.shared_at', '>=', since)
		.execute();
}

/** The lead worker's service's reply time, in working days, or null without a lead worker. */
export async function findReplyDays(db: Executor, familyId: string): Promise<number | null> {
	const row = await currentLeadWorker(db, familyId)
		.innerJoin('service', 'service.id', 'worker.service_id')
		.select('service.view_reply_days')
		.executeTakeFirst();
	return row ? Number(row.view_reply_days) : null;
}
