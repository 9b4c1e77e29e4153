import type { DB, Executor } from '../db';
import { newId, toTimestamp } from '../ids';
import { excerpt } from '$lib/text/excerpt';
import {
	ASK_ROUTES,
	ASK_TAXONOMY,
	KIND_TAXONOMY,
	LISTED_STATUSES,
	SERVICE_STATUSES,
	SUPPORT_KINDS,
	isSupportKind,
	type AskRoute,
	type ServiceStatus,
	type SupportKind
} from '$lib/directory/directory';
import type { DirectoryProblems, RowError } from '$lib/directory/import-problems';
import { DEFAULT_RATING_REPLY_DAYS } from '$lib/ratings/ratings';
import { DEFAULT_VIEW_REPLY_DAYS } from '$lib/views/views';
import {
	findDirectoryRow,
	listDirectoryRows,
	listKindsFor,
	listLanguageCodes,
	listLanguagesFor,
	listServiceKeys,
	replaceServiceKinds,
	replaceServiceLanguages,
	searchDirectoryRows,
	upsertDirectoryServices,
	type DirectoryRow,
	type DirectoryServiceWrite
} from './directory.repository';
import {
	checkServices,
	languageCodesIn,
	listProblems,
	parseDirectoryText,
	searchTextFor,
	termsIn,
	type OrukPage,
	type OrukPhone,
	type OrukService
} from './oruk';

// The services directory: importing and exporting Open Referral UK files, the public search and a
// service's entry. A service's ORUK record is kept whole (nothing a file carries is lost); the
// columns beside it (name, status, ages, search words, kinds, languages) are what queries use.

// ---------------------------------------------------------------------------------------------
// Import

export type DirectoryImportResult =
	| { ok: true; created: number; updated: number }
	| { ok: false; problems: DirectoryProblems };

/**
 * Imports a directory file (ORUK JSON: one service, a list, or an API page). Every service is
 * checked first, against the schema, our rules and the directory as it is (a name another service
 * already has); if anything is wrong nothing is written and every problem is returned. Otherwise,
 * in one transaction, each service is added or updated by its ORUK id. Services not in the file
 * are left as they are: an import merges.
 */
export async function importDirectory(db: DB, text: string, now = new Date()): Promise<DirectoryImportResult> {
	const parsed = parseDirectoryText(text);
	if (!parsed.ok) return { ok: false, problems: listProblems(parsed.fileError, []) };
	const check = checkServices(parsed.input);
	if (check.fileError) return { ok: false, problems: listProblems(check.fileError, []) };

	return db.transaction().execute(async (trx) => {
		const existing = await listServiceKeys(trx);
		// A name used twice in the file is already reported; "taken" would say it again.
		const repeated = new Set(check.errors.filter((e) => e.code === 'duplicate_name').map((e) => e.row));
		const taken = namesTaken(check.rows, existing).filter((e) => !repeated.has(e.row));
		const errors = [...check.errors, ...taken].sort((a, b) => a.row - b.row);
		if (errors.length > 0) return { ok: false, problems: listProblems(null, errors) };

		const services = check.rows as OrukService[];
		const byDirectoryId = new Map(existing.map((s) => [s.directory_id, s.id]));
		const createdAt = toTimestamp(now);
		let created = 0;
		const writes: DirectoryServiceWrite[] = services.map((service) => {
			let id = byDirectoryId.get(service.id);
			if (!id) {
				id = newId();
				created += 1;
			}
			return {
				id,
				directory_id: service.id,
				name: service.name,
				description: service.description ?? null,
				status: service.status,
				minimum_age: service.minimum_age ?? null,
				maximum_age: service.maximum_age ?? null,
				directory: JSON.stringify(service),
				search_text: searchTextFor(service),
				created_at: createdAt,
				view_reply_days: DEFAULT_VIEW_REPLY_DAYS,
				rating_reply_days: DEFAULT_RATING_REPLY_DAYS
			};
		});
		await upsertDirectoryServices(trx, writes);
		const ids = writes.map((w) => w.id);
		await replaceServiceKinds(
			trx,
			ids,
			services.flatMap((service, i) =>
				termsIn(service, KIND_TAXONOMY, SUPPORT_KINDS).map((kind) => ({ service_id: ids[i] as string, kind }))
			)
		);
		await replaceServiceLanguages(
			trx,
			ids,
			services.flatMap((service, i) => languageCodesIn(service).map((code) => ({ service_id: ids[i] as string, code })))
		);
		return { ok: true, created, updated: services.length - created };
	});
}

