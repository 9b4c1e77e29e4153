import { isPostgres, type Executor } from '../db';
import type { NewsItemTable, NewsKind } from '../db/schema';
import type { Insertable } from 'kysely';

/** Inserts the lines no one has had yet; returns those that were new (a repeated key is skipped). */
export async function insertNewsItems(db: Executor, rows: Insertable<NewsItemTable>[]): Promise<{ id: string; user_id: string }[]> {
	if (rows.length === 0) return [];
	return db
		.insertInto('news_item')
		.values(rows)
		.onConflict((oc) => oc.columns(['user_id', 'dedupe_key']).doNothing())
		.returning(['id', 'user_id'])
		.execute();
}

/** Each person's way of being told, for those who chose one and gave the details it needs. */
export async function findReachablePreferences(db: Executor, userIds: readonly string[]) {
	if (userIds.length === 0) return [];
	const query = db
		.selectFrom('contact_preference')
		.select(['user_id', 'channel', 'quiet_from', 'quiet_until'])
		.where('user_id', 'in', userIds)
		.where((eb) =>
			eb.or([
				eb.and([eb('channel', '=', 'email'), eb('email', 'is not', null)]),
				eb.and([eb('channel', '=', 'sms'), eb('phone', 'is not', null)])
			])
		)
		.orderBy('user_id');
	// On PostgreSQL the rows stay locked until the transaction ends (taken in one order, so two
	// publishers never wait on each other in a circle): two changes published at the same moment
	// for one person (two processes, two connections of one pool) then take turns, and the second
	// finds the first's message waiting instead of queueing another. SQLite's transactions take the
	// write lock when they begin, so they take turns already.
	return (isPostgres(db) ? query.forUpdate() : query).execute();
}

/** People who already have a message waiting to go: one "something new" is enough. */
export async function findUsersWithPendingMessage(db: Executor, userIds: readonly string[]): Promise<Set<string>> {
	if (userIds.length === 0) return new Set();
	const rows = await db
		.selectFrom('outbox_message')
		.select('user_id')
		.where('user_id', 'in', userIds)
		.where('status', '=', 'pending')
		.execute();
	return new Set(rows.map((r) => r.user_id));
}

/** A person's lines, newest first, with the name of whoever did it. `before` pages to older ones. */
export async function listNewsRows(db: Executor, userId: string, limit: number, before: string | null) {
	let query = db
		.selectFrom('news_item as n')
		.leftJoin('app_user as a', 'a.id', 'n.actor_user_id')
		// A reply to a rating is the service's: the line names the service, not the staff member.
		.leftJoin('service_rating as r', (join) => join.onRef('r.id', '=', 'n.subject_id').on('n.kind', '=', 'rating_reply'))
		.leftJoin('service as s', 's.id', 'r.service_id')
		.select([
			'n.id',
			'n.kind',
			'n.link',
			'n.params',
			'n.created_at',
			'n.seen_at',
			'a.display_name as actor_name',
			's.name as service_name'
		])
		.where('n.user_id', '=', userId);
	if (before) query = query.where('n.created_at', '<', before);
	return query.orderBy('n.created_at', 'desc').orderBy('n.id', 'desc').limit(limit).execute();
}

export async function countUnseenRows(db: Executor, userId: string): Promise<number> {
	const row = await db
		.selectFrom('news_item')
		.select((eb) => eb.fn.countAll<string | number>().as('n'))
		.where('user_id', '=', userId)
		.where('seen_at', 'is', null)
		.executeTakeFirst();
	return Number(row?.n ?? 0);
}

/** The line, if it is this person's: nobody else's news is found, let alone marked. */
export type OwnNewsItem = { id: string; link: string; seen_at: string | null };

export async function findOwnNewsItem(db: Executor, newsId: string, userId: string): Promise<OwnNewsItem | undefined> {
	return db
		.selectFrom('news_item')
		.select(['id', 'link', 'seen_at'])
		.where('id', '=', newsId)
		.where('user_id', '=', userId)
		.executeTakeFirst();
}

