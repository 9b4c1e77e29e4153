import type { Migration } from 'kysely';
import * as createCoreTables from './2026_11_22_000100_create_core_tables';
import * as createPlanTables from './2026_11_23_000100_create_plan_tables';
import * as createWorkerTables from './2026_11_23_000200_create_worker_tables';
import * as createViewTables from './2026_11_23_000300_create_view_tables';
import * as createDirectoryTables from './2026_11_23_000400_create_directory_tables';
import * as addSessionActivity from './2026_11_23_000500_add_session_activity';
import * as addTwoFactor from './2026_11_24_000100_add_two_factor';
import * as createAuditEvents from './2026_11_24_000100_create_audit_events';
import * as addFamilyRestrictionRetention from './2026_11_24_000210_add_family_restriction_retention';
import * as createNewsAndOutbox from './2026_11_24_000300_create_news_and_outbox';
import * as createServiceRequests from './2026_11_24_000400_create_service_requests';
import * as addHotPathIndexes from './2026_11_24_000500_add_hot_path_indexes';

// Every migration, by name, in the order written. A static list (rather than reading the folder)
// works the same in the bundled server, the CLI and the tests; a unit test checks that every file
// in this folder is listed here.
export const migrations: Record<string, Migration> = {
	'2026_11_22_000100_create_core_tables': createCoreTables,
	'2026_11_23_000100_create_plan_tables': createPlanTables,
	'2026_11_23_000200_create_worker_tables': createWorkerTables,
	'2026_11_23_000300_create_view_tables': createViewTables,
	'2026_11_23_000400_create_directory_tables': createDirectoryTables,
	'2026_11_23_000500_add_session_activity': addSessionActivity,
	'2026_11_24_000100_add_two_factor': addTwoFactor,
	'2026_11_24_000100_create_audit_events': createAuditEvents,
	'2026_11_24_000210_add_family_restriction_retention': addFamilyRestrictionRetention,
	'2026_11_24_000300_create_news_and_outbox': createNewsAndOutbox,
	'2026_11_24_000400_create_service_requests': createServiceRequests,
	'2026_11_24_000500_add_hot_path_indexes': addHotPathIndexes
};
