import { createStore, type StoreApi } from 'zustand/vanilla';
import type { MethodInput } from '../../../shared/api/contract.js';
import type { StudioApi } from '../../../shared/api/transport.js';
import type { ConnectionTestResult, Profile, ProfileInput } from '../../../shared/profiles/profile.js';
import { errorMessage } from '../ui/errors.js';

export interface ProfilesState {
  profiles: Profile[];
  loaded: boolean;
  error: string | null;
  load(): Promise<void>;
  /** Throws ApiError so the form can show field issues next to their inputs. */
  save(input: ProfileInput): Promise<Profile>;
  duplicate(id: string): Promise<Profile>;
  remove(id: string): Promise<void>;
  test(input: MethodInput<'profiles.test'>): Promise<ConnectionTestResult>;
}

export type ProfilesStore = StoreApi<ProfilesState>;

export function createProfilesStore(api: StudioApi): ProfilesStore {
  return createStore<ProfilesState>((set, get) => ({
    profiles: [],
    loaded: false,
    error: null,
    async load() {
      try {
        set({ profiles: await api.call('profiles.list', {}), loaded: true, error: null });
      } catch (e) {
        set({ error: errorMessage(e) });
      }
    },
    async save(input) {
      const saved = await api.call('profiles.save', input);
      const others = get().profiles.filter((p) => p.id !== saved.id);
      set({ profiles: [...others, saved].sort(byName) });
      return saved;
    },
    async duplicate(id) {
      const copy = await api.call('profiles.duplicate', { id });
      set({ profiles: [...get().profiles, copy].sort(byName) });
      return copy;
    },
    async remove(id) {
      await api.call('profiles.delete', { id });
      set({ profiles: get().profiles.filter((p) => p.id !== id) });
    },
    test(input) {
      return api.call('profiles.test', input);
    },
  }));
}

function byName(a: Profile, b: Profile): number {
  return a.name.localeCompare(b.name);
}
