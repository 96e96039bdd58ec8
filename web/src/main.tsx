import { render } from 'preact';
import { useEffect, useRef } from 'preact/hooks';
import './style.css';
import { useParams } from './route';
import { Link } from './ui';
import { Explore } from './pages/Explore';
import { NodePage } from './pages/NodePage';
import { Roadmap } from './pages/Roadmap';
import { Syllabus } from './pages/Syllabus';
import { Api } from './pages/Api';

const PAGES = [
  { page: 'explore', label: 'Explore' },
  { page: 'roadmap', label: 'Roadmap' },
  { page: 'syllabus', label: 'Syllabus' },
  { page: 'api', label: 'API' },
];

function App() {
  const params = useParams();
  const page = params.page ?? 'explore';
  const main = useRef<HTMLElement>(null);
  // After a navigation, focus goes to the new page's content, as a full page load would put it.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) first.current = false;
    else main.current?.focus();
    const title = PAGES.find((p) => p.page === page)?.label ?? 'Explore';
    document.title = `${title} · mlsys-graph`;
  }, [page, params.id]);
  const section = page === 'node' ? 'explore' : page;
  return (
    <>
      <a class="skip" href="#main">
        Skip to content
      </a>
      <header>
        <nav aria-label="Pages">
          <span class="brand">mlsys-graph</span>
          {PAGES.map((p) => (
            <span key={p.page} aria-current={section === p.page ? 'page' : undefined}>
              <Link to={{ page: p.page }}>{p.label}</Link>
            </span>
          ))}
        </nav>
      </header>
      <main id="main" ref={main} tabIndex={-1}>
        {page === 'node' && params.id ? (
          <NodePage key={params.id} id={params.id} />
        ) : page === 'roadmap' ? (
          <Roadmap key={location.search} params={params} />
        ) : page === 'syllabus' ? (
          <Syllabus key={location.search} params={params} />
        ) : page === 'api' ? (
          <Api />
        ) : (
          <Explore key={location.search} params={params} />
        )}
      </main>
      <footer class="muted small">
        The knowledge graph of the MLSysBook course. <a href="/graphql">GraphiQL</a> ·{' '}
        <a href="/schema.graphql">Schema</a> · <a href="/version">Version</a> · <a href="/metrics">Metrics</a>
      </footer>
    </>
  );
}

render(<App />, document.getElementById('app')!);
