import { StrictMode, type MouseEvent } from 'react';
import { createRoot } from 'react-dom/client';
import { Compare } from './pages/Compare';
import { Corpus } from './pages/Corpus';
import { Explorer } from './pages/Explorer';
import { ImagePage } from './pages/ImagePage';
import { Runs } from './pages/Runs';
import { navigate, useLocation } from './router';
import './styles.css';

const pages = [
  { path: '/', label: 'Results', page: Explorer },
  { path: '/compare', label: 'Compare', page: Compare },
  { path: '/corpus', label: 'Corpus', page: Corpus },
  { path: '/runs', label: 'Runs', page: Runs },
];

/** Same-origin links navigate inside the app (history API), so the URL always holds the state. */
function onClick(e: MouseEvent) {
  const a = (e.target as Element).closest('a');
  if (!a || e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || a.target || a.hasAttribute('download'))
    return;
  const url = new URL(a.href, window.location.href);
  if (url.origin !== window.location.origin || url.pathname.startsWith('/images/') || url.pathname === '/graphql')
    return;
  e.preventDefault();
  navigate(url.pathname, url.searchParams);
  window.scrollTo(0, 0);
}

function App() {
  const { path } = useLocation();
  const Page = path === '/corpus/image' ? ImagePage : (pages.find((p) => p.path === path)?.page ?? Explorer);
  return (
    <div onClick={onClick}>
      <header className="top">
        <a href="/" className="brand">
          Stratum
        </a>
        <nav aria-label="Pages">
          {pages.map((p) => (
            <a key={p.path} href={p.path} aria-current={p.path === path ? 'page' : undefined}>
              {p.label}
            </a>
          ))}
          <a href="/graphql" target="_self">
            GraphiQL
          </a>
        </nav>
      </header>
      <main>
        <Page />
      </main>
    </div>
  );
}

performance.mark('stratum-app-start');
createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
