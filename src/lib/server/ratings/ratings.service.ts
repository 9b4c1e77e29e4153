import { addWorkingDays, ukMidnight, ukToday } from '../clock';
import type { DB, Executor } from '../db';
import { parseJsonArray } from '../db/json';
import type { ServiceRatingRow } from '../db/schema';
import { newId, toTimestamp } from '../ids';
import { publishNews } from '../news/news.service';
import { countReplyTimes, type ReplyTimes } from '../reply-times';
import {
	FAIR_FIGURES_MINIMUM,
	FIGURES_PERIOD_MONTHS,
	RATING_SCORES,
	RATER_ROLES,
	RATING_WINDOW_DAYS,
	statusTakesRatings,
	type MonthOfRatings,
	type RatingFigures,
	type RatingReply,
	type RatingScore,
	type RatingSummary,
	type ReplyTag,
	type ScoreCount
} from '$lib/ratings/ratings';
import type { ChangeInput, RatingInput } from '$lib/validation/ratings';
import {
	countServiceRatings,
	findLatestOwnRating,
	findRating,
	insertChange,
	insertRating,
	insertReply,
	listChanges,
	countPositive,
	countWaiting,
	listRatingFigures,
	listRatings,
	listServicesWithNewReplies,
	lockRater,
	markAuthorSeen,
	markReplied,
	serviceHasStaff,
	updateRating,
	type RatingFigureRow,
	type RatingListRow
} from './ratings.repository';

// Families rate the services that support them; the service replies by a date it set itself, and
// says what it changed. Who wrote a rating is known to the database (so they can see and change
// it) and to nobody else unless they chose to show their first name.

const DAY_MS = 24 * 60 * 60 * 1000;

export class RatingRuleError extends Error {
	constructor(public readonly code: 'changed_meanwhile' | 'unknown_ratings') {
		super(code);
		this.name = 'RatingRuleError';
	}
}

function since(now: Date, days: number): string {
	return toTimestamp(new Date(now.getTime() - days * DAY_MS));
}

/** The months the figures cover, oldest first (YYYY-MM), ending with this UK month. */
function figureMonths(now: Date): string[] {
	const [year, month] = ukToday(now).split('-').map(Number) as [number, number];
	return Array.from({ length: FIGURES_PERIOD_MONTHS }, (_, i) =>
		new Date(Date.UTC(year, month - FIGURES_PERIOD_MONTHS + i, 1)).toISOString().slice(0, 7)
	);
}

/** When the figures' period began: UK midnight on the first day of its first month. */
function periodStart(now: Date): { day: string; at: string } {
	const day = `${figureMonths(now)[0]}-01`;
	return { day, at: toTimestamp(ukMidnight(day)) };
}

function toSummary(row: RatingListRow): RatingSummary {
	const replies: RatingReply[] = parseJsonArray(row.replies).map((r) => ({
		id: r.id,
		tag: r.tag as ReplyTag | null,
		body: r.body,
		createdAt: r.created_at,
		authorName: r.author_name,
		authorJobTitle: r.author_job_title
	}));
	const mine = Number(row.mine) === 1;
	const lastReply = replies.at(-1);
	return {
		id: row.id,
		score: row.score as RatingScore,
		whatWasGood: row.what_was_good,
		couldBeBetter: row.could_be_better,
		firstName: Number(row.anonymous) === 1 ? null : row.first_name,
		createdAt: row.created_at,
		updatedAt: row.updated_at,
		version: Number(row.version),
		mine,
		awaitingDueOn: row.awaiting_due_on,
		replies,
		newReply: mine && lastReply !== undefined && (row.author_seen_at === null || row.author_seen_at < lastReply.createdAt)
	};
}

/** Ratings can be given only to an open service where someone is here to answer them. */
export async function ratingsOpen(db: Executor, service: { id: string; status: string }): Promise<boolean> {
	return statusTakesRatings(service.status) && (await serviceHasStaff(db, service.id));
}

