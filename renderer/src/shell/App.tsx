import { useProfiles, useNavigation, useWorkspace } from '../state/app-stores.js';
import { WelcomePanel } from '../welcome/WelcomePanel.js';
import { ConnectionBanner } from './ConnectionBanner.js';
import { Header } from './Header.js';
import { Nav } from './Nav.js';
import { screens } from './screens.js';

export function App({ hasToken = true }: { hasToken?: boolean }) {
  const screenId = useNavigation((s) => s.screen);
  const workspace = useWorkspace((s) => s.workspace);
  const profilesLoaded = useProfiles((s) => s.loaded);
  const profileCount = useProfiles((s) => s.profiles.length);
  const screen = screens.find((s) => s.id === screenId) ?? screens[0]!;
  const offerDemo = Boolean(workspace && profilesLoaded && profileCount === 0 && !workspace.demoOffered);

  return (
    <div className="app">
      <Nav />
      <div className="app__main">
        <ConnectionBanner hasToken={hasToken} />
        <Header />
        <main className="app__content" id="content">
          <screen.Component key={screen.id} />
        </main>
      </div>
      {offerDemo ? <WelcomePanel /> : null}
    </div>
  );
}
