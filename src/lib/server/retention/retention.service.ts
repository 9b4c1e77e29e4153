import { ukToday } from '../clock';
import type { DB, Executor } from '../db';
import type { RestrictionReason } from '../db/schema';
import { toTimestamp } from '../ids';
import {
	RETENTION_TABLES,
	deleteFamilyRecord,
	findRecordStatus,
	listFamiliesWithSupportEnded,
	setRestriction,
	setSupportEndedOn,
	type RetentionCounts
} from './retention.repository';

export { RETENTION_TABLES, type RetentionCounts } from './retention.repository';
export type { RestrictionReason } from '../db/schema';

// Restriction and retention. A family's record is kept for a fixed number of years after support
// ends (CG_RETENTION_YEARS, 6 by default: see README), then deleted whole by `npm run retention`.
// While it is kept, the admin can place it under restriction, such as when the family asked for it
// to be erased before the retention period is over: nobody changes it and staff no longer open it.

export const RESTRICTION_REASONS: readonly RestrictionReason[] = ['erasure_request', 'accuracy_contested', 'objection', 'legal_claim'];

/**
 * Restrictions the retention job respects by keeping the record past its date. Only a record kept
 * for a legal claim outlives its retention date: an erasure request asks for exactly the deletion
 * that retention brings, and a contested or objected-to record has no reason left to be kept.
 */
export const RESTRICTIONS_THAT_HOLD: readonly RestrictionReason[] = ['legal_claim'];

export const DEFAULT_RETENTION_YEARS = 6;

/** The retention period from the environment (whole years, 1 to 100), or the default. */
export function retentionYears(value: string | undefined): number {
	if (value === undefined || value.trim() === '') return DEFAULT_RETENTION_YEARS;
	const years = Number(value);
	if (!Number.isInteger(years) || years < 1 || years > 100) {
		throw new Error(`CG_RETENTION_YEARS must be a whole number of years from 1 to 100, not "${value}"`);
	}
	return years;
}

/** The retention period this process runs with (CG_RETENTION_YEARS). */
export function configuredRetentionYears(env: Readonly<Record<string, string | undefined>> = process.env): number {
	return retentionYears(env.CG_RETENTION_YEARS);
}

/** The last day a record is kept: `years` after support ended (29 February moves to 28 February). */
export function retainUntil(supportEndedOn: string, years: number): string {
	const [y, m, d] = supportEndedOn.split('-').map(Number) as [number, number, number];
	const lastDay = new Date(Date.UTC(y + years, m, 0)).getUTCDate();
	return `${String(y + years).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, lastDay)).padStart(2, '0')}`;
}

/** Whether a family's record is on hold, why and since when, and when its support ended. */
export interface RecordStatus {
	restrictedAt: string | null;
	restrictionReason: RestrictionReason | null;
	supportEndedOn: string | null;
}

/** The family's record status; null when there is no such family. */
export async function getRecordStatus(db: Executor, familyId: string): Promise<RecordStatus | null> {
	const row = await findRecordStatus(db, familyId);
	return row
		? { restrictedAt: row.restricted_at, restrictionReason: row.restriction_reason, supportEndedOn: row.support_ended_on }
		: null;
}

export async function restrictFamily(db: Executor, familyId: string, reason: RestrictionReason, now = new Date()): Promise<void> {
	await setRestriction(db, familyId, { restricted_at: toTimestamp(now), restriction_reason: reason });
}

export async function liftRestriction(db: Executor, familyId: string): Promise<void> {
	await setRestriction(db, familyId, null);
}

/** Records when support ended (or, with null, that it goes on), which sets when retention runs. */
export async function recordSupportEnded(db: Executor, familyId: string, date: string | null): Promise<void> {
	await setSupportEndedOn(db, familyId, date);
}

export interface RetentionFamily {
	id: string;
	name: string;
	supportEndedOn: string;
	retainUntil: string;
	restrictionReason: RestrictionReason | null;
}

export interface RetentionReport {
	today: string;
	years: number;
	dryRun: boolean;
	/** Deleted (or, in a dry run, that would be), each with its rows per table. */
	deleted: (RetentionFamily & { counts: RetentionCounts | null })[];
	/** Past their date but kept, because of a restriction that holds. */
	held: RetentionFamily[];
	totals: RetentionCounts;
}

export interface RetentionOptions {
	years: number;
	/** The clock, injectable so tests can move time. */
	now?: () => Date;
	dryRun?: boolean;
}

/**
 * Deletes every family past its retention date, one transaction per family, so a failure part way
 * leaves each family either whole or gone. Past its date means the UK date today is after the
 * last day it is kept.
 */
export async function runRetention(db: DB, options: RetentionOptions): Promise<RetentionReport> {
	const today = ukToday((options.now ?? (() => new Date()))());
	const totals = Object.fromEntries(RETENTION_TABLES.map((t) => [t, 0])) as RetentionCounts;
	const report: RetentionReport = { today, years: options.years, dryRun: Boolean(options.dryRun), deleted: [], held: [], totals };
	for (const row of await listFamiliesWithSupportEnded(db)) {
		const family: RetentionFamily = {
			id: row.id,
			name: row.name,
			supportEndedOn: row.support_ended_on,
			retainUntil: retainUntil(row.support_ended_on, options.years),
			restrictionReason: row.restriction_reason
		};
		if (today <= family.retainUntil) continue;
		if (family.restrictionReason && RESTRICTIONS_THAT_HOLD.includes(family.restrictionReason)) {
			report.held.push(family);
			continue;
		}
		if (options.dryRun) {
			report.deleted.push({ ...family, counts: null });
			continue;
		}
		const counts = await db.transaction().execute((trx) => deleteFamilyRecord(trx, family.id));
		for (const table of RETENTION_TABLES) totals[table] += counts[table];
		report.deleted.push({ ...family, counts });
	}
	return report;
}
