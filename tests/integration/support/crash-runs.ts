import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, statSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';
import { sql } from 'kysely';
import { createDb, type DB } from '../../../src/lib/server/db/index';
import { migrateToLatest } from '../../../src/lib/server/db/migrate';
import { GOALS_PER_UNIT } from './crash-unit';

// The SIGKILL durability campaign, shared by tests/integration/durability.test.ts (200 runs) and
// `npm run bench:crash` (1000). Each lane is one SQLite file that a writer child (crash-writer.ts)
// fills with one-transaction units until it is killed with SIGKILL at a random moment; then the
// file is opened again the way a restarted server opens it and checked: every unit the writer
// acknowledged is there in full, no unit is there in part, and integrity_check says ok.
// SQLite only: a PostgreSQL server is a separate process that a killed client cannot harm.
// No vitest here, so the bench script can run it under tsx.

const ROOT = resolve(import.meta.dirname, '../../..');
const WRITER_SOURCE = join(ROOT, 'tests/integration/support/crash-writer.ts');

export type CrashFault = 'ack-early' | 'split';

export interface CrashOptions {
	runs: number;
	/** Writers running at once, each on its own file. Commits mostly wait on fsync, so they overlap well. */
	lanes?: number;
	/** The kill comes 0 to this many milliseconds after the writer says it is ready. */
	maxDelayMs?: number;
	/** Makes the writer lie (see crash-writer.ts), to prove the checks catch it. */
	fault?: CrashFault;
	/** Called after each run with a one-line progress note. */
	progress?: (line: string) => void;
}

export interface CrashReport {
	runs: number;
	acknowledged: number;
	/** Acknowledged units missing from the file after a kill. */
	lost: number;
	/** Units present with only some of their rows, or rows belonging to no whole unit. */
	halfWritten: number;
	/** Every integrity_check or foreign_key_check answer that was not clean. */
	integrityProblems: string[];
	/**
	 * Units in the file that were never acknowledged: the kill came after the commit's write but
	 * before its ack, mostly while COMMIT waited on fsync. Allowed, and a sign kills land everywhere.
	 */
	committedNotAcknowledged: number;
	/** Runs that left a write-ahead log with content for the next opener to recover. */
	walLeftBehind: number;
	/** Writers that stopped on their own, or never became ready: the run proves nothing. */
	writerFailures: string[];
	elapsedMs: number;
}

export interface UnitCheck {
	/** Acknowledged ids that are not in the database at all. */
	lost: string[];
	/** Ids of units that are present but not whole. */
	partial: string[];
	/** plan, goal and plan_history rows that belong to no family. */
	orphanRows: number;
	/** Units present in full that were never acknowledged. */
	unacknowledged: number;
	/** Problems from integrity_check and foreign_key_check; empty when the file is sound. */
	integrity: string[];
}

interface UnitRow {
	id: string;
	plans: number;
	goals: number;
	history: number;
}

/**
 * Checks a crashed crash-writer file, opened again: every acknowledged unit present and whole,
 * nothing present in part, and the file itself sound.
 */
export async function checkCrashedDatabase(db: DB, acknowledged: ReadonlySet<string>): Promise<UnitCheck> {
	const integrity: string[] = [];
	const { rows: checks } = await sql<{ integrity_check: string }>`pragma integrity_check`.execute(db);
	if (checks.length !== 1 || checks[0]?.integrity_check !== 'ok') {
		integrity.push(...checks.map((row) => `integrity_check: ${row.integrity_check}`));
	}
	const { rows: foreignKeys } = await sql<{ table: string; parent: string }>`pragma foreign_key_check`.execute(db);
	integrity.push(...foreignKeys.map((row) => `foreign_key_check: a ${row.table} row without its ${row.parent}`));

	const { rows: units } = await sql<UnitRow>`
		select f.id,
			(select count(*) from plan p where p.family_id = f.id) as plans,
			(select count(*) from goal g join plan p on p.id = g.plan_id where p.family_id = f.id) as goals,
			(select count(*) from plan_history h join plan p on p.id = h.plan_id where p.family_id = f.id) as history
		from family f`.execute(db);
	const { rows: totals } = await sql<{ plans: number; goals: number; history: number }>`
		select (select count(*) from plan) as plans, (select count(*) from goal) as goals,
			(select count(*) from plan_history) as history`.execute(db);

	const present = new Set<string>();
	const partial: string[] = [];
	let inUnits = 0;
	for (const unit of units) {
		present.add(unit.id);
		inUnits += unit.plans + unit.goals + unit.history;
		if (unit.plans !== 1 || unit.goals !== GOALS_PER_UNIT || unit.history !== GOALS_PER_UNIT) partial.push(unit.id);
	}
	const total = totals[0] ? totals[0].plans + totals[0].goals + totals[0].history : 0;
	const lost = [...acknowledged].filter((id) => !present.has(id));
	const unacknowledged = units.filter((unit) => !acknowledged.has(unit.id)).length;
	return { lost, partial, orphanRows: total - inUnits, unacknowledged, integrity };
}

