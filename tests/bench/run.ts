// `npm run bench`: load-tests the built server (build/, from `npm run build`; built here with
// `vite build` when missing) on loopback with autocannon, on SQLite and, when BENCH_DATABASE_URL or
// TEST_DATABASE_URL is set, on a fresh PostgreSQL database made on that server and dropped after.
// For each database it prints one table (baseline page, plan page, My families, directory search,
// rating POST: req/s, p50/p95/p99, errors, ratio to the baseline, PASS/FAIL), the server CPU per
// plan-page render measured in-process, the plan page's p95 as the city grows, and the server's RSS
// under a long plan-page load. Exits 1 when any target is missed.
//
//   npm run bench                          full run: 100k families, 20 s per route, growth 1k/10k/100k, 5 min memory
//   npm run bench -- --quick               SQLite only, 1k families, 5 s per route, no growth, 30 s memory
//   options: --families N  --seconds S  --connections C  --families-list 1000,10000  --no-growth
//            --memory-seconds S  --renders N  --sqlite-only  --postgres-only
//
// Seeded SQLite files are kept in data/bench/scale-<families>.sqlite (with a .seed.json beside
// them) and reused by later runs: the benchmark's own writes there (sessions, the bench parent's
// one rating, audit rows) are small and do not change what is measured.
import autocannon from 'autocannon';
import { spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { SESSION_COOKIE, createSession } from '../../src/lib/server/auth/session.service';
import { STAFF_IDLE_ENV } from '../../src/lib/server/auth/session-policy';
import { DEFAULT_BODY_SIZE_LIMIT, SERVER_NODE_FLAGS } from '../../src/lib/server/cli/serve-built';
import { createDb } from '../../src/lib/server/db';
import { BENCH_ENV } from '../../src/lib/server/bench/bench.service';
import { spawnBuiltServer, stopServer } from '../e2e/global-setup';
import { createPostgresDatabase, onDatabase } from '../integration/support/postgres-database';
import { BENCH_SEARCH, type ScaleSeed } from './scale-seed';
import { describeSeed, seedDatabase, seedSidecar } from './seed';
import type { RenderCpu } from './render-cpu';

const ROOT = resolve(import.meta.dirname, '../..');
const SERVER_ENTRY = join(ROOT, 'build/index.js');
const CACHE_DIR = join(ROOT, 'data/bench');

const TARGETS = {
	planRatio: 0.5,
	p99Ms: 150,
	cpuMsPerRender: 2.5,
	growthRatio: 1.2,
	maxRssMb: 250,
	rssGrowth: 1.1
};

const { values: args } = parseArgs({
	options: {
		quick: { type: 'boolean', default: false },
		families: { type: 'string' },
		seconds: { type: 'string' },
		connections: { type: 'string', default: '20' },
		'families-list': { type: 'string' },
		'no-growth': { type: 'boolean', default: false },
		growth: { type: 'boolean', default: false },
		'memory-seconds': { type: 'string' },
		renders: { type: 'string' },
		'sqlite-only': { type: 'boolean', default: false },
		'postgres-only': { type: 'boolean', default: false }
	}
});
const quick = args.quick === true;
const options = {
	families: Number(args.families ?? (quick ? 1000 : 100_000)),
	seconds: Number(args.seconds ?? (quick ? 5 : 20)),
	connections: Number(args.connections),
	growth: args.growth || (!quick && !args['no-growth']),
	familiesList: (args['families-list'] ?? '1000,10000,100000').split(',').map(Number),
	memorySeconds: Number(args['memory-seconds'] ?? (quick ? 30 : 300)),
	renders: Number(args.renders ?? (quick ? 500 : 2000)),
	sqlite: !args['postgres-only'],
	postgres: quick || args['sqlite-only'] ? undefined : process.env.BENCH_DATABASE_URL || process.env.TEST_DATABASE_URL || undefined
};

// ---------------------------------------------------------------------------------------------
// Databases

interface Seeded {
	url: string;
	seed: ScaleSeed;
	drop: () => Promise<void>;
}

/** A seeded SQLite file for this many families, from the cache or seeded now. */
async function sqliteDatabase(families: number): Promise<Seeded> {
	mkdirSync(CACHE_DIR, { recursive: true });
	const path = join(CACHE_DIR, `scale-${families}.sqlite`);
	if (existsSync(path) && existsSync(seedSidecar(path))) {
		console.log(`SQLite, ${families.toLocaleString('en-GB')} families: reusing ${path}`);
		return { url: path, seed: JSON.parse(readFileSync(seedSidecar(path), 'utf8')) as ScaleSeed, drop: async () => {} };
	}
	const fresh = join(CACHE_DIR, `scale-${families}.seeding-${process.pid}.sqlite`);
	console.log(`SQLite: seeding ${families.toLocaleString('en-GB')} families …`);
	const seeded = await seedDatabase(fresh, families);
	console.log(describeSeed(seeded));
	// Only a finished seed gets the cache's name: an interrupted one is never reused.
	for (const suffix of ['-wal', '-shm']) rmSync(fresh + suffix, { force: true });
	renameSync(fresh, path);
	writeFileSync(seedSidecar(path), JSON.stringify(seeded, null, '\t'));
	return { url: path, seed: seeded, drop: async () => {} };
}

/** A new PostgreSQL database on that server (as tests/integration/support/databases.ts makes them), seeded. */
async function postgresDatabase(serverUrl: string, families: number): Promise<Seeded> {
	const { name, url, drop } = await createPostgresDatabase(serverUrl, 'cg_bench');
	try {
		console.log(`PostgreSQL: seeding ${families.toLocaleString('en-GB')} families into ${name} …`);
		const seeded = await seedDatabase(url, families);
		console.log(describeSeed(seeded));
		// Fresh statistics, as autovacuum would have made them by the time a real city had this much.
		await onDatabase(url, (client) => client.query('ANALYZE'));
		return { url, seed: seeded, drop };
	} catch (error) {
		await drop();
		throw error;
	}
}

// ---------------------------------------------------------------------------------------------
// The server

/** Staff sessions in the benchmark outlive a long run, as in the e2e suite. */
const STAFF_IDLE_MINUTES = 10 * 60;

async function sessionsFor(url: string, seed: ScaleSeed): Promise<{ parent: string; worker: string }> {
	const db = createDb(url);
	try {
		const now = new Date();
		const idle = STAFF_IDLE_MINUTES * 60_000;
		const parent = await createSession(db, { id: seed.parent.userId, role: 'parent_carer' }, now, idle, { twoFactorVerified: true });
		// As after the second step of signing in.
		const worker = await createSession(db, { id: seed.worker.userId, role: 'worker' }, now, idle, { twoFactorVerified: true });
		return { parent: `${SESSION_COOKIE}=${parent.token}`, worker: `${SESSION_COOKIE}=${worker.token}` };
	} finally {
		await db.destroy();
	}
}


/** The env startBuiltServer (tests/e2e/global-setup.ts) gives the server, without its test-only fault and pseudo-locale switches, which would cost time on every query. */
function serverEnv(baseURL: string, port: number, databaseUrl: string): NodeJS.ProcessEnv {
	return {
		...process.env,
		HOST: '127.0.0.1',
		PORT: String(port),
		ORIGIN: baseURL,
		DATABASE_URL: databaseUrl,
		BODY_SIZE_LIMIT: DEFAULT_BODY_SIZE_LIMIT,
		OUTBOX_DIR: join(tmpdir(), 'cg-bench-outbox'),
		NOTIFY_API_KEY: '',
		NODE_ENV: 'production',
		[BENCH_ENV]: '1',
		[STAFF_IDLE_ENV]: String(STAFF_IDLE_MINUTES),
		CG_TEST_FAULTS: '',
		CG_PSEUDO_LOCALE: ''
	};
}

/** Migrations and the first sweep of a big city can take a while on a busy machine. */
function startServer(databaseUrl: string): Promise<{ server: ChildProcess; baseURL: string }> {
	return spawnBuiltServer({ label: 'bench', env: (baseURL, port) => serverEnv(baseURL, port, databaseUrl), readyWithinMs: 180_000 });
}

/**
 * autocannon hangs up at the end of a run with requests still queued in the server; they are
 * answered to nobody. Stopping the server then would close the database under them, so wait until
 * a request of our own gets through (the queue has drained) first.
 */
async function drainThenStop(server: ChildProcess, baseURL: string): Promise<void> {
	try {
		await fetch(`${baseURL}/healthz`, { signal: AbortSignal.timeout(30_000) });
		await new Promise((r) => setTimeout(r, 500));
	} catch {
		// Stopped anyway.
	}
	await stopServer(server);
}

// ---------------------------------------------------------------------------------------------
// Load

interface Route {
	name: string;
	method: 'GET' | 'POST';
	path: string;
	headers: Record<string, string>;
	body?: string;
	/** The answer a working request gets: 200, or 303 after a form post. */
	expect: number;
}

interface LoadResult {
	requests: number;
	rps: number;
	p50: number;
	p95: number;
	p99: number;
	errors: number;
	/** Of the errors: requests autocannon gave up on after 10 s, and connection errors. */
	timeouts: number;
	socketErrors: number;
	statuses: Record<string, number>;
}

function percentile(sorted: Float64Array, p: number): number {
	if (sorted.length === 0) return NaN;
	return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] as number;
}

