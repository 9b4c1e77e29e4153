import { excerpt } from '$lib/text/excerpt';
import { addDays, ukToday } from '../clock';
import type { Executor } from '../db';
import { listNeedsReply } from '../plans/plan-view.service';
import { listOverdueActionsForWorkerUser } from '../plans/plans.repository';
import { listAwaitingForLeadUser } from '../views/views.repository';
import { listAwaitingForStaffUser } from '../ratings/ratings.repository';

// Everything waiting on a worker, in one list sorted by what has waited longest. Each feature
// that creates something a worker must answer adds one source here (and one line in
// `attentionHref` and the `worker:attention.*` texts), and nowhere else.

export type AttentionKind = 'disagreement' | 'agenda_item' | 'overdue_promise' | 'young_view' | 'service_rating';

interface AttentionBase {
	/** The date a reply is due, when the item has one. */
	dueOn?: string;
	/** What it is about, in the words it was written in. */
	title: string;
	/** Who is waiting, when it is a person (and they gave their name). */
	personName: string | null;
	/** ISO timestamp or date it started waiting; sorts oldest first either way. */
	waitingSince: string;
}

/** Something in a family's plan or views. */
export interface FamilyAttentionItem extends AttentionBase {
	kind: Exclude<AttentionKind, 'service_rating'>;
	familyId: string;
	familyName: string;
	/** The goal it belongs to, when it belongs to one. */
	goalId: string | null;
	/** The young person's view it is, when it is one. */
	viewId?: string;
}

/** A family's rating of the worker's service: it never says which family. */
export interface RatingAttentionItem extends AttentionBase {
	kind: 'service_rating';
	ratingId: string;
	serviceId: string;
	serviceName: string;
}

export type AttentionItem = FamilyAttentionItem | RatingAttentionItem;

type AttentionSource = (db: Executor, userId: string, today: string) => Promise<AttentionItem[]>;

/** Disagreements and review agenda items the lead worker has not answered (the plan). */
const planReplies: AttentionSource = (db, userId) => listNeedsReply(db, userId);

/** The worker's own promises that are past their date (the plan's actions). */
const overduePromises: AttentionSource = async (db, userId, today) =>
	(await listOverdueActionsForWorkerUser(db, userId, today)).map((row) => ({
		kind: 'overdue_promise',
		familyId: row.family_id,
		familyName: row.family_name,
		goalId: row.goal_id,
		title: row.description,
		personName: null,
		// Overdue from the day after it was due.
		waitingSince: addDays(row.due_date, 1)
	}));

/** What young people shared with their lead worker (alone or with the family) and still waits for an answer. */
const youngViews: AttentionSource = async (db, userId) =>
	(await listAwaitingForLeadUser(db, userId)).map((row) => ({
		kind: 'young_view',
		familyId: row.family_id,
		familyName: row.family_name,
		goalId: null,
		viewId: row.view_id,
		dueOn: row.awaiting_due_on,
		title: excerpt(row.body, 140),
		personName: row.author_name,
		waitingSince: row.awaiting_since
	}));

/** Ratings of the worker's service that wait for the service's reply (any of its staff may answer). */
const serviceRatings: AttentionSource = async (db, userId) =>
	(await listAwaitingForStaffUser(db, userId)).map((row) => ({
		kind: 'service_rating' as const,
		ratingId: row.rating_id,
		serviceId: row.service_id,
		serviceName: row.service_name,
		dueOn: row.awaiting_due_on,
		title: excerpt(row.could_be_better ?? row.what_was_good ?? '', 140),
		personName: row.first_name,
		waitingSince: row.awaiting_since
	}));

const SOURCES: readonly AttentionSource[] = [planReplies, overduePromises, youngViews, serviceRatings];

export async function listNeedsAttention(db: Executor, userId: string, now = new Date()): Promise<AttentionItem[]> {
	const today = ukToday(now);
	const lists = await Promise.all(SOURCES.map((source) => source(db, userId, today)));
	return lists
		.flat()
		.sort((a, b) => a.waitingSince.localeCompare(b.waitingSince) || a.kind.localeCompare(b.kind) || a.title.localeCompare(b.title));
}

/** How many items wait in each family. */
export function countByFamily(items: readonly AttentionItem[]): Record<string, number> {
	const counts: Record<string, number> = {};
	for (const item of items) {
		if (item.kind !== 'service_rating') counts[item.familyId] = (counts[item.familyId] ?? 0) + 1;
	}
	return counts;
}
