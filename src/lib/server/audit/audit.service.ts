import type { Executor } from '../db';
import type { AuditAction, AuditKind, AuditOutcome, NewAuditEvent, Role } from '../db/schema';
import { isStaffRole } from '../auth/session-policy';
import { ukToday } from '../clock';
import { newId, toTimestamp } from '../ids';
import {
	findFamiliesOfUsers,
	insertAuditEvents,
	listFamilyStaffEvents,
	type AuditCursor,
	type AuditEventWithNames
} from './audit.repository';

// The audit trail: who read or changed a family's record, when, and whether it went through.
// Pages never write rows themselves. The policy module notes each family a request reaches
// (AuditTrail, on locals), and the `audit` handle writes one row per family once the answer is
// known: reads by staff, and changes by anyone. Never content, tokens or what was typed.

export const AUDIT_KINDS = ['family', 'plan', 'views', 'workers', 'handover', 'feedback', 'account'] as const satisfies readonly AuditKind[];
export const AUDIT_ACTIONS = ['read', 'change'] as const satisfies readonly AuditAction[];
export const AUDIT_OUTCOMES = ['done', 'refused', 'invalid', 'failed'] as const satisfies readonly AuditOutcome[];

/** Records that belong to one person: only that person sees them in the family's log. */
const PERSONAL_KINDS: readonly AuditKind[] = ['views', 'feedback'];

interface AuditTouch {
	familyId: string | null;
	relation: string | null;
	subjectUserId: string | null;
	serviceId: string | null;
	kind: AuditKind | null;
}

/** What one request reached, noted by the policy module as it grants or refuses. */
export class AuditTrail {
	readonly #touches = new Map<string, AuditTouch>();
	#kind: AuditKind | null = null;

	/** What kind of record the request is about, where its route says otherwise (a sign-in code made on a family's page). */
	about(kind: AuditKind): void {
		this.#kind = kind;
	}

	/** The kind set by `about`, if any. */
	get kind(): AuditKind | null {
		return this.#kind;
	}

	#add(touch: AuditTouch): void {
		const key = [touch.familyId, touch.subjectUserId, touch.serviceId, touch.kind].join('|');
		if (!this.#touches.has(key)) this.#touches.set(key, touch);
	}

	/** A family's record, reached (or refused) as `relation` (null: no part in the family). */
	family(familyId: string, relation: string | null): void {
		this.#add({ familyId, relation, subjectUserId: null, serviceId: null, kind: null });
	}

	/** One person's record inside the family (a young person's views): they alone see it in the log. */
	person(familyId: string, relation: string | null, subjectUserId: string): void {
		this.#add({ familyId, relation, subjectUserId, serviceId: null, kind: null });
	}

	/**
	 * What families said about a service: the whole page (author null), or one rating. A named
	 * rating is its author's record (their family is found when the row is written); an anonymous
	 * one is recorded against the service only, so the trail never says whose it is.
	 */
	feedback(serviceId: string, authorUserId: string | null): void {
		this.#add({ familyId: null, relation: null, subjectUserId: authorUserId, serviceId, kind: 'feedback' });
	}

