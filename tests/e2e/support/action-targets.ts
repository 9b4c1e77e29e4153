import type { DemoIds, Person } from './accounts';

// Where each form action is posted, and as whom, for the files that post to every action (fuzz,
// stored script payloads): someone who may, so the input reaches validation and storage, at an
// address made from the demo data's ids. A route added without a line here fails those files.

export type Poster = Person | 'anonymous';

/** Who posts to each route's actions (someone who may, so the fuzz reaches validation), and where. */
export function actionTarget(demo: DemoIds, routeId: string, action: string): { role: Poster; path: string } | undefined {
	const ids: Record<string, string> = {
		familyId: demo.familyA,
		goalId: demo.goalA,
		viewId: ['read', 'reply'].includes(action) ? demo.leoFamily : demo.leoDraft,
		serviceId: demo.familySupportService,
		workerId: demo.workers.jo,
		handoverId: demo.handoverB,
		// Amira's request waiting at the debt advice service; the one she asked Jo to pass on.
		requestId: action === 'pass_on' ? demo.amiraWorkerRequest : demo.amiraDebtRequest
	};
	// Asking for help and a service's requests: the debt advice service, where Kim answers.
	if (/^\/service\/\[serviceId\]\/requests/.test(routeId)) ids.serviceId = demo.debtAdviceService;
	const path = routeId.replace(/\[(\w+)\]/g, (_, name: string) => ids[name] ?? name);
	const roles: Array<[RegExp, Poster]> = [
		[/^\/admin/, 'admin'],
		// A password code for a family member is the lead worker's to make; the family's other action is the family's.
		[/^\/family\/\[familyId\]$/, action === 'resetCode' ? 'jo' : 'amira'],
		[/^\/family\/\[familyId\]\/handover$/, 'jo'],
		[/^\/family\/\[familyId\]\/plan\/(edit|goals\/new)$/, 'amira'],
		[/^\/family\/\[familyId\]\/plan/, 'jo'],
		[/^\/family\/\[familyId\]\/views\/\[viewId\]$/, ['read', 'reply'].includes(action) ? 'jo' : 'leo'],
		[/^\/family\/\[familyId\]\/views/, 'leo'],
		[/^\/handovers\//, 'priya'],
		// Asking for help is a family's; answering the service's question or stopping sharing is the
		// family's too, and passing a request on is the lead worker's.
		[/^\/services\/\[serviceId\]\/ask$/, 'amira'],
		[/^\/family\/\[familyId\]\/requests\/\[requestId\]$/, action === 'pass_on' ? 'jo' : 'amira'],
		[/^\/service\/\[serviceId\]\/requests/, 'kim'],
		[/^\/service\//, 'morgan'],
		[/^\/services\/\[serviceId\]\/rate$/, 'amira'],
		[/^\/services\//, 'morgan'],
		[/^\/workers\//, 'jo'],
		// Your account: amira, who has no sign-in codes (so nothing is turned off or replaced).
		[/^\/account(\/|$)/, 'amira'],
		// Sign-in, its second step, invitations, password codes and signing out: as someone signed out
		// (a fuzzed sign-out must not end a session).
		[/^\/(sign-in|sign-in\/code|sign-out|invite|session|reset-password)$/, 'anonymous']
	];
	const role = roles.find(([pattern]) => pattern.test(routeId))?.[1];
	return role ? { role, path } : undefined;
}
