import { countReplyTimes, type ReplyTimes } from '../reply-times';
import { addWorkingDays, ukToday } from '../clock';
import type { DB, Executor } from '../db';
import type { YoungViewRow } from '../db/schema';
import { findLeadName } from '../families/families.repository';
import { newId, toTimestamp } from '../ids';
import { familyMemberRecipients, publishNews } from '../news/news.service';
import { deleteNewsAboutExcept } from '../news/news.repository';
import { DEFAULT_VIEW_REPLY_DAYS, isShared, type ViewAudience, type ViewStatus, type ViewSummary, type ViewThread } from '$lib/views/views';
import type { ViewInput } from '$lib/validation/views';
import {
	deleteDraft,
	findView,
	findReplyDays,
	insertMessage,
	insertView,
	listMessages,
	listReplyTimes,
	listVisibleViews,
	markAuthorSeen,
	markRead,
	recordAnswer,
	recordReply,
	updateView,
	type ViewListRow
} from './views.repository';

// A young person's views: written in their words, shown to whom they choose, acknowledged and
// answered by their lead worker within the service's reply time, and talked over in a short
// thread. Who may do what is decided in the policy module; this module keeps the view consistent.

export class ViewRuleError extends Error {
	constructor(public readonly code: 'not_draft' | 'not_shared' | 'changed_meanwhile') {
		super(code);
		this.name = 'ViewRuleError';
	}
}

function statusOf(row: YoungViewRow): ViewStatus {
	if (!isShared(row.audience)) return 'draft';
	if (!row.awaiting_since) return 'replied';
	return row.read_at && row.read_at >= row.awaiting_since ? 'read' : 'waiting';
}

function toSummary(row: ViewListRow, today: string): ViewSummary {
	const waiting = isShared(row.audience) && row.awaiting_due_on !== null;
	return {
		id: row.id,
		authorUserId: row.author_user_id,
		authorName: row.author_name,
		prompt: row.prompt,
		feeling: row.feeling,
		body: row.body,
		audience: row.audience,
		status: statusOf(row),
		isDraft: row.shared_at === null,
		createdAt: row.created_at,
		sharedAt: row.shared_at,
		dueOn: waiting ? row.awaiting_due_on : null,
		overdue: waiting && (row.awaiting_due_on ?? '') < today,
		readAt: row.read_at,
		readByName: row.read_by_name,
		messageCount: row.message_count,
		hasNewReply: row.last_reply_at !== null && (row.author_seen_at === null || row.last_reply_at > row.author_seen_at),
		version: row.version
	};
}

/** Every view this person may see in the family, oldest first. `audiences` comes from the policy. */
export async function listViews(
	db: Executor,
	familyId: string,
	userId: string,
	audiences: readonly ViewAudience[],
	now = new Date()
): Promise<ViewSummary[]> {
	const today = ukToday(now);
	return (await listVisibleViews(db, familyId, userId, audiences)).map((row) => toSummary(row, today));
}

/** One view with its thread, if this person may see it. */
export async function getViewThread(
	db: Executor,
	familyId: string,
	viewId: string,
	userId: string,
	audiences: readonly ViewAudience[],
	now = new Date()
): Promise<ViewThread | null> {
	const [row] = await listVisibleViews(db, familyId, userId, audiences, viewId);
	if (!row) return null;
	const messages = await listMessages(db, viewId);
	return {
		...toSummary(row, ukToday(now)),
		messages: messages.map((m) => ({
			id: m.id,
			authorName: m.author_name,
			fromAuthor: m.author_user_id === row.author_user_id,
			body: m.body,
			createdAt: m.created_at
		}))
	};
}

async function replyDueOn(db: Executor, familyId: string, now: Date): Promise<string> {
	const days = (await findReplyDays(db, familyId)) ?? DEFAULT_VIEW_REPLY_DAYS;
	return addWorkingDays(ukToday(now), days);
}

