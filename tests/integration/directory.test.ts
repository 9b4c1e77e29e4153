import { existsSync, readFileSync } from 'node:fs';
import { isActionFailure, isHttpError, isRedirect } from '@sveltejs/kit';
import { expect, it } from 'vitest';
import { ASK_TAXONOMY, DIRECTORY_LIMITS, KIND_TAXONOMY, type SupportKind } from '$lib/directory/directory';
import type { DirectoryProblems, RowError } from '$lib/directory/import-problems';
import type { DB } from '$lib/server/db';
import type { Database } from '$lib/server/db/schema';
import { DEMO_DIRECTORY_TEXT, loadDemoDirectory } from '$lib/server/demo/seed-directory';
import {
	exportDirectory,
	formatDirectoryFile,
	getDirectoryEntry,
	importDirectory,
	listDirectoryLanguages,
	searchDirectory,
	type DirectoryImportResult
} from '$lib/server/directory/directory.service';
import { validateServices, type OrukService } from '$lib/server/directory/oruk';
import { createService } from '$lib/server/services/services.service';
import { describeEachDatabase } from './support/databases';
import { addService, addUser, countRows, localsFor, uniqueName } from './support/fixtures';
import { actions as adminDirectoryActions, load as adminDirectoryLoad } from '../../src/routes/admin/directory/+page.server';
import { GET as exportDirectoryFile } from '../../src/routes/admin/directory/export/+server';

// The services directory: Open Referral UK files in and out (nothing half-imported, every export
// valid, a round trip changing nothing), the public search's filters, a service's entry, and the
// demo's directory file.

const NOW = new Date('2026-11-23T10:00:00.000Z');

/** The ORUK profile's example: the team's reference copy when it is there, else the pinned copy. */
const EXAMPLE_PATH = existsSync('../shared/oruk/example_service_full.json')
	? '../shared/oruk/example_service_full.json'
	: 'tests/fixtures/oruk/example_service_full.json';
const EXAMPLE_TEXT = readFileSync(EXAMPLE_PATH, 'utf8');
const EXAMPLE = JSON.parse(EXAMPLE_TEXT) as OrukService;

const uuid = () => crypto.randomUUID();

function attribute(taxonomy: string, term: string) {
	return { id: uuid(), taxonomy_term: { id: uuid(), name: term, description: term, taxonomy, term } };
}

interface ServiceOptions {
	name?: string;
	description?: string;
	status?: string;
	kinds?: SupportKind[];
	ask?: ('self' | 'worker')[];
	languages?: string[];
	minimumAge?: number;
	maximumAge?: number;
	organisation?: string;
	extra?: Record<string, unknown>;
}

function orukService(options: ServiceOptions = {}): OrukService {
	return {
		id: uuid(),
		name: options.name ?? uniqueName('Directory service'),
		...(options.description !== undefined ? { description: options.description } : {}),
		status: (options.status ?? 'active') as OrukService['status'],
		...(options.minimumAge !== undefined ? { minimum_age: options.minimumAge } : {}),
		...(options.maximumAge !== undefined ? { maximum_age: options.maximumAge } : {}),
		...(options.organisation
			? { organization: { id: uuid(), name: options.organisation, description: 'An organisation' } }
			: {}),
		languages: (options.languages ?? []).map((code) => ({ id: uuid(), code })),
		attributes: [
			...(options.kinds ?? []).map((kind) => attribute(KIND_TAXONOMY, kind)),
			...(options.ask ?? []).map((route) => attribute(ASK_TAXONOMY, route))
		],
		...options.extra
	};
}

const fileOf = (...services: unknown[]) => JSON.stringify({ total_items: services.length, contents: services });

function expectImported(result: DirectoryImportResult): { created: number; updated: number } {
	if (!result.ok) throw new Error(`Expected the import to succeed: ${JSON.stringify(result.problems)}`);
	return { created: result.created, updated: result.updated };
}

