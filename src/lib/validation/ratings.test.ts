import { describe, expect, it } from 'vitest';
import { RATING_SCORES, REPLY_TAGS } from '$lib/ratings/ratings';
import { LIMITS } from './forms';
import { parseChange, parseRating, parseReply } from './ratings';

function form(fields: Record<string, string | string[]>): FormData {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) {
		for (const v of Array.isArray(value) ? value : [value]) data.append(name, v);
	}
	return data;
}

describe('parseRating', () => {
	const VALID = { score: 'good', what_was_good: 'Jo listened.', could_be_better: 'Evening visits.', name: 'first_name' };

	it('accepts a complete rating, trimmed, with the first name shown when chosen', () => {
		const result = parseRating(form({ ...VALID, what_was_good: '  Jo listened.\n' }));
		expect(result.errors).toEqual({});
		expect(result.input).toEqual({ score: 'good', whatWasGood: 'Jo listened.', couldBeBetter: 'Evening visits.', anonymous: false });
	});

	it('accepts every score on the scale', () => {
		expect(RATING_SCORES).toEqual(['very_good', 'good', 'neither', 'poor', 'very_poor', 'dont_know']);
		for (const score of RATING_SCORES) expect(parseRating(form({ ...VALID, score })).input?.score).toBe(score);
	});

	it('posts anonymously unless the first name is chosen', () => {
		const { name: _name, ...withoutName } = VALID;
		const result = parseRating(form(withoutName));
		expect(result.errors).toEqual({});
		expect(result.input?.anonymous).toBe(true);
		expect(result.values.name).toBe('anonymous');
		expect(parseRating(form({ ...VALID, name: 'anonymous' })).input?.anonymous).toBe(true);
		expect(parseRating(form({ ...VALID, name: '' })).input?.anonymous).toBe(true);
	});

	it('refuses a name choice that is neither', () => {
		for (const name of ['full_name', 'Amira', 'ANONYMOUS']) {
			expect(parseRating(form({ ...VALID, name }))).toMatchObject({ errors: { name: 'services:rate.errors.name' }, input: null });
		}
	});

	it('needs a score from the scale', () => {
		const { score: _score, ...withoutScore } = VALID;
		expect(parseRating(form(withoutScore))).toMatchObject({ errors: { score: 'services:rate.errors.score' }, input: null });
		for (const score of ['excellent', 'Good', '5', ' ']) {
			expect(parseRating(form({ ...VALID, score })).errors, score).toEqual({ score: 'services:rate.errors.score' });
		}
	});

	it('makes the words optional: empty or missing is null', () => {
		const result = parseRating(form({ score: 'poor', what_was_good: '   ' }));
		expect(result.errors).toEqual({});
		expect(result.input).toEqual({ score: 'poor', whatWasGood: null, couldBeBetter: null, anonymous: true });
	});

	it('refuses words that are too long, and keeps what was typed', () => {
		expect(LIMITS.ratingText).toBe(1000);
		const long = 'a'.repeat(LIMITS.ratingText + 1);
		const result = parseRating(form({ ...VALID, score: 'nope', what_was_good: long, could_be_better: long }));
		expect(result.errors).toEqual({
			score: 'services:rate.errors.score',
			what_was_good: 'services:rate.errors.too_long',
			could_be_better: 'services:rate.errors.too_long'
		});
		expect(result.input).toBeNull();
		expect(result.values).toEqual({ score: 'nope', what_was_good: long, could_be_better: long, name: 'first_name' });
		// Exactly the limit is fine.
		const limit = 'b'.repeat(LIMITS.ratingText);
		expect(parseRating(form({ ...VALID, could_be_better: limit })).input?.couldBeBetter).toBe(limit);
	});
});

