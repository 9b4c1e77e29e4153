import { createHash } from 'node:crypto';
import SQLite from 'better-sqlite3';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { actionTarget, type Poster } from './support/action-targets';
import type { DemoIds } from './support/accounts';
import { decodeEntities, errorTitlePrefix, message } from './support/i18n';
import { startOwnServer, type OwnServer } from './support/own-server';
import { actionOf, listRoutes } from './support/routes';

// Every form action, posted hundreds of times with what no form would send: random text in every
// script, empty and oversized values, NUL bytes, a field sent twice, fields left out, numbers and
// dates where words go and words where numbers go, stray fields and files of random bytes. The
// answer is never a 5xx; a refusal is a 4xx with a translated page, and a refusal changes nothing
// in the database. Random input that happens to be valid may be saved, so this file has its own
// server and its own copy of the demo data, and the rest of the suite never sees what it wrote.

const RUNS_PER_ACTION = Number(process.env.CG_FUZZ_RUNS ?? 24);
/** Tables that a refused request may rightly write to: sign-in throttling and session use. */
// The audit trail is among them on purpose: a refused change is written down as refused.
const MAY_CHANGE_ON_REFUSAL: ReadonlySet<string> = new Set(['sign_in_throttle', 'rate_limit_bucket', 'user_session', 'audit_event']);

let own: OwnServer;
let baseURL: string;
let demo: DemoIds;
let reader: SQLite.Database;

beforeAll(async () => {
	own = await startOwnServer('fuzz');
	({ baseURL, demo } = own);
	reader = new SQLite(own.databasePath, { readonly: true, fileMustExist: true });
}, 120_000);

afterAll(async () => {
	reader?.close();
	await own?.stop();
});

/** A digest of every table but those a refusal may touch. */
function databaseDigest(): string {
	const hash = createHash('sha256');
	const tables = reader.prepare("select name from sqlite_master where type = 'table' and name not like 'sqlite_%' order by name").all() as Array<{ name: string }>;
	for (const { name } of tables) {
		if (MAY_CHANGE_ON_REFUSAL.has(name)) continue;
		hash.update(name);
		for (const row of reader.prepare(`select * from "${name}" order by rowid`).raw().iterate()) hash.update(JSON.stringify(row));
	}
	return hash.digest('hex');
}

const cookieFor = (role: Poster) => own.cookieFor(role);

/** The names of the fields in the page's form for `action` (every form's, if none is marked). */
async function fieldsOf(role: Poster, path: string, action: string): Promise<string[]> {
	const response = await fetch(new URL(path, baseURL), { headers: { accept: 'text/html', ...cookieFor(role) }, redirect: 'manual' });
	const html = await response.text();
	const forms = [...html.matchAll(/<form\b([^>]*)>([\s\S]*?)<\/form>/g)];
	const mine = forms.filter(([, attributes]) => {
		const target = /\saction="([^"]*)"/.exec(attributes ?? '')?.[1];
		return target === undefined ? action === 'default' : actionOf(decodeEntities(target)).action === action;
	});
	const names = (mine.length > 0 ? mine : forms).flatMap(([, , body]) =>
		[...(body ?? '').matchAll(/<(?:input|textarea|select)\b[^>]*\sname="([^"]+)"/g)].map((m) => decodeEntities(m[1] ?? ''))
	);
	return [...new Set(names)];
}

const known = () => [demo.familyA, demo.familyB, demo.goalA, demo.goalB, demo.leoFamily, demo.workers.priya, demo.samAssignmentA, demo.joAbsence];

/** One hostile value for a field. */
const hostileValue = (): fc.Arbitrary<string> =>
	fc.oneof(
		fc.string({ maxLength: 40 }),
		fc.string({ unit: 'binary', maxLength: 40 }),
		fc.string({ unit: 'grapheme', maxLength: 40 }),
		fc.constantFrom('', ' ', '\u0000', 'a\u0000b', '\u202e\u0000', '<script>alert(1)</script>', "' or 1=1 --", '../../etc/passwd', 'null', 'undefined', '[]', '{}', 'NaN', '-1', '1e308', '2026-02-30', '0000-00-00', '99:99'),
		fc.integer({ min: 1_000, max: 150_000 }).map((n) => 'ę'.repeat(n)),
		fc.oneof(fc.integer(), fc.double()).map(String),
		fc.date({ noInvalidDate: false }).map((d) => (Number.isNaN(d.getTime()) ? 'Invalid Date' : d.toISOString().slice(0, 10))),
		fc.constantFrom(...known())
	);

/** A whole submission: some of the page's fields (some twice), perhaps stray ones, perhaps a file. */
const submission = (fields: readonly string[]) =>
	fc.record({
		fields: fc.array(fc.tuple(fc.constantFrom(...fields, 'version', 'stray', 'id'), hostileValue()), { maxLength: Math.max(4, fields.length * 2) }),
		multipart: fc.boolean(),
		file: fc.option(fc.uint8Array({ maxLength: 2_000 }), { nil: undefined })
	});