/** The writer as one plain .mjs file in `dir`: `node` starts it in a fraction of tsx's time. */
export async function bundleWriter(dir: string): Promise<string> {
	const outfile = join(dir, 'crash-writer.mjs');
	await build({
		entryPoints: [WRITER_SOURCE],
		outfile,
		bundle: true,
		platform: 'node',
		format: 'esm',
		target: 'node20',
		// Native and optional-native packages stay outside; node finds them through the link below.
		external: ['better-sqlite3', 'pg'],
		logLevel: 'error'
	});
	symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
	return outfile;
}

/** A migrated file with the one account every unit names as its author; returns that account's id. */
export async function prepareWriterFile(file: string): Promise<string> {
	const db = createDb(file);
	try {
		await migrateToLatest(db);
		const userId = 'crash-writer';
		await db
			.insertInto('app_user')
			.values({
				id: userId,
				username: userId,
				display_name: 'Crash writer',
				role: 'admin',
				password_hash: null,
				created_at: new Date().toISOString(),
				disabled_at: null
			})
			.execute();
		return userId;
	} finally {
		await db.destroy();
	}
}

interface RunResult {
	acks: string[];
	problem?: string;
}

export interface RunningWriter {
	/** Ids acknowledged so far, in order; grows while the writer runs. */
	readonly acks: readonly string[];
	/** Resolves when the writer says it has opened the database. */
	readonly ready: Promise<void>;
	/** Kills the writer with SIGKILL; resolves once its last ack has been read. */
	kill(): Promise<RunResult>;
	/** Resolves when the writer has ended, however it ended. */
	readonly ended: Promise<RunResult>;
}

/** Starts a crash writer on `file` (made by prepareWriterFile) that writes until it is killed. */
export function startWriter(writer: string, file: string, userId: string, fault?: CrashFault): RunningWriter {
	const child = spawn(process.execPath, [writer, file, userId], {
		stdio: ['ignore', 'pipe', 'pipe'],
		env: { ...process.env, CRASH_WRITER_FAULT: fault ?? '' }
	});
	const acks: string[] = [];
	let pending = '';
	let stderr = '';
	let killedByUs = false;
	let becameReady!: () => void;
	const ready = new Promise<void>((resolve) => {
		becameReady = resolve;
	});
	child.stdout.setEncoding('utf8');
	child.stdout.on('data', (chunk: string) => {
		const lines = (pending + chunk).split('\n');
		// A line without its newline yet: its end comes in the next chunk.
		pending = lines.pop() ?? '';
		for (const line of lines) {
			if (line.startsWith('ack ')) acks.push(line.slice(4));
			else if (line.startsWith('ready')) becameReady();
		}
	});
	child.stderr.on('data', (chunk: Buffer) => {
		stderr = (stderr + chunk.toString()).slice(-2_000);
	});
	// 'close', not 'exit': every byte the writer put in the pipe has been read by then.
	const ended = new Promise<RunResult>((done) => {
		child.on('close', (code, signal) => {
			// A writer that died before it was ready must not leave anyone waiting for it.
			becameReady();
			if (signal === 'SIGKILL' && killedByUs) done({ acks });
			else done({ acks, problem: `writer ended by itself (code ${code}, signal ${signal}): ${stderr.trim()}` });
		});
	});
	return {
		acks,
		ready,
		ended,
		kill() {
			killedByUs = true;
			child.kill('SIGKILL');
			return ended;
		}
	};
}

