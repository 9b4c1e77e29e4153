import { describe, expect, it } from 'vitest';
import { isFiltered, parseDirectorySearch } from './search';

const parse = (query: string) => parseDirectorySearch(new URLSearchParams(query));

describe('parseDirectorySearch', () => {
	it('leaves ?lang= alone: it switches the page language, not the services listed', () => {
		expect(parse('lang=ur').filters.lang).toBeNull();
		expect(parse('lang=ur&language=pl').filters.lang).toBe('pl');
	});

	it('reads the words, kind, age and language', () => {
		expect(parse('q=+debt+help+&kind=advice&age=14&language=PL')).toEqual({
			values: { q: 'debt help', kind: 'advice', age: '14', language: 'pl' },
			filters: { q: 'debt help', kind: 'advice', age: 14, lang: 'pl' },
			errors: {}
		});
	});

	it('shows an age that is not one as an error, and searches without it', () => {
		for (const age of ['abc', '-1', '121', '1.5', '1e2']) {
			const parsed = parse(`age=${encodeURIComponent(age)}`);
			expect(parsed.errors).toEqual({ age: 'services:directory.search.errors.age' });
			expect(parsed.filters.age).toBeNull();
			expect(parsed.values.age).toBe(age);
		}
		expect(parse('age=0').filters.age).toBe(0);
	});

	it('ignores a kind or language it does not know (an old link)', () => {
		expect(parse('kind=therapy&language=%25').filters).toMatchObject({ kind: null, lang: null });
	});

	it('knows when nothing was asked for', () => {
		expect(isFiltered(parse('').values)).toBe(false);
		expect(isFiltered(parse('q=food').values)).toBe(true);
	});
});
