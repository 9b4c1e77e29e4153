// What can be wrong with a directory file, as data rather than English: the server finds the
// problems, the admin page words them in the reader's language.

/** A problem with the file as a whole: nothing in it was read as services. */
export type FileErrorCode = 'not_json' | 'too_big' | 'not_services' | 'empty' | 'too_many';

/** A problem with one service ("row") in the file. */
export type RowErrorCode =
	// From the Open Referral UK schema.
	| 'required'
	| 'type'
	| 'enum'
	| 'format'
	| 'invalid'
	// Our own rules.
	| 'blank'
	| 'too_long'
	| 'whole_number'
	| 'out_of_range'
	| 'age_order'
	| 'duplicate_id'
	| 'duplicate_name'
	// Against what the directory already holds.
	| 'name_taken';

export interface FileError {
	code: FileErrorCode;
	params: Record<string, string>;
}

export interface RowError {
	/** The service's place in the file, counting from 1. */
	row: number;
	/** The service's name when it has one that is text. */
	serviceName: string | null;
	/** Where in the service, such as "schedules[0].opens_at"; "" for the service as a whole. */
	path: string;
	code: RowErrorCode;
	params: Record<string, string>;
}

export interface DirectoryProblems {
	fileError: FileError | null;
	/** The first problems, in file order. */
	errors: RowError[];
	/** How many more problems there were than are listed. */
	moreErrors: number;
}

/** JSON Schema types the schema asks for, each with its own wording. */
export const VALUE_TYPES = ['string', 'number', 'integer', 'boolean', 'array', 'object', 'null'] as const;

/**
 * A path as people count: "schedules[0].opens_at" becomes ["schedules", "1", "opens_at"] (the
 * first schedule is number 1). The page joins the parts with " › ".
 */
export function pathParts(path: string): string[] {
	if (!path) return [];
	const parts: string[] = [];
	for (const segment of path.split('.')) {
		const match = /^([^[]*)((?:\[\d+\])*)$/.exec(segment);
		if (!match) {
			parts.push(segment);
			continue;
		}
		if (match[1]) parts.push(match[1]);
		for (const index of (match[2] ?? '').matchAll(/\[(\d+)\]/g)) parts.push(String(Number(index[1]) + 1));
	}
	return parts;
}

/** Formats the page has its own words for; any other says "not in the right format". */
export const KNOWN_FORMATS = ['uuid', 'email', 'uri', 'date-time', 'language'] as const;

/** The i18n key (under the admin directory's `problems`) that words a row error's problem. */
export function problemKey(error: Pick<RowError, 'code' | 'params'>): string {
	if (error.code === 'type') {
		const type = error.params.type ?? '';
		return `type.${(VALUE_TYPES as readonly string[]).includes(type) ? type : 'other'}`;
	}
	if (error.code === 'format') {
		const format = error.params.format ?? '';
		return `format.${(KNOWN_FORMATS as readonly string[]).includes(format) ? format : 'other'}`;
	}
	return error.code;
}

/** The i18n key (under the admin directory's `row_error`) for the sentence around a problem. */
export function rowErrorKey(error: Pick<RowError, 'serviceName' | 'path'>): 'name_path' | 'name' | 'plain_path' | 'plain' {
	const named = error.serviceName !== null && error.serviceName.trim() !== '';
	if (error.path) return named ? 'name_path' : 'plain_path';
	return named ? 'name' : 'plain';
}
