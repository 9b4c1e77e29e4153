// Asking a service for help: the shared words and checks, safe for the browser. Errors are i18n
// keys in the `requests` namespace, shown next to the field in the reader's language.

import { checkRequired, hasErrors, textField, type FieldErrors } from '$lib/validation/forms';

/** 'with_worker': asked through the lead worker, who has not passed it on to the service yet. */
export const REQUEST_STATUSES = ['with_worker', 'waiting', 'question', 'accepted', 'declined'] as const;
export type RequestStatus = (typeof REQUEST_STATUSES)[number];

/** Not decided yet: with the family's worker, or with the service. */
export const OPEN_STATUSES: readonly RequestStatus[] = ['with_worker', 'waiting', 'question'];

/** With the service and not decided: what its staff see and may decide. */
export const SERVICE_OPEN_STATUSES: readonly RequestStatus[] = ['waiting', 'question'];

/** Whether the service's staff may know the request exists: not while it is with the worker. */
export function serviceSeesRequest(request: { status: RequestStatus }): boolean {
	return request.status !== 'with_worker';
}

export const REQUEST_ROUTES = ['self', 'worker'] as const;
export type RequestRoute = (typeof REQUEST_ROUTES)[number];

/** The plan's three sections a family may share, besides single goals. */
export const SHARED_SECTIONS = ['going_well', 'worried_about', 'needs_to_happen'] as const;
export type SharedSection = (typeof SHARED_SECTIONS)[number];

export const REQUEST_LIMITS = {
	helpWanted: { min: 10, max: 2000 },
	reason: 1000,
	question: 1000,
	answer: 1000,
	workerNote: 500
} as const;

export const ASKER_ROLES = ['parent_carer', 'young_person'] as const;

export interface AskValues {
	help_wanted: string;
	route: string;
	share: string[];
	action_id: string;
}

export interface AskInput {
	helpWanted: string;
	route: RequestRoute;
	sections: SharedSection[];
	goalIds: string[];
	actionId: string | null;
}

/** Reads the "Ask for help" form. `routes` are the ways this family may ask this service. */
export function parseAsk(
	form: FormData,
	routes: readonly RequestRoute[]
): { values: AskValues; errors: FieldErrors; input: AskInput | null } {
	const values: AskValues = {
		help_wanted: textField(form, 'help_wanted'),
		route: routes.length === 1 ? (routes[0] ?? '') : textField(form, 'route'),
		share: form.getAll('share').filter((v): v is string => typeof v === 'string'),
		action_id: textField(form, 'action_id')
	};
	const errors: FieldErrors = {};
	const help = values.help_wanted;
	if (help.length === 0) errors.help_wanted = 'requests:ask.errors.help_wanted.required';
	else if (help.length < REQUEST_LIMITS.helpWanted.min) errors.help_wanted = 'requests:ask.errors.help_wanted.too_short';
	else if (help.length > REQUEST_LIMITS.helpWanted.max) errors.help_wanted = 'requests:ask.errors.help_wanted.too_long';
	if (!(routes as readonly string[]).includes(values.route)) errors.route = 'requests:ask.errors.route.required';
	const sections = values.share.filter((v): v is SharedSection => (SHARED_SECTIONS as readonly string[]).includes(v));
	const goalIds = values.share.filter((v) => v.startsWith('goal:')).map((v) => v.slice(5));
	if (hasErrors(errors)) return { values, errors, input: null };
	return {
		values,
		errors,
		input: {
			helpWanted: help,
			route: values.route as RequestRoute,
			sections,
			goalIds,
			actionId: values.action_id || null
		}
	};
}

/** One required piece of text from a staff or family form: a reason, a question, an answer. */
export function parseText(
	form: FormData,
	field: 'reason' | 'question' | 'answer'
): { values: Record<string, string>; errors: FieldErrors } {
	const value = textField(form, field);
	const errors: FieldErrors = {};
	checkRequired(errors, field, value, `requests:errors.${field}`, REQUEST_LIMITS[field]);
	return { values: { [field]: value }, errors };
}

/** The lead worker's optional note to the service when passing a request on. */
export function parseWorkerNote(form: FormData): { values: { worker_note: string }; errors: FieldErrors; note: string | null } {
	const value = textField(form, 'worker_note');
	const errors: FieldErrors = {};
	if (value.length > REQUEST_LIMITS.workerNote) errors.worker_note = 'requests:errors.worker_note.too_long';
	return { values: { worker_note: value }, errors, note: value.length > 0 ? value : null };
}

/** Whole days between two instants, rounded down. */
export function daysBetween(from: string, to: string): number {
	return Math.max(0, Math.floor((Date.parse(to) - Date.parse(from)) / 86_400_000));
}

/**
 * Who in the family sees a request: the person who asked, and, when a parent or carer asked, the
 * other parents and carers. A young person's own request is theirs alone (and their worker's).
 */
export function memberSeesRequest(
	viewer: { id: string; role: string },
	request: { asked_by_user_id: string; asker_role: string }
): boolean {
	return request.asked_by_user_id === viewer.id || (request.asker_role === 'parent_carer' && viewer.role === 'parent_carer');
}