function expectRefused(result: DirectoryImportResult): DirectoryProblems {
	if (result.ok) throw new Error('Expected the import to be refused');
	return result.problems;
}

const brief = (errors: RowError[]) => errors.map((e) => [e.row, e.path, e.code]);

const TABLES: (keyof Database)[] = ['service', 'service_kind', 'service_language'];

/** Everything an import could change, to show that a refused one changed nothing. */
async function snapshot(db: DB) {
	return {
		counts: await Promise.all(TABLES.map((table) => countRows(db, table))),
		services: await db.selectFrom('service').selectAll().orderBy('id').execute(),
		kinds: await db.selectFrom('service_kind').selectAll().orderBy('service_id').orderBy('kind').execute(),
		languages: await db.selectFrom('service_language').selectAll().orderBy('service_id').orderBy('code').execute()
	};
}

describeEachDatabase('directory import and export', (database) => {
	const db = () => database.db;

	it('imports the ORUK profile’s own example, and updates it when imported again', async () => {
		expect(expectImported(await importDirectory(db(), EXAMPLE_TEXT, NOW))).toEqual({ created: 1, updated: 0 });
		const row = await db().selectFrom('service').selectAll().where('directory_id', '=', EXAMPLE.id).executeTakeFirstOrThrow();
		expect(row).toMatchObject({
			name: 'Community Counselling',
			description: EXAMPLE.description,
			status: 'active',
			minimum_age: 12,
			maximum_age: 100,
			created_at: NOW.toISOString(),
			directory: JSON.stringify(EXAMPLE)
		});
		expect(Number(row.view_reply_days)).toBe(5);
		expect(row.search_text).toContain('community counselling');
		expect(row.search_text).toContain('example organization inc.');
		expect(row.search_text).toContain('mycity civic center');

		const later = new Date(NOW.getTime() + 60_000);
		expect(expectImported(await importDirectory(db(), EXAMPLE_TEXT, later))).toEqual({ created: 0, updated: 1 });
		const again = await db().selectFrom('service').selectAll().where('directory_id', '=', EXAMPLE.id).executeTakeFirstOrThrow();
		expect(again.id).toBe(row.id);
		expect(again.created_at).toBe(row.created_at);
	});

	it('stores kinds and languages for the filters, and replaces them on the next import', async () => {
		const service = orukService({ kinds: ['advice', 'group'], languages: ['PL', 'ur', 'pl'] });
		expectImported(await importDirectory(db(), fileOf(service), NOW));
		const id = (await db().selectFrom('service').select('id').where('directory_id', '=', service.id).executeTakeFirstOrThrow()).id;
		const kinds = async () =>
			(await db().selectFrom('service_kind').select('kind').where('service_id', '=', id).orderBy('kind').execute()).map((r) => r.kind);
		const languages = async () =>
			(await db().selectFrom('service_language').select('code').where('service_id', '=', id).orderBy('code').execute()).map(
				(r) => r.code
			);
		expect(await kinds()).toEqual(['advice', 'group']);
		expect(await languages()).toEqual(['pl', 'ur']);

		const changed = { ...service, ...orukService({ kinds: ['outreach'], languages: ['so'] }), id: service.id, name: service.name };
		expect(expectImported(await importDirectory(db(), fileOf(changed), NOW))).toEqual({ created: 0, updated: 1 });
		expect(await kinds()).toEqual(['outreach']);
		expect(await languages()).toEqual(['so']);
	});

	it('leaves services that are not in the file alone (an import merges)', async () => {
		const kept = await addService(db());
		const before = await db().selectFrom('service').selectAll().where('id', '=', kept.id).executeTakeFirstOrThrow();
		expectImported(await importDirectory(db(), fileOf(orukService()), NOW));
		expect(await db().selectFrom('service').selectAll().where('id', '=', kept.id).executeTakeFirstOrThrow()).toEqual(before);
	});

	it('exports every service as a page of ORUK’s API, each one valid against the ORUK schema', async () => {
		const plain = await createService(db(), { name: uniqueName('Never described'), description: 'Made in the admin page' });
		const bare = await createService(db(), { name: uniqueName('No description'), description: null });
		expectImported(
			await importDirectory(
				db(),
				fileOf(orukService({ kinds: ['advice'], ask: ['self'], languages: ['ar'], minimumAge: 3, maximumAge: 9, organisation: 'Org' })),
				NOW
			)
		);
		const page = await exportDirectory(db());
		const total = await countRows(db(), 'service');
		expect(page).toMatchObject({
			total_items: total,
			total_pages: 1,
			page_number: 1,
			size: total,
			first_page: true,
			last_page: true,
			empty: false
		});
		expect(page.contents).toHaveLength(total);
		expect(validateServices(page)).toEqual({ ok: true, services: page.contents });
		for (const service of page.contents) expect(validateServices(service).ok).toBe(true);
		expect(page.contents.map((s) => s.name)).toEqual(
			(await db().selectFrom('service').select('name').orderBy('name').orderBy('id').execute()).map((r) => r.name)
		);

		const ids = await db()
			.selectFrom('service')
			.select(['id', 'directory_id'])
			.where('id', 'in', [plain.id, bare.id])
			.execute();
		const directoryId = (id: string) => ids.find((r) => r.id === id)?.directory_id;
		expect(page.contents.find((s) => s.name === plain.name)).toEqual({
			id: directoryId(plain.id),
			name: plain.name,
			description: 'Made in the admin page',
			status: 'active'
		});
		expect(Object.keys(page.contents.find((s) => s.name === bare.name) ?? {})).toEqual(['id', 'name', 'status']);
	});

	it('exports the example as it was imported', async () => {
		const page = await exportDirectory(db());
		expect(JSON.stringify(page.contents.find((s) => s.id === EXAMPLE.id))).toBe(JSON.stringify(EXAMPLE));
	});

	it('gives back the same file, byte for byte, after export → import → export', async () => {
		const first = formatDirectoryFile(await exportDirectory(db()));
		expect(first.endsWith('}\n')).toBe(true);
		const total = await countRows(db(), 'service');
		expect(expectImported(await importDirectory(db(), first, NOW))).toEqual({ created: 0, updated: total });
		const second = formatDirectoryFile(await exportDirectory(db()));
		expect(second).toBe(first);
	});

	// -------------------------------------------------------------------------------------------
	// Files that must import nothing

	async function expectNothingImported(text: string): Promise<DirectoryProblems> {
		const before = await snapshot(db());
		const problems = expectRefused(await importDirectory(db(), text, NOW));
		expect(await snapshot(db())).toEqual(before);
		return problems;
	}

	it('imports nothing from a file with wrong types, listing each problem by row', async () => {
		const good = orukService();
		const bad = { ...orukService({ name: 'Wrong types' }), minimum_age: 'twelve', schedules: [{ id: uuid(), opens_at: 9 }] };
		const problems = await expectNothingImported(fileOf(good, bad));
		expect(problems.fileError).toBeNull();
		expect(problems.errors).toEqual([
			{ row: 2, serviceName: 'Wrong types', path: 'minimum_age', code: 'type', params: { type: 'number' } },
			{ row: 2, serviceName: 'Wrong types', path: 'schedules[0].opens_at', code: 'type', params: { type: 'string' } }
		]);
		expect(await db().selectFrom('service').select('id').where('directory_id', '=', good.id).execute()).toEqual([]);
	});

	it('imports nothing from a file with missing required fields', async () => {
		const { name: _name, status: _status, ...nameless } = orukService();
		const problems = await expectNothingImported(
			JSON.stringify([orukService(), orukService(), nameless, { ...orukService(), organization: { id: uuid() } }])
		);
		expect(brief(problems.errors)).toEqual([
			[3, 'name', 'required'],
			[3, 'status', 'required'],
			[4, 'organization.name', 'required'],
			[4, 'organization.description', 'required']
		]);
		expect(problems.errors[0]?.serviceName).toBeNull();
	});

	it('imports nothing from 5 MB of junk, or from more than 5 MB', async () => {
		const junk = 'x'.repeat(DIRECTORY_LIMITS.fileBytes);
		expect((await expectNothingImported(junk)).fileError?.code).toBe('not_json');
		const tooBig = `[${' '.repeat(DIRECTORY_LIMITS.fileBytes)}]`;
		expect((await expectNothingImported(tooBig)).fileError).toEqual({ code: 'too_big', params: { megabytes: '5' } });
	});

	it('imports nothing from a file that repeats an id, or whose ids are not UUIDs', async () => {
		const first = orukService();
		const duplicate = await expectNothingImported(fileOf(first, orukService(), { ...orukService(), id: first.id }));
		expect(duplicate.errors).toMatchObject([{ row: 3, path: 'id', code: 'duplicate_id', params: { id: first.id, row: '1' } }]);

		const badId = await expectNothingImported(fileOf(orukService(), { ...orukService(), id: 'service-2' }));
		expect(badId.errors).toMatchObject([{ row: 2, path: 'id', code: 'format', params: { format: 'uuid' } }]);
	});

	it('imports nothing from a JSON list of numbers, or from JSON that holds no services', async () => {
		const numbers = await expectNothingImported('[1, 2, 3]');
		expect(brief(numbers.errors)).toEqual([
			[1, '', 'type'],
			[2, '', 'type'],
			[3, '', 'type']
		]);
		expect((await expectNothingImported('42')).fileError?.code).toBe('not_services');
		expect((await expectNothingImported('{"hello": "world"}')).fileError?.code).toBe('not_services');
		expect((await expectNothingImported('{"a": 1,}')).fileError?.code).toBe('not_json');
		expect((await expectNothingImported('{"contents": []}')).fileError?.code).toBe('empty');
	});

	it('imports nothing when a name belongs to another service, and says which row', async () => {
		const [existing, other] = [await addService(db()), await addService(db())];
		const described = orukService();
		expectImported(await importDirectory(db(), fileOf(described), NOW));
		const problems = await expectNothingImported(
			fileOf(orukService(), orukService({ name: existing.name }), { ...described, name: other.name })
		);
		expect(brief(problems.errors)).toEqual([
			[2, 'name', 'name_taken'],
			[3, 'name', 'name_taken']
		]);
		// A name used twice in the file is said once, not again as "taken".
		const twice = await expectNothingImported(fileOf(orukService({ name: existing.name }), orukService({ name: existing.name })));
		expect(brief(twice.errors)).toEqual([
			[1, 'name', 'name_taken'],
			[2, 'name', 'duplicate_name']
		]);
		// A service keeping its own name is not "taken".
		expect(expectImported(await importDirectory(db(), fileOf(described), NOW))).toEqual({ created: 0, updated: 1 });
	});

	it('lists schema problems and taken names together, in row order, capped with a count of the rest', async () => {
		const existing = await addService(db());
		const rows = [
			orukService({ name: existing.name }),
			...Array.from({ length: DIRECTORY_LIMITS.listedErrors + 5 }, () => ({ ...orukService(), status: 'open' }))
		];
		const problems = await expectNothingImported(JSON.stringify(rows));
		expect(problems.errors).toHaveLength(DIRECTORY_LIMITS.listedErrors);
		expect(problems.errors[0]).toMatchObject({ row: 1, code: 'name_taken' });
		expect(problems.errors[1]).toMatchObject({ row: 2, path: 'status', code: 'enum' });
		expect(problems.moreErrors).toBe(6);
	});
});

