import { fail, redirect } from '@sveltejs/kit';
import { DIRECTORY_LIMITS } from '$lib/directory/directory';
import type { DirectoryProblems } from '$lib/directory/import-problems';
import { importDirectory } from '$lib/server/directory/directory.service';
import { requireRole } from '$lib/server/policy';
import type { Actions, PageServerLoad } from './$types';

// The admin's services directory: import an Open Referral UK file (all of it or nothing), export
// the whole directory.

const MEGABYTES = String(DIRECTORY_LIMITS.fileBytes / (1024 * 1024));

export const load: PageServerLoad = async ({ locals }) => {
	requireRole(locals, ['admin']);
	return { limits: { megabytes: MEGABYTES, services: DIRECTORY_LIMITS.services } };
};

function isPayloadTooLarge(err: unknown): boolean {
	return typeof err === 'object' && err !== null && 'status' in err && err.status === 413;
}

/** The error shown next to the file field, and the row-by-row list under it. */
function refuse(status: number, key: string, values: Record<string, unknown> = {}, problems?: DirectoryProblems) {
	return fail(status, {
		errors: { file: `admin:directory.errors.${key}` },
		errorValues: values,
		rowErrors: problems?.errors ?? [],
		moreErrors: problems?.moreErrors ?? 0
	});
}

export const actions = {
	import: async ({ locals, request }) => {
		requireRole(locals, ['admin']);
		let file: FormDataEntryValue | null;
		try {
			file = (await request.formData()).get('file');
		} catch (err) {
			// Bigger than the server reads at all (BODY_SIZE_LIMIT): the same words as any too-big file.
			if (isPayloadTooLarge(err)) return refuse(413, 'too_big', { megabytes: MEGABYTES });
			throw err;
		}
		if (!(file instanceof File) || (file.size === 0 && !file.name)) return refuse(400, 'no_file');
		// Checked before reading: a file over the limit is never read into memory as text.
		if (file.size > DIRECTORY_LIMITS.fileBytes) return refuse(400, 'too_big', { megabytes: MEGABYTES });

		// A file that is not UTF-8 text (an image, a spreadsheet) is not JSON; read loosely, each bad
		// byte would become a three-byte replacement and the file would be called too big instead.
		let text: string;
		try {
			text = new TextDecoder('utf-8', { fatal: true }).decode(await file.arrayBuffer());
		} catch {
			return refuse(400, 'not_json');
		}
		const result = await importDirectory(locals.db, text);
		if (!result.ok) {
			const { fileError, errors, moreErrors } = result.problems;
			if (fileError) {
				const key = fileError.code === 'not_json' && fileError.params.line ? 'not_json_at' : fileError.code;
				return refuse(400, key, fileError.params);
			}
			return refuse(400, 'rows', { count: errors.length + moreErrors }, result.problems);
		}
		redirect(303, `/admin/directory?created=${result.created}&updated=${result.updated}`);
	}
} satisfies Actions;
