import crypto from 'node:crypto';
import { promisify } from 'node:util';
import { COMMON_PASSWORDS } from './common-passwords.ts';

const scrypt = promisify(crypto.scrypt) as (password: string, salt: Buffer, keylen: number, options: crypto.ScryptOptions) => Promise<Buffer>;

// scrypt is memory-hard: N=2^15, r=8 uses 32 MiB per hash.
const PARAMS = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEY_LENGTH = 32;

// Each hash holds its 32 MiB while it runs and libuv would run four at once, so a burst of
// logins lifted the server's resident memory by 128 MiB. Two at a time still keep two cores busy.
const MAX_HASHES_AT_ONCE = 2;
let hashesRunning = 0;
const hashesWaiting: (() => void)[] = [];

async function oneOfFew<T>(hash: () => Promise<T>): Promise<T> {
  if (hashesRunning < MAX_HASHES_AT_ONCE) hashesRunning++;
  else await new Promise<void>((resolve) => hashesWaiting.push(resolve));
  try {
    return await hash();
  } finally {
    // the slot passes straight to the next caller, or is given back
    const next = hashesWaiting.shift();
    if (next) next();
    else hashesRunning--;
  }
}

/** `scrypt$N$r$p$salt$hash`, all base64url: the parameters travel with the hash so they can rise later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.randomBytes(16);
  const hash = await oneOfFew(() => scrypt(password.normalize('NFKC'), salt, KEY_LENGTH, PARAMS));
  return ['scrypt', PARAMS.N, PARAMS.r, PARAMS.p, salt.toString('base64url'), hash.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || !salt || !hash) return false;
  const expected = Buffer.from(hash, 'base64url');
  const actual = await oneOfFew(() =>
    scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, {
      N: Number(n),
      r: Number(r),
      p: Number(p),
      maxmem: 256 * 1024 * 1024,
    }),
  );
  return crypto.timingSafeEqual(actual, expected);
}

/** A hash to compare against when the account does not exist, so timing does not reveal it. */
export const DUMMY_HASH = 'scrypt$32768$8$1$AAAAAAAAAAAAAAAAAAAAAA$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA';

/** Weak: fewer than 8 characters, digits only, or one of the passwords people choose most. */
export function isWeakPassword(password: string): boolean {
  return password.length < 8 || /^\d+$/.test(password) || COMMON_PASSWORDS.has(password.toLowerCase());
}