describeEachDatabase('directory search', (database) => {
	const db = () => database.db;
	const names = async (search: Parameters<typeof searchDirectory>[1]) =>
		(await searchDirectory(db(), search)).map((s) => s.name);

	it('finds services by every word, kind, age and language, open ones only, by name', async () => {
		const services = [
			orukService({
				name: 'Alpha Debt Help',
				description: 'Help with MONEY worries and debt. 100% free_of charge.',
				organisation: 'Alpha Advice Centre',
				kinds: ['advice', 'one_to_one'],
				languages: ['ur', 'en'],
				minimumAge: 18
			}),
			orukService({ name: 'Bravo Youth Group', description: 'Games for young people.', kinds: ['group'], languages: ['so'], minimumAge: 11, maximumAge: 18 }),
			orukService({ name: 'Charlie Closed For Now', description: 'Money help, closed for repairs.', status: 'temporarily closed', kinds: ['advice'] }),
			orukService({ name: 'Delta Gone', description: 'Money help that has stopped.', status: 'defunct', kinds: ['advice'], languages: ['pl'] }),
			orukService({ name: 'Echo Paused', description: 'Money help, paused.', status: 'inactive', kinds: ['advice'] }),
			orukService({ name: 'Foxtrot Little Ones', description: 'For babies and toddlers.', maximumAge: 4, kinds: ['group'], languages: ['pl'] })
		];
		expectImported(await importDirectory(db(), fileOf(...services), NOW));

		expect(await names({})).toEqual(['Alpha Debt Help', 'Bravo Youth Group', 'Charlie Closed For Now', 'Foxtrot Little Ones']);
		// Every word must appear, in any case, anywhere in the name, description or organisation.
		expect(await names({ q: 'money' })).toEqual(['Alpha Debt Help', 'Charlie Closed For Now']);
		expect(await names({ q: 'DEBT money' })).toEqual(['Alpha Debt Help']);
		expect(await names({ q: 'debt youth' })).toEqual([]);
		expect(await names({ q: 'advice centre' })).toEqual(['Alpha Debt Help']);
		// % and _ mean themselves, not "anything".
		expect(await names({ q: '100%' })).toEqual(['Alpha Debt Help']);
		expect(await names({ q: '%' })).toEqual(['Alpha Debt Help']);
		expect(await names({ q: 'free_of' })).toEqual(['Alpha Debt Help']);
		expect(await names({ q: 'debt_' })).toEqual([]);
		expect(await names({ q: '   ' })).toHaveLength(4);

		expect(await names({ kind: 'advice' })).toEqual(['Alpha Debt Help', 'Charlie Closed For Now']);
		expect(await names({ kind: 'interpretation' })).toEqual([]);

		// No ages given means open at that end.
		expect(await names({ age: 3 })).toEqual(['Charlie Closed For Now', 'Foxtrot Little Ones']);
		expect(await names({ age: 11 })).toEqual(['Bravo Youth Group', 'Charlie Closed For Now']);
		expect(await names({ age: 18 })).toEqual(['Alpha Debt Help', 'Bravo Youth Group', 'Charlie Closed For Now']);
		expect(await names({ age: 19 })).toEqual(['Alpha Debt Help', 'Charlie Closed For Now']);

		expect(await names({ lang: 'pl' })).toEqual(['Foxtrot Little Ones']);
		expect(await names({ lang: 'UR' })).toEqual(['Alpha Debt Help']);
		expect(await names({ q: 'money', kind: 'advice', age: 30, lang: 'ur' })).toEqual(['Alpha Debt Help']);

		// Only languages of services families can find (Delta's Polish counts through Foxtrot only).
		expect(await listDirectoryLanguages(db())).toEqual(['en', 'pl', 'so', 'ur']);
	});

	it('gives light summaries with the organisation, a short description, kinds, ages and languages', async () => {
		const [alpha, , charlie] = await searchDirectory(db(), {});
		expect(alpha).toEqual({
			id: expect.any(String),
			name: 'Alpha Debt Help',
			organisationName: 'Alpha Advice Centre',
			description: 'Help with MONEY worries and debt. 100% free_of charge.',
			kinds: ['one_to_one', 'advice'],
			minimumAge: 18,
			maximumAge: null,
			languages: ['en', 'ur'],
			status: 'active'
		});
		expect(charlie).toMatchObject({ name: 'Charlie Closed For Now', status: 'temporarily closed', organisationName: null });

		const long = orukService({ name: 'Golf Long Words', description: 'word '.repeat(200) });
		expectImported(await importDirectory(db(), fileOf(long), NOW));
		const [golf] = await searchDirectory(db(), { q: 'golf' });
		expect(golf?.description?.length).toBeLessThanOrEqual(241);
		expect(golf?.description?.endsWith('…')).toBe(true);
	});

	it('lists services never described by a file too, found by their name and description', async () => {
		const service = await createService(db(), { name: uniqueName('Hotel Plain'), description: 'Somewhere to ask about housing' });
		const [found] = await searchDirectory(db(), { q: 'housing' });
		expect(found).toMatchObject({ id: service.id, organisationName: null, kinds: [], languages: [], status: 'active' });
	});
});

