import sharp from 'sharp';

// A worker's photo arrives as an upload from a phone or a desktop. Nothing of the upload is kept:
// its real format is read from its bytes (not its name or the browser's label), it must be a PNG,
// JPEG or WebP whose name and label agree with that, and it is decoded and re-encoded as a small
// JPEG. Re-encoding drops everything but the pixels: location and camera data in EXIF, hidden
// payloads, animation frames. JPEG because every phone browser shows it, old ones included.

export const PHOTO_MAX_BYTES = 5 * 1024 * 1024;
/** Longest side of the stored photo, in pixels: sharp at 2× the card's 5.5rem circle. */
export const PHOTO_SIZE = 320;
/** Refuse decoding anything bigger than this many pixels (a "decompression bomb" guard). */
const MAX_INPUT_PIXELS = 40_000_000;

type PhotoFormat = 'png' | 'jpeg' | 'webp';

const EXTENSIONS: Record<PhotoFormat, readonly string[]> = {
	png: ['png'],
	jpeg: ['jpg', 'jpeg', 'jfif'],
	webp: ['webp']
};

const MEDIA_TYPES: Record<PhotoFormat, readonly string[]> = {
	png: ['image/png'],
	jpeg: ['image/jpeg', 'image/pjpeg'],
	webp: ['image/webp']
};

export type PhotoError = 'missing' | 'too_big' | 'not_an_image' | 'wrong_type' | 'mismatch' | 'too_many_pixels';

export type PhotoResult =
	| { ok: true; image: Buffer; width: number; height: number; contentType: 'image/jpeg' }
	| { ok: false; error: PhotoError };

/** The format the bytes really are, from their signature; null when not one we accept. */
export function sniffFormat(bytes: Uint8Array): PhotoFormat | 'other' | null {
	if (bytes.length < 12) return null;
	if (bytes[0] === 0x89 && bytes[1] === 0x50 && bytes[2] === 0x4e && bytes[3] === 0x47) return 'png';
	if (bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) return 'jpeg';
	const ascii = (from: number, to: number) => String.fromCharCode(...bytes.subarray(from, to));
	if (ascii(0, 4) === 'RIFF' && ascii(8, 12) === 'WEBP') return 'webp';
	// GIF, BMP, TIFF and HEIC/AVIF are images, but not ones we take. Their full signatures, so a
	// text file that happens to start "MM" or "BM" is called what it is: not an image.
	const zeros = (from: number, to: number) => bytes.subarray(from, to).every((b) => b === 0);
	if (ascii(0, 4) === 'GIF8') return 'other';
	if (ascii(0, 2) === 'BM' && zeros(6, 10)) return 'other';
	if (ascii(0, 4) === 'II*\0' || ascii(0, 4) === 'MM\0*') return 'other';
	if (ascii(4, 8) === 'ftyp') return 'other';
	return null;
}

function extensionOf(name: string): string {
	const dot = name.lastIndexOf('.');
	return dot < 0 ? '' : name.slice(dot + 1).toLowerCase();
}

/** Checks an uploaded file and turns it into the photo we store, or says what is wrong with it. */
export async function preparePhoto(file: File | null): Promise<PhotoResult> {
	if (!file || file.size === 0) return { ok: false, error: 'missing' };
	if (file.size > PHOTO_MAX_BYTES) return { ok: false, error: 'too_big' };
	const bytes = new Uint8Array(await file.arrayBuffer());
	const format = sniffFormat(bytes);
	if (format === null) return { ok: false, error: 'not_an_image' };
	if (format === 'other') return { ok: false, error: 'wrong_type' };
	// A JPEG called photo.png, or labelled image/webp, is refused: something renamed it, and the
	// person uploading should know what they are sending.
	const declaredType = file.type.toLowerCase();
	if (!EXTENSIONS[format].includes(extensionOf(file.name))) return { ok: false, error: 'mismatch' };
	if (declaredType && declaredType !== 'application/octet-stream' && !MEDIA_TYPES[format].includes(declaredType)) {
		return { ok: false, error: 'mismatch' };
	}
	try {
		const input = sharp(bytes, { limitInputPixels: MAX_INPUT_PIXELS, failOn: 'error' });
		const meta = await input.metadata();
		if (meta.format !== format) return { ok: false, error: 'mismatch' };
		const { data, info } = await input
			.rotate() // upright, as the camera meant it, before the orientation tag is dropped
			.resize(PHOTO_SIZE, PHOTO_SIZE, { fit: 'cover', position: 'attention', withoutEnlargement: true })
			.flatten({ background: '#ffffff' })
			.jpeg({ quality: 82, mozjpeg: true })
			.toBuffer({ resolveWithObject: true });
		return { ok: true, image: data, width: info.width, height: info.height, contentType: 'image/jpeg' };
	} catch (error) {
		if (error instanceof Error && /pixel limit/i.test(error.message)) return { ok: false, error: 'too_many_pixels' };
		// Truncated or corrupt data that only looked like an image at the start.
		return { ok: false, error: 'not_an_image' };
	}
}
