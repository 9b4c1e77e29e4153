import { sql } from 'kysely';
import { isPostgres, type Executor } from '../db';
import { jsonArrayFor } from '../db/json';
import type { ServiceRatingRow } from '../db/schema';

// Ratings of services, the service's replies and "You said, we did". Who wrote a rating leaves the
// database only as "is this the person looking?": no list here selects the author's id or any
// name of theirs except the first name they chose to show.

export interface ReplyJson {
	id: string;
	tag: string | null;
	body: string;
	created_at: string;
	author_name: string;
	author_job_title: string | null;
}

/** A rating as lists give it: everything but its author, who shows only as "is this the viewer?". */
export type RatingListRow = Omit<ServiceRatingRow, 'author_user_id'> & {
	/** 1 when the person looking wrote it. */
	mine: number;
	replies: ReplyJson[] | string;
};

type RatingPatch = Partial<Omit<ServiceRatingRow, 'id' | 'service_id' | 'author_user_id' | 'created_at' | 'version'>>;

/** Holds the person's row until the transaction ends (PostgreSQL; SQLite writes one at a time). */
export async function lockRater(db: Executor, userId: string): Promise<void> {
	if (isPostgres(db)) await db.selectFrom('app_user').select('id').where('id', '=', userId).forUpdate().execute();
}

export async function insertRating(db: Executor, rating: ServiceRatingRow): Promise<void> {
	await db.insertInto('service_rating').values(rating).execute();
}

export async function findRating(db: Executor, ratingId: string): Promise<ServiceRatingRow | undefined> {
	return db.selectFrom('service_rating').selectAll().where('id', '=', ratingId).executeTakeFirst();
}

/** The person's latest rating of the service made since `since` (the one they may still change). */
export async function findLatestOwnRating(
	db: Executor,
	authorUserId: string,
	serviceId: string,
	since: string
): Promise<ServiceRatingRow | undefined> {
	return db
		.selectFrom('service_rating')
		.selectAll()
		.where('author_user_id', '=', authorUserId)
		.where('service_id', '=', serviceId)
		.where('created_at', '>=', since)
		.orderBy('created_at', 'desc')
		.limit(1)
		.executeTakeFirst();
}

/** Changes a rating only while it is still at `version`; true if it did. */
export async function updateRating(db: Executor, ratingId: string, version: number, patch: RatingPatch): Promise<boolean> {
	const result = await db
		.updateTable('service_rating')
		.set({ ...patch, version: version + 1 })
		.where('id', '=', ratingId)
		.where('version', '=', version)
		.executeTakeFirst();
	return Number(result.numUpdatedRows) === 1;
}

export async function insertReply(
	db: Executor,
	reply: { id: string; rating_id: string; author_user_id: string; tag: string | null; body: string; created_at: string }
): Promise<void> {
	await db.insertInto('service_rating_reply').values(reply).execute();
}

/** A reply came: nothing waits any more, and the first one is remembered for the figures. */
export async function markReplied(db: Executor, ratingId: string, at: string): Promise<void> {
	await db
		.updateTable('service_rating')
		.set((eb) => ({
			first_reply_at: eb.fn.coalesce('first_reply_at', sql.val(at)),
			awaiting_since: null,
			awaiting_due_on: null
		}))
		.where('id', '=', ratingId)
		.execute();
}

export async function markAuthorSeen(db: Executor, ratingIds: readonly string[], at: string): Promise<void> {
	if (ratingIds.length === 0) return;
	await db.updateTable('service_rating').set({ author_seen_at: at }).where('id', 'in', ratingIds).execute();
}

