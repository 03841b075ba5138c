import { describe, expect, it } from 'vitest';
import { APP_ORIGIN, checkCall, isExternalHttpUrl, isTrustedSender, originOf } from './sender-policy.js';

describe('IPC sender policy', () => {
  it('accepts the app renderer top frame calling a contract method', () => {
    const check = checkCall({ url: 'app://renderer/index.html#/canvas', isMainFrame: true }, 'profiles.list');
    expect(check).toEqual({ ok: true, method: 'profiles.list' });
  });

  it('refuses an iframe even on the app origin', () => {
    const check = checkCall({ url: 'app://renderer/index.html', isMainFrame: false }, 'profiles.list');
    expect(check.ok).toBe(false);
    expect(!check.ok && check.error.code).toBe('auth');
  });

  it('refuses foreign and look-alike origins', () => {
    for (const url of [
      'https://evil.example/index.html',
      'file:///home/user/index.html',
      'app://renderer.evil/index.html',
      'app://evil/renderer/index.html',
      'http://127.0.0.1:5173/',
      'devtools://devtools/bundled/inspector.html',
      'about:blank',
      'not a url',
    ]) {
      expect(isTrustedSender({ url, isMainFrame: true }), url).toBe(false);
    }
  });

  it('refuses a frame that is gone', () => {
    expect(isTrustedSender({ url: null, isMainFrame: true })).toBe(false);
    expect(isTrustedSender({ url: undefined, isMainFrame: true })).toBe(false);
  });

  it('accepts a dev server origin only when it is listed', () => {
    const dev = [APP_ORIGIN, 'http://localhost:5173'];
    expect(isTrustedSender({ url: 'http://localhost:5173/', isMainFrame: true }, dev)).toBe(true);
    expect(isTrustedSender({ url: 'http://localhost:5174/', isMainFrame: true }, dev)).toBe(false);
    expect(isTrustedSender({ url: 'http://localhost:5173/', isMainFrame: true })).toBe(false);
  });

  it('refuses methods outside the contract, including prototype names', () => {
    const sender = { url: 'app://renderer/index.html', isMainFrame: true };
    for (const method of ['shell.exec', 'toString', '__proto__', 'constructor', 42, null, undefined, { name: 'app.info' }]) {
      const check = checkCall(sender, method);
      expect(check.ok, String(method)).toBe(false);
      expect(!check.ok && check.error.code).toBe('not_found');
    }
  });

  it('builds origins of custom schemes (URL.origin says "null" for them)', () => {
    expect(new URL('app://renderer/x').origin).toBe('null');
    expect(originOf('app://renderer/x')).toBe('app://renderer');
    expect(originOf('APP://Renderer/x')).toBe('app://renderer');
  });

  it('opens only http(s) links outside', () => {
    expect(isExternalHttpUrl('https://example.org/docs')).toBe(true);
    expect(isExternalHttpUrl('http://example.org')).toBe(true);
    for (const url of ['file:///etc/passwd', 'javascript:alert(1)', 'smb://host/share', 'app://renderer/', 'mailto:x@y']) {
      expect(isExternalHttpUrl(url), url).toBe(false);
    }
  });
});
