import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import {
	ASK_ROUTES,
	ASK_TAXONOMY,
	DIRECTORY_LIMITS,
	KIND_TAXONOMY,
	SUPPORT_KINDS
} from '$lib/directory/directory';
import type { DirectoryProblems, FileError, RowError, RowErrorCode } from '$lib/directory/import-problems';
import orukServiceSchema from './oruk/service_with_definitions.json';

// Open Referral UK (ORUK) v3 services: the part of the record the directory reads, and the checks
// a directory file passes before anything in it is imported. The schema is ORUK's own
// (oruk/README.md); on top of it come Common Ground's rules (ages, lengths, duplicates) and the
// HSDS 3.0 extras we write (language name and code, service and contact phones, contact email),
// which the ORUK schema allows but does not describe.

// ---------------------------------------------------------------------------------------------
// Types: the ORUK fields the directory reads. Everything else in a record is kept as it came.

export interface OrukTaxonomyTerm {
	id: string;
	name: string;
	description: string;
	taxonomy?: string;
	term?: string;
	[key: string]: unknown;
}

export interface OrukAttribute {
	id: string;
	link_type?: string;
	taxonomy_term?: OrukTaxonomyTerm;
	[key: string]: unknown;
}

export interface OrukPhone {
	id: string;
	number: string;
	description?: string;
	[key: string]: unknown;
}

export interface OrukLanguage {
	id: string;
	/** HSDS 3.0: the language's name, such as "Polish". */
	name?: string;
	/** HSDS 3.0: a BCP 47 code, such as "pl". */
	code?: string;
	[key: string]: unknown;
}

export interface OrukAddress {
	id: string;
	attention?: string;
	address_1: string;
	city: string;
	region?: string;
	state_province: string;
	postal_code: string;
	country: string;
	address_type: 'physical' | 'postal' | 'virtual';
	[key: string]: unknown;
}

export interface OrukAccessibility {
	id: string;
	description?: string;
	details?: string;
	url?: string;
	accessibility?: string;
	[key: string]: unknown;
}

export interface OrukLocation {
	id: string;
	location_type: 'physical' | 'postal' | 'virtual';
	name?: string;
	description?: string;
	addresses?: OrukAddress[];
	accessibility?: OrukAccessibility[];
	[key: string]: unknown;
}

export interface OrukServiceAtLocation {
	id: string;
	location?: OrukLocation;
	[key: string]: unknown;
}

export interface OrukSchedule {
	id: string;
	freq?: 'WEEKLY' | 'MONTHLY';
	byday?: string;
	description?: string;
	opens_at?: string;
	closes_at?: string;
	notes?: string;
	attending_type?: string;
	[key: string]: unknown;
}

export interface OrukServiceArea {
	id: string;
	name?: string;
	service_area?: string;
	[key: string]: unknown;
}

export interface OrukOrganization {
	id: string;
	name: string;
	description: string;
	email?: string;
	website?: string;
	[key: string]: unknown;
}

export interface OrukCostOption {
	id: string;
	option?: string;
	amount?: number;
	amount_description?: string;
	[key: string]: unknown;
}

export interface OrukContact {
	id: string;
	name?: string;
	title?: string;
	/** HSDS 3.0 extra. */
	email?: string;
	/** HSDS 3.0 extra. */
	phones?: OrukPhone[];
	[key: string]: unknown;
}

export type OrukStatus = 'active' | 'inactive' | 'defunct' | 'temporarily closed';

export interface OrukService {
	id: string;
	name: string;
	status: OrukStatus;
	description?: string;
	url?: string;
	email?: string;
	fees?: string;
	minimum_age?: number;
	maximum_age?: number;
	alert?: string;
	last_modified?: string;
	organization?: OrukOrganization;
	schedules?: OrukSchedule[];
	service_areas?: OrukServiceArea[];
	service_at_locations?: OrukServiceAtLocation[];
	languages?: OrukLanguage[];
	cost_options?: OrukCostOption[];
	contacts?: OrukContact[];
	attributes?: OrukAttribute[];
	/** HSDS 3.0 extra. */
	phones?: OrukPhone[];
	[key: string]: unknown;
}

/** One page of ORUK's `/services` API: the shape the directory exports. */
export interface OrukPage {
	total_items: number;
	total_pages: number;
	page_number: number;
	size: number;
	first_page: boolean;
	last_page: boolean;
	empty: boolean;
	contents: OrukService[];
}

