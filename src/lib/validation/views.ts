import { DEFAULT_VIEW_AUDIENCE, VIEW_AUDIENCES, VIEW_FEELINGS, VIEW_PROMPTS, type ViewAudience, type ViewFeeling, type ViewPrompt } from '$lib/views/views';
import { LIMITS, checkRequired, textField, validateOneOf, type FieldErrors } from './forms';

// The young person's forms: writing a view, choosing who sees it, and the replies that follow.

export interface ViewInput {
	prompt: ViewPrompt;
	feeling: ViewFeeling | null;
	body: string;
	audience: ViewAudience;
}

export function parseAudience(form: FormData, errors: FieldErrors): ViewAudience | null {
	const audience = textField(form, 'audience');
	return validateOneOf(errors, 'audience', audience, VIEW_AUDIENCES, 'views:errors.audience') ? audience : null;
}

/** A new view or a draft being finished. The typing comes back in `values` whatever happens. */
export function parseView(form: FormData) {
	const values = {
		prompt: textField(form, 'prompt'),
		feeling: textField(form, 'feeling'),
		body: textField(form, 'body'),
		audience: textField(form, 'audience') || DEFAULT_VIEW_AUDIENCE
	};
	const errors: FieldErrors = {};
	validateOneOf(errors, 'prompt', values.prompt, VIEW_PROMPTS, 'views:errors.prompt');
	if (values.feeling && !VIEW_FEELINGS.includes(values.feeling as ViewFeeling)) errors.feeling = 'views:errors.feeling';
	checkRequired(errors, 'body', values.body, 'views:errors.body', LIMITS.viewText);
	validateOneOf(errors, 'audience', values.audience, VIEW_AUDIENCES, 'views:errors.audience');
	const input: ViewInput | null =
		Object.keys(errors).length === 0
			? {
					prompt: values.prompt as ViewPrompt,
					feeling: (values.feeling || null) as ViewFeeling | null,
					body: values.body,
					audience: values.audience as ViewAudience
				}
			: null;
	return { values, errors, input };
}

/** A reply in the thread under a view, from the worker or the young person. */
export function parseMessage(form: FormData) {
	const values = { message: textField(form, 'message') };
	const errors: FieldErrors = {};
	checkRequired(errors, 'message', values.message, 'views:errors.message', LIMITS.viewMessage);
	return { values, errors };
}