export async function setNewsSeen(db: Executor, newsId: string, userId: string, at: string): Promise<void> {
	await db
		.updateTable('news_item')
		.set({ seen_at: at })
		.where('id', '=', newsId)
		.where('user_id', '=', userId)
		.where('seen_at', 'is', null)
		.execute();
}

/** Members with an account of each of these families, for a sweep over many families at once. */
export async function listMemberUserIdsByFamily(db: Executor, familyIds: readonly string[]): Promise<Map<string, string[]>> {
	const byFamily = new Map<string, string[]>();
	if (familyIds.length === 0) return byFamily;
	const rows = await db
		.selectFrom('family_member')
		.select(['family_id', 'user_id'])
		.where('family_id', 'in', familyIds)
		.where('user_id', 'is not', null)
		.execute();
	for (const row of rows) if (row.user_id) byFamily.set(row.family_id, [...(byFamily.get(row.family_id) ?? []), row.user_id]);
	return byFamily;
}

/** Family members who have an account, optionally of one type (adults are the parents and carers). */
export async function listMemberUserIds(db: Executor, familyId: string, memberType?: 'adult' | 'young_person'): Promise<string[]> {
	let query = db
		.selectFrom('family_member')
		.select('user_id')
		.where('family_id', '=', familyId)
		.where('user_id', 'is not', null);
	if (memberType) query = query.where('member_type', '=', memberType);
	const rows = await query.execute();
	return rows.flatMap((r) => (r.user_id ? [r.user_id] : []));
}

/** Actions not done whose date falls between two days (inclusive), in active families. */
export async function listActionsDueBetween(db: Executor, from: string, to: string) {
	return db
		.selectFrom('goal_action as a')
		.innerJoin('goal as g', 'g.id', 'a.goal_id')
		.innerJoin('plan as p', 'p.id', 'g.plan_id')
		.innerJoin('family as f', 'f.id', 'p.family_id')
		.select(['a.id', 'a.due_date', 'a.goal_id', 'p.family_id'])
		.where('a.done_on', 'is', null)
		.where('a.due_date', '>=', from)
		.where('a.due_date', '<=', to)
		.where('f.status', '=', 'active')
		.where('g.status', 'in', ['suggested', 'agreed', 'working_on'])
		.execute();
}

/** Review meetings not yet held whose date falls between two days (inclusive), in active families. */
export async function listReviewsBetween(db: Executor, from: string, to: string) {
	return db
		.selectFrom('review_meeting as r')
		.innerJoin('plan as p', 'p.id', 'r.plan_id')
		.innerJoin('family as f', 'f.id', 'p.family_id')
		.select(['r.id', 'r.meeting_date', 'p.family_id'])
		.where('r.held_at', 'is', null)
		.where('r.meeting_date', '>=', from)
		.where('r.meeting_date', '<=', to)
		.where('f.status', '=', 'active')
		.execute();
}

/** Takes back lines about one thing from everyone but `keepUserId` (a view its author no longer shares). */
export async function deleteNewsAboutExcept(db: Executor, kind: NewsKind, subjectId: string, keepUserId: string): Promise<void> {
	await db
		.deleteFrom('news_item')
		.where('kind', '=', kind)
		.where('subject_id', '=', subjectId)
		.where('user_id', '!=', keepUserId)
		.execute();
}

/** Which of these (person, key) pairs already have their line: a sweep need not open a transaction for them. */
export async function findExistingKeys(db: Executor, keys: readonly string[]): Promise<Set<string>> {
	if (keys.length === 0) return new Set();
	const rows = await db.selectFrom('news_item').select(['user_id', 'dedupe_key']).where('dedupe_key', 'in', keys).execute();
	return new Set(rows.map((r) => `${r.user_id} ${r.dedupe_key}`));
}