describe('parseReply', () => {
	it('accepts a reply with or without a tag', () => {
		expect(parseReply(form({ reply: ' Thank you. ', tag: 'thank_you' }))).toEqual({
			values: { reply: 'Thank you.', tag: 'thank_you' },
			errors: {},
			tag: 'thank_you'
		});
		expect(parseReply(form({ reply: 'Thank you.' }))).toEqual({ values: { reply: 'Thank you.', tag: '' }, errors: {}, tag: null });
		for (const tag of REPLY_TAGS) expect(parseReply(form({ reply: 'Yes.', tag })).tag).toBe(tag);
	});

	it('needs a reply, not too long', () => {
		expect(parseReply(form({ reply: '   ', tag: 'thank_you' })).errors).toEqual({ reply: 'services:feedback.errors.reply.required' });
		expect(parseReply(form({})).errors).toEqual({ reply: 'services:feedback.errors.reply.required' });
		const long = 'x'.repeat(LIMITS.ratingReply + 1);
		const result = parseReply(form({ reply: long }));
		expect(result.errors).toEqual({ reply: 'services:feedback.errors.reply.too_long' });
		expect(result.values.reply).toBe(long);
		expect(parseReply(form({ reply: 'x'.repeat(LIMITS.ratingReply) })).errors).toEqual({});
	});

	it('refuses a tag that is not one of the four, and keeps what was typed', () => {
		const result = parseReply(form({ reply: 'We will see.', tag: 'fixed' }));
		expect(result.errors).toEqual({ tag: 'services:feedback.errors.tag' });
		expect(result.tag).toBeNull();
		expect(result.values).toEqual({ reply: 'We will see.', tag: 'fixed' });
	});
});

describe('parseChange', () => {
	const TODAY = new Date('2026-11-23T12:00:00.000Z');
	const VALID = { you_said: 'Meetings clashed with school runs.', we_did: 'Meetings now run 9.30 to 2.30.', made_on: '2026-11-20', ratings: ['r1', 'r2'] };

	it('accepts a change with the ratings that led to it', () => {
		const result = parseChange(form({ ...VALID, you_said: `  ${VALID.you_said}  ` }), TODAY);
		expect(result.errors).toEqual({});
		expect(result.input).toEqual({
			youSaid: 'Meetings clashed with school runs.',
			weDid: 'Meetings now run 9.30 to 2.30.',
			madeOn: '2026-11-20',
			ratingIds: ['r1', 'r2']
		});
		// Made today is not the future.
		expect(parseChange(form({ ...VALID, made_on: '2026-11-23' }), TODAY).errors).toEqual({});
	});

	it('links each rating once, however often the form sent it', () => {
		const result = parseChange(form({ ...VALID, ratings: ['r2', 'r1', 'r2', 'r1', 'r3'] }), TODAY);
		expect(result.input?.ratingIds).toEqual(['r2', 'r1', 'r3']);
		expect(result.values.ratings).toEqual(['r2', 'r1', 'r3']);
	});

	it('needs at least one rating', () => {
		const { ratings: _ratings, ...withoutRatings } = VALID;
		expect(parseChange(form(withoutRatings), TODAY)).toMatchObject({ errors: { ratings: 'services:changes.errors.ratings' }, input: null });
	});

	it('needs what families said and what was done, not too long', () => {
		expect(parseChange(form({ ...VALID, you_said: '', we_did: ' ' }), TODAY).errors).toEqual({
			you_said: 'services:changes.errors.you_said.required',
			we_did: 'services:changes.errors.we_did.required'
		});
		const long = 'y'.repeat(LIMITS.changeText + 1);
		expect(parseChange(form({ ...VALID, you_said: long, we_did: long }), TODAY).errors).toEqual({
			you_said: 'services:changes.errors.you_said.too_long',
			we_did: 'services:changes.errors.we_did.too_long'
		});
	});

	it('needs a real date that is not in the future', () => {
		const dateError = (made_on: string) => parseChange(form({ ...VALID, made_on }), TODAY).errors.made_on;
		expect(dateError('')).toBe('common:validation.date.required');
		for (const bad of ['2026-02-30', '20/11/2026', '2026-11-2', 'yesterday']) expect(dateError(bad), bad).toBe('common:validation.date.invalid');
		for (const future of ['2026-11-25', '2027-01-01']) expect(dateError(future), future).toBe('common:validation.date.future');
	});

	it('keeps everything as typed when something is wrong', () => {
		const result = parseChange(form({ ...VALID, made_on: '2030-01-01', ratings: ['r1', 'r1'] }), TODAY);
		expect(result.input).toBeNull();
		expect(result.values).toEqual({ ...VALID, made_on: '2030-01-01', ratings: ['r1'] });
	});
});
