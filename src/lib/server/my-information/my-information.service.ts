import type { Executor } from '../db';
import type { ContactChannel, MemberType, RestrictionReason, Role } from '../db/schema';
import { findMemberByUser } from '../families/families.repository';
import { getFamilyOverview } from '../families/families.service';
import { getFamilyWorkerHistory } from '../handovers/handovers.service';
import { getContactPreference } from '../outbox/contact-preference.service';
import { getPlanHistory, getPlanView } from '../plans/plan-view.service';
import { listPastReviews } from '../plans/reviews.service';
import { listOwnRatings } from '../ratings/ratings.service';
import { listFamilyRequests } from '../requests/requests.service';
import { getRecordStatus } from '../retention/retention.service';
import { getViewThread, listViews } from '../views/views.service';
import type { ViewAudience } from '$lib/views/views';
import { findAccount, listServicesRatedBy } from './my-information.repository';

// "Download my information": everything the portal holds about a parent, carer or young person and
// their family's plan, in the shape they may see it on their own pages. Views come through the
// same audience rule as the views pages (the caller passes the policy's viewAudiencesFor), ratings
// are the person's own only, and nothing here ever names who wrote someone else's anonymous rating.

/** Names the JSON file's shape; `version` changes whenever a field is removed or changes meaning. */

export const MY_INFORMATION_FORMAT = 'common-ground/my-information';
export const MY_INFORMATION_VERSION = 1;

export interface MyInformation {
	format: typeof MY_INFORMATION_FORMAT;
	version: typeof MY_INFORMATION_VERSION;
	/** When the file was made (ISO 8601, UTC). */
	generatedAt: string;
	account: {
		username: string;
		displayName: string;
		role: Role;
		createdAt: string;
		memberType: MemberType | null;
		dateOfBirth: string | null;
		/** How they asked to be told there is something new, and the details they gave for it. */
		contactPreference: {
			channel: ContactChannel;
			email: string | null;
			phone: string | null;
			quietFrom: string | null;
			quietUntil: string | null;
		};
	};
	family: {
		name: string;
		members: { name: string; memberType: MemberType; hasAccount: boolean }[];
		restriction: { since: string; reason: RestrictionReason | null } | null;
		supportEndedOn: string | null;
	};
	workers: {
		current: {
			name: string;
			role: 'lead' | 'team';
			jobTitle: string;
			service: string;
			phone: string | null;
			email: string | null;
			partInPlan: string | null;
		}[];
		history: { name: string; role: 'lead' | 'team'; jobTitle: string; service: string; from: string; until: string | null }[];
		handovers: { from: string; to: string; on: string; goodbyeNote: string | null; helloNote: string | null }[];
	};
	plan: {
		goingWell: string;
		worriedAbout: string;
		needsToHappen: string;
		updatedAt: string | null;
		updatedBy: string | null;
		goals: {
			title: string;
			whyItMatters: string;
			howWeKnow: string;
			outcomeArea: string;
			status: string;
			stoppedReason: string | null;
			suggestedBy: string;
			createdAt: string;
			updatedAt: string;
			whoAgrees: {
				name: string;
				position: string | null;
				reason: string | null;
				recordedAt: string | null;
				reply: string | null;
				replyBy: string | null;
				repliedAt: string | null;
			}[];
			actions: { description: string; who: string; dueDate: string; doneOn: string | null; state: string }[];
			checkins: { name: string; side: string; score: number; comment: string | null; date: string }[];
		}[];
		nextReview: { date: string; place: string; agenda: { text: string; addedBy: string; addedAt: string }[] } | null;
		pastReviews: { date: string; place: string; decisions: string; recordedBy: string | null }[];
		history: {
			at: string;
			by: string;
			kind: string;
			goal: string | null;
			field: string | null;
			oldValue: string | null;
			newValue: string | null;
			note: string | null;
		}[];
	};
	views: {
		writtenBy: string;
		yours: boolean;
		prompt: string;
		feeling: string | null;
		body: string;
		whoCanSee: ViewAudience;
		createdAt: string;
		sharedAt: string | null;
		replies: { from: string; body: string; at: string }[];
	}[];
	ratings: {
		service: string;
		score: string;
		whatWasGood: string | null;
		couldBeBetter: string | null;
		anonymous: boolean;
		createdAt: string;
		updatedAt: string;
		replies: { from: string; jobTitle: string | null; body: string; at: string }[];
	}[];
	/** The family's requests for help this person may see (their own, and for a parent the other parents'). */
	requests: {
		service: string;
		askedBy: string;
		helpWanted: string;
		status: string;
		question: string | null;
		answer: string | null;
		declineReason: string | null;
		createdAt: string;
		decidedAt: string | null;
		consentWithdrawn: boolean;
	}[];
}

/**
 * Everything about `userId` (a member of `familyId`) and their family's plan. `viewAudiences` is
 * the policy's answer for this person, so a view nobody showed them never reaches the file.
 */
