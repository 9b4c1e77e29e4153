import {
	LIMITS,
	checkRequired,
	textField,
	validateDate,
	validateOneOf,
	validatePastDate,
	type FieldErrors
} from './forms';

// Parsing and checking the plan's forms. Browser-safe and free of database types, so the same
// rules can run anywhere; the server is the one that enforces them. Errors are i18n keys.

export const OUTCOME_AREA_CODES = [
	'being_healthy',
	'staying_safe',
	'enjoying_achieving',
	'positive_contribution',
	'economic_wellbeing'
] as const;

export const POSITION_CODES = ['agree', 'not_sure', 'disagree'] as const;

interface Parsed<V> {
	values: V;
	errors: FieldErrors;
}

function optionalText(errors: FieldErrors, field: string, value: string, max: number, key: string): void {
	if (value.length > max) errors[field] = key;
}

/** A version number a form carried back ("the goal as I saw it"); -1 when missing or garbled. */
export function versionField(form: FormData, name = 'version'): number {
	const value = textField(form, name);
	return /^\d{1,9}$/.test(value) ? Number(value) : -1;
}

export interface SummaryValues {
	goingWell: string;
	worriedAbout: string;
	needsToHappen: string;
}

export function parseSummary(form: FormData): Parsed<SummaryValues> {
	const values = {
		goingWell: textField(form, 'goingWell'),
		worriedAbout: textField(form, 'worriedAbout'),
		needsToHappen: textField(form, 'needsToHappen')
	};
	const errors: FieldErrors = {};
	for (const field of ['goingWell', 'worriedAbout', 'needsToHappen'] as const) {
		optionalText(errors, field, values[field], LIMITS.planText, 'plan:errors.text_too_long');
	}
	return { values, errors };
}

export interface GoalValues {
	title: string;
	whyItMatters: string;
	howWeKnow: string;
	outcomeArea: string;
}

export function parseGoal(form: FormData): Parsed<GoalValues> {
	const values = {
		title: textField(form, 'title'),
		whyItMatters: textField(form, 'whyItMatters'),
		howWeKnow: textField(form, 'howWeKnow'),
		outcomeArea: textField(form, 'outcomeArea')
	};
	const errors: FieldErrors = {};
	checkRequired(errors, 'title', values.title, 'plan:errors.title', LIMITS.goalTitle);
	optionalText(errors, 'whyItMatters', values.whyItMatters, LIMITS.planText, 'plan:errors.text_too_long');
	optionalText(errors, 'howWeKnow', values.howWeKnow, LIMITS.planText, 'plan:errors.text_too_long');
	validateOneOf(errors, 'outcomeArea', values.outcomeArea, OUTCOME_AREA_CODES, 'plan:errors.outcome_area');
	return { values, errors };
}

export interface PositionValues {
	position: string;
	reason: string;
}

export function parsePosition(form: FormData): Parsed<PositionValues> {
	const values = { position: textField(form, 'position'), reason: textField(form, 'reason') };
	const errors: FieldErrors = {};
	validateOneOf(errors, 'position', values.position, POSITION_CODES, 'plan:errors.position');
	if (values.position === 'disagree' && !values.reason) errors.reason = 'plan:errors.reason_required';
	else optionalText(errors, 'reason', values.reason, LIMITS.reason, 'plan:errors.reason_too_long');
	return { values, errors };
}

export interface CheckinValues {
	score: string;
	comment: string;
}

export function parseCheckin(form: FormData): Parsed<CheckinValues> {
	const values = { score: textField(form, 'score'), comment: textField(form, 'comment') };
	const errors: FieldErrors = {};
	if (!values.score) errors.score = 'plan:errors.score_required';
	else if (!/^\d{1,2}$/.test(values.score) || Number(values.score) > 10) errors.score = 'plan:errors.score_range';
	optionalText(errors, 'comment', values.comment, LIMITS.reason, 'plan:errors.text_too_long');
	return { values, errors };
}

export interface ActionValues {
	description: string;
	owner: string;
	serviceName: string;
	dueDate: string;
}

/** `owner` is `member:<id>`, `worker:<id>` or `service` (with the service's name typed in). */
export function parseAction(form: FormData): Parsed<ActionValues> {
	const values = {
		description: textField(form, 'description'),
		owner: textField(form, 'owner'),
		serviceName: textField(form, 'serviceName'),
		dueDate: textField(form, 'dueDate')
	};
	const errors: FieldErrors = {};
	checkRequired(errors, 'description', values.description, 'plan:errors.action', LIMITS.actionDescription);
	if (!/^(member|worker):[a-z0-9]+$|^service$/.test(values.owner)) errors.owner = 'plan:errors.owner';
	else if (values.owner === 'service') {
		checkRequired(errors, 'serviceName', values.serviceName, 'plan:errors.service_name', LIMITS.serviceName);
	}
	validateDate(errors, 'dueDate', values.dueDate);
	return { values, errors };
}

/** The date an action was done: today's by default, never in the future. */
export function parseDoneOn(form: FormData, field: string, today: Date): Parsed<{ doneOn: string }> {
	const values = { doneOn: textField(form, 'doneOn') };
	const errors: FieldErrors = {};
	if (!values.doneOn) errors[field] = 'common:validation.date.required';
	else validatePastDate(errors, field, values.doneOn, today);
	return { values, errors };
}

export interface ReviewValues {
	date: string;
	place: string;
}

export function parseReview(form: FormData): Parsed<ReviewValues> {
	const values = { date: textField(form, 'date'), place: textField(form, 'place') };
	const errors: FieldErrors = {};
	validateDate(errors, 'date', values.date);
	checkRequired(errors, 'place', values.place, 'plan:errors.place', LIMITS.place);
	return { values, errors };
}

/** One required piece of text (a reply, an agenda item, what was decided). */
export function parseRequiredText(
	form: FormData,
	name: string,
	field: string,
	key: string,
	max: number
): Parsed<{ text: string }> {
	const values = { text: textField(form, name) };
	const errors: FieldErrors = {};
	checkRequired(errors, field, values.text, key, max);
	return { values, errors };
}

export const STATUS_CODES = ['suggested', 'agreed', 'working_on', 'done', 'stopped'] as const;

export function parseStatus(form: FormData): Parsed<{ status: string; stoppedReason: string }> {
	const values = { status: textField(form, 'status'), stoppedReason: textField(form, 'stoppedReason') };
	const errors: FieldErrors = {};
	validateOneOf(errors, 'status', values.status, STATUS_CODES, 'plan:errors.status');
	if (values.status === 'stopped') {
		checkRequired(errors, 'stoppedReason', values.stoppedReason, 'plan:errors.stopped_reason', LIMITS.reason);
	}
	return { values, errors };
}
