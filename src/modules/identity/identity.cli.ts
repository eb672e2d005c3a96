import readline from 'node:readline';
import type { Command } from '../../platform/module.ts';
import { transact } from '../../platform/db.ts';
import { hashPassword, isWeakPassword } from '../../platform/passwords.ts';
import { getUserByPhone, insertUser } from './identity.repository.ts';
import { setPlatformAdmin } from './identity.people.ts';

const USAGE = 'usage: weiyi admin add <phone> <name>   (the password from WEIYI_ADMIN_PASSWORD, or typed on standard input)';

async function readPassword(): Promise<string> {
  if (process.env.WEIYI_ADMIN_PASSWORD) return process.env.WEIYI_ADMIN_PASSWORD;
  const rl = readline.createInterface({ input: process.stdin, output: process.stderr, terminal: false });
  process.stderr.write('password: ');
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

/**
 * `weiyi admin add <phone> <name>`: the first platform administrator of an install (production
 * seeds nobody). Makes the account, or makes an existing account an administrator without changing
 * its password; run on the server by whoever operates it.
 */
export const adminCommand: Command = {
  usage: 'admin add <phone> <name>   make a platform administrator (password from WEIYI_ADMIN_PASSWORD or stdin)',
  async run(args, open) {
    const [verb, phone, ...nameParts] = args;
    const name = nameParts.join(' ').trim();
    if (verb !== 'add' || !phone || !/^1[3-9][0-9]{9}$/.test(phone) || name.length < 1 || name.length > 40) {
      console.error(USAGE);
      return 2;
    }
    const runtime = await open();
    try {
      const existing = await getUserByPhone(runtime.deps.db, phone);
      if (existing) {
        await transact(runtime.deps.db, {}, (tx) => setPlatformAdmin(tx, existing.id));
        console.log(`account ${phone.slice(0, 3)}****${phone.slice(7)} is now a platform administrator (its password is unchanged)`);
        return 0;
      }
      const password = await readPassword();
      if (isWeakPassword(password)) {
        console.error('the password needs 8 or more characters, not all digits');
        return 2;
      }
      const passwordHash = await hashPassword(password);
      await transact(runtime.deps.db, {}, async (tx) =>
        setPlatformAdmin(tx, (await insertUser(tx, { phone, display_name: name, password_hash: passwordHash })).id),
      );
      console.log(`platform administrator ${name} (${phone.slice(0, 3)}****${phone.slice(7)}) created`);
      return 0;
    } finally {
      await runtime.close();
    }
  },
};
