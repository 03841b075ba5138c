import { safeStorage } from 'electron';
import type { SecretStorageInfo } from '../../../shared/api/contract.js';
import type { SecretReply, SecretRequest } from '../../utility/port-protocol.js';

/**
 * Main owns safeStorage; the engine (in the utility process) asks here. Ciphertexts are
 * text tagged with their backend ('v1:ss:'), so a value written by the headless key
 * file is recognised as "another backend" instead of failing obscurely.
 */
const PREFIX = 'v1:ss:';

export const weakBackendWarning =
  'No OS keyring (such as GNOME Keyring or KWallet) is available, so saved passwords are protected only by a key built into the app: ' +
  'anyone who can read your data folder can recover them. Install or unlock a keyring and restart ETL Studio to protect them properly.';

export const noEncryptionMessage =
  'Passwords cannot be saved on this system because no encryption is available (no OS keyring). ' +
  'Save the profile without a password, or use the command-line tool, which keeps passwords encrypted with a key file.';

/** Call after app 'ready': before it, safeStorage cannot tell its backend. */
export function secretStorageInfo(): SecretStorageInfo {
  if (!safeStorage.isEncryptionAvailable()) return { backend: 'weak', warning: noEncryptionMessage };
  if (process.platform === 'linux' && safeStorage.getSelectedStorageBackend() === 'basic_text') {
    return { backend: 'weak', warning: weakBackendWarning };
  }
  return { backend: 'os-keyring', warning: null };
}

export function answerSecretRequest(request: SecretRequest): SecretReply {
  const fail = (unreadable: boolean, message: string): SecretReply => ({ type: 'secret-reply', id: request.id, ok: false, unreadable, message });
  if (!safeStorage.isEncryptionAvailable()) {
    return request.op === 'encrypt'
      ? fail(false, noEncryptionMessage)
      : fail(true, 'The saved password cannot be decrypted: no encryption is available on this system right now (is the OS keyring locked?).');
  }
  try {
    if (request.op === 'encrypt') {
      return { type: 'secret-reply', id: request.id, ok: true, value: PREFIX + safeStorage.encryptString(request.value).toString('base64') };
    }
    if (!request.value.startsWith(PREFIX)) {
      return fail(true, 'The saved password was encrypted by another store (for example the command-line key file); enter it again here.');
    }
    return { type: 'secret-reply', id: request.id, ok: true, value: safeStorage.decryptString(Buffer.from(request.value.slice(PREFIX.length), 'base64')) };
  } catch {
    return fail(request.op === 'decrypt', request.op === 'decrypt'
      ? 'The saved password cannot be decrypted (the OS keyring key changed); enter it again.'
      : 'The OS keyring refused to encrypt the password.');
  }
}
