import { addDays, ukToday } from '../clock';
import type { DB, Executor } from '../db';
import type { ContactChannel, NewsKind } from '../db/schema';
import type { NewsLineView, NewsPageView } from '$lib/news/news';
import { newId, toTimestamp } from '../ids';
import { nextSendableTime } from '../outbox/quiet-hours';
import {
	countUnseenRows,
	findExistingKeys,
	findReachablePreferences,
	findUsersWithPendingMessage,
	insertNewsItems,
	listActionsDueBetween,
	listMemberUserIds,
	listMemberUserIdsByFamily,
	type OwnNewsItem,
	listNewsRows,
	listReviewsBetween,
	setNewsSeen
} from './news.repository';

// Publishing news is part of the change it announces: call it with the change's own transaction,
// so the line in "What's new" and the message that points to it exist exactly when the change does.

/** The neutral message every email and text uses: it says only that there is something new. */
export const SOMETHING_NEW = 'something_new';

export interface NewsInput {
	/** Who is told. Never the person who did it (they are skipped). */
	userId: string;
	familyId: string | null;
	kind: NewsKind;
	/** The thing it is about: a view, a request, a goal. */
	subjectId: string;
	/** Where the line opens, an app path ("/family/…/views/…"). The page there checks access as always. */
	link: string;
	actorUserId?: string | null;
	/** Small, non-sensitive values for the line's words (a status, a date). Never typed text. */
	params?: Readonly<Record<string, string | number>>;
	/**
	 * Makes publishing idempotent for this person: the same key twice is one line. Defaults to one
	 * line per kind, subject and moment; give one when the happening has its own id (a reply's id)
	 * or a sweep may see it again (an action due on a date).
	 */
	dedupeKey?: string;
}

export interface PublishResult {
	items: number;
	messages: number;
}

/**
 * Adds each person's line to their "What's new" and, for people who asked to be told by email or
 * text, queues one neutral message (unless one is already waiting), held until their quiet hours end.
 */
export async function publishNews(trx: Executor, inputs: readonly NewsInput[], now: Date): Promise<PublishResult> {
	const createdAt = toTimestamp(now);
	const rows = inputs
		.filter((input) => input.userId !== input.actorUserId)
		.map((input) => ({
			id: newId(),
			user_id: input.userId,
			family_id: input.familyId,
			kind: input.kind,
			subject_id: input.subjectId,
			link: input.link,
			actor_user_id: input.actorUserId ?? null,
			params: JSON.stringify(input.params ?? {}),
			dedupe_key: input.dedupeKey ?? `${input.kind}:${input.subjectId}:${createdAt}`,
			created_at: createdAt
		}));
	const inserted = await insertNewsItems(trx, rows);
	if (inserted.length === 0) return { items: 0, messages: 0 };

	const recipients = [...new Set(inserted.map((row) => row.user_id))];
	const preferences = await findReachablePreferences(trx, recipients);
	const waiting = await findUsersWithPendingMessage(trx, recipients);

	const messages = preferences
		.filter((p) => !waiting.has(p.user_id))
		.map((p) => {
			const quiet = p.quiet_from && p.quiet_until ? { from: p.quiet_from, until: p.quiet_until } : null;
			return {
				id: newId(),
				idempotency_key: newId(),
				user_id: p.user_id,
				channel: p.channel as Exclude<ContactChannel, 'none'>,
				template: SOMETHING_NEW,
				// The message links to "What's new" rather than the thing itself: even the address of
				// the page would say what kind of thing it was.
				link: '/',
				not_before: toTimestamp(nextSendableTime(now, quiet)),
				created_at: createdAt
			};
		});
	if (messages.length > 0) await trx.insertInto('outbox_message').values(messages).execute();
	return { items: inserted.length, messages: messages.length };
}

/** One line in a person's "What's new", ready for the page: words come from `news:kind.*`. */
export type NewsLine = Omit<NewsLineView, 'kind'> & { kind: NewsKind };

export type NewsPage = Omit<NewsPageView, 'items'> & { items: NewsLine[] };

/** How many lines one page shows: enough for a week or two, short enough to read. */
export const NEWS_PAGE_SIZE = 10;

function parseParams(json: string): Record<string, string | number> {
	try {
		const value: unknown = JSON.parse(json);
		return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, string | number>) : {};
	} catch {
		return {};
	}
}

