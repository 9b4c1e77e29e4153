import type { TFunction } from '$lib/i18n';
import { formatDate, formatDateTime, formatDay } from '$lib/i18n/format';
import type { TextDirection } from '$lib/i18n/locales';
import type { MyInformation } from './my-information.service';

// The readable copy of "Download my information": one self-contained HTML file that opens offline
// in any browser, with no script, no outside address and no image. Every word comes through the
// translator in the reader's language; every value the family or their workers typed is escaped.

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Text safe inside HTML content and attribute values. */
export function escapeHtml(text: string): string {
	return text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);
}

// Logical properties only, so the file reads right to left in Urdu too. Colours meet WCAG AA.
const STYLE = `
body { font-family: system-ui, sans-serif; line-height: 1.5; color: #0b0c0c; background: #fff; max-inline-size: 60rem; margin-inline: auto; padding: 1rem; }
h1, h2, h3 { line-height: 1.25; }
table { border-collapse: collapse; inline-size: 100%; margin-block-end: 1.5rem; }
caption { text-align: start; font-weight: bold; padding-block: 0.5rem; }
th, td { border: 1px solid #505a5f; padding: 0.4rem; text-align: start; vertical-align: top; }
th[scope="col"] { background: #f3f2f1; }
.pre-line { white-space: pre-line; }
.note { border-inline-start: 0.3rem solid #1d70b8; padding-inline-start: 0.75rem; }
@media print { body { max-inline-size: none; } }
`;

export interface HtmlOptions {
	t: TFunction;
	locale: string;
	dir: TextDirection;
}

