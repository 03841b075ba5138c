import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, link, mkdir, open, readFile, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { SecretUnreadableError, type SecretBox } from './secret-box.js';

const KEY_FILE = 'secret.key';
const KEY_BYTES = 32;
const IV_BYTES = 12;
const PREFIX = 'v1:kf:';
// Binds every ciphertext to its purpose, so a value cut from another format never decrypts.
const AAD = Buffer.from('etl-studio:secret:v1');

export const keyFileWarning =
  'Passwords are encrypted with a key file in your data folder (readable only by you). This is weaker than the OS keyring that the desktop app uses.';

/** The key file exists but may not be used (readable by others, someone else's, damaged). */
export class KeyFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyFileError';
  }
}

const checksPermissions = process.platform !== 'win32';

async function checkKeyFile(file: string): Promise<void> {
  if (!checksPermissions) return;
  const info = await stat(file);
  if (typeof process.getuid === 'function' && info.uid !== process.getuid()) {
    throw new KeyFileError(`The key file ${file} belongs to another user (uid ${info.uid}). ETL Studio only uses a key file that is yours alone.`);
  }
  if ((info.mode & 0o044) !== 0) {
    // Someone else could already have copied the key: fixing the mode silently would hide that.
    throw new KeyFileError(
      `The key file ${file} is readable by other users (mode ${(info.mode & 0o777).toString(8)}), so saved passwords may be exposed. ` +
        `Run "chmod 600 ${file}" and change the saved passwords, or delete the file and enter the passwords again.`,
    );
  }
  if ((info.mode & 0o777) !== 0o600) await chmod(file, 0o600);
}

async function readKey(file: string): Promise<Buffer> {
  await checkKeyFile(file);
  const key = Buffer.from((await readFile(file, 'utf8')).trim(), 'base64');
  if (key.length !== KEY_BYTES) {
    throw new KeyFileError(
      `The key file ${file} is damaged (expected ${KEY_BYTES} bytes of base64). Delete it and enter the saved passwords again.`,
    );
  }
  return key;
}

/** Creates the key atomically (write a temp file, then link): two processes starting at once agree on one key. */
async function createKey(file: string): Promise<void> {
  const temp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  const handle = await open(temp, 'wx', 0o600);
  try {
    await handle.writeFile(`${randomBytes(KEY_BYTES).toString('base64')}\n`);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await chmod(temp, 0o600); // a strict umask may have narrowed it; the key must stay readable by us
    await link(temp, file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
  } finally {
    await rm(temp, { force: true });
  }
}

/**
 * A SecretBox for the headless host and the CLI: AES-256-GCM with a random key kept in
 * `<dataDir>/secret.key` (mode 0600). Refuses a key file that others can read.
 */
export async function createKeyFileSecretBox(dataDir: string): Promise<SecretBox> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, KEY_FILE);
  let key: Buffer;
  try {
    key = await readKey(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    await createKey(file);
    key = await readKey(file);
  }
  return {
    info: { backend: 'key-file', warning: keyFileWarning },
    async encrypt(plain: string): Promise<string> {
      const iv = randomBytes(IV_BYTES);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      cipher.setAAD(AAD);
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return `${PREFIX}${iv.toString('base64')}:${cipher.getAuthTag().toString('base64')}:${data.toString('base64')}`;
    },
    async decrypt(value: string): Promise<string> {
      if (!value.startsWith(PREFIX)) {
        throw new SecretUnreadableError('The saved secret was not written by the key-file store (another backend or a damaged value).');
      }
      const parts = value.slice(PREFIX.length).split(':');
      if (parts.length !== 3) throw new SecretUnreadableError('The saved secret is damaged.');
      const [iv, tag, data] = parts.map((p) => Buffer.from(p, 'base64'));
      if (iv.length !== IV_BYTES || tag.length !== 16) throw new SecretUnreadableError('The saved secret is damaged.');
      try {
        const decipher = createDecipheriv('aes-256-gcm', key, iv);
        decipher.setAAD(AAD);
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
      } catch {
        throw new SecretUnreadableError();
      }
    },
  };
}
