import type { AuditAction, AuditKind, AuditOutcome } from '../db/schema';
import { addDays, ukMidnight } from '../clock';
import type { AuditSearch } from './audit.repository';
import { AUDIT_ACTIONS, AUDIT_KINDS, AUDIT_OUTCOMES, parseCursor } from './audit.service';

// The manager's audit search: a GET form, so a search is a link that can be kept or shared with
// whoever looks into a concern. Errors are i18n keys; what was typed is shown again as typed.

export const AUDIT_PAGE_SIZE = 50;

export interface AuditSearchValues {
	who: string;
	family: string;
	kind: string;
	action: string;
	outcome: string;
	from: string;
	to: string;
}

export interface ParsedAuditSearch {
	values: AuditSearchValues;
	search: AuditSearch;
	/** Field id → i18n key. */
	errors: Record<string, string>;
}

const FIELDS = ['who', 'family', 'kind', 'action', 'outcome', 'from', 'to'] as const;

/** A real calendar date written YYYY-MM-DD, or null. */
function calendarDate(value: string): string | null {
	if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return null;
	const date = new Date(`${value}T00:00:00Z`);
	return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === value ? value : null;
}

function oneOf<T extends string>(value: string, allowed: readonly T[]): T | null {
	return (allowed as readonly string[]).includes(value) ? (value as T) : null;
}

/**
 * `knownPeople` and `knownFamilies` are the choices the form offers: an id from anywhere else (an
 * old link, a typed URL) does not narrow the search to something outside the service.
 */
export function parseAuditSearch(
	params: URLSearchParams,
	serviceId: string,
	knownPeople: ReadonlySet<string>,
	knownFamilies: ReadonlySet<string>
): ParsedAuditSearch {
	const values = Object.fromEntries(FIELDS.map((f) => [f, (params.get(f) ?? '').trim().slice(0, 64)])) as unknown as AuditSearchValues;
	const errors: Record<string, string> = {};
	const from = values.from ? calendarDate(values.from) : null;
	const to = values.to ? calendarDate(values.to) : null;
	if (values.from && !from) errors.from = 'worker:audit.errors.date';
	if (values.to && !to) errors.to = 'worker:audit.errors.date';
	if (from && to && from > to) errors.to = 'worker:audit.errors.order';
	const valid = Object.keys(errors).length === 0;
	return {
		values,
		errors,
		search: {
			serviceId,
			actorUserId: knownPeople.has(values.who) ? values.who : null,
			familyId: knownFamilies.has(values.family) ? values.family : null,
			kind: oneOf<AuditKind>(values.kind, AUDIT_KINDS),
			action: oneOf<AuditAction>(values.action, AUDIT_ACTIONS),
			outcome: oneOf<AuditOutcome>(values.outcome, AUDIT_OUTCOMES),
			// Days are UK days: from its first moment to the last moment of `to`.
			fromAt: valid && from ? ukMidnight(from).toISOString() : null,
			toAt: valid && to ? new Date(ukMidnight(addDays(to, 1)).getTime() - 1).toISOString() : null,
			before: parseCursor(params.get('before')) ?? null,
			limit: AUDIT_PAGE_SIZE + 1
		}
	};
}
