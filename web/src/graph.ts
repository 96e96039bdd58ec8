import cytoscape from 'cytoscape';
import dagre from 'cytoscape-dagre';

cytoscape.use(dagre);

export interface Neighbourhood {
  id: string;
  name: string;
  prerequisites: { id: string; name: string }[];
  dependents: { id: string; name: string }[];
}

/**
 * Draws a concept between its prerequisites (above) and its dependents (below) with a layered (dagre) layout; pan
 * and zoom are Cytoscape's own, a click or tap on a node opens it. Returns a function that removes the drawing.
 */
export function drawNeighbourhood(container: HTMLElement, n: Neighbourhood, open: (id: string) => void): () => void {
  const node = (c: { id: string; name: string }, role: string) => ({ data: { id: c.id, label: c.name, role } });
  const others = [
    ...n.prerequisites.map((c) => node(c, 'prerequisite')),
    ...n.dependents.filter((d) => !n.prerequisites.some((p) => p.id === d.id)).map((c) => node(c, 'dependent')),
  ];
  const cy = cytoscape({
    container,
    elements: [
      node(n, 'self'),
      ...others,
      ...n.prerequisites.map((p) => ({ data: { id: `${p.id}>${n.id}`, source: p.id, target: n.id } })),
      ...n.dependents.map((d) => ({ data: { id: `${n.id}>${d.id}`, source: n.id, target: d.id } })),
    ],
    layout: { name: 'dagre', rankDir: 'TB', nodeSep: 20, rankSep: 60 } as cytoscape.LayoutOptions,
    minZoom: 0.2,
    maxZoom: 3,
    style: [
      {
        selector: 'node',
        style: {
          label: 'data(label)',
          'font-size': 12,
          color: '#1a1a1a',
          'text-wrap': 'wrap',
          'text-max-width': '120px',
          'text-valign': 'center',
          'background-color': '#dbe7fb',
          'border-color': '#0b57d0',
          'border-width': 1,
          shape: 'round-rectangle',
          width: 130,
          height: 44,
        },
      },
      { selector: 'node[role = "self"]', style: { 'background-color': '#0b57d0', color: '#ffffff' } },
      { selector: 'node[role = "dependent"]', style: { 'background-color': '#e6f4ea', 'border-color': '#137333' } },
      {
        selector: 'edge',
        style: { 'curve-style': 'bezier', 'target-arrow-shape': 'triangle', width: 1.5, 'line-color': '#5f6368' },
      },
    ],
  });
  cy.on('tap', 'node', (event) => {
    const id = event.target.id() as string;
    if (id !== n.id) open(id);
  });
  return () => cy.destroy();
}
