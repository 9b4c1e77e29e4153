import { SEARCH_AGE_RANGE, isSupportKind, type SupportKind } from './directory';

// The directory's search form (a GET form, so a search is a link that can be shared or bookmarked).
// Browser-safe; errors are i18n keys.

export const SEARCH_TEXT_MAX = 200;

export interface SearchValues {
	q: string;
	kind: string;
	age: string;
	/** The URL's `language`: `lang` is taken, it switches the page's own language. */
	language: string;
}

export interface SearchFilters {
	q: string;
	kind: SupportKind | null;
	age: number | null;
	lang: string | null;
}

export interface ParsedSearch {
	/** What the form shows again, as typed. */
	values: SearchValues;
	/** What to search by; a filter with a mistake in it is left out. */
	filters: SearchFilters;
	/** Field id → i18n key. */
	errors: Record<string, string>;
}

function param(params: URLSearchParams, name: string): string {
	return (params.get(name) ?? '').trim();
}

export function parseDirectorySearch(params: URLSearchParams): ParsedSearch {
	const values: SearchValues = {
		q: param(params, 'q').slice(0, SEARCH_TEXT_MAX),
		kind: param(params, 'kind'),
		age: param(params, 'age'),
		language: param(params, 'language').toLowerCase()
	};
	const errors: Record<string, string> = {};
	let age: number | null = null;
	if (values.age) {
		const n = /^\d{1,3}$/.test(values.age) ? Number(values.age) : Number.NaN;
		if (Number.isInteger(n) && n >= SEARCH_AGE_RANGE.min && n <= SEARCH_AGE_RANGE.max) age = n;
		else errors.age = 'services:directory.search.errors.age';
	}
	return {
		values,
		filters: {
			q: values.q,
			// An unknown kind or language (an old link) just does not filter.
			kind: isSupportKind(values.kind) ? values.kind : null,
			age,
			lang: /^[a-z]{2,3}(-[a-z0-9]{2,8})*$/.test(values.language) ? values.language : null
		},
		errors
	};
}

/** True when the person searched or filtered by anything. */
export function isFiltered(values: SearchValues): boolean {
	return Boolean(values.q || values.kind || values.age || values.language);
}