export function renderMyInformationHtml(info: MyInformation, { t, locale, dir }: HtmlOptions): string {
	const e = (text: string | null | undefined): string => escapeHtml(text ?? '');
	const k = (key: string, options?: Record<string, unknown>): string => escapeHtml(t(key, options ?? {}));
	const text = (value: string | null | undefined): string =>
		value ? `<span class="pre-line" dir="auto">${e(value)}</span>` : k('family:my_information.file.none');
	const date = (ymd: string | null): string => (ymd ? e(formatDate(locale, ymd)) : k('family:my_information.file.none'));
	const when = (iso: string | null): string => (iso ? e(formatDateTime(locale, iso)) : k('family:my_information.file.none'));
	/** The day a moment fell on in the UK (a moment's first ten characters are its day in UTC). */
	const dayOf = (iso: string): string => e(formatDay(locale, iso));

	function table(caption: string, headings: string[], rows: string[][]): string {
		if (rows.length === 0) return `<p>${caption}: ${k('family:my_information.file.nothing_yet')}</p>`;
		const head = headings.map((h) => `<th scope="col">${h}</th>`).join('');
		const body = rows
			.map((cells) => `<tr>${cells.map((c, i) => (i === 0 ? `<th scope="row">${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`)
			.join('\n');
		return `<table>\n<caption>${caption}</caption>\n<thead><tr>${head}</tr></thead>\n<tbody>\n${body}\n</tbody>\n</table>`;
	}

	const parts: string[] = [];
	const title = k('family:my_information.file.title', { name: info.account.displayName });
	parts.push(`<h1>${title}</h1>`);
	parts.push(`<p>${k('family:my_information.file.made_on', { date: formatDateTime(locale, info.generatedAt) })}</p>`);
	parts.push(`<p>${k('family:my_information.file.intro')}</p>`);
	if (info.family.restriction) parts.push(`<p class="note">${k('family:my_information.restricted_notice')}</p>`);

	parts.push(`<h2>${k('family:my_information.file.account_heading')}</h2>`);
	parts.push(
		table(k('family:my_information.file.account_heading'), [k('family:my_information.file.what'), k('family:my_information.file.details')], [
			[k('family:my_information.file.name'), `<bdi>${e(info.account.displayName)}</bdi>`],
			[k('family:my_information.file.username'), `<bdi>${e(info.account.username)}</bdi>`],
			[k('family:my_information.file.account_type'), k(`common:roles.${info.account.role}`)],
			[k('family:my_information.file.date_of_birth'), date(info.account.dateOfBirth)],
			[k('family:my_information.file.account_made'), when(info.account.createdAt)]
		])
	);
	const contact = info.account.contactPreference;
	const address = contact.channel === 'email' ? contact.email : contact.channel === 'sms' ? contact.phone : null;
	parts.push(`<h2>${k('notifications:my_information.heading')}</h2>`);
	parts.push(
		table(k('notifications:my_information.heading'), [k('family:my_information.file.what'), k('family:my_information.file.details')], [
			[
				k('notifications:my_information.channel'),
				contact.channel === 'none' ? k('notifications:my_information.none') : k(`notifications:preferences.channel_${contact.channel}`)
			],
			[k('notifications:my_information.address'), address ? `<bdi>${e(address)}</bdi>` : k('family:my_information.file.none')],
			[
				k('notifications:my_information.quiet'),
				contact.quietFrom && contact.quietUntil
					? k('notifications:my_information.quiet_value', { from: contact.quietFrom, until: contact.quietUntil })
					: k('family:my_information.file.none')
			]
		])
	);

	parts.push(`<h2>${k('family:members.heading')}</h2>`);
	parts.push(
		table(
			k('family:members.heading'),
			[k('family:my_information.file.name'), k('admin:members.type_column')],
			info.family.members.map((m) => [`<bdi>${e(m.name)}</bdi>`, k(`admin:members.type_${m.memberType}`)])
		)
	);

	parts.push(`<h2>${k('family:my_information.file.workers_heading')}</h2>`);
	parts.push(
		table(
			k('family:my_information.file.workers_now'),
			[k('family:my_information.file.name'), k('family:my_information.file.role'), k('family:my_information.file.contact'), k('family:team.part_in_plan')],
			info.workers.current.map((w) => [
				`<bdi>${e(w.name)}</bdi>`,
				`${k(`family:workers.role_${w.role}`)}: <bdi>${e(w.jobTitle)}</bdi>, <bdi>${e(w.service)}</bdi>`,
				[w.phone, w.email].filter(Boolean).map((c) => `<bdi>${e(c)}</bdi>`).join('<br>') || k('family:my_information.file.none'),
				text(w.partInPlan)
			])
		)
	);
	parts.push(
		table(
			k('family:workers.title'),
			[k('family:my_information.file.name'), k('family:my_information.file.role'), k('family:my_information.file.from'), k('family:my_information.file.until')],
			info.workers.history.map((w) => [
				`<bdi>${e(w.name)}</bdi>`,
				`${k(`family:workers.role_${w.role}`)}: <bdi>${e(w.jobTitle)}</bdi>, <bdi>${e(w.service)}</bdi>`,
				dayOf(w.from),
				w.until ? dayOf(w.until) : k('family:my_information.file.still_now')
			])
		)
	);
	parts.push(
		table(
			k('family:workers.handovers_heading'),
			[k('family:my_information.file.date'), k('family:my_information.file.from'), k('family:my_information.file.to'), k('family:my_information.file.notes')],
			info.workers.handovers.map((h) => [
				date(h.on),
				`<bdi>${e(h.from)}</bdi>`,
				`<bdi>${e(h.to)}</bdi>`,
				[h.goodbyeNote, h.helloNote].filter(Boolean).map((n) => text(n)).join('<br><br>') || k('family:my_information.file.none')
			])
		)
	);

	parts.push(`<h2>${k('family:plan.heading')}</h2>`);
	parts.push(
		table(k('plan:summary.heading'), [k('family:my_information.file.what'), k('family:my_information.file.details')], [
			[k('family:my_information.file.going_well'), text(info.plan.goingWell)],
			[k('family:my_information.file.worried_about'), text(info.plan.worriedAbout)],
			[k('family:my_information.file.needs_to_happen'), text(info.plan.needsToHappen)]
		])
	);
	for (const goal of info.plan.goals) {
		parts.push(`<h3 dir="auto">${e(goal.title)}</h3>`);
		parts.push(
			table(k('family:my_information.file.goal_caption', { title: goal.title }), [k('family:my_information.file.what'), k('family:my_information.file.details')], [
				[k('family:my_information.file.why'), text(goal.whyItMatters)],
				[k('family:my_information.file.how_we_know'), text(goal.howWeKnow)],
				[k('plan:goal.area_legend'), k(`plan:areas.${goal.outcomeArea}`)],
				[k('plan:status.change_heading'), k(`plan:status.${goal.status}`) + (goal.stoppedReason ? `: ${text(goal.stoppedReason)}` : '')],
				[k('family:my_information.file.suggested_by'), `<bdi>${e(goal.suggestedBy)}</bdi>, ${when(goal.createdAt)}`]
			])
		);
		parts.push(
			table(
				k('plan:positions.heading'),
				[k('family:my_information.file.name'), k('family:my_information.file.what_they_think'), k('family:my_information.file.reply')],
				goal.whoAgrees.map((p) => [
					`<bdi>${e(p.name)}</bdi>`,
					(p.position ? k(`plan:positions.${p.position}`) : k('plan:positions.none')) + (p.reason ? `: ${text(p.reason)}` : ''),
					p.reply ? `<bdi>${e(p.replyBy)}</bdi>: ${text(p.reply)}` : k('family:my_information.file.none')
				])
			)
		);
		parts.push(
			table(
				k('plan:actions.heading'),
				[k('family:my_information.file.what'), k('family:my_information.file.who'), k('family:my_information.file.by_when'), k('family:my_information.file.done')],
				goal.actions.map((a) => [text(a.description), `<bdi>${e(a.who)}</bdi>`, date(a.dueDate), a.doneOn ? date(a.doneOn) : k('family:my_information.file.not_yet')])
			)
		);
		parts.push(
			table(
				k('plan:progress.heading'),
				[k('family:my_information.file.date'), k('family:my_information.file.name'), k('plan:progress.score_label'), k('family:my_information.file.comment')],
				goal.checkins.map((c) => [date(c.date), `<bdi>${e(c.name)}</bdi>`, k('plan:history.score', { score: c.score }), text(c.comment)])
			)
		);
	}
	if (info.plan.nextReview) {
		const review = info.plan.nextReview;
		parts.push(`<h3>${k('plan:review.next_heading')}</h3>`);
		parts.push(`<p>${date(review.date)}, <bdi>${e(review.place)}</bdi></p>`);
		parts.push(
			table(
				k('plan:review.agenda_heading'),
				[k('family:my_information.file.what'), k('family:my_information.file.who')],
				review.agenda.map((a) => [text(a.text), `<bdi>${e(a.addedBy)}</bdi>`])
			)
		);
	}
	parts.push(
		table(
			k('plan:review.past_heading'),
			[k('family:my_information.file.date'), k('family:my_information.file.where'), k('plan:review.decisions_heading')],
			info.plan.pastReviews.map((r) => [date(r.date), `<bdi>${e(r.place)}</bdi>`, text(r.decisions)])
		)
	);
	parts.push(`<h3>${k('plan:history.title')}</h3>`);
	parts.push(
		table(
			k('plan:history.title'),
			[k('family:my_information.file.when'), k('family:my_information.file.what'), k('family:my_information.file.details')],
			info.plan.history.map((h) => [
				when(h.at),
				k(`plan:history.kind.${h.kind}`, { name: h.by, field: h.field ?? '' }) + (h.goal ? ` (<bdi>${e(h.goal)}</bdi>)` : ''),
				[h.oldValue, h.newValue, h.note].filter(Boolean).map((v) => text(v)).join(' → ') || k('family:my_information.file.none')
			])
		)
	);

	parts.push(`<h2>${k('family:my_information.file.views_heading')}</h2>`);
	if (info.views.length === 0) parts.push(`<p>${k('family:my_information.file.nothing_yet')}</p>`);
	for (const [i, view] of info.views.entries()) {
		parts.push(
			table(
				k('family:my_information.file.view_caption', { number: i + 1, name: view.writtenBy }),
				[k('family:my_information.file.what'), k('family:my_information.file.details')],
				[
					[k('views:form.prompt_legend'), k(`views:prompts.${view.prompt}`)],
					[k('views:form.feeling_legend'), view.feeling ? k(`views:feelings.${view.feeling}`) : k('family:my_information.file.none')],
					[k('family:my_information.file.what_they_said'), text(view.body)],
					[k('views:form.audience_legend'), k(`views:audiences.${view.whoCanSee}`)],
					[k('family:my_information.file.written'), when(view.createdAt)],
					...view.replies.map((r) => [`<bdi>${e(r.from)}</bdi>, ${when(r.at)}`, text(r.body)])
				]
			)
		);
	}

	parts.push(`<h2>${k('family:my_information.file.ratings_heading')}</h2>`);
	if (info.ratings.length === 0) parts.push(`<p>${k('family:my_information.file.nothing_yet')}</p>`);
	for (const rating of info.ratings) {
		parts.push(
			table(
				k('family:my_information.file.rating_caption', { service: rating.service }),
				[k('family:my_information.file.what'), k('family:my_information.file.details')],
				[
					[k('family:my_information.file.score'), k(`services:scores.${rating.score}`)],
					[k('family:my_information.file.what_was_good'), text(rating.whatWasGood)],
					[k('family:my_information.file.could_be_better'), text(rating.couldBeBetter)],
					[k('family:my_information.file.anonymous'), k(rating.anonymous ? 'family:my_information.file.yes' : 'family:my_information.file.no')],
					[k('family:my_information.file.written'), when(rating.createdAt)],
					...rating.replies.map((r) => [`<bdi>${e(r.from)}</bdi>${r.jobTitle ? `, <bdi>${e(r.jobTitle)}</bdi>` : ''}, ${when(r.at)}`, text(r.body)])
				]
			)
		);
	}

	parts.push(`<h2>${k('requests:family.title')}</h2>`);
	if (info.requests.length === 0) parts.push(`<p>${k('family:my_information.file.nothing_yet')}</p>`);
	for (const request of info.requests) {
		parts.push(
			table(
				k('requests:family.to_service', { service: request.service }),
				[k('family:my_information.file.what'), k('family:my_information.file.details')],
				[
					[k('requests:file.status'), k(`requests:status.${request.status}`)],
					[k('requests:detail.asked_heading'), text(request.helpWanted)],
					[k('requests:file.asked_by'), `<bdi>${e(request.askedBy)}</bdi>`],
					[k('family:my_information.file.written'), when(request.createdAt)],
					...(request.question ? [[k('requests:detail.question_heading'), text(request.question)]] : []),
					...(request.answer ? [[k('requests:detail.answer_heading'), text(request.answer)]] : []),
					...(request.declineReason ? [[k('requests:detail.reason_heading'), text(request.declineReason)]] : [])
				]
			)
		);
	}

	return `<!doctype html>
<html lang="${e(locale)}" dir="${dir}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${title}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
${parts.join('\n')}
</main>
</body>
</html>
`;
}