type Submission = { fields: Array<[string, string]>; multipart: boolean; file: Uint8Array | undefined };

/** Below the server's limit for a request body (BODY_SIZE_LIMIT 6M in the e2e server). */
const BODY_LIMIT_BYTES = 5_000_000;

/** About how many bytes the submission takes on the wire, form-encoded. */
function encodedSize(input: Submission): number {
	return input.fields.reduce((n, [name, value]) => n + encodeURIComponent(name).length + encodeURIComponent(value).length + 2, 0) + (input.file?.length ?? 0) * 2;
}

async function post(role: Poster, address: string, input: Submission): Promise<Response> {
	let body: FormData | URLSearchParams;
	const headers: Record<string, string> = { origin: baseURL, accept: 'text/html,*/*;q=0.8', ...cookieFor(role) };
	if (input.multipart || input.file) {
		const form = new FormData();
		for (const [name, value] of input.fields) form.append(name, value);
		if (input.file) for (const name of ['file', 'photo']) form.append(name, new Blob([Uint8Array.from(input.file)]), 'fuzz.bin');
		body = form;
	} else {
		body = new URLSearchParams();
		for (const [name, value] of input.fields) body.append(name, value);
		headers['content-type'] = 'application/x-www-form-urlencoded';
	}
	try {
		return await fetch(new URL(address, baseURL), { method: 'POST', headers, body, redirect: 'manual' });
	} catch (error) {
		const cause = (error as { cause?: { code?: string; message?: string } }).cause;
		throw new Error(`POST ${address} as ${role} got no answer: ${cause?.code ?? ''} ${cause?.message ?? String(error)}`);
	}
}

const ERROR_PREFIX = errorTitlePrefix('en-GB');
const ERROR_PAGE_TITLES = ['bad_request', 'forbidden', 'not_found', 'throttled'].map((kind) => message('en-GB', `errors:${kind}.title`));

const ACTIONS = listRoutes().flatMap((route) => route.actions.map((action) => ({ route: route.id, action })));
const tally = { cases: 0, refused: 0, accepted: 0, byStatus: new Map<number, number>() };

describe('fuzzing every form action', () => {
	afterAll(() => {
		const statuses = [...tally.byStatus.entries()].sort(([a], [b]) => a - b).map(([status, n]) => `${status}×${n}`);
		console.log(
			`fuzz: ${tally.cases} submissions to ${ACTIONS.length} actions (${RUNS_PER_ACTION} each): ${tally.refused} refused with a 4xx and nothing changed, ${tally.accepted} accepted; statuses ${statuses.join(', ')}`
		);
	});

	test('every action has someone to post as', () => {
		expect(ACTIONS.filter(({ route, action }) => !actionTarget(demo, route, action)).map(({ route, action }) => `${route}?/${action}`)).toEqual([]);
	});

	test.for(ACTIONS.map(({ route, action }) => [`${route}?/${action}`, route, action] as const))(
		'%s',
		{ timeout: 300_000 },
		async ([, route, action]) => {
			const { role, path } = actionTarget(demo, route, action) ?? { role: 'anonymous' as const, path: route };
			// An earlier action may have ended this person's sessions (the administrator turning off a
			// worker's sign-in codes with a known worker id): a fresh one, so every action is reached.
			if (role !== 'anonymous') await own.renewSession(role);
			const address = action === 'default' ? path : `${path}?/${action}`;
			const fields = await fieldsOf(role, path, action);
			await fc.assert(
				fc.asyncProperty(submission(fields.length > 0 ? fields : ['text']), async (input) => {
					// Past the body size limit the server answers 413 and closes the connection while
					// the client is still sending (a reset, not an answer); oversized fields stay under it.
					fc.pre(encodedSize(input) < BODY_LIMIT_BYTES);
					const before = databaseDigest();
					const response = await post(role, address, input);
					const body = await response.text();
					tally.cases += 1;
					tally.byStatus.set(response.status, (tally.byStatus.get(response.status) ?? 0) + 1);
					expect(response.status, `POST ${address} as ${role}: ${body.slice(0, 300)}`).toBeLessThan(500);
					if (response.status >= 400) {
						tally.refused += 1;
						expect(databaseDigest(), `a refused POST ${address} changed nothing`).toBe(before);
						if (response.status !== 413 && (response.headers.get('content-type') ?? '').startsWith('text/html')) {
							const title = /<title>([^<]*)<\/title>/.exec(body)?.[1] ?? '';
							const translated = title.startsWith(ERROR_PREFIX) || ERROR_PAGE_TITLES.some((t) => decodeEntities(body).includes(t));
							expect(translated, `POST ${address} as ${role} → ${response.status} explains itself in words: ${title}`).toBe(true);
						}
					} else tally.accepted += 1;
				}),
				{ numRuns: RUNS_PER_ACTION }
			);
		}
	);
});