/** Ratings with their replies, newest first. `viewerUserId` only marks the viewer's own. */
export async function listRatings(
	db: Executor,
	filter: {
		serviceId: string;
		viewerUserId: string;
		authorUserId?: string;
		awaitingOnly?: boolean;
		since?: string;
		limit?: number;
		offset?: number;
	}
): Promise<RatingListRow[]> {
	const jsonArrayFrom = jsonArrayFor(db);
	let query = db
		.selectFrom('service_rating')
		.select((eb) => [
			'service_rating.id',
			'service_rating.service_id',
			'service_rating.score',
			'service_rating.what_was_good',
			'service_rating.could_be_better',
			'service_rating.anonymous',
			'service_rating.first_name',
			'service_rating.created_at',
			'service_rating.updated_at',
			'service_rating.version',
			'service_rating.reply_due_on',
			'service_rating.first_reply_at',
			'service_rating.awaiting_since',
			'service_rating.awaiting_due_on',
			'service_rating.author_seen_at',
			sql<number>`case when ${eb.ref('service_rating.author_user_id')} = ${filter.viewerUserId} then 1 else 0 end`.as('mine'),
			jsonArrayFrom(
				eb
					.selectFrom('service_rating_reply')
					.innerJoin('app_user', 'app_user.id', 'service_rating_reply.author_user_id')
					.leftJoin('worker', 'worker.user_id', 'service_rating_reply.author_user_id')
					.select([
						'service_rating_reply.id',
						'service_rating_reply.tag',
						'service_rating_reply.body',
						'service_rating_reply.created_at',
						'app_user.display_name as author_name',
						'worker.job_title as author_job_title'
					])
					.whereRef('service_rating_reply.rating_id', '=', 'service_rating.id')
					.orderBy('service_rating_reply.created_at')
					.orderBy('service_rating_reply.id')
			).as('replies')
		])
		.where('service_rating.service_id', '=', filter.serviceId);
	if (filter.authorUserId) query = query.where('service_rating.author_user_id', '=', filter.authorUserId);
	if (filter.awaitingOnly) query = query.where('service_rating.awaiting_since', 'is not', null);
	if (filter.since) query = query.where('service_rating.created_at', '>=', filter.since);
	query = query.orderBy('service_rating.created_at', 'desc').orderBy('service_rating.id');
	if (filter.limit) query = query.limit(filter.limit);
	if (filter.offset) query = query.offset(filter.offset);
	return query.execute();
}

export interface RatingFigureRow {
	score: string;
	created_at: string;
	reply_due_on: string;
	first_reply_at: string | null;
}

/** Every rating of the service since `since`: the raw material of its figures, nothing personal. */
export async function listRatingFigures(db: Executor, serviceId: string, since: string): Promise<RatingFigureRow[]> {
	return db
		.selectFrom('service_rating')
		.select(['score', 'created_at', 'reply_due_on', 'first_reply_at'])
		.where('service_id', '=', serviceId)
		.where('created_at', '>=', since)
		.execute();
}

/** Ratings of the service waiting for a reply now, and how many are past their date. */
export async function countWaiting(db: Executor, serviceId: string, today: string): Promise<{ waiting: number; overdue: number }> {
	const row = await db
		.selectFrom('service_rating')
		.select((eb) => [
			eb.fn.countAll<number | string>().as('waiting'),
			eb.fn.sum<number | string | null>(eb.case().when('awaiting_due_on', '<', today).then(1).else(0).end()).as('overdue')
		])
		.where('service_id', '=', serviceId)
		.where('awaiting_since', 'is not', null)
		.executeTakeFirstOrThrow();
	return { waiting: Number(row.waiting), overdue: Number(row.overdue ?? 0) };
}

export interface AwaitingRatingRow {
	rating_id: string;
	service_id: string;
	service_name: string;
	score: string;
	what_was_good: string | null;
	could_be_better: string | null;
	first_name: string | null;
	awaiting_since: string;
	awaiting_due_on: string;
}

/** Ratings of the services `userId` works for that wait for a reply. */
export async function listAwaitingForStaffUser(db: Executor, userId: string): Promise<AwaitingRatingRow[]> {
	const rows = await db
		.selectFrom('service_rating')
		.innerJoin('worker', 'worker.service_id', 'service_rating.service_id')
		.innerJoin('service', 'service.id', 'service_rating.service_id')
		.select([
			'service_rating.id as rating_id',
			'service_rating.service_id',
			'service.name as service_name',
			'service_rating.score',
			'service_rating.what_was_good',
			'service_rating.could_be_better',
			'service_rating.first_name',
			'service_rating.awaiting_since',
			'service_rating.awaiting_due_on'
		])
		.where('worker.user_id', '=', userId)
		.where('service_rating.awaiting_since', 'is not', null)
		.execute();
	return rows.filter((row): row is AwaitingRatingRow => row.awaiting_since !== null && row.awaiting_due_on !== null);
}