/** Row errors for names that a different service (another directory id) already has. */
function namesTaken(rows: unknown[], existing: { name: string; directory_id: string }[]): RowError[] {
	const holder = new Map(existing.map((s) => [s.name, s.directory_id]));
	const errors: RowError[] = [];
	rows.forEach((row, index) => {
		if (typeof row !== 'object' || row === null) return;
		const { id, name } = row as { id?: unknown; name?: unknown };
		if (typeof name !== 'string') return;
		const owner = holder.get(name);
		if (owner !== undefined && owner !== id) {
			errors.push({ row: index + 1, serviceName: name, path: 'name', code: 'name_taken', params: {} });
		}
	});
	return errors;
}

// ---------------------------------------------------------------------------------------------
// Export

/**
 * Every service, by name, as one page of ORUK's API. A service's record is the one last imported,
 * with its id, name, status, description and ages as the directory has them now; a service never
 * described by a file gets the smallest record ORUK allows.
 */
export async function exportDirectory(db: Executor): Promise<OrukPage> {
	const contents = (await listDirectoryRows(db)).map(toOrukRecord);
	return {
		total_items: contents.length,
		total_pages: 1,
		page_number: 1,
		size: contents.length,
		first_page: true,
		last_page: true,
		empty: contents.length === 0,
		contents
	};
}

/** The file the admin downloads: 2-space JSON ending in a newline. */
export function formatDirectoryFile(page: OrukPage): string {
	return `${JSON.stringify(page, null, 2)}\n`;
}

function toOrukRecord(row: DirectoryRow): OrukService {
	if (!row.directory) {
		return {
			id: row.directory_id,
			name: row.name,
			...(row.description !== null ? { description: row.description } : {}),
			status: row.status as OrukService['status'],
			...(row.minimum_age !== null ? { minimum_age: row.minimum_age } : {}),
			...(row.maximum_age !== null ? { maximum_age: row.maximum_age } : {})
		};
	}
	const record = JSON.parse(row.directory) as OrukService;
	// Assigning a key the record already has keeps its place, so a file exported, imported and
	// exported again is the same byte for byte.
	record.id = row.directory_id;
	record.name = row.name;
	record.status = row.status as OrukService['status'];
	setOrDelete(record, 'description', row.description);
	setOrDelete(record, 'minimum_age', row.minimum_age);
	setOrDelete(record, 'maximum_age', row.maximum_age);
	return record;
}

function setOrDelete(record: OrukService, key: 'description' | 'minimum_age' | 'maximum_age', value: string | number | null) {
	if (value === null) delete record[key];
	else record[key] = value as never;
}

// ---------------------------------------------------------------------------------------------
// Search

export type ListedStatus = (typeof LISTED_STATUSES)[number];

export interface DirectorySearch {
	/** The words typed, as typed. */
	q?: string;
	kind?: SupportKind | null;
	age?: number | null;
	/** A language code. */
	lang?: string | null;
}

export interface DirectorySummary {
	id: string;
	name: string;
	organisationName: string | null;
	/** The start of the description, for a list. */
	description: string | null;
	kinds: SupportKind[];
	minimumAge: number | null;
	maximumAge: number | null;
	/** Lower-case language codes. */
	languages: string[];
	status: ListedStatus;
}

/** Most words the search box takes; any more are ignored. */
const MAX_SEARCH_WORDS = 10;
const SUMMARY_LENGTH = 240;

/** Lower-case words of a search, each once. */
export function searchWords(q: string | undefined): string[] {
	const words = (q ?? '').toLowerCase().split(/\s+/).filter(Boolean);
	return [...new Set(words)].slice(0, MAX_SEARCH_WORDS);
}

/**
 * Services open to families (active, or temporarily closed, which the page says) that match every
 * word and filter, by name.
 */
export async function searchDirectory(db: Executor, search: DirectorySearch): Promise<DirectorySummary[]> {
	const rows = await searchDirectoryRows(db, {
		words: searchWords(search.q),
		kind: search.kind ?? null,
		age: search.age ?? null,
		lang: search.lang ? search.lang.toLowerCase() : null,
		statuses: LISTED_STATUSES
	});
	const ids = rows.map((r) => r.id);
	const [kinds, languages] = await Promise.all([listKindsFor(db, ids), listLanguagesFor(db, ids)]);
	const kindsOf = groupBy(kinds, (k) => k.service_id, (k) => k.kind);
	const languagesOf = groupBy(languages, (l) => l.service_id, (l) => l.code);
	return rows.map((row) => {
		const own = new Set(kindsOf.get(row.id) ?? []);
		return {
			id: row.id,
			name: row.name,
			organisationName: text(readRecord(row)?.organization?.name),
			description: row.description ? excerpt(row.description.trim(), SUMMARY_LENGTH) : null,
			kinds: SUPPORT_KINDS.filter((kind) => own.has(kind)),
			minimumAge: row.minimum_age,
			maximumAge: row.maximum_age,
			languages: [...(languagesOf.get(row.id) ?? [])].sort(),
			status: row.status as ListedStatus
		};
	});
}