/** autocannon against one route; latencies are collected per response so p95 is exact. */
async function load(baseURL: string, route: Route, seconds: number, connections: number, onTick?: () => void): Promise<LoadResult> {
	const latencies: number[] = [];
	const statuses: Record<string, number> = {};
	const instance = autocannon({
		url: baseURL + route.path,
		method: route.method,
		headers: route.headers,
		body: route.body,
		connections,
		duration: seconds
	});
	instance.on('response', (_client: unknown, statusCode: number, _bytes: number, responseTime: number) => {
		latencies.push(responseTime);
		statuses[statusCode] = (statuses[statusCode] ?? 0) + 1;
	});
	const ticker = onTick ? setInterval(onTick, 2000) : undefined;
	const result = await instance;
	if (ticker) clearInterval(ticker);
	const sorted = Float64Array.from(latencies).sort();
	const wrong = Object.entries(statuses)
		.filter(([code]) => Number(code) !== route.expect)
		.reduce((n, [, count]) => n + count, 0);
	return {
		requests: latencies.length,
		rps: latencies.length / seconds,
		p50: percentile(sorted, 50),
		p95: percentile(sorted, 95),
		p99: percentile(sorted, 99),
		errors: wrong + result.errors + result.timeouts,
		timeouts: result.timeouts,
		socketErrors: result.errors,
		statuses
	};
}