/** The rating the person may still change (given in the last 30 days), with its replies. */
export async function currentOwnRating(db: Executor, userId: string, serviceId: string, now = new Date()): Promise<RatingSummary | null> {
	const [row] = await listRatings(db, {
		serviceId,
		viewerUserId: userId,
		authorUserId: userId,
		since: since(now, RATING_WINDOW_DAYS),
		limit: 1
	});
	return row ? toSummary(row) : null;
}

/** Everything the person has said about the service, newest first, with the replies. */
export async function listOwnRatings(db: Executor, userId: string, serviceId: string): Promise<RatingSummary[]> {
	return (await listRatings(db, { serviceId, viewerUserId: userId, authorUserId: userId })).map(toSummary);
}

/** How many ratings the feedback page shows at a time. */
export const FEEDBACK_PAGE_SIZE = 50;

/** One page of the service's ratings for its feedback page, newest first, and whether more follow. */
export async function listFeedback(
	db: Executor,
	serviceId: string,
	viewerUserId: string,
	options: { awaitingOnly?: boolean; page?: number } = {}
): Promise<{ ratings: RatingSummary[]; more: boolean }> {
	const page = Math.max(1, options.page ?? 1);
	const rows = await listRatings(db, {
		serviceId,
		viewerUserId,
		awaitingOnly: options.awaitingOnly,
		limit: FEEDBACK_PAGE_SIZE + 1,
		offset: (page - 1) * FEEDBACK_PAGE_SIZE
	});
	return { ratings: rows.slice(0, FEEDBACK_PAGE_SIZE).map(toSummary), more: rows.length > FEEDBACK_PAGE_SIZE };
}

/**
 * Rates a service, or changes the rating the person gave in the last 30 days (one each per
 * period). A change after the service replied waits for a new reply. `version` is the one the
 * form showed; a change made meanwhile in another window is refused rather than overwritten.
 */
export async function rateService(
	db: DB,
	rater: { userId: string; displayName: string },
	service: { id: string; ratingReplyDays: number },
	input: RatingInput,
	version: number | null,
	now = new Date()
): Promise<{ ratingId: string; changed: boolean }> {
	const at = toTimestamp(now);
	const today = ukToday(now);
	const dueOn = addWorkingDays(today, service.ratingReplyDays);
	const fields = {
		score: input.score,
		what_was_good: input.whatWasGood,
		could_be_better: input.couldBeBetter,
		anonymous: input.anonymous ? 1 : 0,
		// Only the first name, and only when they chose to show it.
		first_name: input.anonymous ? null : (rater.displayName.trim().split(/\s+/)[0] ?? null)
	};
	return db.transaction().execute(async (trx) => {
		// Two sends at once (a double click, two tabs) take turns, so they still make one rating.
		await lockRater(trx, rater.userId);
		const existing = await findLatestOwnRating(trx, rater.userId, service.id, since(now, RATING_WINDOW_DAYS));
		if (existing) {
			if (version !== null && version !== Number(existing.version)) throw new RatingRuleError('changed_meanwhile');
			const answered = existing.first_reply_at !== null && existing.awaiting_since === null;
			const changed = await updateRating(trx, existing.id, Number(existing.version), {
				...fields,
				updated_at: at,
				...(answered ? { awaiting_since: at, awaiting_due_on: dueOn } : {})
			});
			if (!changed) throw new RatingRuleError('changed_meanwhile');
			return { ratingId: existing.id, changed: true };
		}
		// A form opened on day 29 and sent on day 31 makes a new rating: the old one is closed now.
		const rating: ServiceRatingRow = {
			id: newId(),
			service_id: service.id,
			author_user_id: rater.userId,
			...fields,
			created_at: at,
			updated_at: at,
			version: 1,
			reply_due_on: dueOn,
			first_reply_at: null,
			awaiting_since: at,
			awaiting_due_on: dueOn,
			author_seen_at: at
		};
		await insertRating(trx, rating);
		return { ratingId: rating.id, changed: false };
	});
}