/** What changes when a view starts reaching someone: the reply clock starts (again). */
async function sharingFields(
	db: Executor,
	view: Pick<YoungViewRow, 'family_id' | 'shared_at' | 'awaiting_since' | 'first_reply_at'>,
	at: Date
) {
	const dueOn = await replyDueOn(db, view.family_id, at);
	const timestamp = toTimestamp(at);
	if (!view.shared_at) {
		return { shared_at: timestamp, reply_due_on: dueOn, awaiting_since: timestamp, awaiting_due_on: dueOn };
	}
	// Shared before, then kept back: whatever still waited was out of the worker's sight meanwhile,
	// so its clock starts again now, and so does the first reply's date in the service's figures
	// (the service is not late for time it could not see the view).
	if (!view.awaiting_since) return {};
	return {
		awaiting_since: timestamp,
		awaiting_due_on: dueOn,
		...(view.first_reply_at ? {} : { reply_due_on: dueOn })
	};
}

export async function createView(
	db: DB,
	input: { familyId: string; authorUserId: string; view: ViewInput },
	now = new Date()
): Promise<string> {
	const id = newId();
	const timestamp = toTimestamp(now);
	const base = {
		id,
		family_id: input.familyId,
		author_user_id: input.authorUserId,
		prompt: input.view.prompt,
		feeling: input.view.feeling,
		body: input.view.body,
		audience: input.view.audience,
		created_at: timestamp,
		updated_at: timestamp,
		version: 1,
		shared_at: null,
		reply_due_on: null,
		first_reply_at: null,
		awaiting_since: null,
		awaiting_due_on: null,
		read_at: null,
		read_by_user_id: null,
		author_seen_at: timestamp
	};
	const shared = isShared(input.view.audience) ? await sharingFields(db, base, now) : {};
	await insertView(db, { ...base, ...shared });
	return id;
}

/** Finishing a draft: new words, and perhaps sharing it at last. */
export async function saveDraft(db: DB, view: YoungViewRow, input: ViewInput, version: number, now = new Date()): Promise<void> {
	if (view.shared_at) throw new ViewRuleError('not_draft');
	const shared = isShared(input.audience) ? await sharingFields(db, view, now) : {};
	const changed = await updateView(db, view.id, version, {
		prompt: input.prompt,
		feeling: input.feeling,
		body: input.body,
		audience: input.audience,
		updated_at: toTimestamp(now),
		...shared
	});
	if (!changed) throw new ViewRuleError('changed_meanwhile');
}

/** Who sees it, changed by its author (the policy has checked that). */
export async function changeAudience(
	db: DB,
	view: YoungViewRow,
	audience: ViewAudience,
	version: number,
	now = new Date()
): Promise<void> {
	const startsReaching = !isShared(view.audience) && isShared(audience);
	const shared = startsReaching ? await sharingFields(db, view, now) : {};
	await db.transaction().execute(async (trx) => {
		const changed = await updateView(trx, view.id, version, { audience, updated_at: toTimestamp(now), ...shared });
		if (!changed) throw new ViewRuleError('changed_meanwhile');
		// No longer shared with the family: the parents' lines about replies to it go too, so
		// nothing in their "What's new" points at a view that is not theirs to see any more.
		if (view.audience === 'family' && audience !== 'family') {
			await deleteNewsAboutExcept(trx, 'view_reply', view.id, view.author_user_id);
		}
	});
}

/** The version a view is at now, or 0 once it is gone (versions start at 1). */
export async function currentVersion(db: Executor, viewId: string): Promise<number> {
	return (await findView(db, viewId))?.version ?? 0;
}

/** A draft thrown away by its author. Shared views are kept (they can be made "only me" instead). */
export async function discardDraft(db: DB, view: YoungViewRow): Promise<void> {
	if (!(await deleteDraft(db, view.id))) throw new ViewRuleError('not_draft');
}

/** "Jo read this on …": the lead worker's acknowledgement. */
export async function acknowledgeView(db: DB, view: YoungViewRow, userId: string, now = new Date()): Promise<void> {
	if (!isShared(view.audience)) throw new ViewRuleError('not_shared');
	await markRead(db, view.id, userId, toTimestamp(now));
}