/** One request first, so a route that answers wrongly says so plainly instead of as thousands of errors. */
async function check(baseURL: string, route: Route): Promise<void> {
	const response = await fetch(baseURL + route.path, { method: route.method, headers: route.headers, body: route.body, redirect: 'manual' });
	if (response.status !== route.expect) {
		const text = (await response.text()).replace(/\s+/g, ' ').slice(0, 300);
		throw new Error(`${route.name}: ${route.method} ${route.path} answered ${response.status}, not ${route.expect}: ${text}`);
	}
	await response.arrayBuffer().catch(() => undefined);
}

function routesFor(seed: ScaleSeed, cookies: { parent: string; worker: string }, baseURL: string): Route[] {
	const html = { accept: 'text/html' };
	return [
		{ name: 'baseline (/bench)', method: 'GET', path: '/bench', headers: html, expect: 200 },
		{ name: 'plan page (parent)', method: 'GET', path: `/family/${seed.familyId}/plan`, headers: { ...html, cookie: cookies.parent }, expect: 200 },
		{ name: 'My families (40)', method: 'GET', path: '/my-families', headers: { ...html, cookie: cookies.worker }, expect: 200 },
		{ name: `directory search`, method: 'GET', path: `/services?q=${BENCH_SEARCH}`, headers: html, expect: 200 },
		{
			name: 'rating POST',
			method: 'POST',
			path: `/services/${seed.ratedServiceId}/rate`,
			// A browser's form post, from the site itself. Without a version field each post changes
			// the parent's rating of the last 30 days: every one is valid and answered 303.
			headers: { ...html, cookie: cookies.parent, origin: baseURL, 'content-type': 'application/x-www-form-urlencoded' },
			body: new URLSearchParams({ score: 'good', what_was_good: 'The plan is in our own words.', could_be_better: '', name: 'anonymous' }).toString(),
			expect: 303
		}
	];
}

// ---------------------------------------------------------------------------------------------
// Memory and CPU

function rssMb(pid: number): number {
	const status = readFileSync(`/proc/${pid}/status`, 'utf8');
	const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
	return kb / 1024;
}

function renderCpu(databaseUrl: string, path: string, cookie: string, renders: number, baseURL: string): RenderCpu {
	const child = spawnSync(process.execPath, [...SERVER_NODE_FLAGS, join(ROOT, 'tests/bench/render-cpu.js'), databaseUrl, path, cookie, String(renders)], {
		cwd: ROOT,
		env: serverEnv(baseURL, 0, databaseUrl),
		encoding: 'utf8',
		maxBuffer: 10_000_000
	});
	const line = child.stdout.trim().split('\n').pop() ?? '';
	try {
		return JSON.parse(line) as RenderCpu;
	} catch {
		throw new Error(`render-cpu failed (exit ${child.status}):\n${child.stderr.slice(-3000)}`);
	}
}