/** A person's own news, newest first; `before` (a created-at timestamp) pages to older lines. */
export async function listNews(db: Executor, userId: string, options: { before?: string | null; limit?: number } = {}): Promise<NewsPage> {
	const limit = options.limit ?? NEWS_PAGE_SIZE;
	const [rows, unseen] = await Promise.all([
		listNewsRows(db, userId, limit + 1, options.before ?? null),
		countUnseenRows(db, userId)
	]);
	const shown = rows.slice(0, limit);
	return {
		items: shown.map((row) => ({
			id: row.id,
			kind: row.kind,
			actorName: row.actor_name ?? null,
			serviceName: row.service_name ?? null,
			params: parseParams(row.params),
			createdAt: row.created_at,
			seen: row.seen_at !== null
		})),
		olderBefore: rows.length > limit ? (shown.at(-1)?.created_at ?? null) : null,
		unseen
	};
}

/** The `?newsBefore=` of an older page, if it looks like one of our timestamps (anything else: the newest). */
export function newsBeforeParam(url: URL): string | null {
	const value = url.searchParams.get('newsBefore');
	return value && /^\d{4}-\d{2}-\d{2}T[\d:.]+Z$/.test(value) ? value : null;
}

/** Only an app path may be a line's target, so opening a line can never leave the site. */
function safeTarget(link: string): string {
	return link.startsWith('/') && !link.startsWith('//') && !link.startsWith('/\\') ? link : '/';
}

/**
 * Opening a line the policy found to be this person's (`requireOwnNewsItem`): marks it seen and
 * says where it leads.
 */
export async function openNews(db: Executor, userId: string, item: OwnNewsItem, now = new Date()): Promise<string> {
	if (!item.seen_at) await setNewsSeen(db, item.id, userId, toTimestamp(now));
	return safeTarget(item.link);
}

/** Family members with an account: the people a plan's news is for. */
export async function familyMemberRecipients(db: Executor, familyId: string, memberType?: 'adult' | 'young_person'): Promise<string[]> {
	return listMemberUserIds(db, familyId, memberType);
}

/** How far ahead the family is told about an action's date and a review meeting. */
export const ACTION_DUE_DAYS = 3;
export const REVIEW_DUE_DAYS = 7;

/**
 * Tells families what is coming up: actions due within a few days and review meetings within a
 * week. Run from the server's timer, never from a page load. Idempotent: each line's key names the
 * thing and its date, so a second run adds nothing, and a moved date is news again.
 */
export async function sweepDueNews(db: DB, now = new Date()): Promise<number> {
	const today = ukToday(now);
	const [actions, reviews] = await Promise.all([
		listActionsDueBetween(db, today, addDays(today, ACTION_DUE_DAYS)),
		listReviewsBetween(db, today, addDays(today, REVIEW_DUE_DAYS))
	]);
	const dated = [
		...actions.map((a) => ({
			familyId: a.family_id,
			kind: 'action_due' as const,
			subjectId: a.id,
			link: `/family/${a.family_id}/plan/goals/${a.goal_id}`,
			date: a.due_date
		})),
		...reviews.map((r) => ({
			familyId: r.family_id,
			kind: 'review_due' as const,
			subjectId: r.id,
			link: `/family/${r.family_id}/plan/review`,
			date: r.meeting_date
		}))
	];
	// A city has thousands of dates coming up: they are taken a few hundred at a time, so no
	// statement's list of values outgrows what SQLite (32,766) or PostgreSQL (65,535) accepts.
	let written = 0;
	for (let start = 0; start < dated.length; start += SWEEP_BATCH) written += await sweepBatch(db, dated.slice(start, start + SWEEP_BATCH), now);
	return written;
}

/** Dates per batch: with a few people per family and ten values per line, some 6,000 values. */
const SWEEP_BATCH = 200;

interface DatedThing {
	familyId: string;
	kind: 'action_due' | 'review_due';
	subjectId: string;
	link: string;
	date: string;
}

async function sweepBatch(db: DB, dated: readonly DatedThing[], now: Date): Promise<number> {
	// Most runs find every line already there (the timer runs each minute): check first, so that
	// such a run writes nothing and opens no transaction.
	const peopleByFamily = await listMemberUserIdsByFamily(db, [...new Set(dated.map((d) => d.familyId))]);
	const inputs: NewsInput[] = dated.flatMap((d) =>
		(peopleByFamily.get(d.familyId) ?? []).map((userId) => ({
			userId,
			familyId: d.familyId,
			kind: d.kind,
			subjectId: d.subjectId,
			link: d.link,
			params: { date: d.date },
			dedupeKey: `${d.kind}:${d.subjectId}:${d.date}`
		}))
	);
	const existing = await findExistingKeys(db, [...new Set(inputs.map((i) => i.dedupeKey as string))]);
	const missing = inputs.filter((i) => !existing.has(`${i.userId} ${i.dedupeKey}`));
	if (missing.length === 0) return 0;
	// One transaction for the batch: publishing is idempotent, so two servers sweeping at once
	// (or a line that appeared meanwhile) leave one line each.
	return db.transaction().execute(async (trx) => (await publishNews(trx, missing, now)).items);
}