function groupBy<T>(items: readonly T[], key: (item: T) => string, value: (item: T) => string): Map<string, string[]> {
	const groups = new Map<string, string[]>();
	for (const item of items) {
		const k = key(item);
		const list = groups.get(k);
		if (list) list.push(value(item));
		else groups.set(k, [value(item)]);
	}
	return groups;
}

/** The languages the listed services speak (codes), for the search's language choice. */
export async function listDirectoryLanguages(db: Executor): Promise<string[]> {
	return listLanguageCodes(db, LISTED_STATUSES);
}

// ---------------------------------------------------------------------------------------------
// A service's entry

export interface DirectoryPhone {
	number: string;
	description: string | null;
}

export interface DirectoryLocation {
	name: string | null;
	description: string | null;
	/** Street, town and county, one per line (no postcode). */
	addressLines: string[];
	postcode: string | null;
	/** What the place offers for access (step-free, hearing loop…). */
	accessibility: string[];
}

export interface DirectorySchedule {
	description: string | null;
	/** ISO weekdays (1 = Monday … 7 = Sunday) when the times are weekly; [] when not given. */
	days: number[];
	/** 'HH:MM'. */
	opensAt: string | null;
	closesAt: string | null;
	notes: string | null;
}

export interface DirectoryLanguage {
	code: string | null;
	name: string | null;
}

export interface DirectoryCostOption {
	option: string | null;
	/** In pounds. */
	amount: number | null;
	amountDescription: string | null;
}

export interface DirectoryContact {
	name: string | null;
	title: string | null;
	phones: DirectoryPhone[];
	email: string | null;
}

export interface DirectoryEntry {
	id: string;
	name: string;
	status: ServiceStatus;
	description: string | null;
	organisation: { name: string; website: string | null } | null;
	kinds: SupportKind[];
	askRoutes: AskRoute[];
	minimumAge: number | null;
	maximumAge: number | null;
	areas: string[];
	locations: DirectoryLocation[];
	schedules: DirectorySchedule[];
	languages: DirectoryLanguage[];
	cost: { free: boolean; fees: string | null; options: DirectoryCostOption[] };
	contacts: DirectoryContact[];
	url: string | null;
	email: string | null;
	phones: DirectoryPhone[];
	alert: string | null;
	/** ISO timestamp, when the record says. */
	lastModified: string | null;
}

/** What the directory says about one service, for its page; null when there is no such service. */
export async function getDirectoryEntry(db: Executor, serviceId: string): Promise<DirectoryEntry | null> {
	const row = await findDirectoryRow(db, serviceId);
	if (!row) return null;
	const record = readRecord(row) ?? ({} as Partial<OrukService>);
	const status = (SERVICE_STATUSES as readonly string[]).includes(row.status) ? (row.status as ServiceStatus) : 'active';
	return {
		id: row.id,
		name: row.name,
		status,
		description: row.description,
		organisation: record.organization?.name
			? { name: record.organization.name, website: webAddress(record.organization.website) }
			: null,
		kinds: termsInRecord(record, KIND_TAXONOMY, SUPPORT_KINDS).filter(isSupportKind),
		askRoutes: termsInRecord(record, ASK_TAXONOMY, ASK_ROUTES),
		minimumAge: row.minimum_age,
		maximumAge: row.maximum_age,
		areas: (record.service_areas ?? []).flatMap((area) => texts(area.name ?? area.service_area)),
		locations: (record.service_at_locations ?? []).flatMap((link) => (link.location ? [toLocation(link.location)] : [])),
		schedules: (record.schedules ?? []).map((s) => ({
			description: text(s.description),
			days: weekdays(s.byday),
			opensAt: clockTime(s.opens_at),
			closesAt: clockTime(s.closes_at),
			notes: text(s.notes)
		})),
		languages: (record.languages ?? [])
			.map((l) => ({ code: text(l.code)?.toLowerCase() ?? null, name: text(l.name) }))
			.filter((l) => l.code !== null || l.name !== null),
		cost: toCost(record),
		contacts: (record.contacts ?? []).map((c) => ({
			name: text(c.name),
			title: text(c.title),
			phones: toPhones(c.phones),
			email: emailAddress(c.email)
		})),
		url: webAddress(record.url),
		email: emailAddress(record.email),
		phones: toPhones(record.phones),
		alert: text(record.alert),
		lastModified: text(record.last_modified)
	};
}