// ---------------------------------------------------------------------------------------------
// Printing

const verdict = (ok: boolean) => (ok ? 'PASS' : 'FAIL');
const ms = (n: number) => (Number.isFinite(n) ? `${n.toFixed(1)} ms` : '–');

function table(header: string[], rows: string[][]): string {
	const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
	const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number))).join('  ');
	return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

// ---------------------------------------------------------------------------------------------

async function benchDatabase(label: string, open: (families: number) => Promise<Seeded>): Promise<boolean> {
	let ok = true;
	console.log(`\n=== ${label} ===`);
	const main = await open(options.families);
	try {
		const cookies = await sessionsFor(main.url, main.seed);
		const { server, baseURL } = await startServer(main.url);
		try {
			const routes = routesFor(main.seed, cookies, baseURL);
			for (const route of routes) await check(baseURL, route);
			// Warm up: every route, briefly, so JIT and caches are as they would be in service.
			for (const route of routes) await load(baseURL, route, Math.min(5, options.seconds), options.connections);
			const results: [Route, LoadResult][] = [];
			for (const route of routes) {
				results.push([route, await load(baseURL, route, options.seconds, options.connections)]);
			}
			const baseline = results[0]?.[1] as LoadResult;
			const rows = results.map(([route, r], i) => {
				const ratio = r.rps / baseline.rps;
				let pass = r.errors === 0;
				const notes: string[] = [];
				if (i === 1) {
					pass = pass && ratio >= TARGETS.planRatio && r.p99 <= TARGETS.p99Ms;
					notes.push(`≥ ${TARGETS.planRatio * 100} %, p99 ≤ ${TARGETS.p99Ms} ms`);
				}
				if (!pass) ok = false;
				const statuses = [
					...Object.entries(r.statuses).map(([code, n]) => `${code}×${n}`),
					...(r.timeouts ? [`timeouts×${r.timeouts}`] : []),
					...(r.socketErrors ? [`socket errors×${r.socketErrors}`] : [])
				].join(' ');
				return [route.name, r.rps.toFixed(0), ms(r.p50), ms(r.p95), ms(r.p99), String(r.errors), `${(ratio * 100).toFixed(0)} %`, verdict(pass), [statuses, ...notes].join('; ')];
			});
			console.log(
				`\n${label}, ${main.seed.families.toLocaleString('en-GB')} families, ${options.connections} connections, ${options.seconds} s per route:\n` +
					table(['route', 'req/s', 'p50', 'p95', 'p99', 'errors', 'vs baseline', 'target', 'answers; target'], rows)
			);

			const cpu = renderCpu(main.url, `/family/${main.seed.familyId}/plan`, cookies.parent, options.renders, baseURL);
			const cpuPass = cpu.status === 200 && cpu.cpuMsPerRender <= TARGETS.cpuMsPerRender;
			if (!cpuPass) ok = false;
			console.log(
				`\nServer CPU per plan-page render (in-process, ${cpu.renders} renders after warm-up): ${cpu.cpuMsPerRender.toFixed(2)} ms CPU, ${cpu.wallMsPerRender.toFixed(2)} ms wall (target ≤ ${TARGETS.cpuMsPerRender} ms CPU) ${verdict(cpuPass)}${cpu.status === 200 ? '' : ` (answered ${cpu.status})`}`
			);

			// Memory: the plan page under load for a long time, the server's RSS sampled every 2 s.
			const plan = routes[1] as Route;
			const pid = server.pid as number;
			const samples: { at: number; mb: number }[] = [];
			const started = performance.now();
			const sample = () => samples.push({ at: (performance.now() - started) / 1000, mb: rssMb(pid) });
			sample();
			const memoryLoad = await load(baseURL, plan, options.memorySeconds, options.connections, sample);
			sample();
			const window = Math.min(60, options.memorySeconds / 4);
			const average = (list: { mb: number }[]) => list.reduce((n, s) => n + s.mb, 0) / Math.max(1, list.length);
			const first = average(samples.filter((s) => s.at <= window));
			const last = average(samples.filter((s) => s.at >= options.memorySeconds - window));
			const max = Math.max(...samples.map((s) => s.mb));
			const min = Math.min(...samples.map((s) => s.mb));
			const memPass = max < TARGETS.maxRssMb && last <= first * TARGETS.rssGrowth && memoryLoad.errors === 0;
			if (!memPass) ok = false;
			console.log(
				`\nServer RSS under plan-page load for ${options.memorySeconds} s (${memoryLoad.rps.toFixed(0)} req/s, p99 ${ms(memoryLoad.p99)}, ${memoryLoad.errors} errors of which ${memoryLoad.timeouts} timeouts, ${samples.length} samples): ` +
					`min ${min.toFixed(0)} MB, max ${max.toFixed(0)} MB, first ${window.toFixed(0)} s avg ${first.toFixed(0)} MB, last ${window.toFixed(0)} s avg ${last.toFixed(0)} MB ` +
					`(target max < ${TARGETS.maxRssMb} MB, last ≤ ${TARGETS.rssGrowth} × first) ${verdict(memPass)}`
			);
		} finally {
			await drainThenStop(server, baseURL);
		}

		if (options.growth) {
			const growth: [number, LoadResult][] = [];
			for (const families of options.familiesList) {
				const db = families === options.families ? main : await open(families);
				try {
					const growthCookies = db === main ? cookies : await sessionsFor(db.url, db.seed);
					const started = await startServer(db.url);
					try {
						const plan = routesFor(db.seed, growthCookies, started.baseURL)[1] as Route;
						await check(started.baseURL, plan);
						await load(started.baseURL, plan, Math.min(5, options.seconds), options.connections);
						growth.push([families, await load(started.baseURL, plan, options.seconds, options.connections)]);
					} finally {
						await drainThenStop(started.server, started.baseURL);
					}
				} finally {
					if (db !== main) await db.drop();
				}
			}
			const smallest = growth[0]?.[1];
			const rows = growth.map(([families, r]) => [
				families.toLocaleString('en-GB'),
				r.rps.toFixed(0),
				ms(r.p50),
				ms(r.p95),
				ms(r.p99),
				String(r.errors),
				smallest ? `${(r.p95 / smallest.p95).toFixed(2)} ×` : ''
			]);
			const largest = growth[growth.length - 1]?.[1];
			const ratio = smallest && largest ? largest.p95 / smallest.p95 : NaN;
			const growthPass = ratio <= TARGETS.growthRatio && growth.every(([, r]) => r.errors === 0);
			if (!growthPass) ok = false;
			console.log(
				`\nCost growth, plan page (${options.seconds} s each, ${options.connections} connections; noted figures are approximate on a busy machine):\n` +
					table(['families', 'req/s', 'p50', 'p95', 'p99', 'errors', 'p95 vs smallest'], rows) +
					`\np95 at ${growth[growth.length - 1]?.[0].toLocaleString('en-GB')} / p95 at ${growth[0]?.[0].toLocaleString('en-GB')} = ${ratio.toFixed(2)} (target ≤ ${TARGETS.growthRatio}) ${verdict(growthPass)}`
			);
		}
	} finally {
		await main.drop();
	}
	return ok;
}

