import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../../shared/api/contract.js';
import type { Profile } from '../../../shared/profiles/profile.js';
import { appInfo, mysqlProfile, workspace } from '../test-support/fixtures.js';
import { renderWithStores } from '../test-support/render-with-stores.js';
import { ConnectionsScreen } from './ConnectionsScreen.js';

afterEach(cleanup);

function field(name: string): HTMLInputElement {
  return within(screen.getByTestId('profile-dialog')).getByLabelText(name) as HTMLInputElement;
}

function type(name: string, value: string): void {
  fireEvent.change(field(name), { target: { value } });
}

const base = {
  'app.info': () => appInfo,
  'workspace.get': () => workspace(),
};

describe('profile form', () => {
  it('shows the schema\'s messages next to the fields and sends nothing while they stand', async () => {
    const { fake } = await renderWithStores(<ConnectionsScreen />, { ...base, 'profiles.list': () => [] });
    fireEvent.click(screen.getByTestId('new-connection'));
    type('Host', '');
    type('Port', '70000');
    fireEvent.click(screen.getByTestId('save-profile'));

    expect(await screen.findByText('Name is required')).toBeTruthy();
    expect(screen.getByText('Host is required')).toBeTruthy();
    expect(screen.getByText('Database is required')).toBeTruthy();
    expect(screen.getByText('User is required')).toBeTruthy();
    expect(screen.getByText('Port must be a number from 1 to 65535')).toBeTruthy();
    expect(field('Name').getAttribute('aria-invalid')).toBe('true');
    expect(fake.callsTo('profiles.save')).toHaveLength(0);

    // Fixing a field clears its message.
    type('Name', 'Shop');
    expect(screen.queryByText('Name is required')).toBeNull();
  });

  it('fills kind defaults: port 3306, 5432 or 50000, and a folder for the embedded kind', async () => {
    await renderWithStores(<ConnectionsScreen />, { ...base, 'profiles.list': () => [] });
    fireEvent.click(screen.getByTestId('new-connection'));
    expect(field('Port').value).toBe('3306');
    expect(field('Session time zone').value).toBe('+00:00');
    fireEvent.change(field('Database kind'), { target: { value: 'postgres' } });
    expect(field('Port').value).toBe('5432');
    fireEvent.change(field('Database kind'), { target: { value: 'db2' } });
    expect(field('Port').value).toBe('50000');
    expect(screen.getByText(/DB2 driver \(ibm_db\) is not installed/)).toBeTruthy();
    fireEvent.change(field('Database kind'), { target: { value: 'pglite' } });
    expect(screen.queryByLabelText('Port')).toBeNull();
    expect(field('Folder')).toBeTruthy();
  });

  it('keeps every typed value when the engine refuses the save, and shows its field issue', async () => {
    const saved: unknown[] = [];
    await renderWithStores(<ConnectionsScreen />, {
      ...base,
      'profiles.list': () => [mysqlProfile],
      'profiles.save': (input) => {
        saved.push(input);
        throw new ApiError('conflict', 'A connection named "Shop MariaDB" already exists.', [{ path: 'name', message: 'This name is taken' }]);
      },
    });
    fireEvent.click(screen.getByTestId('new-connection'));
    type('Name', 'Shop MariaDB');
    type('Database', 'sales');
    type('User', 'etl');
    type('Password', 's3cret');
    fireEvent.submit(screen.getByTestId('profile-dialog').querySelector('form')!);

    expect(await screen.findByText('A connection named "Shop MariaDB" already exists.')).toBeTruthy();
    expect(screen.getByText('This name is taken')).toBeTruthy();
    expect(field('Name').value).toBe('Shop MariaDB');
    expect(field('Database').value).toBe('sales');
    expect(field('Password').value).toBe('s3cret');
    expect(saved[0]).toMatchObject({ kind: 'mysql', name: 'Shop MariaDB', port: 3306, password: 's3cret', timeZone: '+00:00' });
  });

  it('tests unsaved values and shows the server version and round trip, or the error in plain words', async () => {
    let answer: 'ok' | 'bad' = 'ok';
    const { fake } = await renderWithStores(<ConnectionsScreen />, {
      ...base,
      'profiles.list': () => [],
      'profiles.test': () =>
        answer === 'ok'
          ? { ok: true, serverVersion: '10.11.6-MariaDB', roundTripMs: 1.234 }
          : { ok: false, error: "Access denied for user 'etl': wrong user name or password" },
    });
    fireEvent.click(screen.getByTestId('new-connection'));
    type('Name', 'Shop');
    type('Database', 'sales');
    type('User', 'etl');
    fireEvent.click(screen.getByTestId('test-connection'));
    expect((await screen.findByTestId('server-version')).textContent).toBe('10.11.6-MariaDB');
    expect(screen.getByTestId('round-trip').textContent).toBe('1.23 ms');
    expect(fake.callsTo('profiles.test')[0]?.input).toMatchObject({ kind: 'mysql', name: 'Shop', database: 'sales' });

    answer = 'bad';
    fireEvent.click(screen.getByTestId('test-connection'));
    expect((await screen.findByTestId('connection-error')).textContent).toBe("Access denied for user 'etl': wrong user name or password");
    expect(fake.callsTo('profiles.save')).toHaveLength(0);
  });

  it('on edit, an empty password keeps the saved one and the form says so', async () => {
    const saved: unknown[] = [];
    await renderWithStores(<ConnectionsScreen />, {
      ...base,
      'profiles.list': () => [mysqlProfile],
      'profiles.save': (input) => {
        saved.push(input);
        return { ...mysqlProfile, name: input.name } as Profile;
      },
    });
    fireEvent.click(screen.getByRole('button', { name: 'Edit Shop MariaDB' }));
    expect(screen.getByText('Leave empty to keep the saved password.')).toBeTruthy();
    type('Name', 'Shop DB');
    fireEvent.click(screen.getByTestId('save-profile'));
    await waitFor(() => expect(saved).toHaveLength(1));
    expect(saved[0]).toMatchObject({ id: 'p-mysql', name: 'Shop DB' });
    expect(saved[0]).not.toHaveProperty('password');
    expect(await screen.findByText('Saved “Shop DB”.')).toBeTruthy();
  });

  it('Esc closes the form; delete asks first; the storage warning is shown', async () => {
    const { fake } = await renderWithStores(<ConnectionsScreen />, {
      ...base,
      'profiles.list': () => [mysqlProfile],
      'profiles.delete': () => ({ deleted: true }),
    });
    expect(screen.getByTestId('secret-storage-warning').textContent).toContain('key file');
    fireEvent.click(screen.getByTestId('new-connection'));
    fireEvent.keyDown(screen.getByTestId('profile-dialog'), { key: 'Escape' });
    expect(screen.queryByTestId('profile-dialog')).toBeNull();

    fireEvent.click(screen.getByRole('button', { name: 'Delete Shop MariaDB' }));
    expect(fake.callsTo('profiles.delete')).toHaveLength(0);
    await act(async () => fireEvent.click(within(screen.getByTestId('confirm-dialog')).getByRole('button', { name: 'Delete' })));
    expect(fake.callsTo('profiles.delete')[0]?.input).toEqual({ id: 'p-mysql' });
    expect(screen.queryAllByTestId('profile-row')).toHaveLength(0);
  });
});
