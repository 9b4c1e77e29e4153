import { fail } from '@sveltejs/kit';
import { ViewRuleError } from './views.service';

// Shared by the views routes: who is looking, in the words the pages use, and how the views
// service's refusals come back to the form (with the typing kept).

export type ViewsViewer = 'young_person' | 'family' | 'lead' | 'team' | 'manager';

/** What the policy says about the viewer (its FamilyAccess), as much as the views pages need. */
interface Access {
	user: { role: string };
	relation: 'member' | 'lead' | 'team' | 'manager' | 'admin';
}

export function viewsViewer(access: Access): ViewsViewer {
	switch (access.relation) {
		case 'member':
			return access.user.role === 'young_person' ? 'young_person' : 'family';
		case 'lead':
		case 'team':
		case 'manager':
			return access.relation;
		default:
			// The policy lets nobody else read a family's pages.
			throw new Error(`No views page for ${access.relation}`);
	}
}

/** A rule the view keeps, as a 409 with the message next to `field`; any other error is passed on. */
export function viewRuleFailure(
	err: unknown,
	action: string,
	field: string,
	values: Record<string, string>,
	/** The view's version now, so that "try again" after a change elsewhere can succeed. */
	version?: number
) {
	if (err instanceof ViewRuleError) {
		return fail(409, { action, values, version, errors: { [field]: `views:errors.${err.code}` } });
	}
	throw err;
}
