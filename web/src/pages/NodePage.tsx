import { useEffect, useRef } from 'preact/hooks';
import { navigate } from '../route';
import { ErrorMessage, hours, labelOf, Link, type Named, NodeLink, nodeLink, Status, useQuery } from '../ui';
import type { Neighbourhood } from '../graph';

type Ref = Named;
type Edge = { reason: string; concept: { id: string; name: string } };

interface NodeData extends Named {
  __typename: string;
  definition?: string;
  description?: string;
  concepts?: Ref[];
  sources: { citation: string }[];
  aliases?: string[];
  difficulty?: string;
  hours?: number;
  chapter?: { id: string; number: number; title: string; part: { id: string; name: string } };
  prerequisites?: Edge[];
  dependents?: Edge[];
  related?: Ref[];
  tradeOffs?: Ref[];
  papers?: (Ref & { year?: number })[];
  tools?: Ref[];
  resources?: Ref[];
  objectives?: Ref[];
  terms?: Ref[];
  number?: number;
  part?: { id: string; roman: string; name: string };
  roman?: string;
  theme?: string;
  chapters?: { id: string; number: number; title: string }[];
}

// Started with the page's query, not after it: the graph's code and the data load side by side (a waterfall of two).
const loadGraph = () => import('../graph');

function List({ title, items }: { title: string; items?: Ref[] }) {
  if (!items?.length) return null;
  return (
    <section>
      <h2>{title}</h2>
      <ul>
        {items.map((item) => (
          <li key={item.id}>
            <NodeLink node={item} />
          </li>
        ))}
      </ul>
    </section>
  );
}

function Edges({ title, edges }: { title: string; edges?: Edge[] }) {
  return (
    <section>
      <h2>{title}</h2>
      {edges?.length ? (
        <ul>
          {edges.map((e) => (
            <li key={e.concept.id}>
              <NodeLink node={e.concept} />
              <span class="muted">: {e.reason}</span>
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted">None.</p>
      )}
    </section>
  );
}

function Graph({ concept }: { concept: Neighbourhood }) {
  const box = useRef<HTMLDivElement>(null);
  useEffect(() => {
    let remove: (() => void) | undefined;
    let gone = false;
    loadGraph().then(({ drawNeighbourhood }) => {
      if (!gone && box.current) remove = drawNeighbourhood(box.current, concept, (id) => navigate(nodeLink(id)));
    });
    return () => {
      gone = true;
      remove?.();
    };
  }, [concept]);
  return (
    <figure>
      <div
        ref={box}
        class="graph"
        role="img"
        aria-label={`${concept.name} with its ${concept.prerequisites.length} prerequisites above and ${concept.dependents.length} dependents below`}
      />
      <figcaption class="muted small">
        Prerequisites above, dependents below. Drag to pan, scroll or pinch to zoom, click a concept to open it; the
        lists below hold the same links.
      </figcaption>
    </figure>
  );
}

export function NodePage({ id }: { id: string }) {
  useEffect(() => void (id.startsWith('concept:') && loadGraph()), [id]);
  const state = useQuery<{ node: NodeData | null }>('Node', { id });
  return (
    <Status state={state}>
      {({ node }) => (node ? <NodeView node={node} /> : <ErrorMessage error={`There is no node "${id}".`} />)}
    </Status>
  );
}

function NodeView({ node }: { node: NodeData }) {
  const kind = node.__typename.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
  const neighbourhood =
    node.__typename === 'Concept'
      ? {
          id: node.id,
          name: labelOf(node),
          prerequisites: (node.prerequisites ?? []).map((e) => e.concept),
          dependents: (node.dependents ?? []).map((e) => e.concept),
        }
      : undefined;
  return (
    <article aria-labelledby="node-title">
      <p class="kind">{node.part ? `Part ${node.part.roman}: ${node.part.name} · ${kind}` : kind}</p>
      <h1 id="node-title">
        {node.number !== undefined && node.__typename === 'Chapter' ? `${node.number}. ` : ''}
        {node.roman ? `Part ${node.roman}: ` : ''}
        {labelOf(node)}
      </h1>
      {node.aliases && node.aliases.length > 0 && <p class="muted">Also called {node.aliases.join(', ')}.</p>}
      {node.theme && <p class="muted">{node.theme}</p>}
      {(node.definition ?? node.description) && <p class="lead">{node.definition ?? node.description}</p>}
      {node.chapter && (
        <p>
          Introduced in chapter {node.chapter.number}, <NodeLink node={node.chapter} /> (part{' '}
          <NodeLink node={node.chapter.part} />) · {node.difficulty?.toLowerCase()} · about {hours(node.hours ?? 0)}
        </p>
      )}
      {neighbourhood && <Graph concept={neighbourhood} />}
      {neighbourhood && (
        <div class="two">
          <Edges title="Prerequisites" edges={node.prerequisites} />
          <Edges title="Dependents" edges={node.dependents} />
        </div>
      )}
      {node.part && (
        <p>
          In <NodeLink node={node.part} />.
        </p>
      )}
      <List title="Chapters" items={node.chapters?.map((c) => ({ id: c.id, name: `${c.number}. ${c.title}` }))} />
      <List title="Concepts" items={node.concepts} />
      <List title="Related concepts" items={node.related} />
      <List title="Trade-offs" items={node.tradeOffs} />
      <List title="Papers" items={node.papers?.map((p) => ({ ...p, name: `${p.title} (${p.year ?? 'n.d.'})` }))} />
      <List title="Tools" items={node.tools} />
      <List title="Resources" items={node.resources} />
      <List title="Learning objectives" items={node.objectives} />
      <List title="Terms" items={node.terms} />
      {node.sources.length > 0 && (
        <section>
          <h2>Sources</h2>
          <ul class="small">
            {node.sources.map((s) => (
              <li key={s.citation}>{s.citation}</li>
            ))}
          </ul>
        </section>
      )}
      {(node.__typename === 'Concept' || node.__typename === 'Chapter') && (
        <p>
          <Link
            to={{ page: 'roadmap', [node.__typename === 'Concept' ? 'concepts' : 'chapters']: node.id, hours: '5' }}
          >
            Plan a roadmap to this {kind}
          </Link>
        </p>
      )}
    </article>
  );
}
