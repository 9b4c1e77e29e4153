import type { DB } from '$lib/server/db';
import type { Session } from '$lib/server/auth/session.service';
import type { AuditTrail } from '$lib/server/audit/audit.service';
import type { User } from '$lib/server/users/users.service';
import type { Locale, Namespace, TextDirection } from '$lib/i18n/locales';
import type { TFunction } from '$lib/i18n';

declare global {
	/** Each page's namespaces by route id, filled in by vite.config.ts (src/lib/i18n/route-namespaces.ts). */
	const __ROUTE_NAMESPACES__: Readonly<Record<string, readonly Namespace[]>>;

	namespace App {
		interface Error {
			message: string;
			/** Quoted to support staff to find the log entry; never a stack trace. */
			id?: string;
		}
		interface Locals {
			requestId: string;
			db: DB;
			user: User | null;
			session: Session | null;
			locale: Locale;
			/** Tests only (CG_PSEUDO_LOCALE=1): `locale`'s text pseudo-localised, see i18n/pseudo.ts. */
			pseudoLocale: boolean;
			dir: TextDirection;
			t: TFunction;
			/** The families (and records) this request reached, for the audit trail (hooks/handles.ts `audit`). */
			audit: AuditTrail;
		}
		// Set by the root layout for every page; optional here so that page loads need not repeat them.
		interface PageData {
			locale?: Locale;
			t?: TFunction;
		}
	}
}

export {};