// ---------------------------------------------------------------------------------------------
// The validators, compiled once, when first needed (compiling takes a moment; a page that never
// imports never pays for it).

const phoneSchema = {
	type: 'object',
	required: ['id', 'number'],
	properties: {
		id: { type: 'string', format: 'uuid' },
		number: { type: 'string' },
		description: { type: 'string' }
	}
} as const;

/** The HSDS 3.0 extras we write and read, which ORUK's schema leaves undescribed. */
const extrasSchema = {
	type: 'object',
	properties: {
		phones: { type: 'array', items: phoneSchema },
		languages: {
			type: 'array',
			items: { type: 'object', properties: { name: { type: 'string' }, code: { type: 'string' } } }
		},
		contacts: {
			type: 'array',
			items: {
				type: 'object',
				properties: { email: { type: 'string', format: 'email' }, phones: { type: 'array', items: phoneSchema } }
			}
		}
	}
} as const;

interface Validators {
	oruk: ValidateFunction;
	extras: ValidateFunction;
}

let validators: Validators | undefined;

function getValidators(): Validators {
	if (!validators) {
		// strict: false because the compiled schema carries keywords of its own (core, constraints…).
		const ajv = new Ajv({ strict: false, allErrors: true });
		addFormats(ajv);
		validators = { oruk: ajv.compile(orukServiceSchema), extras: ajv.compile(extrasSchema) };
	}
	return validators;
}

// ---------------------------------------------------------------------------------------------
// Reading a file

export type ParsedFile = { ok: true; input: unknown } | { ok: false; fileError: FileError };

/** The file's JSON, or why it is not JSON (with where the mistake is, when the parser says). */
export function parseDirectoryText(text: string): ParsedFile {
	// Size first: nothing bigger than the limit is ever parsed.
	if (Buffer.byteLength(text, 'utf8') > DIRECTORY_LIMITS.fileBytes) {
		return { ok: false, fileError: { code: 'too_big', params: { megabytes: megabytes(DIRECTORY_LIMITS.fileBytes) } } };
	}
	// Editors on Windows often start a UTF-8 file with a byte order mark, which JSON.parse refuses.
	const json = text.startsWith('\uFEFF') ? text.slice(1) : text;
	try {
		return { ok: true, input: JSON.parse(json) as unknown };
	} catch (error) {
		return { ok: false, fileError: { code: 'not_json', params: jsonErrorPlace(json, error) } };
	}
}

function megabytes(bytes: number): string {
	return String(Math.round(bytes / (1024 * 1024)));
}

/** Line and column (from 1) of a JSON syntax error, when the message gives its position. */
function jsonErrorPlace(text: string, error: unknown): Record<string, string> {
	const message = error instanceof Error ? error.message : '';
	let position: number | null = null;
	const at = /at position (\d+)/.exec(message);
	if (at) position = Number(at[1]);
	else if (/Unexpected end of JSON input/.test(message)) position = text.length;
	if (position === null) return {};
	const before = text.slice(0, position);
	const line = before.split('\n').length;
	const column = position - before.lastIndexOf('\n');
	return { line: String(line), column: String(column) };
}

/** The services in a file: one service, a list of them, or a page of ORUK's API (`contents`). */
function servicesIn(input: unknown): unknown[] | null {
	if (Array.isArray(input)) return input;
	if (!isObject(input)) return null;
	if ('contents' in input) return Array.isArray(input.contents) ? input.contents : null;
	// An object with none of a service's required fields is not a service with mistakes in it.
	return 'id' in input || 'name' in input || 'status' in input ? [input] : null;
}

// ---------------------------------------------------------------------------------------------
// Checking the services

export interface ServicesCheck {
	/** Every row in the file, as given (only safe to read as OrukService when there are no errors). */
	rows: unknown[];
	fileError: FileError | null;
	/** Every problem found, in file order. */
	errors: RowError[];
}

