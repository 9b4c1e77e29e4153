import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ASK_ROUTES, ASK_TAXONOMY, DIRECTORY_LIMITS, KIND_TAXONOMY, SUPPORT_KINDS } from '$lib/directory/directory';
import type { RowError } from '$lib/directory/import-problems';
import {
	checkServices,
	isLanguageCode,
	languageCodesIn,
	parseDirectoryText,
	searchTextFor,
	termsIn,
	validateServices,
	type OrukService
} from './oruk';

const example = JSON.parse(
	readFileSync(new URL('../../../../tests/fixtures/oruk/example_service_full.json', import.meta.url), 'utf8')
) as OrukService;

let counter = 0;
/** A fresh UUID-shaped id that is the same on every run (tests read better with stable ids). */
function uuid(): string {
	counter += 1;
	return `00000000-0000-4000-8000-${String(counter).padStart(12, '0')}`;
}

function service(extra: Record<string, unknown> = {}): Record<string, unknown> {
	return { id: uuid(), name: `Service ${counter}`, status: 'active', ...extra };
}

function attribute(taxonomy: string, term: string) {
	return { id: uuid(), taxonomy_term: { id: uuid(), name: term, description: term, taxonomy, term } };
}

/** Row errors without the service name, for short expectations. */
function errorsOf(input: unknown): Omit<RowError, 'serviceName'>[] {
	const result = validateServices(input);
	if (result.ok) return [];
	return result.problems.errors.map(({ row, path, code, params }) => ({ row, path, code, params }));
}

