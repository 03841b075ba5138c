import { useNavigation } from '../state/app-stores.js';
import { screens } from './screens.js';

export function Nav() {
  const current = useNavigation((s) => s.screen);
  const go = useNavigation((s) => s.go);
  return (
    <nav className="nav" aria-label="Main">
      <div className="nav__brand" aria-hidden="true">
        <span className="nav__logo">◆</span>
        <span className="nav__name">ETL Studio</span>
      </div>
      <ul className="nav__list">
        {screens.map((s) => (
          <li key={s.id}>
            <button
              type="button"
              className={`nav__item${current === s.id ? ' nav__item--current' : ''}`}
              aria-current={current === s.id ? 'page' : undefined}
              onClick={() => go(s.id)}
              data-testid={`nav-${s.id}`}
            >
              <span className="nav__icon" aria-hidden="true">{s.icon}</span>
              <span>{s.label}</span>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  );
}
