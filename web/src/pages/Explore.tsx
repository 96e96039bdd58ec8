import { useState } from 'preact/hooks';
import { navigate, type Params } from '../route';
import { Link, type Named, NodeLink, Status, useQuery } from '../ui';

const TYPES = `CONCEPT CHAPTER PART TRADE_OFF PAPER TOOL TERM REVIEW_QUESTION LEARNING_OBJECTIVE KEY_TAKEAWAY PRINCIPLE
PILLAR BOOK_SECTION PIPELINE_STAGE PRACTICE SYSTEM_COMPONENT DEPLOYMENT_TARGET DEPLOYMENT_KIND SYSTEM_OBJECTIVE
OPTIMIZATION_TECHNIQUE FACT CAREER_PATH SKILL SPECIALIZATION TECHNOLOGY RESOURCE OPEN_SOURCE_PROJECT CHALLENGE
RESEARCH_DIRECTION INDUSTRY_TREND OPEN_PROBLEM ERA MILESTONE CASE_STUDY ORGANIZATION`.split(/\s+/);

const words = (type: string) => type.toLowerCase().replaceAll('_', ' ');

interface Hit {
  score: number;
  why: { field: string; snippet: string; matchedBy: string[] };
  node: Named & { __typename: string };
}

/** The snippet with the query's words marked. */
export function Highlight({ text, query }: { text: string; query: string }) {
  const terms = query
    .toLowerCase()
    .split(/\W+/)
    .filter((t) => t.length > 2);
  if (!terms.length) return <>{text}</>;
  const pattern = new RegExp(`(${terms.map((t) => t.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'gi');
  return <>{text.split(pattern).map((part, i) => (i % 2 ? <mark key={i}>{part}</mark> : part))}</>;
}

interface Parts {
  parts: {
    nodes: { id: string; roman: string; name: string; chapters: { id: string; number: number; title: string }[] }[];
  };
}

export function Explore({ params }: { params: Params }) {
  const query = params.q ?? '';
  const type = params.type ?? '';
  const mode = params.mode ?? 'HYBRID';
  const [text, setText] = useState(query);
  const search = useQuery<{ search: Hit[] }>(
    'Search',
    query ? { query, mode, ...(type ? { types: [type] } : {}) } : null,
  );
  const browse = useQuery<Parts>('Choices', query ? null : {});
  const go = (change: Params) => navigate({ page: 'explore', q: text.trim(), type, mode, ...change });
  return (
    <section aria-labelledby="explore-title">
      <h1 id="explore-title">Explore the graph</h1>
      <form
        role="search"
        class="row"
        onSubmit={(event) => {
          event.preventDefault();
          go({});
        }}
      >
        <label>
          Search
          <input
            type="search"
            name="q"
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
            placeholder="e.g. shrink a model for phones"
          />
        </label>
        <label>
          Kind
          <select value={type} onChange={(e) => go({ type: e.currentTarget.value })}>
            <option value="">every kind</option>
            {TYPES.map((t) => (
              <option key={t} value={t}>
                {words(t)}
              </option>
            ))}
          </select>
        </label>
        <label>
          Ranking
          <select value={mode} onChange={(e) => go({ mode: e.currentTarget.value })}>
            <option value="HYBRID">meaning and words</option>
            <option value="SEMANTIC">meaning only</option>
            <option value="KEYWORD">words only</option>
          </select>
        </label>
        <button type="submit">Search</button>
      </form>
      {query ? (
        <Status state={search}>
          {(data) =>
            data.search.length ? (
              <ol class="results" aria-label="Search results">
                {data.search.map((hit) => (
                  <li key={hit.node.id}>
                    <NodeLink node={hit.node} /> <span class="kind">{words(hit.node.__typename)}</span>
                    <p class="snippet">
                      <span class="muted">{hit.why.field}: </span>
                      <Highlight text={hit.why.snippet} query={query} />
                    </p>
                    <p class="muted small">
                      found by {hit.why.matchedBy.join(' and ').toLowerCase()} · score {hit.score.toFixed(3)}
                    </p>
                  </li>
                ))}
              </ol>
            ) : (
              <p>Nothing matches “{query}”. Try other words, or every kind.</p>
            )
          }
        </Status>
      ) : (
        <Status state={browse}>
          {(data) => (
            <div>
              <h2>The book, part by part</h2>
              {data.parts.nodes.map((part) => (
                <div key={part.id}>
                  <h3>
                    <Link to={{ page: 'node', id: part.id }}>
                      Part {part.roman}: {part.name}
                    </Link>
                  </h3>
                  <ul class="columns">
                    {part.chapters.map((c) => (
                      <li key={c.id}>
                        <Link to={{ page: 'node', id: c.id }}>
                          {c.number}. {c.title}
                        </Link>
                      </li>
                    ))}
                  </ul>
                </div>
              ))}
            </div>
          )}
        </Status>
      )}
    </section>
  );
}
