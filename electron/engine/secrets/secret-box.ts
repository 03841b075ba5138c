import type { SecretStorageInfo } from '../../../shared/api/contract.js';

/**
 * Encrypts saved passwords at rest. The engine uses a key file when it runs headless;
 * the Electron shell passes its own box backed by safeStorage. Ciphertexts are text
 * (they live in the JSON settings file) and start with a version and a backend tag,
 * e.g. `v1:kf:...`, so a box can tell a value it never wrote from a damaged one.
 */
export interface SecretBox {
  /** Which backend protects the secrets, and a plain warning when it is weaker than an OS keyring. */
  readonly info: SecretStorageInfo;
  encrypt(plain: string): Promise<string>;
  /** Throws SecretUnreadableError when the value was written with another key or is damaged. */
  decrypt(cipher: string): Promise<string>;
}

/** A stored secret that this box cannot decrypt: another key, another backend, or a damaged value. */
export class SecretUnreadableError extends Error {
  constructor(message = 'The saved secret cannot be decrypted (the encryption key changed or the value is damaged).') {
    super(message);
    this.name = 'SecretUnreadableError';
  }
}
