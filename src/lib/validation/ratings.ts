import { RATING_SCORES, REPLY_TAGS, type RatingScore, type ReplyTag } from '$lib/ratings/ratings';
import { LIMITS, checkRequired, textField, validateDate, validateOneOf, validatePastDate, type FieldErrors } from './forms';

// The forms around a service's ratings: a family's rating, the service's reply, and a change made
// because of what families said ("You said, we did").

export const NAME_CHOICES = ['anonymous', 'first_name'] as const;
export type NameChoice = (typeof NAME_CHOICES)[number];

export interface RatingInput {
	score: RatingScore;
	whatWasGood: string | null;
	couldBeBetter: string | null;
	anonymous: boolean;
}

/** A rating as typed. Posting anonymously is the choice already made unless they pick their name. */
export function parseRating(form: FormData) {
	const values = {
		score: textField(form, 'score'),
		what_was_good: textField(form, 'what_was_good'),
		could_be_better: textField(form, 'could_be_better'),
		name: textField(form, 'name') || 'anonymous'
	};
	const errors: FieldErrors = {};
	validateOneOf(errors, 'score', values.score, RATING_SCORES, 'services:rate.errors.score');
	if (values.what_was_good.length > LIMITS.ratingText) errors.what_was_good = 'services:rate.errors.too_long';
	if (values.could_be_better.length > LIMITS.ratingText) errors.could_be_better = 'services:rate.errors.too_long';
	validateOneOf(errors, 'name', values.name, NAME_CHOICES, 'services:rate.errors.name');
	const input: RatingInput | null =
		Object.keys(errors).length === 0
			? {
					score: values.score as RatingScore,
					whatWasGood: values.what_was_good || null,
					couldBeBetter: values.could_be_better || null,
					anonymous: values.name === 'anonymous'
				}
			: null;
	return { values, errors, input };
}

/** The service's reply under a rating, with what happens next if they say. */
export function parseReply(form: FormData) {
	const values = { reply: textField(form, 'reply'), tag: textField(form, 'tag') };
	const errors: FieldErrors = {};
	checkRequired(errors, 'reply', values.reply, 'services:feedback.errors.reply', LIMITS.ratingReply);
	if (values.tag) validateOneOf(errors, 'tag', values.tag, REPLY_TAGS, 'services:feedback.errors.tag');
	const tag: ReplyTag | null = values.tag && !errors.tag ? (values.tag as ReplyTag) : null;
	return { values, errors, tag };
}

export interface ChangeInput {
	youSaid: string;
	weDid: string;
	madeOn: string;
	ratingIds: string[];
}

/** A change made because of feedback, and the ratings that led to it (at least one). */
export function parseChange(form: FormData, today = new Date()) {
	const values = {
		you_said: textField(form, 'you_said'),
		we_did: textField(form, 'we_did'),
		made_on: textField(form, 'made_on'),
		ratings: [...new Set(form.getAll('ratings').filter((v): v is string => typeof v === 'string' && v !== ''))]
	};
	const errors: FieldErrors = {};
	checkRequired(errors, 'you_said', values.you_said, 'services:changes.errors.you_said', LIMITS.changeText);
	checkRequired(errors, 'we_did', values.we_did, 'services:changes.errors.we_did', LIMITS.changeText);
	validateDate(errors, 'made_on', values.made_on);
	if (!errors.made_on) validatePastDate(errors, 'made_on', values.made_on, today);
	if (values.ratings.length === 0) errors.ratings = 'services:changes.errors.ratings';
	const input: ChangeInput | null =
		Object.keys(errors).length === 0
			? { youSaid: values.you_said, weDid: values.we_did, madeOn: values.made_on, ratingIds: values.ratings }
			: null;
	return { values, errors, input };
}
