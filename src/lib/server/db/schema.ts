import type { Generated, Insertable, Selectable } from 'kysely';
import type { ViewAudience, ViewFeeling, ViewPrompt } from '$lib/views/views';

// Table types mirror migrations/ as they stand after the latest migration. Timestamps are ISO 8601
// UTC text; dates are YYYY-MM-DD text. Mappers in each domain's service turn rows into domain types.

export type Role = 'parent_carer' | 'young_person' | 'worker' | 'manager' | 'admin';

export interface UserTable {
	id: string;
	username: string;
	display_name: string;
	role: Role;
	password_hash: string | null;
	created_at: string;
	disabled_at: string | null;
}

export interface SessionTable {
	id: string;
	user_id: string;
	secret_hash: string;
	created_at: string;
	/** When the session was last used, written at most once a minute (session-policy.ts). */
	last_used_at: string;
	/** The earlier of its idle and absolute deadlines: the cookie's expiry too. */
	expires_at: string;
	/** 1 once a code from the person's authenticator (or a recovery code) was typed in this session. */
	two_factor_verified: Generated<number>;
}

export interface UserTotpTable {
	user_id: string;
	/** 20 random bytes, base32 (upper case, no padding), as authenticator apps take it. */
	secret: string;
	created_at: string;
	/** Null while being set up: it counts only once a first code from it has been typed. */
	confirmed_at: string | null;
	/** The time step of the last code accepted; codes from it or earlier are refused. */
	last_used_step: number | null;
}

export interface RecoveryCodeTable {
	id: string;
	user_id: string;
	code_hash: string;
	created_at: string;
	used_at: string | null;
}

export interface PasswordResetTable {
	id: string;
	user_id: string;
	code_hash: string;
	created_by_user_id: string;
	created_at: string;
	expires_at: string;
	used_at: string | null;
}

export interface SignInThrottleTable {
	account_key: string;
	failures: number;
	last_failure_at: string;
	blocked_until: string | null;
}

export interface RateLimitBucketTable {
	bucket_key: string;
	tokens: number;
	updated_at: string;
}

export interface ServiceTable {
	id: string;
	name: string;
	description: string | null;
	created_at: string;
	/** Working days the service gives itself to answer a young person's view. */
	view_reply_days: Generated<number>;
	/** The service's Open Referral UK id (a UUID). */
	directory_id: string;
	status: Generated<string>;
	minimum_age: number | null;
	maximum_age: number | null;
	/** The whole Open Referral UK record, as JSON text. */
	directory: string | null;
	search_text: Generated<string>;
	/** Working days the service gives itself to answer a family's rating. */
	rating_reply_days: Generated<number>;
}

export interface ServiceKindTable {
	service_id: string;
	kind: string;
}

export interface ServiceLanguageTable {
	service_id: string;
	code: string;
}

export interface ServiceRatingTable {
	id: string;
	service_id: string;
	author_user_id: string;
	score: string;
	what_was_good: string | null;
	could_be_better: string | null;
	/** 0 or 1. */
	anonymous: number;
	first_name: string | null;
	created_at: string;
	updated_at: string;
	version: Generated<number>;
	reply_due_on: string;
	first_reply_at: string | null;
	awaiting_since: string | null;
	awaiting_due_on: string | null;
	author_seen_at: string | null;
}

export interface ServiceRatingReplyTable {
	id: string;
	rating_id: string;
	author_user_id: string;
	tag: string | null;
	body: string;
	created_at: string;
}

export interface ServiceChangeTable {
	id: string;
	service_id: string;
	you_said: string;
	we_did: string;
	made_on: string;
	created_by_user_id: string;
	created_at: string;
}

export interface ServiceChangeRatingTable {
	change_id: string;
	rating_id: string;
}

export interface WorkerTable {
	id: string;
	user_id: string;
	service_id: string;
	job_title: string;
	phone: string | null;
	email: string | null;
	created_at: string;
}

export interface WorkerPhotoTable {
	worker_id: string;
	content_type: 'image/jpeg';
	/** Buffer from both drivers (bytea on PostgreSQL, blob on SQLite). */
	image: Uint8Array;
	width: number;
	height: number;
	uploaded_by_user_id: string;
	updated_at: string;
}

export interface WorkerHoursTable {
	worker_id: string;
	/** 1 = Monday … 7 = Sunday (ISO). */
	weekday: number;
	/** 'HH:MM', UK wall-clock time. */
	starts_at: string;
	ends_at: string;
}

