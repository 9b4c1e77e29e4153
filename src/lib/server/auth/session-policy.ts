import type { Role } from '../db/schema';

// How long a session lives, by who holds it. Pure: every decision takes the times it needs, so the
// rules are tested with a clock of the test's choosing.
//
// Staff (workers, managers, administrators) see many families' information, often on shared
// office computers: their sessions end after 30 minutes with nothing happening, and 12 hours after
// signing in whatever happens. Families and young people sign in on their own phones and should not
// have to sign in again every visit: their sessions slide, ending after 30 days unused, and 90
// days after signing in at the latest. They can end every session at once ("sign out everywhere").

const MINUTE_MS = 60 * 1000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;

export interface SessionLimits {
	/** Ends after this long unused. */
	idleMs: number;
	/** Ends this long after sign-in, however much it is used. */
	absoluteMs: number;
}

export const STAFF_LIMITS: SessionLimits = { idleMs: 30 * MINUTE_MS, absoluteMs: 12 * HOUR_MS };
export const FAMILY_LIMITS: SessionLimits = { idleMs: 30 * DAY_MS, absoluteMs: 90 * DAY_MS };

/**
 * `last_used_at` is written at most this often, not on every request. The idle deadline can then
 * be up to this much earlier than "30 minutes after the last click": it errs on the safe side.
 */
export const TOUCH_INTERVAL_MS = MINUTE_MS;

const STAFF_ROLES: ReadonlySet<Role> = new Set<Role>(['worker', 'manager', 'admin']);

export function isStaffRole(role: Role): boolean {
	return STAFF_ROLES.has(role);
}

/** Test servers only: see staffIdleOverrideMs. */
export const STAFF_IDLE_ENV = 'CG_TEST_STAFF_IDLE_MINUTES';

/**
 * TEST-ONLY. The e2e suite shares one signed-in session per staff account for a run that lasts
 * longer than 30 minutes, with long stretches where a given account does nothing; its server is
 * started with CG_TEST_STAFF_IDLE_MINUTES so those sessions do not idle out mid-run. Never set it
 * anywhere else. The rules themselves are tested with the real limits and an injected clock.
 */
export function staffIdleOverrideMs(env: Record<string, string | undefined> = process.env): number | undefined {
	const raw = env[STAFF_IDLE_ENV];
	if (raw === undefined || raw === '') return undefined;
	const minutes = Number(raw);
	if (!Number.isInteger(minutes) || minutes < 1) throw new Error(`${STAFF_IDLE_ENV} must be a whole number of minutes`);
	return minutes * MINUTE_MS;
}

export function limitsFor(role: Role, staffIdleMs?: number): SessionLimits {
	if (!isStaffRole(role)) return FAMILY_LIMITS;
	return staffIdleMs === undefined ? STAFF_LIMITS : { ...STAFF_LIMITS, idleMs: staffIdleMs };
}

export interface SessionDeadlines {
	idleExpiresAt: Date;
	absoluteExpiresAt: Date;
	/** The earlier of the two: when the session ends unless used before then. */
	expiresAt: Date;
	/** True when using the session before `expiresAt` would move it (the idle deadline comes first). */
	extendable: boolean;
}

export function sessionDeadlines(limits: SessionLimits, createdAt: Date, lastUsedAt: Date): SessionDeadlines {
	const idleExpiresAt = new Date(lastUsedAt.getTime() + limits.idleMs);
	const absoluteExpiresAt = new Date(createdAt.getTime() + limits.absoluteMs);
	const extendable = idleExpiresAt.getTime() < absoluteExpiresAt.getTime();
	return { idleExpiresAt, absoluteExpiresAt, expiresAt: extendable ? idleExpiresAt : absoluteExpiresAt, extendable };
}

/** A session is over at its deadline exactly. */
export function isExpired(deadlines: SessionDeadlines, now: Date): boolean {
	return now.getTime() >= deadlines.expiresAt.getTime();
}

/** Whether this use should be written down (at most once a minute per session). */
export function shouldTouch(lastUsedAt: Date, now: Date): boolean {
	return now.getTime() - lastUsedAt.getTime() >= TOUCH_INTERVAL_MS;
}
