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

/** The period the figures cover. */
export const FIGURES_PERIOD_DAYS = 365;

export const DEFAULT_RATING_REPLY_DAYS = 5;

export function isRatingScore(value: string): value is RatingScore {
	return (RATING_SCORES as readonly string[]).includes(value);
}

export function isReplyTag(value: string): value is ReplyTag {
	return (REPLY_TAGS as readonly string[]).includes(value);
}