export interface WorkerAbsenceTable {
	id: string;
	worker_id: string;
	starts_on: string;
	ends_on: string;
	cover_worker_id: string | null;
	created_by_user_id: string;
	created_at: string;
}

export interface HandoverTable {
	id: string;
	family_id: string;
	from_worker_id: string;
	to_worker_id: string;
	handover_on: string;
	goodbye_note: string | null;
	goodbye_written_at: string | null;
	hello_note: string | null;
	hello_written_at: string | null;
	created_by_user_id: string;
	created_at: string;
	applied_at: string | null;
}

export interface HandoverSeenTable {
	handover_id: string;
	user_id: string;
	seen_at: string;
}

export type FamilyStatus = 'active' | 'closed';

/** Why a family's record is under restriction (UK GDPR article 18, and erasure during retention). */
export type RestrictionReason = 'erasure_request' | 'accuracy_contested' | 'objection' | 'legal_claim';

export interface FamilyTable {
	id: string;
	name: string;
	status: FamilyStatus;
	created_at: string;
	/** Set while nobody may change the record and staff may not open it. */
	restricted_at: string | null;
	restriction_reason: RestrictionReason | null;
	/** YYYY-MM-DD: when support ended; the retention period counts from here. */
	support_ended_on: string | null;
}

export type MemberType = 'adult' | 'young_person';

export interface FamilyMemberTable {
	id: string;
	family_id: string;
	user_id: string | null;
	display_name: string;
	member_type: MemberType;
	date_of_birth: string | null;
	created_at: string;
}

export type AssignmentRole = 'lead' | 'team';

export interface FamilyWorkerTable {
	id: string;
	family_id: string;
	worker_id: string;
	role: AssignmentRole;
	part_in_plan: string | null;
	started_at: string;
	ended_at: string | null;
}

export interface InviteTable {
	id: string;
	code_hash: string;
	family_member_id: string | null;
	user_id: string | null;
	created_by_user_id: string;
	created_at: string;
	expires_at: string;
	used_at: string | null;
}

export type OutcomeArea =
	| 'being_healthy'
	| 'staying_safe'
	| 'enjoying_achieving'
	| 'positive_contribution'
	| 'economic_wellbeing';
export type GoalStatus = 'suggested' | 'agreed' | 'working_on' | 'done' | 'stopped';
export type Position = 'agree' | 'not_sure' | 'disagree';
export type CheckinSide = 'family' | 'worker';

export interface PlanTable {
	id: string;
	family_id: string;
	going_well: string;
	worried_about: string;
	needs_to_happen: string;
	version: number;
	created_at: string;
	updated_at: string;
	updated_by_user_id: string | null;
}

export interface GoalTable {
	id: string;
	plan_id: string;
	title: string;
	why_it_matters: string;
	how_we_know: string;
	outcome_area: OutcomeArea;
	status: GoalStatus;
	stopped_reason: string | null;
	suggested_by_user_id: string;
	version: number;
	created_at: string;
	updated_at: string;
	updated_by_user_id: string;
}

export interface GoalPositionTable {
	goal_id: string;
	user_id: string;
	position: Position;
	reason: string | null;
	recorded_at: string;
	reply: string | null;
	reply_by_user_id: string | null;
	replied_at: string | null;
}

export interface GoalActionTable {
	id: string;
	goal_id: string;
	description: string;
	owner_member_id: string | null;
	owner_worker_id: string | null;
	owner_service_name: string | null;
	due_date: string;
	done_on: string | null;
	created_at: string;
	created_by_user_id: string;
}

export interface GoalCheckinTable {
	id: string;
	goal_id: string;
	user_id: string;
	side: CheckinSide;
	score: number;
	comment: string | null;
	checked_in_on: string;
	created_at: string;
}

export interface ReviewMeetingTable {
	id: string;
	plan_id: string;
	meeting_date: string;
	place: string;
	decisions: string | null;
	held_at: string | null;
	recorded_by_user_id: string | null;
	created_at: string;
}

export interface AgendaItemTable {
	id: string;
	review_id: string;
	text: string;
	added_by_user_id: string;
	created_at: string;
	noted_at: string | null;
}

export type PlanHistoryKind =
	| 'summary_changed'
	| 'goal_suggested'
	| 'goal_changed'
	| 'status_changed'
	| 'position_recorded'
	| 'disagreement_answered'
	| 'action_added'
	| 'action_done'
	| 'action_reopened'
	| 'checkin_added'
	| 'review_scheduled'
	| 'agenda_item_added'
	| 'review_held';

