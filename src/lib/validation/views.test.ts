import { describe, expect, it } from 'vitest';
import { VIEW_AUDIENCES, VIEW_FEELINGS, VIEW_PROMPTS } from '$lib/views/views';
import { LIMITS, type FieldErrors } from './forms';
import { parseAudience, parseMessage, parseView } from './views';

function form(fields: Record<string, string>): FormData {
	const data = new FormData();
	for (const [name, value] of Object.entries(fields)) data.set(name, value);
	return data;
}

const VALID = { prompt: 'school', feeling: 'good', body: 'School is better now.', audience: 'family' };

/** The valid fields with one left out, as a form that never sent it. */
function without(field: keyof typeof VALID): Record<string, string> {
	return Object.fromEntries(Object.entries(VALID).filter(([name]) => name !== field));
}

describe('parseView', () => {
	it('accepts a complete view, trimmed', () => {
		const result = parseView(form({ ...VALID, body: '  School is better now.  \n' }));
		expect(result.errors).toEqual({});
		expect(result.input).toEqual({ prompt: 'school', feeling: 'good', body: 'School is better now.', audience: 'family' });
	});

	it('accepts every prompt, feeling and audience the forms offer', () => {
		for (const prompt of VIEW_PROMPTS) expect(parseView(form({ ...VALID, prompt })).input?.prompt).toBe(prompt);
		for (const feeling of VIEW_FEELINGS) expect(parseView(form({ ...VALID, feeling })).input?.feeling).toBe(feeling);
		for (const audience of VIEW_AUDIENCES) expect(parseView(form({ ...VALID, audience })).input?.audience).toBe(audience);
	});

	it('makes the feeling optional: empty or missing is null', () => {
		expect(parseView(form({ ...VALID, feeling: '' })).input?.feeling).toBeNull();
		expect(parseView(form(without('feeling'))).input).toEqual({ ...VALID, feeling: null });
	});

	it('shares with the lead worker alone when no audience is sent', () => {
		const result = parseView(form(without('audience')));
		expect(result.errors).toEqual({});
		expect(result.input?.audience).toBe('worker');
		expect(result.values.audience).toBe('worker');
		expect(parseView(form({ ...VALID, audience: '   ' })).input?.audience).toBe('worker');
	});

	it('asks for a prompt from the list', () => {
		expect(parseView(form(without('prompt')))).toMatchObject({ errors: { prompt: 'views:errors.prompt' }, input: null });
		expect(parseView(form({ ...VALID, prompt: 'politics' })).errors).toEqual({ prompt: 'views:errors.prompt' });
		// Case matters: the values are keys, not words.
		expect(parseView(form({ ...VALID, prompt: 'School' })).errors).toEqual({ prompt: 'views:errors.prompt' });
	});

	it('refuses a feeling that is not one of the faces', () => {
		const result = parseView(form({ ...VALID, feeling: 'furious' }));
		expect(result.errors).toEqual({ feeling: 'views:errors.feeling' });
		expect(result.input).toBeNull();
	});

	it('refuses an audience that is not one of the three', () => {
		for (const audience of ['everyone', 'manager', 'ONLY_ME']) {
			expect(parseView(form({ ...VALID, audience })).errors).toEqual({ audience: 'views:errors.audience' });
		}
	});

	it('asks for words: a missing or blank body is required', () => {
		expect(parseView(form(without('body'))).errors).toEqual({ body: 'views:errors.body.required' });
		expect(parseView(form({ ...VALID, body: ' \n\t ' }))).toMatchObject({
			errors: { body: 'views:errors.body.required' },
			input: null
		});
	});

	it('allows 2,000 characters and refuses 2,001', () => {
		expect(LIMITS.viewText).toBe(2000);
		expect(parseView(form({ ...VALID, body: 'a'.repeat(2000) })).input?.body).toHaveLength(2000);
		const tooLong = parseView(form({ ...VALID, body: 'a'.repeat(2001) }));
		expect(tooLong.errors).toEqual({ body: 'views:errors.body.too_long' });
		expect(tooLong.input).toBeNull();
		// Spaces around the words do not count.
		expect(parseView(form({ ...VALID, body: ` ${'a'.repeat(2000)} ` })).errors).toEqual({});
	});

	it('reports every problem at once and gives the typing back', () => {
		const result = parseView(form({ prompt: 'x', feeling: 'y', body: '', audience: 'z' }));
		expect(result.errors).toEqual({
			prompt: 'views:errors.prompt',
			feeling: 'views:errors.feeling',
			body: 'views:errors.body.required',
			audience: 'views:errors.audience'
		});
		expect(result.values).toEqual({ prompt: 'x', feeling: 'y', body: '', audience: 'z' });
		expect(result.input).toBeNull();
	});

	it('keeps markup as plain text: escaping is the page’s job', () => {
		const body = '<script>alert("hi")</script> & <b>bold</b>';
		expect(parseView(form({ ...VALID, body })).input?.body).toBe(body);
	});
});

describe('parseMessage', () => {
	it('accepts a message, trimmed', () => {
		expect(parseMessage(form({ message: '  Thank you, Leo.  ' }))).toEqual({
			values: { message: 'Thank you, Leo.' },
			errors: {}
		});
	});

	it('asks for words', () => {
		expect(parseMessage(form({})).errors).toEqual({ message: 'views:errors.message.required' });
		expect(parseMessage(form({ message: '   ' })).errors).toEqual({ message: 'views:errors.message.required' });
	});

	it('allows 1,000 characters and refuses 1,001', () => {
		expect(LIMITS.viewMessage).toBe(1000);
		expect(parseMessage(form({ message: 'b'.repeat(1000) })).errors).toEqual({});
		expect(parseMessage(form({ message: 'b'.repeat(1001) })).errors).toEqual({ message: 'views:errors.message.too_long' });
	});
});

describe('parseAudience', () => {
	it('returns one of the three audiences and writes no error', () => {
		for (const audience of VIEW_AUDIENCES) {
			const errors: FieldErrors = {};
			expect(parseAudience(form({ audience }), errors)).toBe(audience);
			expect(errors).toEqual({});
		}
	});

	it('returns null with an error for anything else, including nothing (no default here)', () => {
		for (const fields of [{ audience: 'everyone' }, { audience: '' }, {}] as Record<string, string>[]) {
			const errors: FieldErrors = {};
			expect(parseAudience(form(fields), errors)).toBeNull();
			expect(errors).toEqual({ audience: 'views:errors.audience' });
		}
	});

	it('adds its error to those already found', () => {
		const errors: FieldErrors = { body: 'views:errors.body.required' };
		parseAudience(form({ audience: 'nobody' }), errors);
		expect(errors).toEqual({ body: 'views:errors.body.required', audience: 'views:errors.audience' });
	});
});