/** The service answers a rating (staff of that service only: checked by the policy module). */
export async function replyToRating(
	db: DB,
	ratingId: string,
	userId: string,
	reply: { body: string; tag: ReplyTag | null },
	now = new Date()
): Promise<void> {
	const at = toTimestamp(now);
	await db.transaction().execute(async (trx) => {
		const replyId = newId();
		await insertReply(trx, { id: replyId, rating_id: ratingId, author_user_id: userId, tag: reply.tag, body: reply.body, created_at: at });
		await markReplied(trx, ratingId, at);
		const rating = await findRating(trx, ratingId);
		if (rating) {
			// The line names the service, not the person who answered: an anonymous rating's author
			// sees the reply as the service's, as on the service's page.
			await publishNews(
				trx,
				[
					{
						userId: rating.author_user_id,
						familyId: null,
						kind: 'rating_reply',
						subjectId: rating.id,
						link: `/services/${rating.service_id}#your-rating`,
												dedupeKey: `rating_reply:${replyId}`
					}
				],
				now
			);
		}
	});
}

/** The author has seen the replies to their ratings. */
export async function markRepliesSeen(db: Executor, ratings: readonly RatingSummary[], now = new Date()): Promise<void> {
	await markAuthorSeen(
		db,
		ratings.filter((r) => r.mine && r.newReply).map((r) => r.id),
		toTimestamp(now)
	);
}

function countScores(scores: readonly string[]): ScoreCount[] {
	return RATING_SCORES.map((score) => ({ score, count: scores.filter((s) => s === score).length }));
}

/**
 * The service's figures over the last year. Below FAIR_FIGURES_MINIMUM ratings nothing but the
 * total is given, so no single family's answer can be picked out.
 */
function figuresFrom(rows: readonly RatingFigureRow[], replyDays: number, today: string, start: string): RatingFigures {
	const base = { total: rows.length, replyDays, periodStart: start };
	if (rows.length < FAIR_FIGURES_MINIMUM) return { ...base, distribution: null, positive: null, replies: null };
	const distribution = countScores(rows.map((r) => r.score));
	const positive = distribution.filter((d) => d.score === 'very_good' || d.score === 'good').reduce((n, d) => n + d.count, 0);
	return { ...base, distribution, positive: positive / rows.length, replies: countReplyTimes(rows, today) };
}

/** The period month by month (oldest first), or null when there are too few to be fair. */
function monthsFrom(rows: readonly RatingFigureRow[], months: readonly string[]): MonthOfRatings[] | null {
	if (rows.length < FAIR_FIGURES_MINIMUM) return null;
	const monthOf = rows.map((r) => ({ month: ukToday(new Date(r.created_at)).slice(0, 7), score: r.score }));
	return months.map((m) => {
		const scores = monthOf.filter((r) => r.month === m).map((r) => r.score);
		return { month: m, counts: countScores(scores), total: scores.length };
	});
}

/** The figures a family sees on the service's page. */
export async function ratingFigures(
	db: Executor,
	service: { id: string; ratingReplyDays: number },
	now = new Date()
): Promise<RatingFigures> {
	const start = periodStart(now);
	const rows = await listRatingFigures(db, service.id, start.at);
	return figuresFrom(rows, service.ratingReplyDays, ukToday(now), start.day);
}

export interface FeedbackDashboard {
	figures: RatingFigures;
	months: MonthOfRatings[] | null;
	/** First replies in the period against their dates (not identifying, so always shown). */
	replyTimes: ReplyTimes;
	/** Middle number of days from a rating to its first reply, in the period; null with none answered. */
	medianReplyDays: number | null;
	/** Ratings waiting for a reply now, and how many of those are past their date. */
	waiting: number;
	overdue: number;
}

/** The manager's view of what families told the service and how fast it answered. */
export async function feedbackDashboard(
	db: Executor,
	service: { id: string; ratingReplyDays: number },
	now = new Date()
): Promise<FeedbackDashboard> {
	const today = ukToday(now);
	const start = periodStart(now);
	const [rows, open] = await Promise.all([
		listRatingFigures(db, service.id, start.at),
		countWaiting(db, service.id, today)
	]);
	const days = rows
		.filter((r) => r.first_reply_at !== null)
		.map((r) => (Date.parse(r.first_reply_at as string) - Date.parse(r.created_at)) / DAY_MS)
		.sort((a, b) => a - b);
	const middle = Math.floor(days.length / 2);
	const median = days.length === 0 ? null : days.length % 2 ? days[middle]! : (days[middle - 1]! + days[middle]!) / 2;
	return {
		figures: figuresFrom(rows, service.ratingReplyDays, today, start.day),
		months: monthsFrom(rows, figureMonths(now)),
		replyTimes: countReplyTimes(rows, today),
		medianReplyDays: median === null ? null : Math.round(median * 10) / 10,
		...open
	};
}