export interface PlanHistoryTable {
	id: string;
	plan_id: string;
	goal_id: string | null;
	actor_user_id: string;
	happened_at: string;
	kind: PlanHistoryKind;
	field: string | null;
	old_value: string | null;
	new_value: string | null;
	note: string | null;
}


export interface YoungViewTable {
	id: string;
	family_id: string;
	author_user_id: string;
	prompt: ViewPrompt;
	feeling: ViewFeeling | null;
	body: string;
	audience: ViewAudience;
	created_at: string;
	updated_at: string;
	version: number;
	shared_at: string | null;
	reply_due_on: string | null;
	first_reply_at: string | null;
	awaiting_since: string | null;
	awaiting_due_on: string | null;
	read_at: string | null;
	read_by_user_id: string | null;
	author_seen_at: string | null;
}

export interface YoungViewMessageTable {
	id: string;
	view_id: string;
	author_user_id: string;
	body: string;
	created_at: string;
}

export type AuditKind = 'family' | 'plan' | 'views' | 'workers' | 'handover' | 'feedback' | 'account';
export type AuditAction = 'read' | 'change';
/** done: it happened; refused: not allowed; invalid: bad input, nothing saved; failed: a server error. */
export type AuditOutcome = 'done' | 'refused' | 'invalid' | 'failed';

/** Append-only (the database refuses UPDATE and DELETE); never content, tokens or typed text. */
export interface AuditEventTable {
	id: string;
	at: string;
	request_id: string;
	actor_user_id: string;
	actor_role: Role;
	actor_service_id: string | null;
	relation: string | null;
	family_id: string | null;
	subject_user_id: string | null;
	service_id: string | null;
	kind: AuditKind;
	action: AuditAction;
	outcome: AuditOutcome;
	route: string;
	detail: string | null;
}

export type RequestRoute = 'self' | 'worker';
export type RequestStatus = 'with_worker' | 'waiting' | 'question' | 'accepted' | 'declined';
export type SharedSection = 'going_well' | 'worried_about' | 'needs_to_happen' | 'goal';

/** A family asking a service for help. */
export interface ServiceRequestTable {
	id: string;
	family_id: string;
	service_id: string;
	asked_by_user_id: string;
	route: RequestRoute;
	help_wanted: string;
	status: Generated<RequestStatus>;
	decline_reason: string | null;
	question: string | null;
	answer: string | null;
	action_id: string | null;
	created_at: string;
	updated_at: string;
	decided_at: string | null;
	decided_by_user_id: string | null;
	consent_withdrawn_at: string | null;
	passed_on_at: string | null;
	passed_on_by_user_id: string | null;
	worker_note: string | null;
	version: Generated<number>;
}

/** One part of the plan the family chose to share with the service they asked. */
export interface ServiceRequestShareTable {
	request_id: string;
	section: SharedSection;
	goal_id: string | null;
}

/** What a "What's new" line is about. Each kind has its words in `news:kind.*`. */
export type NewsKind =
	| 'view_reply'
	| 'rating_reply'
	| 'disagreement_reply'
	| 'goal_new'
	| 'goal_changed'
	| 'action_due'
	| 'action_done'
	| 'handover'
	| 'review_due'
	| 'request_update';

/** One person's news: the kind, the thing and a link; never the thing's text. */
export interface NewsItemTable {
	id: string;
	user_id: string;
	family_id: string | null;
	kind: NewsKind;
	subject_id: string;
	link: string;
	actor_user_id: string | null;
	/** JSON of small, non-sensitive values (a status, a date). */
	params: Generated<string>;
	dedupe_key: string;
	created_at: string;
	seen_at: string | null;
}

export type ContactChannel = 'none' | 'email' | 'sms';

/** How a person wants to hear that there is something new. Theirs alone to set. */
export interface ContactPreferenceTable {
	user_id: string;
	channel: Generated<ContactChannel>;
	email: string | null;
	phone: string | null;
	/** HH:MM UK local time, both or neither; may cross midnight. */
	quiet_from: string | null;
	quiet_until: string | null;
	/** The language the person's message is written in (a Locale code). */
	locale: Generated<string>;
	updated_at: string;
}

export type OutboxStatus = 'pending' | 'sent' | 'cancelled' | 'failed';