describe('validateServices', () => {
	it('accepts the ORUK profile’s own full example, alone, in a list and in an API page', () => {
		for (const input of [example, [example], { total_items: 1, contents: [example] }]) {
			const result = validateServices(input);
			expect(result).toEqual({ ok: true, services: [example] });
		}
	});

	it('accepts our own extras: kinds, ways to ask, language codes, phones and contact emails', () => {
		const result = validateServices(
			service({
				attributes: [attribute(KIND_TAXONOMY, 'advice'), attribute(ASK_TAXONOMY, 'self')],
				languages: [{ id: uuid(), name: 'Polish', code: 'pl' }],
				phones: [{ id: uuid(), number: '0161 496 0000', description: 'Advice line' }],
				contacts: [{ id: uuid(), name: 'Sam', email: 'sam@example.org', phones: [{ id: uuid(), number: '0161 496 0001' }] }]
			})
		);
		expect(result.ok).toBe(true);
	});

	it('names the row, the place in it and the kind of problem for wrong types and missing fields', () => {
		const good = service();
		const bad = {
			id: uuid(),
			name: 'Drop-in',
			schedules: [{ id: uuid(), opens_at: 9 }, { opens_at: '09:00' }],
			minimum_age: 'five'
		};
		const result = validateServices([good, bad]);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems.fileError).toBeNull();
		expect(result.problems.errors).toEqual([
			{ row: 2, serviceName: 'Drop-in', path: 'status', code: 'required', params: { property: 'status' } },
			{ row: 2, serviceName: 'Drop-in', path: 'minimum_age', code: 'type', params: { type: 'number' } },
			{ row: 2, serviceName: 'Drop-in', path: 'schedules[0].opens_at', code: 'type', params: { type: 'string' } },
			{ row: 2, serviceName: 'Drop-in', path: 'schedules[1].id', code: 'required', params: { property: 'id' } }
		]);
		expect(result.problems.moreErrors).toBe(0);
	});

	it('refuses a status ORUK does not have and an id that is not a UUID', () => {
		expect(errorsOf(service({ id: 'not-a-uuid', status: 'open' }))).toEqual([
			{ row: 1, path: 'id', code: 'format', params: { format: 'uuid' } },
			{ row: 1, path: 'status', code: 'enum', params: { allowed: 'active, inactive, defunct, temporarily closed' } }
		]);
	});

	it('checks the extras: contact email, phone number, language code', () => {
		expect(
			errorsOf(
				service({
					contacts: [{ id: uuid(), email: 'not an email' }],
					phones: [{ id: uuid() }],
					languages: [{ id: uuid(), code: 'not a language!' }]
				})
			)
		).toEqual([
			{ row: 1, path: 'phones[0].number', code: 'required', params: { property: 'number' } },
			{ row: 1, path: 'contacts[0].email', code: 'format', params: { format: 'email' } },
			{ row: 1, path: 'languages[0].code', code: 'format', params: { format: 'language' } }
		]);
	});

	it('refuses kinds of support and ways to ask that Common Ground does not know', () => {
		expect(errorsOf(service({ attributes: [attribute('some-other-taxonomy', 'anything'), attribute(KIND_TAXONOMY, 'therapy'), attribute(ASK_TAXONOMY, 'phone')] }))).toEqual([
			{ row: 1, path: 'attributes[1].taxonomy_term.term', code: 'enum', params: { allowed: SUPPORT_KINDS.join(', ') } },
			{ row: 1, path: 'attributes[2].taxonomy_term.term', code: 'enum', params: { allowed: ASK_ROUTES.join(', ') } }
		]);
	});

	it('finds duplicate ids and names within the file, pointing at the first', () => {
		const first = service();
		expect(errorsOf([first, service(), { ...first, name: 'Other name' }, service({ name: first.name })])).toEqual([
			{ row: 3, path: 'id', code: 'duplicate_id', params: { id: first.id, row: '1' } },
			{ row: 4, path: 'name', code: 'duplicate_name', params: { row: '1' } }
		]);
	});

	it('checks ages: whole numbers, in range, youngest not above oldest', () => {
		expect(errorsOf([service({ minimum_age: 16, maximum_age: 11 }), service({ minimum_age: 2.5, maximum_age: 400 })])).toEqual([
			{ row: 1, path: 'maximum_age', code: 'age_order', params: { minimum: '16', maximum: '11' } },
			{ row: 2, path: 'minimum_age', code: 'whole_number', params: {} },
			{ row: 2, path: 'maximum_age', code: 'out_of_range', params: { min: '0', max: String(DIRECTORY_LIMITS.maxAge) } }
		]);
	});

	it('limits the name and the description, and refuses a blank name', () => {
		expect(
			errorsOf([
				service({ name: 'n'.repeat(DIRECTORY_LIMITS.nameLength) }),
				service({ name: 'n'.repeat(DIRECTORY_LIMITS.nameLength + 1), description: 'd'.repeat(DIRECTORY_LIMITS.descriptionLength + 1) }),
				service({ name: '   ' })
			])
		).toEqual([
			{ row: 2, path: 'name', code: 'too_long', params: { max: '200' } },
			{ row: 2, path: 'description', code: 'too_long', params: { max: '5000' } },
			{ row: 3, path: 'name', code: 'blank', params: {} }
		]);
	});

	it('reports a list of numbers row by row', () => {
		expect(errorsOf([1, 2, 3])).toEqual(
			[1, 2, 3].map((row) => ({ row, path: '', code: 'type', params: { type: 'object' } }))
		);
	});

	it('calls what holds no services what it is', () => {
		for (const input of [42, 'text', null, true, { hello: 'world' }, { contents: 'no' }]) {
			const result = validateServices(input);
			expect(result.ok ? null : result.problems.fileError).toEqual({ code: 'not_services', params: {} });
		}
		for (const input of [[], { contents: [] }]) {
			const result = validateServices(input);
			expect(result.ok ? null : result.problems.fileError).toEqual({ code: 'empty', params: {} });
		}
	});

	it('refuses more services than a file may hold', () => {
		const many = Array.from({ length: DIRECTORY_LIMITS.services + 1 }, () => ({}));
		const result = validateServices(many);
		expect(result.ok ? null : result.problems.fileError).toEqual({
			code: 'too_many',
			params: { max: String(DIRECTORY_LIMITS.services), found: String(DIRECTORY_LIMITS.services + 1) }
		});
	});

	it('lists the first problems and counts the rest', () => {
		const rows = Array.from({ length: 150 }, (_, i) => ({ name: `Service ${i}` }));
		const all = checkServices(rows).errors;
		expect(all).toHaveLength(300);
		const result = validateServices(rows);
		expect(result.ok).toBe(false);
		if (result.ok) return;
		expect(result.problems.errors).toHaveLength(DIRECTORY_LIMITS.listedErrors);
		expect(result.problems.errors).toEqual(all.slice(0, DIRECTORY_LIMITS.listedErrors));
		expect(result.problems.moreErrors).toBe(100);
	});
});

