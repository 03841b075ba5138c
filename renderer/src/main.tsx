import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { createStudioClient } from '../../shared/api/client.js';
import { hasToken, pickTransport } from './api/pick-transport.js';
import { App } from './shell/App.js';
import { createAppStores, StoresProvider } from './state/app-stores.js';
import './styles/app.css';

const transport = pickTransport(window);
const stores = createAppStores(createStudioClient(transport), transport);
void stores.refresh().then(() => {
  // Start where the user can act: the sync screen once it has both ends, connections before.
  const ws = stores.workspace.getState().workspace;
  if (ws && (!ws.sourceProfileId || !ws.warehouseProfileId)) stores.navigation.getState().go('connections');
});

const root = document.getElementById('root');
if (!root) throw new Error('index.html has no #root element');
createRoot(root).render(
  <StrictMode>
    <StoresProvider stores={stores}>
      <App hasToken={hasToken(window)} />
    </StoresProvider>
  </StrictMode>,
);