describeEachDatabase('demo directory and a service’s entry', (database) => {
	const db = () => database.db;

	it('imports the demo file with no problems', async () => {
		expect(await loadDemoDirectory(db(), NOW)).toEqual({ created: 9, updated: 0 });
		const row = await db().selectFrom('service').selectAll().where('name', '=', 'Family Support Service').executeTakeFirstOrThrow();
		expect(row.directory).not.toBeNull();
		// Again: nothing new.
		expect(await loadDemoDirectory(db(), NOW)).toEqual({ created: 0, updated: 9 });
		expect(validateServices(JSON.parse(DEMO_DIRECTORY_TEXT)).ok).toBe(true);
	});

	it('has the nine demo services the seed looks for, by name', async () => {
		expect((await searchDirectory(db(), {})).map((s) => s.name)).toEqual([
			'Education Welfare Service',
			'Family Support Service',
			'Millbrook Food Bank',
			"Millbrook Young People's Mental Health Service",
			'Money Matters Debt Advice',
			'Northside Youth Club',
			'Oakfield School Pastoral Team',
			'Parenting Together Group',
			'School Nursing Service'
		]);
	});

	it('finds the debt advice by the words "debt" and "money"', async () => {
		expect((await searchDirectory(db(), { q: 'debt' })).map((s) => s.name)).toEqual(['Money Matters Debt Advice']);
		expect((await searchDirectory(db(), { q: 'money' })).map((s) => s.name)).toContain('Money Matters Debt Advice');
		expect((await searchDirectory(db(), { q: 'Money Debt', kind: 'advice', age: 35 })).map((s) => s.name)).toEqual([
			'Money Matters Debt Advice'
		]);
	});

	it('builds a service’s entry from its record', async () => {
		const [summary] = await searchDirectory(db(), { q: 'debt' });
		const entry = await getDirectoryEntry(db(), summary?.id ?? '');
		expect(entry).toMatchObject({
			name: 'Money Matters Debt Advice',
			status: 'active',
			organisation: { name: 'Millbrook Advice Centre', website: 'https://www.moneymatters.example.org' },
			kinds: ['one_to_one', 'advice'],
			askRoutes: ['self', 'worker'],
			minimumAge: 18,
			maximumAge: null,
			areas: ['Millbrook and the villages around it'],
			cost: { free: true, fees: 'Free' },
			email: 'advice@moneymatters.example.org',
			alert: null,
			lastModified: '2026-11-01T09:00:00Z'
		});
		expect(entry?.locations).toEqual([
			{
				name: 'Millbrook Advice Centre',
				description: expect.any(String),
				addressLines: ['18 High Street', 'Millbrook', 'Greater Manchester'],
				postcode: 'MB1 3DN',
				accessibility: ['Lift to the first floor', 'Accessible toilet', 'Hearing loop', 'Large print letters on request']
			}
		]);
		expect(entry?.schedules).toEqual([
			{ description: expect.stringContaining('Monday to Friday'), days: [1, 2, 3, 4, 5], opensAt: '09:30', closesAt: '16:30', notes: null }
		]);
		expect(entry?.languages.map((l) => l.code)).toEqual(['en', 'ur', 'pa', 'pl']);
		expect(entry?.languages[1]).toEqual({ code: 'ur', name: 'Urdu' });
		expect(entry?.contacts).toEqual([
			{
				name: 'Advice line',
				title: 'Money and debt advisers',
				email: 'advice@moneymatters.example.org',
				phones: [{ number: '0161 496 0860', description: null }]
			}
		]);
		expect(entry?.phones).toEqual([{ number: '0161 496 0860', description: 'Advice line, Monday to Friday 9:30am to 4:30pm' }]);
	});

	it('says when something costs money', async () => {
		const [club] = await searchDirectory(db(), { q: 'northside' });
		const entry = await getDirectoryEntry(db(), club?.id ?? '');
		expect(entry?.cost).toEqual({
			free: false,
			fees: expect.stringContaining('£1'),
			options: [{ option: 'Each session', amount: 1, amountDescription: expect.any(String) }]
		});
		expect(entry?.askRoutes).toEqual(['self']);
	});

	it('never gives the page a link that is not a web or email address', async () => {
		const service = orukService({
			extra: {
				url: 'javascript:alert(1)',
				email: 'someone@example.org',
				organization: { id: uuid(), name: 'Org', description: 'x', website: 'data:text/html,hello' },
				contacts: [{ id: uuid(), name: 'Sam', email: 'sam@example.org' }]
			}
		});
		expect(validateServices(service).ok).toBe(true);
		expectImported(await importDirectory(db(), fileOf(service), NOW));
		const [found] = await searchDirectory(db(), { q: service.name.toLowerCase() });
		const entry = await getDirectoryEntry(db(), found?.id ?? '');
		expect(entry?.url).toBeNull();
		expect(entry?.organisation).toEqual({ name: 'Org', website: null });
		expect(entry?.email).toBe('someone@example.org');
	});

	it('has an entry for a service no file described, and none for an unknown id', async () => {
		const plain = await createService(db(), { name: uniqueName('Plain'), description: 'Just a name' });
		expect(await getDirectoryEntry(db(), plain.id)).toMatchObject({
			name: plain.name,
			description: 'Just a name',
			organisation: null,
			kinds: [],
			askRoutes: [],
			locations: [],
			schedules: [],
			cost: { free: false, fees: null, options: [] }
		});
		expect(await getDirectoryEntry(db(), 'no-such-service')).toBeNull();
	});
});