describe('parseDirectoryText', () => {
	it('reads JSON, with or without a byte order mark', () => {
		expect(parseDirectoryText('{"a":1}')).toEqual({ ok: true, input: { a: 1 } });
		expect(parseDirectoryText('\uFEFF[1]')).toEqual({ ok: true, input: [1] });
	});

	it('says where a JSON mistake is when the parser tells us', () => {
		expect(parseDirectoryText('{\n  "a": 1\n  "b": 2\n}')).toEqual({
			ok: false,
			fileError: { code: 'not_json', params: { line: '3', column: '3' } }
		});
		expect(parseDirectoryText('')).toEqual({ ok: false, fileError: { code: 'not_json', params: { line: '1', column: '1' } } });
		const junk = parseDirectoryText('this is not json');
		expect(junk.ok ? null : junk.fileError.code).toBe('not_json');
	});

	it('refuses more than 5 MB before parsing it', () => {
		expect(parseDirectoryText(' '.repeat(DIRECTORY_LIMITS.fileBytes + 1))).toEqual({
			ok: false,
			fileError: { code: 'too_big', params: { megabytes: '5' } }
		});
		// Counted in bytes: 2 bytes each in UTF-8.
		const result = parseDirectoryText('é'.repeat(DIRECTORY_LIMITS.fileBytes / 2 + 1));
		expect(result.ok ? null : result.fileError.code).toBe('too_big');
	});
});

describe('reading a record', () => {
	const record = {
		id: uuid(),
		name: 'Money Matters Debt Advice',
		status: 'active',
		description: 'Free help with   money.',
		organization: { id: uuid(), name: 'Millbrook Advice Centre', description: 'x' },
		service_areas: [{ id: uuid(), name: 'Millbrook' }],
		service_at_locations: [
			{ id: uuid(), location: { id: uuid(), location_type: 'physical', name: 'Town Hall', addresses: [{ city: 'Millbrook North' }] } }
		],
		languages: [
			{ id: uuid(), code: 'PL' },
			{ id: uuid(), code: 'pl' },
			{ id: uuid(), name: 'Urdu' },
			{ id: uuid(), code: 'ur' }
		],
		attributes: [attribute(KIND_TAXONOMY, 'advice'), attribute(KIND_TAXONOMY, 'one_to_one'), attribute(ASK_TAXONOMY, 'worker'), attribute('x', 'group')]
	} as unknown as OrukService;

	it('finds kinds and ways to ask in their taxonomies only, in our order', () => {
		expect(termsIn(record, KIND_TAXONOMY, SUPPORT_KINDS)).toEqual(['one_to_one', 'advice']);
		expect(termsIn(record, ASK_TAXONOMY, ASK_ROUTES)).toEqual(['worker']);
	});

	it('keeps each language code once, in lower case', () => {
		expect(languageCodesIn(record)).toEqual(['pl', 'ur']);
	});

	it('makes the search words from the name, description, organisation, areas and places', () => {
		expect(searchTextFor(record)).toBe(
			'money matters debt advice free help with money. millbrook advice centre millbrook town hall millbrook north'
		);
	});

	it('knows a language code from something else', () => {
		expect(['en', 'pl', 'pa-Guru', 'en-GB', 'so'].every(isLanguageCode)).toBe(true);
		expect(['', 'english language', '12', 'x'.repeat(40)].some(isLanguageCode)).toBe(false);
	});
});