if (!options.sqlite && !options.postgres) {
	// Nothing measured is never "every target met".
	console.error('--postgres-only needs BENCH_DATABASE_URL or TEST_DATABASE_URL (a PostgreSQL server to make a fresh database on).');
	process.exit(1);
}
if (!existsSync(SERVER_ENTRY)) {
	console.log('build/ is missing: running `vite build` first (npm run build).');
	const built = spawnSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: ROOT, stdio: 'inherit' });
	if (built.status !== 0) process.exit(1);
}
console.log(
	`npm run bench: ${options.families.toLocaleString('en-GB')} families, ${options.seconds} s per route at ${options.connections} connections, ` +
		`${options.renders} in-process renders, ${options.memorySeconds} s memory run` +
		(options.growth ? `, growth at ${options.familiesList.map((n) => n.toLocaleString('en-GB')).join(' / ')} families` : ', no growth') +
		(options.postgres ? '; SQLite and PostgreSQL' : '; SQLite only (set BENCH_DATABASE_URL or TEST_DATABASE_URL for PostgreSQL)') +
		`; the server runs as npm start runs it: node ${[...SERVER_NODE_FLAGS, 'build/index.js'].join(' ')}`
);
let allPass = options.sqlite ? await benchDatabase('SQLite', sqliteDatabase) : true;
const postgresUrl = options.postgres;
if (postgresUrl) allPass = (await benchDatabase('PostgreSQL', (families) => postgresDatabase(postgresUrl, families))) && allPass;
console.log(`\n${allPass ? 'Every target met.' : 'Some targets were missed (FAIL above).'}`);
process.exitCode = allPass ? 0 : 1;
