import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyFileError, createKeyFileSecretBox } from './key-file.js';
import { scrubSecrets } from './scrub.js';
import { SecretUnreadableError } from './secret-box.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'etl-secrets-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('key-file secret box', () => {
  it('round-trips a password and never stores it in the clear', async () => {
    const box = await createKeyFileSecretBox(dir);
    const plain = 'pä$$wörd with spaces and :colons:';
    const cipher = await box.encrypt(plain);
    expect(cipher).toMatch(/^v1:kf:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    expect(cipher).not.toContain('wörd');
    expect(await box.encrypt(plain)).not.toBe(cipher); // a fresh IV every time
    expect(await box.decrypt(cipher)).toBe(plain);
    // A second box on the same folder (the next start) reads it back.
    expect(await (await createKeyFileSecretBox(dir)).decrypt(cipher)).toBe(plain);
    expect(box.info).toEqual({
      backend: 'key-file',
      warning: 'Passwords are encrypted with a key file in your data folder (readable only by you). This is weaker than the OS keyring that the desktop app uses.',
    });
  });

  it('creates the key file readable only by its owner', async () => {
    await createKeyFileSecretBox(dir);
    const info = await stat(path.join(dir, 'secret.key'));
    expect(info.mode & 0o777).toBe(0o600);
    expect(Buffer.from((await readFile(path.join(dir, 'secret.key'), 'utf8')).trim(), 'base64')).toHaveLength(32);
  });

  it('refuses a key file others can read, and tightens one they can only write', async () => {
    await createKeyFileSecretBox(dir);
    const file = path.join(dir, 'secret.key');
    await chmod(file, 0o644);
    await expect(createKeyFileSecretBox(dir)).rejects.toThrow(KeyFileError);
    await expect(createKeyFileSecretBox(dir)).rejects.toThrow(/readable by other users.*chmod 600/);
    await chmod(file, 0o620);
    await createKeyFileSecretBox(dir);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('says a value from another key or a damaged value is unreadable', async () => {
    const box = await createKeyFileSecretBox(dir);
    const cipher = await box.encrypt('secret-1');
    const otherDir = await mkdtemp(path.join(os.tmpdir(), 'etl-secrets-other-'));
    try {
      const other = await createKeyFileSecretBox(otherDir);
      await expect(other.decrypt(cipher)).rejects.toThrow(SecretUnreadableError);
    } finally {
      await rm(otherDir, { recursive: true, force: true });
    }
    const [v, kf, iv, tag, data] = cipher.split(':');
    const flipped = Buffer.from(data, 'base64');
    flipped[0] ^= 1;
    await expect(box.decrypt([v, kf, iv, tag, flipped.toString('base64')].join(':'))).rejects.toThrow(SecretUnreadableError);
    await expect(box.decrypt('v1:ss:abc')).rejects.toThrow(SecretUnreadableError);
    await expect(box.decrypt('garbage')).rejects.toThrow(SecretUnreadableError);
  });

  it('rejects a damaged key file with a clear message', async () => {
    await writeFile(path.join(dir, 'secret.key'), 'short\n', { mode: 0o600 });
    await expect(createKeyFileSecretBox(dir)).rejects.toThrow(/damaged/);
  });
});

describe('scrubSecrets', () => {
  it('blanks URL credentials, password pairs and known secrets', () => {
    expect(scrubSecrets('connect postgres://etl:s3cr3t@db:5432/x failed')).toBe('connect postgres://etl:***@db:5432/x failed');
    expect(scrubSecrets('PWD=abc123;UID=me')).toBe('PWD=***;UID=me');
    expect(scrubSecrets("Access denied for user 'etl'@'localhost' (using password: YES)")).toBe(
      "Access denied for user 'etl'@'localhost' (using password: YES)",
    );
    expect(scrubSecrets('the value Tr0ub4dor appears', ['Tr0ub4dor'])).toBe('the value *** appears');
  });
});
