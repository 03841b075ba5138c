import { render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { createStudioClient } from '../../../shared/api/client.js';
import { createAppStores, StoresProvider } from '../state/app-stores.js';
import type { ScreenId } from '../shell/navigation-store.js';
import { createFakeTransport, type Handlers } from './fake-transport.js';

/** Renders UI over the real stores and client, with the engine faked at the transport boundary. */
export async function renderWithStores(ui: ReactElement, handlers: Handlers, options: { initialScreen?: ScreenId; refresh?: boolean } = {}) {
  const fake = createFakeTransport(handlers);
  const stores = createAppStores(createStudioClient(fake.transport), fake.transport, { initialScreen: options.initialScreen });
  if (options.refresh !== false) await stores.refresh();
  const result = render(<StoresProvider stores={stores}>{ui}</StoresProvider>);
  return { ...result, fake, stores };
}