/** The lead worker's reply, in words meant for the young person. */
export async function replyToView(db: DB, view: YoungViewRow, userId: string, body: string, now = new Date()): Promise<void> {
	if (!isShared(view.audience)) throw new ViewRuleError('not_shared');
	const at = toTimestamp(now);
	await db.transaction().execute(async (trx) => {
		const messageId = newId();
		await insertMessage(trx, { id: messageId, view_id: view.id, author_user_id: userId, body, created_at: at });
		await recordReply(trx, view.id, userId, at);
		// The author hears of it; so do the parents and carers, but only when the author shared it
		// with the family. A view kept between the young person and their worker stays there.
		const parents = view.audience === 'family' ? await familyMemberRecipients(trx, view.family_id, 'adult') : [];
		const people = [...new Set([view.author_user_id, ...parents])];
		await publishNews(
			trx,
			people.map((person) => ({
				userId: person,
				familyId: view.family_id,
				kind: 'view_reply' as const,
				subjectId: view.id,
				link: `/family/${view.family_id}/views/${view.id}`,
				actorUserId: userId,
				params: { own: person === view.author_user_id ? 1 : 0 },
				dedupeKey: `view_reply:${messageId}`
			})),
			now
		);
	});
}

/** The young person answers back; it waits for the worker again. */
export async function answerView(db: DB, view: YoungViewRow, body: string, now = new Date()): Promise<void> {
	if (!isShared(view.audience)) throw new ViewRuleError('not_shared');
	const at = toTimestamp(now);
	const dueOn = await replyDueOn(db, view.family_id, now);
	await db.transaction().execute(async (trx) => {
		await insertMessage(trx, { id: newId(), view_id: view.id, author_user_id: view.author_user_id, body, created_at: at });
		await recordAnswer(trx, view.id, at, dueOn);
	});
}

/** The author opened it: replies so far are no longer new. */
export async function markSeenByAuthor(db: DB, viewId: string, now = new Date()): Promise<void> {
	await markAuthorSeen(db, viewId, toTimestamp(now));
}

export interface ReplyFigures extends ReplyTimes {
	/** Shared in the period (and still shared). */
	shared: number;
	replyDays: number;
}

/** A service's reply-time figures for young people's views over the last `days` days. Counts only. */
export async function serviceReplyFigures(
	db: Executor,
	serviceId: string,
	replyDays: number,
	now = new Date(),
	days = 90
): Promise<ReplyFigures> {
	const since = toTimestamp(new Date(now.getTime() - days * 24 * 60 * 60 * 1000));
	const rows = await listReplyTimes(db, serviceId, since);
	return { shared: rows.length, ...countReplyTimes(rows, ukToday(now)), replyDays };
}

/** The lead worker's name, for "Your worker is Jo" next to the choice of who sees a view. */
export async function leadWorkerName(db: Executor, familyId: string): Promise<string | null> {
	return (await findLeadName(db, familyId)) ?? null;
}

export interface ViewsGlance {
	/** Others' views this person may read. */
	sharedWithMe: number;
	/** The latest few of them, oldest of those first, for the family's page. */
	latest: ViewSummary[];
	/** Of those, how many wait for a reply from the lead worker. */
	waiting: number;
	/** Replies to this person's own views they have not opened yet. */
	newReplies: number;
}

const GLANCE_LATEST = 3;

/** What the family's home page says about views, counted from what this person may see only. */
export async function glanceAtViews(
	db: Executor,
	familyId: string,
	userId: string,
	audiences: readonly ViewAudience[]
): Promise<ViewsGlance> {
	const views = await listViews(db, familyId, userId, audiences);
	const others = views.filter((v) => v.authorUserId !== userId);
	return {
		sharedWithMe: others.length,
		latest: others.slice(-GLANCE_LATEST),
		waiting: others.filter((v) => v.dueOn !== null).length,
		newReplies: views.filter((v) => v.authorUserId === userId && v.hasNewReply).length
	};
}