/** One writer, killed with SIGKILL at a random moment after it is ready. */
async function killedRun(writer: string, file: string, userId: string, maxDelayMs: number, fault?: CrashFault): Promise<RunResult> {
	const running = startWriter(writer, file, userId, fault);
	let late = false;
	const notReady = setTimeout(() => {
		late = true;
		void running.kill();
	}, 30_000);
	await running.ready;
	clearTimeout(notReady);
	setTimeout(() => void running.kill(), Math.random() * maxDelayMs);
	const result = await running.ended;
	return late ? { ...result, problem: result.problem ?? 'writer was not ready within 30 s' } : result;
}

function walBytes(file: string): number {
	try {
		return statSync(`${file}-wal`).size;
	} catch {
		return 0;
	}
}

/** Runs the campaign: `runs` SIGKILLs spread over `lanes` files, each checked as it goes. */
export async function runCrashCampaign(options: CrashOptions): Promise<CrashReport> {
	const started = performance.now();
	const lanes = Math.max(1, Math.min(options.lanes ?? 2, options.runs));
	const maxDelayMs = options.maxDelayMs ?? 200;
	const dir = mkdtempSync(join(tmpdir(), 'common-ground-crash-'));
	const report: CrashReport = {
		runs: 0,
		acknowledged: 0,
		lost: 0,
		halfWritten: 0,
		integrityProblems: [],
		committedNotAcknowledged: 0,
		walLeftBehind: 0,
		writerFailures: [],
		elapsedMs: 0
	};
	let nextRun = 0;

	async function lane(index: number, writer: string): Promise<void> {
		const file = join(dir, `lane-${index}.sqlite`);
		const userId = await prepareWriterFile(file);
		const acknowledged = new Set<string>();
		const lost = new Set<string>();
		const partial = new Set<string>();
		let unchecked = false;

		const check = async () => {
			const db = createDb(file);
			try {
				const result = await checkCrashedDatabase(db, acknowledged);
				// Counted once per unit, though every later check sees the same unit again.
				for (const id of result.lost) lost.add(id);
				for (const id of result.partial) partial.add(id);
				report.integrityProblems.push(...result.integrity.map((p) => `lane ${index}: ${p}`));
				return result;
			} finally {
				await db.destroy();
			}
		};

		let runsHere = 0;
		while (nextRun < options.runs) {
			nextRun += 1;
			runsHere += 1;
			const run = await killedRun(writer, file, userId, maxDelayMs, options.fault);
			report.runs += 1;
			for (const id of run.acks) acknowledged.add(id);
			report.acknowledged += run.acks.length;
			if (run.problem) report.writerFailures.push(`lane ${index}: ${run.problem}`);
			if (walBytes(file) > 0) report.walLeftBehind += 1;
			// Every second run the next writer opens the crashed file itself, so recovery from a
			// killed writer's log happens in the app's open as well as in the checker's.
			unchecked = runsHere % 2 === 1;
			if (!unchecked) await check();
			options.progress?.(`run ${report.runs}: ${run.acks.length} acknowledged`);
		}
		const last = await check();
		report.committedNotAcknowledged += last.unacknowledged;
		report.halfWritten += partial.size + last.orphanRows;
		report.lost += lost.size;
	}

	try {
		const writer = await bundleWriter(dir);
		await Promise.all(Array.from({ length: lanes }, (_, i) => lane(i, writer)));
	} finally {
		rmSync(dir, { recursive: true, force: true });
	}
	report.elapsedMs = performance.now() - started;
	return report;
}

/** "durability: 200 SIGKILL runs, 3,512 acknowledged transactions, 0 lost, 0 half-written, integrity ok …" */
export function summarise(report: CrashReport): string {
	const n = (value: number) => value.toLocaleString('en-GB');
	const integrity = report.integrityProblems.length === 0 ? 'integrity ok' : `${n(report.integrityProblems.length)} integrity problems`;
	return (
		`durability: ${n(report.runs)} SIGKILL runs, ${n(report.acknowledged)} acknowledged transactions, ` +
		`${n(report.lost)} lost, ${n(report.halfWritten)} half-written, ${integrity} ` +
		`(${n(report.walLeftBehind)} runs left a WAL to recover, ${n(report.committedNotAcknowledged)} committed just before the kill and not acknowledged, ` +
		`${n(report.writerFailures.length)} writer failures; ${(report.elapsedMs / 1000).toFixed(1)} s)`
	);
}