/** The stored ORUK record, or null for a service no file has described. */
function readRecord(row: DirectoryRow): OrukService | null {
	return row.directory ? (JSON.parse(row.directory) as OrukService) : null;
}

function termsInRecord<T extends string>(record: Partial<OrukService>, taxonomy: string, allowed: readonly T[]): T[] {
	// termsIn reads only the attributes, which a record no file described does not have.
	return termsIn(record as OrukService, taxonomy, allowed);
}

function text(value: unknown): string | null {
	return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/**
 * A web address the page may link to: http or https only. ORUK's "uri" format would also let
 * through `javascript:` and other schemes a link must never carry.
 */
function webAddress(value: unknown): string | null {
	const address = text(value);
	if (!address) return null;
	try {
		const url = new URL(address);
		return url.protocol === 'https:' || url.protocol === 'http:' ? address : null;
	} catch {
		return null;
	}
}

/** An email address the page may put after `mailto:` (nothing that adds a subject or a body). */
function emailAddress(value: unknown): string | null {
	const address = text(value);
	return address && /^[^\s@?&/#%]+@[^\s@?&/#%]+$/.test(address) ? address : null;
}

function texts(value: unknown): string[] {
	const found = text(value);
	return found === null ? [] : [found];
}

function toPhones(phones: OrukPhone[] | undefined): DirectoryPhone[] {
	return (phones ?? []).flatMap((p) => {
		const number = text(p.number);
		return number ? [{ number, description: text(p.description) }] : [];
	});
}

function toLocation(location: NonNullable<NonNullable<OrukService['service_at_locations']>[number]['location']>): DirectoryLocation {
	const address = (location.addresses ?? []).find((a) => a.address_type === 'physical') ?? location.addresses?.[0];
	const lines: string[] = [];
	if (address) {
		for (const part of [address.address_1, address.city, address.region, address.state_province]) {
			const line = text(part);
			if (line && !lines.includes(line)) lines.push(line);
		}
	}
	const accessibility: string[] = [];
	for (const a of location.accessibility ?? []) {
		for (const part of [a.description ?? a.accessibility, a.details]) {
			const line = text(part);
			if (line && !accessibility.includes(line)) accessibility.push(line);
		}
	}
	return {
		name: text(location.name),
		description: text(location.description),
		addressLines: lines,
		postcode: text(address?.postal_code),
		accessibility
	};
}

const WEEKDAY_CODES = ['MO', 'TU', 'WE', 'TH', 'FR', 'SA', 'SU'];

/** "MO,WE,FR" → [1, 3, 5]. Days with a position ("1MO", the first Monday) are left to the description. */
function weekdays(byday: string | undefined): number[] {
	if (typeof byday !== 'string' || byday.trim() === '') return [];
	const days = new Set<number>();
	for (const code of byday.split(',').map((c) => c.trim().toUpperCase())) {
		const index = WEEKDAY_CODES.indexOf(code);
		if (index < 0) return [];
		days.add(index + 1);
	}
	return [...days].sort((a, b) => a - b);
}

/** "09:30:00" or "9:30" → "09:30"; anything else → null. */
function clockTime(value: string | undefined): string | null {
	const match = typeof value === 'string' ? /^(\d{1,2}):(\d{2})/.exec(value.trim()) : null;
	if (!match) return null;
	const hours = Number(match[1]);
	const minutes = Number(match[2]);
	if (hours > 24 || minutes > 59) return null;
	return `${String(hours).padStart(2, '0')}:${match[2]}`;
}

/**
 * The cost as the record gives it. Free when nothing listed costs money and either the fees say
 * "free" or an option costs £0.
 */
function toCost(record: Partial<OrukService>): DirectoryEntry['cost'] {
	const fees = text(record.fees);
	const options = (record.cost_options ?? []).map((o) => ({
		option: text(o.option),
		amount: typeof o.amount === 'number' ? o.amount : null,
		amountDescription: text(o.amount_description)
	}));
	const paid = options.some((o) => o.amount !== null && o.amount > 0);
	const saysFree = (fees !== null && /\bfree\b/i.test(fees)) || options.some((o) => o.amount === 0);
	return { free: !paid && saysFree, fees, options };
}