	/**
	 * The touches to record. A family or service reached through one person's record in it is not
	 * recorded a second time as a whole.
	 */
	touches(): AuditTouch[] {
		const all = [...this.#touches.values()];
		const personal = all.filter((t) => t.subjectUserId !== null);
		return all.filter((t) => {
			if (t.subjectUserId !== null) return true;
			if (t.serviceId !== null) return !personal.some((o) => o.serviceId === t.serviceId);
			return !personal.some((o) => o.familyId === t.familyId);
		});
	}
}

const KIND_BY_ROUTE: readonly [RegExp, AuditKind][] = [
	[/^\/family\/\[familyId\]\/plan(\/|$)/, 'plan'],
	[/^\/family\/\[familyId\]\/views(\/|$)/, 'views'],
	[/^\/family\/\[familyId\]\/workers(\/|$)/, 'workers'],
	[/^\/family\/\[familyId\]\/handover(\/|$)/, 'handover'],
	[/^\/handovers\//, 'handover'],
	[/^\/services\/\[serviceId\]\//, 'feedback']
];

/** What kind of record a route shows, from its id ("/family/[familyId]/plan/edit" → plan). */
export function kindForRoute(routeId: string | null): AuditKind {
	for (const [pattern, kind] of KIND_BY_ROUTE) if (routeId && pattern.test(routeId)) return kind;
	return 'family';
}

export function outcomeForStatus(status: number): AuditOutcome {
	if (status < 400) return 'done';
	if (status === 401 || status === 403 || status === 404 || status === 405) return 'refused';
	if (status < 500) return 'invalid';
	return 'failed';
}

/**
 * A form action sent by `use:enhance` is answered 200 with JSON that says what happened
 * ({ type: 'failure', status: 400 }); anything else by its status.
 */
export async function outcomeOf(request: Request, response: Response): Promise<AuditOutcome> {
	const enhanced = request.headers.get('x-sveltekit-action') === 'true';
	if (!enhanced || response.status !== 200 || !response.headers.get('content-type')?.includes('json')) {
		return outcomeForStatus(response.status);
	}
	try {
		const body = (await response.clone().json()) as { type?: string; status?: number };
		if (body.type === 'success' || body.type === 'redirect') return 'done';
		return outcomeForStatus(typeof body.status === 'number' ? body.status : 500);
	} catch {
		return 'failed';
	}
}

export interface AuditRequest {
	requestId: string;
	user: { id: string; role: Role };
	method: string;
	routeId: string | null;
	/** `?/reply` → "reply": a form action's name. */
	search: string;
	at: Date;
}

export function isRead(method: string): boolean {
	return method === 'GET' || method === 'HEAD' || method === 'OPTIONS';
}

/** Whether a request is recorded at all: every change, and reads by staff. */
export function shouldRecord(method: string, role: Role): boolean {
	return !isRead(method) || isStaffRole(role);
}

function actionName(search: string): string {
	if (!search.startsWith('?/')) return 'default';
	return search.slice(2).split('&')[0] || 'default';
}

/** Writes one row per family (or service) the request reached. */
export async function recordAudit(
	db: Executor,
	request: AuditRequest,
	trail: AuditTrail,
	outcome: AuditOutcome
): Promise<number> {
	const touches = trail.touches();
	if (touches.length === 0) return 0;
	const read = isRead(request.method);
	const staffUserId = isStaffRole(request.user.role) ? request.user.id : null;
	// A named rating's family: the family its author belongs to.
	const unplaced = touches.filter((t) => t.familyId === null && t.subjectUserId !== null).map((t) => t.subjectUserId!);
	const familyOf = unplaced.length > 0 ? await findFamiliesOfUsers(db, unplaced) : new Map<string, string>();
	const routeKind = trail.kind ?? kindForRoute(request.routeId);
	const events: NewAuditEvent[] = touches.map((touch) => ({
		id: newId(),
		at: toTimestamp(request.at),
		request_id: request.requestId,
		actor_user_id: request.user.id,
		actor_role: request.user.role,
		actor_service_id: null,
		relation: touch.relation,
		family_id: touch.familyId ?? (touch.subjectUserId ? (familyOf.get(touch.subjectUserId) ?? null) : null),
		subject_user_id: touch.subjectUserId,
		service_id: touch.serviceId,
		kind: touch.kind ?? routeKind,
		action: read ? 'read' : 'change',
		outcome,
		route: request.routeId ?? '(none)',
		detail: read ? null : actionName(request.search)
	}));
	await insertAuditEvents(db, events, staffUserId);
	return events.length;
}

// The family's own view of the trail, in plain words.

export type AccessLogRelation = 'lead' | 'team' | 'manager' | 'admin' | 'staff';

export interface AccessLogEntry {
	actorName: string | null;
	relation: AccessLogRelation;
	kind: AuditKind;
	action: AuditAction;
	serviceName: string | null;
	/** How many times that day. */
	count: number;
	/** The latest time that day (ISO). */
	lastAt: string;
}

export interface AccessLogDay {
	/** The day in the UK (YYYY-MM-DD). */
	day: string;
	entries: AccessLogEntry[];
}

export interface AccessLogPage {
	days: AccessLogDay[];
	/** Cursor for the next, older page ("<at>~<id>"), if there is one. */
	older: string | null;
}

const LOG_PAGE_ROWS = 300;

function toRelation(relation: string | null, role: Role): AccessLogRelation {
	if (relation === 'lead' || relation === 'team' || relation === 'manager' || relation === 'admin') return relation;
	return role === 'admin' ? 'admin' : role === 'manager' ? 'manager' : 'staff';
}

/** Whether a family member may see this row: their views and ratings are theirs alone. */
function visibleTo(row: AuditEventWithNames, viewerId: string): boolean {
	if (PERSONAL_KINDS.includes(row.kind)) return row.subject_user_id === viewerId;
	return row.subject_user_id === null || row.subject_user_id === viewerId;
}

export function parseCursor(value: string | null): AuditCursor | undefined {
	const match = value ? /^(\d{4}-\d{2}-\d{2}T[\d:.]+Z)~([a-z0-9]{1,64})$/.exec(value) : null;
	return match ? { at: match[1]!, id: match[2]! } : undefined;
}

/**
 * Who from outside the family (workers, managers, the administrator) looked at or changed the
 * family's record, grouped by day, person and what they did. A young person's views and anyone's
 * ratings show only to the person they belong to.
 */
export async function familyAccessLog(
	db: Executor,
	familyId: string,
	viewerId: string,
	before?: AuditCursor
): Promise<AccessLogPage> {
	const rows = await listFamilyStaffEvents(db, familyId, { limit: LOG_PAGE_ROWS, before });
	const days: AccessLogDay[] = [];
	const byKey = new Map<string, AccessLogEntry>();
	for (const row of rows) {
		if (!visibleTo(row, viewerId)) continue;
		const day = ukToday(new Date(row.at));
		const key = [day, row.actor_user_id, row.relation, row.kind, row.action, row.service_id].join('|');
		const found = byKey.get(key);
		if (found) {
			found.count += 1;
			continue;
		}
		const entry: AccessLogEntry = {
			actorName: row.actor_name,
			relation: toRelation(row.relation, row.actor_role),
			kind: row.kind,
			action: row.action,
			serviceName: row.service_name,
			count: 1,
			lastAt: row.at
		};
		byKey.set(key, entry);
		const last = days.at(-1);
		if (last?.day === day) last.entries.push(entry);
		else days.push({ day, entries: [entry] });
	}
	const last = rows.at(-1);
	return { days, older: rows.length === LOG_PAGE_ROWS && last ? `${last.at}~${last.id}` : null };
}