export async function gatherMyInformation(
	db: Executor,
	input: { familyId: string; userId: string; viewAudiences: readonly ViewAudience[] },
	now = new Date()
): Promise<MyInformation | null> {
	const { familyId, userId } = input;
	const [account, member, overview, record, plan, history, pastReviews, workerHistory, views, rated, contact] = await Promise.all([
		findAccount(db, userId),
		findMemberByUser(db, userId),
		getFamilyOverview(db, familyId, now),
		getRecordStatus(db, familyId),
		getPlanView(db, familyId, { now }),
		getPlanHistory(db, familyId),
		listPastReviews(db, familyId),
		getFamilyWorkerHistory(db, familyId),
		listViews(db, familyId, userId, input.viewAudiences, now),
		listServicesRatedBy(db, userId),
		getContactPreference(db, userId)
	]);
	if (!account || !member || member.family_id !== familyId || !overview || !record || !plan) return null;

	const threads = await Promise.all(
		views.map((v) => getViewThread(db, familyId, v.id, userId, input.viewAudiences, now))
	);
	const requests = await listFamilyRequests(db, familyId, { id: userId, role: account.role }, now);
	const ratings = await Promise.all(
		rated.map(async (service) => ({ service, ratings: await listOwnRatings(db, userId, service.id) }))
	);
	const current = [...(overview.lead ? [overview.lead] : []), ...overview.team];

	return {
		format: MY_INFORMATION_FORMAT,
		version: MY_INFORMATION_VERSION,
		generatedAt: now.toISOString(),
		account: {
			username: account.username,
			displayName: account.display_name,
			role: account.role as Role,
			createdAt: account.created_at,
			memberType: member.member_type,
			dateOfBirth: member.date_of_birth,
			contactPreference: {
				channel: contact.channel,
				email: contact.email,
				phone: contact.phone,
				quietFrom: contact.quietFrom,
				quietUntil: contact.quietUntil
			}
		},
		family: {
			name: overview.family.name,
			members: overview.members.map((m) => ({ name: m.displayName, memberType: m.memberType, hasAccount: m.hasAccount })),
			restriction: record.restrictedAt ? { since: record.restrictedAt, reason: record.restrictionReason } : null,
			supportEndedOn: record.supportEndedOn
		},
		workers: {
			current: current.map((w) => ({
				name: w.displayName,
				role: w.role,
				jobTitle: w.jobTitle,
				service: w.serviceName,
				phone: w.phone,
				email: w.email,
				partInPlan: w.partInPlan
			})),
			history: workerHistory.workers.map((w) => ({
				name: w.displayName,
				role: w.role,
				jobTitle: w.jobTitle,
				service: w.serviceName,
				from: w.from,
				until: w.until
			})),
			handovers: workerHistory.handovers.map((h) => ({
				from: h.fromName,
				to: h.toName,
				on: h.handoverOn,
				goodbyeNote: h.goodbyeNote,
				helloNote: h.helloNote
			}))
		},
		plan: {
			goingWell: plan.summary.goingWell,
			worriedAbout: plan.summary.worriedAbout,
			needsToHappen: plan.summary.needsToHappen,
			updatedAt: plan.updatedAt,
			updatedBy: plan.updatedByName,
			goals: plan.goals.map((g) => ({
				title: g.title,
				whyItMatters: g.whyItMatters,
				howWeKnow: g.howWeKnow,
				outcomeArea: g.outcomeArea,
				status: g.status,
				stoppedReason: g.stoppedReason,
				suggestedBy: g.suggestedByName,
				createdAt: g.createdAt,
				updatedAt: g.updatedAt,
				whoAgrees: g.positions.map((p) => ({
					name: p.name,
					position: p.position,
					reason: p.reason,
					recordedAt: p.recordedAt,
					reply: p.reply,
					replyBy: p.replyByName,
					repliedAt: p.repliedAt
				})),
				actions: g.actions.map((a) => ({
					description: a.description,
					who: a.ownerName,
					dueDate: a.dueDate,
					doneOn: a.doneOn,
					state: a.state
				})),
				checkins: g.checkins.map((c) => ({ name: c.name, side: c.side, score: c.score, comment: c.comment, date: c.date }))
			})),
			nextReview: plan.review
				? {
						date: plan.review.date,
						place: plan.review.place,
						agenda: plan.review.agenda.map((a) => ({ text: a.text, addedBy: a.addedByName, addedAt: a.createdAt }))
					}
				: null,
			pastReviews: pastReviews.map((r) => ({ date: r.date, place: r.place, decisions: r.decisions, recordedBy: r.recordedByName })),
			history: (history ?? []).map((h) => ({
				at: h.at,
				by: h.actorName,
				kind: h.kind,
				goal: h.goalTitle,
				field: h.field,
				oldValue: h.oldValue,
				newValue: h.newValue,
				note: h.note
			}))
		},
		views: threads.flatMap((v) =>
			v
				? [
						{
							writtenBy: v.authorName,
							yours: v.authorUserId === userId,
							prompt: v.prompt,
							feeling: v.feeling,
							body: v.body,
							whoCanSee: v.audience,
							createdAt: v.createdAt,
							sharedAt: v.sharedAt,
							replies: v.messages.map((m) => ({ from: m.authorName, body: m.body, at: m.createdAt }))
						}
					]
				: []
		),
		ratings: ratings.flatMap(({ service, ratings: own }) =>
			own.map((r) => ({
				service: service.name,
				score: r.score,
				whatWasGood: r.whatWasGood,
				couldBeBetter: r.couldBeBetter,
				anonymous: r.firstName === null,
				createdAt: r.createdAt,
				updatedAt: r.updatedAt,
				replies: r.replies.map((reply) => ({ from: reply.authorName, jobTitle: reply.authorJobTitle, body: reply.body, at: reply.createdAt }))
			}))
		),
		requests: requests.map((r) => ({
			service: r.serviceName,
			askedBy: r.askerName,
			helpWanted: r.helpWanted,
			status: r.status,
			question: r.question,
			answer: r.answer,
			declineReason: r.declineReason,
			createdAt: r.createdAt,
			decidedAt: r.decidedAt,
			consentWithdrawn: r.consentWithdrawn
		}))
	};
}

/** A file name that is safe everywhere: the portal's name, the date, ASCII only. */
export function myInformationFilename(now: Date, extension: 'html' | 'json'): string {
	return `common-ground-my-information-${now.toISOString().slice(0, 10)}.${extension}`;
}