export interface ChangeSummary {
	id: string;
	youSaid: string;
	weDid: string;
	madeOn: string;
	/** The feedback that led to it: scores and words, never who. */
	feedback: { score: RatingScore; whatWasGood: string | null; couldBeBetter: string | null; month: string }[];
}

export async function listServiceChanges(db: Executor, serviceId: string): Promise<ChangeSummary[]> {
	return (await listChanges(db, serviceId)).map((row) => ({
		id: row.id,
		youSaid: row.you_said,
		weDid: row.we_did,
		madeOn: row.made_on,
		feedback: parseJsonArray(row.feedback).map((f) => ({
			score: f.score as RatingScore,
			whatWasGood: f.what_was_good,
			couldBeBetter: f.could_be_better,
			month: ukToday(new Date(f.created_at)).slice(0, 7)
		}))
	}));
}

/** Records a "You said, we did" change; every linked rating must be one of this service's. */
export async function addChange(db: DB, serviceId: string, userId: string, input: ChangeInput, now = new Date()): Promise<string> {
	const id = newId();
	await db.transaction().execute(async (trx) => {
		if ((await countServiceRatings(trx, serviceId, input.ratingIds)) !== input.ratingIds.length) {
			throw new RatingRuleError('unknown_ratings');
		}
		await insertChange(
			trx,
			{
				id,
				service_id: serviceId,
				you_said: input.youSaid,
				we_did: input.weDid,
				made_on: input.madeOn,
				created_by_user_id: userId,
				created_at: toTimestamp(now)
			},
			input.ratingIds
		);
	});
	return id;
}

/** Services that answered the person's ratings since they last looked (their home page says so). */
export async function servicesWithNewReplies(db: Executor, userId: string): Promise<{ id: string; name: string }[]> {
	return listServicesWithNewReplies(db, userId);
}

/**
 * For the directory's list: each service's share of "very good" or "good" in the last year, only
 * where there are enough ratings to be fair (absent otherwise). One query for the whole list.
 */
export async function positiveShares(
	db: Executor,
	serviceIds: readonly string[],
	now = new Date()
): Promise<Map<string, { total: number; positive: number }>> {
	const rows = await countPositive(db, serviceIds, periodStart(now).at);
	const shares = new Map<string, { total: number; positive: number }>();
	for (const row of rows) {
		const total = Number(row.total);
		if (total >= FAIR_FIGURES_MINIMUM) shares.set(row.service_id, { total, positive: Number(row.positive ?? 0) / total });
	}
	return shares;
}

export interface ServiceRatingsPanel {
	figures: RatingFigures;
	/** Someone at the service answers ratings here, so families can give one. */
	open: boolean;
	/** The person's own ratings of this service with the replies (only ever their own). */
	own: RatingSummary[];
	/** The person may rate it: a family member or young person, where ratings are open. */
	canRate: boolean;
	signedIn: boolean;
}

/** What the directory's page for a service shows about its ratings, for whoever is looking. */
export async function serviceRatingsPanel(
	db: Executor,
	service: { id: string; status: string; ratingReplyDays: number },
	viewer: { id: string; role: string } | null,
	now = new Date()
): Promise<ServiceRatingsPanel> {
	const family = viewer !== null && (RATER_ROLES as readonly string[]).includes(viewer.role);
	const [figures, open, own] = await Promise.all([
		ratingFigures(db, service, now),
		ratingsOpen(db, service),
		family ? listOwnRatings(db, viewer.id, service.id) : Promise.resolve([])
	]);
	// Shown as new this time; seen from now on.
	await markRepliesSeen(db, own, now);
	return { figures, open, own, canRate: family && open, signedIn: viewer !== null };
}