describeEachDatabase('the admin’s directory page and download', (database) => {
	const db = () => database.db;
	type ImportEvent = Parameters<typeof adminDirectoryActions.import>[0];

	async function upload(user: Awaited<ReturnType<typeof addUser>> | null, file: File | null) {
		const form = new FormData();
		if (file) form.set('file', file);
		const request = new Request('http://localhost/admin/directory?/import', { method: 'POST', body: form });
		try {
			return await adminDirectoryActions.import({ locals: localsFor(db(), user), request } as unknown as ImportEvent);
		} catch (thrown) {
			return thrown;
		}
	}

	const jsonFile = (text: string, name = 'directory.json') => new File([text], name, { type: 'application/json' });

	it('lets only the admin in', async () => {
		const parent = await addUser(db(), { role: 'parent_carer' });
		const manager = await addUser(db(), { role: 'manager' });
		for (const user of [parent, manager]) {
			const refused = await upload(user, jsonFile(fileOf(orukService())));
			expect(isHttpError(refused) && refused.status).toBe(403);
			const loading = await (async () => {
				try {
					return await adminDirectoryLoad({ locals: localsFor(db(), user) } as unknown as Parameters<typeof adminDirectoryLoad>[0]);
				} catch (thrown) {
					return thrown;
				}
			})();
			expect(isHttpError(loading) && loading.status).toBe(403);
			const response = await (async () => {
				try {
					return await exportDirectoryFile({ locals: localsFor(db(), user) } as unknown as Parameters<typeof exportDirectoryFile>[0]);
				} catch (thrown) {
					return thrown;
				}
			})();
			expect(isHttpError(response) && response.status).toBe(403);
		}
		const anonymous = await upload(null, jsonFile(fileOf(orukService())));
		expect(isRedirect(anonymous) && anonymous.location).toBe('/sign-in');
		expect(await countRows(db(), 'service')).toBe(0);
	});

	it('imports an upload and says how many services are new and updated', async () => {
		const admin = await addUser(db(), { role: 'admin' });
		const first = orukService();
		const result = await upload(admin, jsonFile(fileOf(first, orukService())));
		expect(isRedirect(result) && result.location).toBe('/admin/directory?created=2&updated=0');
		const again = await upload(admin, jsonFile(fileOf(first)));
		expect(isRedirect(again) && again.location).toBe('/admin/directory?created=0&updated=1');
	});

	it('puts a translated error next to the field, and lists row problems under it', async () => {
		const admin = await addUser(db(), { role: 'admin' });
		const cases: [File | null, number, string, Record<string, unknown>][] = [
			[null, 400, 'admin:directory.errors.no_file', {}],
			[jsonFile('x'.repeat(DIRECTORY_LIMITS.fileBytes + 1)), 400, 'admin:directory.errors.too_big', { megabytes: '5' }],
			[jsonFile('x'.repeat(DIRECTORY_LIMITS.fileBytes)), 400, 'admin:directory.errors.not_json', {}],
			[jsonFile('{\n "a": 1,\n}'), 400, 'admin:directory.errors.not_json_at', { line: '3', column: '1' }],
			[jsonFile('{"hello": "world"}'), 400, 'admin:directory.errors.not_services', {}],
			[jsonFile('[]'), 400, 'admin:directory.errors.empty', {}],
			[jsonFile('[1, 2]'), 400, 'admin:directory.errors.rows', { count: 2 }]
		];
		for (const [file, status, key, values] of cases) {
			const result = await upload(admin, file);
			expect(isActionFailure(result), key).toBe(true);
			if (!isActionFailure(result)) continue;
			expect(result.status).toBe(status);
			expect(result.data).toMatchObject({ errors: { file: key }, errorValues: values });
		}
		const rows = await upload(admin, jsonFile('[1, 2]'));
		expect(isActionFailure(rows) && rows.data).toMatchObject({
			rowErrors: [
				{ row: 1, path: '', code: 'type' },
				{ row: 2, path: '', code: 'type' }
			],
			moreErrors: 0
		});
	});

	it('downloads the directory as a dated JSON file, 2-space indented with a final newline', async () => {
		const admin = await addUser(db(), { role: 'admin' });
		const response = (await exportDirectoryFile({ locals: localsFor(db(), admin) } as unknown as Parameters<
			typeof exportDirectoryFile
		>[0])) as Response;
		expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
		expect(response.headers.get('content-disposition')).toMatch(
			/^attachment; filename="common-ground-directory-\d{4}-\d{2}-\d{2}\.json"$/
		);
		const body = await response.text();
		expect(body).toBe(formatDirectoryFile(await exportDirectory(db())));
		expect(body.startsWith('{\n  "total_items": 2,\n  "total_pages": 1,')).toBe(true);
		expect(body.endsWith('}\n')).toBe(true);
	});
});
