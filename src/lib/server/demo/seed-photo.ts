import sharp from 'sharp';
import type { DB } from '../db';
import { preparePhoto } from '../workers/photo';
import { savePhoto } from '../workers/profile.service';

// The demo's worker photo is a drawn portrait (no real person's face), put through the same
// upload path a worker's own photo takes.
const PORTRAIT = `<svg xmlns="http://www.w3.org/2000/svg" width="480" height="480" viewBox="0 0 480 480">
	<rect width="480" height="480" fill="#cfe3dc"/>
	<circle cx="240" cy="520" r="210" fill="#1d5c4d"/>
	<circle cx="240" cy="200" r="110" fill="#8d5a3b"/>
	<path d="M128 190c0-80 52-122 112-122s112 42 112 122c-20-40-60-62-112-62s-92 22-112 62z" fill="#2b1b12"/>
	<circle cx="200" cy="205" r="10" fill="#2b1b12"/>
	<circle cx="280" cy="205" r="10" fill="#2b1b12"/>
	<path d="M200 255q40 30 80 0" stroke="#2b1b12" stroke-width="8" fill="none" stroke-linecap="round"/>
</svg>`;

export async function seedWorkerPhoto(db: DB, workerId: string, byUserId: string, now: Date): Promise<void> {
	const png = await sharp(Buffer.from(PORTRAIT)).png().toBuffer();
	const photo = await preparePhoto(new File([new Uint8Array(png)], 'jo.png', { type: 'image/png' }));
	if (!photo.ok) throw new Error(`Demo photo refused: ${photo.error}`);
	await savePhoto(db, workerId, photo, byUserId, now);
}