/** Every problem with the services in `input` (parsed JSON), none left out. */
export function checkServices(input: unknown): ServicesCheck {
	const rows = servicesIn(input);
	if (rows === null) return { rows: [], fileError: { code: 'not_services', params: {} }, errors: [] };
	if (rows.length === 0) return { rows, fileError: { code: 'empty', params: {} }, errors: [] };
	if (rows.length > DIRECTORY_LIMITS.services) {
		return {
			rows: [],
			fileError: { code: 'too_many', params: { max: String(DIRECTORY_LIMITS.services), found: String(rows.length) } },
			errors: []
		};
	}
	const { oruk, extras } = getValidators();
	const errors: RowError[] = [];
	const firstRowWithId = new Map<string, number>();
	const firstRowWithName = new Map<string, number>();
	rows.forEach((service, index) => {
		const row = index + 1;
		const serviceName = isObject(service) && typeof service.name === 'string' ? service.name : null;
		const add = (path: string, code: RowErrorCode, params: Record<string, string> = {}) =>
			errors.push({ row, serviceName, path, code, params });
		const seen = new Set<string>();
		for (const validate of [oruk, extras]) {
			if (validate(service)) continue;
			for (const error of validate.errors ?? []) {
				const found = fromSchemaError(error);
				const key = `${found.path}|${found.code}`;
				if (seen.has(key)) continue;
				seen.add(key);
				add(found.path, found.code, found.params);
			}
		}
		if (!isObject(service)) return;
		checkRules(service, add);
		if (typeof service.id === 'string') {
			const first = firstRowWithId.get(service.id);
			if (first === undefined) firstRowWithId.set(service.id, row);
			else add('id', 'duplicate_id', { id: service.id, row: String(first) });
		}
		if (serviceName !== null) {
			const first = firstRowWithName.get(serviceName);
			if (first === undefined) firstRowWithName.set(serviceName, row);
			else add('name', 'duplicate_name', { row: String(first) });
		}
	});
	return { rows, fileError: null, errors };
}

type AddError = (path: string, code: RowErrorCode, params?: Record<string, string>) => void;

/** Common Ground's own rules, beyond the schema's. */
function checkRules(service: Record<string, unknown>, add: AddError): void {
	const { name, description } = service;
	if (typeof name === 'string') {
		if (name.trim() === '') add('name', 'blank');
		else if (characters(name) > DIRECTORY_LIMITS.nameLength) add('name', 'too_long', { max: String(DIRECTORY_LIMITS.nameLength) });
	}
	if (typeof description === 'string' && characters(description) > DIRECTORY_LIMITS.descriptionLength) {
		add('description', 'too_long', { max: String(DIRECTORY_LIMITS.descriptionLength) });
	}
	const ages: { field: 'minimum_age' | 'maximum_age'; value: number | null }[] = [];
	for (const field of ['minimum_age', 'maximum_age'] as const) {
		const value = service[field];
		if (typeof value !== 'number') continue;
		if (!Number.isInteger(value)) add(field, 'whole_number');
		else if (value < 0 || value > DIRECTORY_LIMITS.maxAge) {
			add(field, 'out_of_range', { min: '0', max: String(DIRECTORY_LIMITS.maxAge) });
		} else ages.push({ field, value });
	}
	const [min, max] = [ages.find((a) => a.field === 'minimum_age'), ages.find((a) => a.field === 'maximum_age')];
	if (min?.value != null && max?.value != null && min.value > max.value) {
		add('maximum_age', 'age_order', { minimum: String(min.value), maximum: String(max.value) });
	}
	if (Array.isArray(service.attributes)) {
		service.attributes.forEach((attribute: unknown, i) => {
			if (!isObject(attribute) || !isObject(attribute.taxonomy_term)) return;
			const { taxonomy, term } = attribute.taxonomy_term;
			const allowed =
				taxonomy === KIND_TAXONOMY ? SUPPORT_KINDS : taxonomy === ASK_TAXONOMY ? ASK_ROUTES : null;
			if (allowed && !(typeof term === 'string' && (allowed as readonly string[]).includes(term))) {
				add(`attributes[${i}].taxonomy_term.term`, 'enum', { allowed: allowed.join(', ') });
			}
		});
	}
	if (Array.isArray(service.languages)) {
		service.languages.forEach((language: unknown, i) => {
			if (isObject(language) && typeof language.code === 'string' && !isLanguageCode(language.code)) {
				add(`languages[${i}].code`, 'format', { format: 'language' });
			}
		});
	}
}