/** Whether anyone at the service uses Common Ground to answer ratings. */
export async function serviceHasStaff(db: Executor, serviceId: string): Promise<boolean> {
	const row = await db.selectFrom('worker').select('id').where('service_id', '=', serviceId).limit(1).executeTakeFirst();
	return row !== undefined;
}

export async function insertChange(
	db: Executor,
	change: { id: string; service_id: string; you_said: string; we_did: string; made_on: string; created_by_user_id: string; created_at: string },
	ratingIds: readonly string[]
): Promise<void> {
	await db.insertInto('service_change').values(change).execute();
	if (ratingIds.length > 0) {
		await db
			.insertInto('service_change_rating')
			.values(ratingIds.map((rating_id) => ({ change_id: change.id, rating_id })))
			.execute();
	}
}

/** How many of `ratingIds` are ratings of this service. */
export async function countServiceRatings(db: Executor, serviceId: string, ratingIds: readonly string[]): Promise<number> {
	if (ratingIds.length === 0) return 0;
	const row = await db
		.selectFrom('service_rating')
		.select((eb) => eb.fn.countAll<number | string>().as('n'))
		.where('service_id', '=', serviceId)
		.where('id', 'in', ratingIds)
		.executeTakeFirstOrThrow();
	return Number(row.n);
}

export interface LinkedFeedbackJson {
	score: string;
	what_was_good: string | null;
	could_be_better: string | null;
	created_at: string;
}

export interface ChangeRow {
	id: string;
	you_said: string;
	we_did: string;
	made_on: string;
	/** The feedback that led to it, without anyone's name. */
	feedback: LinkedFeedbackJson[] | string;
}

export async function listChanges(db: Executor, serviceId: string): Promise<ChangeRow[]> {
	const jsonArrayFrom = jsonArrayFor(db);
	return db
		.selectFrom('service_change')
		.select((eb) => [
			'service_change.id',
			'service_change.you_said',
			'service_change.we_did',
			'service_change.made_on',
			jsonArrayFrom(
				eb
					.selectFrom('service_change_rating')
					.innerJoin('service_rating', 'service_rating.id', 'service_change_rating.rating_id')
					.select([
						'service_rating.score',
						'service_rating.what_was_good',
						'service_rating.could_be_better',
						'service_rating.created_at'
					])
					.whereRef('service_change_rating.change_id', '=', 'service_change.id')
					.orderBy('service_rating.created_at')
					.orderBy('service_rating.id')
			).as('feedback')
		])
		.where('service_change.service_id', '=', serviceId)
		.orderBy('service_change.made_on', 'desc')
		.orderBy('service_change.created_at', 'desc')
		.execute();
}

/** The services that replied to the person's ratings since they last looked. */
export async function listServicesWithNewReplies(db: Executor, authorUserId: string): Promise<{ id: string; name: string }[]> {
	return db
		.selectFrom('service')
		.select(['service.id', 'service.name'])
		.where((eb) =>
			eb.exists(
				eb
					.selectFrom('service_rating')
					.innerJoin('service_rating_reply', 'service_rating_reply.rating_id', 'service_rating.id')
					.select('service_rating.id')
					.whereRef('service_rating.service_id', '=', 'service.id')
					.where('service_rating.author_user_id', '=', authorUserId)
					.where((inner) =>
						inner.or([
							inner('service_rating.author_seen_at', 'is', null),
							inner('service_rating_reply.created_at', '>', inner.ref('service_rating.author_seen_at'))
						])
					)
			)
		)
		.orderBy('service.name')
		.execute();
}

export interface ShareRow {
	service_id: string;
	total: number | string;
	positive: number | string | null;
}

/** For each service, its ratings since `since` and how many said very good or good (one query). */
export async function countPositive(db: Executor, serviceIds: readonly string[], since: string): Promise<ShareRow[]> {
	if (serviceIds.length === 0) return [];
	return db
		.selectFrom('service_rating')
		.select((eb) => [
			'service_id',
			eb.fn.countAll<number | string>().as('total'),
			eb.fn.sum<number | string | null>(eb.case().when('score', 'in', ['very_good', 'good']).then(1).else(0).end()).as('positive')
		])
		.where('service_id', 'in', serviceIds)
		.where('created_at', '>=', since)
		.groupBy('service_id')
		.execute();
}