/** A neutral "something new" message waiting to go, written in the same transaction as its news. */
export interface OutboxMessageTable {
	id: string;
	idempotency_key: string;
	user_id: string;
	channel: Exclude<ContactChannel, 'none'>;
	template: string;
	link: string;
	status: Generated<OutboxStatus>;
	attempts: Generated<number>;
	not_before: string;
	claimed_until: string | null;
	last_error: string | null;
	provider_ref: string | null;
	created_at: string;
	sent_at: string | null;
}

export interface Database {
	app_user: UserTable;
	user_session: SessionTable;
	user_totp: UserTotpTable;
	recovery_code: RecoveryCodeTable;
	password_reset: PasswordResetTable;
	sign_in_throttle: SignInThrottleTable;
	rate_limit_bucket: RateLimitBucketTable;
	service: ServiceTable;
	worker: WorkerTable;
	family: FamilyTable;
	family_member: FamilyMemberTable;
	family_worker: FamilyWorkerTable;
	invite: InviteTable;
	plan: PlanTable;
	goal: GoalTable;
	goal_position: GoalPositionTable;
	goal_action: GoalActionTable;
	goal_checkin: GoalCheckinTable;
	review_meeting: ReviewMeetingTable;
	agenda_item: AgendaItemTable;
	plan_history: PlanHistoryTable;
	worker_photo: WorkerPhotoTable;
	worker_hours: WorkerHoursTable;
	worker_absence: WorkerAbsenceTable;
	handover: HandoverTable;
	handover_seen: HandoverSeenTable;
	young_view: YoungViewTable;
	young_view_message: YoungViewMessageTable;
	service_kind: ServiceKindTable;
	service_language: ServiceLanguageTable;
	service_rating: ServiceRatingTable;
	service_rating_reply: ServiceRatingReplyTable;
	service_change: ServiceChangeTable;
	service_change_rating: ServiceChangeRatingTable;
	audit_event: AuditEventTable;
	news_item: NewsItemTable;
	contact_preference: ContactPreferenceTable;
	outbox_message: OutboxMessageTable;
	service_request: ServiceRequestTable;
	service_request_share: ServiceRequestShareTable;
}

export type UserRow = Selectable<UserTable>;
export type ServiceRequestRow = Selectable<ServiceRequestTable>;
export type NewsItemRow = Selectable<NewsItemTable>;
export type ContactPreferenceRow = Selectable<ContactPreferenceTable>;
export type OutboxMessageRow = Selectable<OutboxMessageTable>;
export type AuditEventRow = Selectable<AuditEventTable>;
export type NewAuditEvent = Insertable<AuditEventTable>;
export type NewUser = Insertable<UserTable>;
export type SessionRow = Selectable<SessionTable>;
export type NewSession = Insertable<SessionTable>;
export type UserTotpRow = Selectable<UserTotpTable>;
export type RecoveryCodeRow = Selectable<RecoveryCodeTable>;
export type PasswordResetRow = Selectable<PasswordResetTable>;
export type ServiceRow = Selectable<ServiceTable>;
export type NewService = Insertable<ServiceTable>;
export type ServiceRatingRow = Selectable<ServiceRatingTable>;
export type ServiceRatingReplyRow = Selectable<ServiceRatingReplyTable>;
export type ServiceChangeRow = Selectable<ServiceChangeTable>;
export type WorkerRow = Selectable<WorkerTable>;
export type FamilyRow = Selectable<FamilyTable>;
export type FamilyMemberRow = Selectable<FamilyMemberTable>;
export type FamilyWorkerRow = Selectable<FamilyWorkerTable>;
export type InviteRow = Selectable<InviteTable>;
export type PlanRow = Selectable<PlanTable>;
export type GoalRow = Selectable<GoalTable>;
export type GoalPositionRow = Selectable<GoalPositionTable>;
export type GoalActionRow = Selectable<GoalActionTable>;
export type GoalCheckinRow = Selectable<GoalCheckinTable>;
export type ReviewMeetingRow = Selectable<ReviewMeetingTable>;
export type AgendaItemRow = Selectable<AgendaItemTable>;
export type PlanHistoryRow = Selectable<PlanHistoryTable>;
export type WorkerPhotoRow = Selectable<WorkerPhotoTable>;
export type WorkerHoursRow = Selectable<WorkerHoursTable>;
export type WorkerAbsenceRow = Selectable<WorkerAbsenceTable>;
export type HandoverRow = Selectable<HandoverTable>;
export type YoungViewRow = Selectable<YoungViewTable>;
export type YoungViewMessageRow = Selectable<YoungViewMessageTable>;