/** A well-formed BCP 47 language tag, such as "pl", "pa-Guru" or "en-GB". */
export function isLanguageCode(code: string): boolean {
	if (code.length === 0 || code.length > 35) return false;
	try {
		return Intl.getCanonicalLocales(code).length === 1;
	} catch {
		return false;
	}
}

/** An ajv error as a row error: a path people can follow, a code and its values as text. */
function fromSchemaError(error: ErrorObject): { path: string; code: RowErrorCode; params: Record<string, string> } {
	const path = pointerToPath(error.instancePath);
	const params = error.params as Record<string, unknown>;
	switch (error.keyword) {
		case 'required': {
			const property = String(params.missingProperty);
			return { path: joinPath(path, property), code: 'required', params: { property } };
		}
		case 'type':
			return { path, code: 'type', params: { type: String(params.type) } };
		case 'enum':
			return {
				path,
				code: 'enum',
				params: { allowed: (Array.isArray(params.allowedValues) ? params.allowedValues : []).map(String).join(', ') }
			};
		case 'format':
			return { path, code: 'format', params: { format: String(params.format) } };
		default:
			return { path, code: 'invalid', params: { keyword: error.keyword } };
	}
}

/** "/schedules/0/opens_at" → "schedules[0].opens_at". */
function pointerToPath(pointer: string): string {
	let path = '';
	for (const raw of pointer.split('/').slice(1)) {
		const segment = raw.replaceAll('~1', '/').replaceAll('~0', '~');
		path = /^\d+$/.test(segment) ? `${path}[${segment}]` : joinPath(path, segment);
	}
	return path;
}

function joinPath(path: string, property: string): string {
	return path ? `${path}.${property}` : property;
}

/** Characters as people count them (code points), as the rest of the app limits lengths. */
function characters(text: string): number {
	let count = 0;
	for (const _ of text) count += 1;
	return count;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The first problems (at most DIRECTORY_LIMITS.listedErrors), and how many more there were. */
export function listProblems(fileError: FileError | null, errors: RowError[]): DirectoryProblems {
	const listed = errors.slice(0, DIRECTORY_LIMITS.listedErrors);
	return { fileError, errors: listed, moreErrors: errors.length - listed.length };
}

export type ServicesResult = { ok: true; services: OrukService[] } | { ok: false; problems: DirectoryProblems };

/**
 * Checks parsed JSON holding one ORUK service, a list of them, or a page of ORUK's API against the
 * ORUK schema and our own rules. Problems are per service (row, from 1), as data, at most
 * DIRECTORY_LIMITS.listedErrors of them listed.
 */
export function validateServices(input: unknown): ServicesResult {
	const check = checkServices(input);
	if (check.fileError || check.errors.length > 0) return { ok: false, problems: listProblems(check.fileError, check.errors) };
	return { ok: true, services: check.rows as OrukService[] };
}

// ---------------------------------------------------------------------------------------------
// Reading what a valid record says

/** The terms a service gives under one of our taxonomies (kinds of support, or ways to ask). */
export function termsIn<T extends string>(service: OrukService, taxonomy: string, allowed: readonly T[]): T[] {
	const terms = new Set<T>();
	for (const attribute of service.attributes ?? []) {
		const term = attribute.taxonomy_term;
		if (term?.taxonomy === taxonomy && typeof term.term === 'string' && (allowed as readonly string[]).includes(term.term)) {
			terms.add(term.term as T);
		}
	}
	return allowed.filter((value) => terms.has(value));
}

/** The service's language codes, in lower case, each once. */
export function languageCodesIn(service: OrukService): string[] {
	const codes = new Set<string>();
	for (const language of service.languages ?? []) {
		if (typeof language.code === 'string' && isLanguageCode(language.code)) codes.add(language.code.toLowerCase());
	}
	return [...codes];
}

/** Lower-case words the search box looks in: name, description, organisation, areas and places. */
export function searchTextFor(service: OrukService): string {
	const parts: (string | undefined)[] = [service.name, service.description, service.organization?.name];
	for (const area of service.service_areas ?? []) parts.push(area.name);
	for (const link of service.service_at_locations ?? []) {
		parts.push(link.location?.name);
		for (const address of link.location?.addresses ?? []) parts.push(address.city);
	}
	return parts
		.filter((part): part is string => typeof part === 'string')
		.join(' ')
		.toLowerCase()
		.replace(/\s+/g, ' ')
		.trim();
}
