// Families' ratings of services: the NHS Friends and Family Test scale, shown with faces and words.

export const RATING_SCORES = ['very_good', 'good', 'neither', 'poor', 'very_poor', 'dont_know'] as const;
export type RatingScore = (typeof RATING_SCORES)[number];

/** What a service's reply says happens next. */
export const REPLY_TAGS = ['thank_you', 'looking_into_it', 'change_planned', 'change_made'] as const;
export type ReplyTag = (typeof REPLY_TAGS)[number];

/** One rating per person per service in this many days; within it, they change the one they gave. */
export const RATING_WINDOW_DAYS = 30;

/** Figures appear only from this many ratings in the period, so nobody can be picked out. */
export const FAIR_FIGURES_MINIMUM = 11;

/** The period the figures cover: this calendar month and the eleven before it (UK time). */
export const FIGURES_PERIOD_MONTHS = 12;

export const DEFAULT_RATING_REPLY_DAYS = 5;

export function isRatingScore(value: string): value is RatingScore {
	return (RATING_SCORES as readonly string[]).includes(value);
}

export function isReplyTag(value: string): value is ReplyTag {
	return (REPLY_TAGS as readonly string[]).includes(value);
}

export interface RatingReply {
	id: string;
	tag: ReplyTag | null;
	body: string;
	createdAt: string;
	authorName: string;
	authorJobTitle: string | null;
}

/** One rating as a page shows it. Who wrote it appears only as the first name they chose to show. */
export interface RatingSummary {
	id: string;
	score: RatingScore;
	whatWasGood: string | null;
	couldBeBetter: string | null;
	/** Null when posted anonymously. */
	firstName: string | null;
	createdAt: string;
	updatedAt: string;
	version: number;
	/** The person looking wrote it. */
	mine: boolean;
	/** Waiting for the service to reply, by this date. */
	awaitingDueOn: string | null;
	replies: RatingReply[];
	/** A reply its author has not seen yet (only ever true for the author). */
	newReply: boolean;
}

export interface ScoreCount {
	score: RatingScore;
	count: number;
}

/** A service's ratings in the period, as figures only when there are enough to be fair. */
export interface RatingFigures {
	total: number;
	/** Null when fewer than FAIR_FIGURES_MINIMUM ratings: nothing is shown. */
	distribution: ScoreCount[] | null;
	/** Very good or good, of all answers (as the NHS counts it); null when not shown. */
	positive: number | null;
	/** First replies: answered by the due date, of those due. Null when not shown. */
	replies: { due: number; answeredInTime: number; overdue: number } | null;
	replyDays: number;
	/** The first day (YYYY-MM-DD) the figures count from. */
	periodStart: string;
}

export interface MonthOfRatings {
	/** YYYY-MM. */
	month: string;
	counts: ScoreCount[];
	total: number;
}

/** Who gives ratings: the people a service supports, never its staff or the administrator. */
export const RATER_ROLES = ['parent_carer', 'young_person'] as const;

/** A closed service (inactive or defunct) takes no new ratings; a temporarily closed one still does. */
export function statusTakesRatings(status: string): boolean {
	return status !== 'inactive' && status !== 'defunct';
}
