import { sql } from 'kysely';
import type { Executor } from '../db';
import type { NewService, ServiceRow } from '../db/schema';

// The services directory's queries: services with their Open Referral UK records, and the kinds
// and languages the search filters by. Lists are fetched in one query each, never one per service.

/** What the directory reads of a service row. */
export type DirectoryRow = Pick<
	ServiceRow,
	'id' | 'directory_id' | 'name' | 'description' | 'status' | 'minimum_age' | 'maximum_age' | 'directory'
>;

const DIRECTORY_COLUMNS = [
	'service.id',
	'service.directory_id',
	'service.name',
	'service.description',
	'service.status',
	'service.minimum_age',
	'service.maximum_age',
	'service.directory'
] as const;

/** Rows per statement when writing many: well inside both databases' limits on bound values. */
const CHUNK = 200;

function chunks<T>(items: readonly T[], size = CHUNK): T[][] {
	const out: T[][] = [];
	for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
	return out;
}

/** Every service's id, name and directory id, to match a file's services with ours. */
export async function listServiceKeys(db: Executor): Promise<Pick<ServiceRow, 'id' | 'name' | 'directory_id'>[]> {
	return db.selectFrom('service').select(['id', 'name', 'directory_id']).execute();
}

export type DirectoryServiceWrite = Pick<
	NewService,
	| 'id'
	| 'directory_id'
	| 'name'
	| 'description'
	| 'status'
	| 'minimum_age'
	| 'maximum_age'
	| 'directory'
	| 'search_text'
	| 'created_at'
	| 'view_reply_days'
	| 'rating_reply_days'
>;

/**
 * Inserts services, or updates the one with the same directory id. An update changes only what
 * the directory describes: the service's own id, creation time and reply times stay.
 */
export async function upsertDirectoryServices(db: Executor, services: readonly DirectoryServiceWrite[]): Promise<void> {
	for (const chunk of chunks(services)) {
		await db
			.insertInto('service')
			.values(chunk)
			.onConflict((oc) =>
				oc.column('directory_id').doUpdateSet((eb) => ({
					name: eb.ref('excluded.name'),
					description: eb.ref('excluded.description'),
					status: eb.ref('excluded.status'),
					minimum_age: eb.ref('excluded.minimum_age'),
					maximum_age: eb.ref('excluded.maximum_age'),
					directory: eb.ref('excluded.directory'),
					search_text: eb.ref('excluded.search_text')
				}))
			)
			.execute();
	}
}

/** Replaces the kinds of support of the given services with `kinds`. */
export async function replaceServiceKinds(
	db: Executor,
	serviceIds: readonly string[],
	kinds: readonly { service_id: string; kind: string }[]
): Promise<void> {
	for (const ids of chunks(serviceIds)) await db.deleteFrom('service_kind').where('service_id', 'in', ids).execute();
	for (const rows of chunks(kinds)) await db.insertInto('service_kind').values(rows).execute();
}

/** Replaces the languages of the given services with `languages`. */
export async function replaceServiceLanguages(
	db: Executor,
	serviceIds: readonly string[],
	languages: readonly { service_id: string; code: string }[]
): Promise<void> {
	for (const ids of chunks(serviceIds)) await db.deleteFrom('service_language').where('service_id', 'in', ids).execute();
	for (const rows of chunks(languages)) await db.insertInto('service_language').values(rows).execute();
}

/** Every service, by name, as the directory exports it. */
export async function listDirectoryRows(db: Executor): Promise<DirectoryRow[]> {
	return db.selectFrom('service').select(DIRECTORY_COLUMNS).orderBy('service.name').orderBy('service.id').execute();
}

export async function findDirectoryRow(db: Executor, serviceId: string): Promise<DirectoryRow | undefined> {
	return db.selectFrom('service').select(DIRECTORY_COLUMNS).where('service.id', '=', serviceId).executeTakeFirst();
}

export interface DirectoryFilters {
	/** Lower-case words that must each appear in the service's search text. */
	words: readonly string[];
	kind: string | null;
	age: number | null;
	/** A lower-case language code. */
	lang: string | null;
	statuses: readonly string[];
}

/** `%word%` with LIKE's own wildcards (and the escape character) taken literally. */
function containsPattern(word: string): string {
	return `%${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** The services that match every filter, by name. */
export async function searchDirectoryRows(db: Executor, filters: DirectoryFilters): Promise<DirectoryRow[]> {
	let query = db.selectFrom('service').select(DIRECTORY_COLUMNS).where('service.status', 'in', filters.statuses);
	for (const word of filters.words) {
		// search_text is lower case and so are the words, so LIKE means the same on both databases.
		query = query.where(sql<boolean>`${sql.ref('service.search_text')} like ${containsPattern(word)} escape '\\'`);
	}
	const { kind, age, lang } = filters;
	if (kind !== null) {
		query = query.where((eb) =>
			eb.exists(
				eb
					.selectFrom('service_kind')
					.select('service_kind.service_id')
					.whereRef('service_kind.service_id', '=', 'service.id')
					.where('service_kind.kind', '=', kind)
			)
		);
	}
	if (lang !== null) {
		query = query.where((eb) =>
			eb.exists(
				eb
					.selectFrom('service_language')
					.select('service_language.service_id')
					.whereRef('service_language.service_id', '=', 'service.id')
					.where('service_language.code', '=', lang)
			)
		);
	}
	if (age !== null) {
		// A service that gives no youngest (or oldest) age is open at that end.
		query = query.where((eb) =>
			eb.and([
				eb.or([eb('service.minimum_age', 'is', null), eb('service.minimum_age', '<=', age)]),
				eb.or([eb('service.maximum_age', 'is', null), eb('service.maximum_age', '>=', age)])
			])
		);
	}
	return query.orderBy('service.name').orderBy('service.id').execute();
}

export async function listKindsFor(db: Executor, serviceIds: readonly string[]): Promise<{ service_id: string; kind: string }[]> {
	if (serviceIds.length === 0) return [];
	const rows: { service_id: string; kind: string }[] = [];
	for (const ids of chunks(serviceIds, 1000)) {
		rows.push(...(await db.selectFrom('service_kind').select(['service_id', 'kind']).where('service_id', 'in', ids).execute()));
	}
	return rows;
}

export async function listLanguagesFor(
	db: Executor,
	serviceIds: readonly string[]
): Promise<{ service_id: string; code: string }[]> {
	if (serviceIds.length === 0) return [];
	const rows: { service_id: string; code: string }[] = [];
	for (const ids of chunks(serviceIds, 1000)) {
		rows.push(
			...(await db.selectFrom('service_language').select(['service_id', 'code']).where('service_id', 'in', ids).execute())
		);
	}
	return rows;
}

/** The language codes of the services with one of `statuses`, each once, in order. */
export async function listLanguageCodes(db: Executor, statuses: readonly string[]): Promise<string[]> {
	const rows = await db
		.selectFrom('service_language')
		.innerJoin('service', 'service.id', 'service_language.service_id')
		.where('service.status', 'in', statuses)
		.select('service_language.code')
		.distinct()
		.orderBy('service_language.code')
		.execute();
	return rows.map((r) => r.code);
}
