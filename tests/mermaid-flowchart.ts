/**
 * A strict reader for the Mermaid flowchart subset the roadmap export writes (the mermaid package itself needs a
 * browser DOM to parse). Any line outside the grammar fails the test that uses it.
 */
export interface Flowchart {
  direction: string;
  nodes: Map<string, { label: string; classes: string[]; subgraph?: string }>;
  subgraphs: { id: string; label: string }[];
  edges: { from: string; to: string }[];
}

const unquote = (s: string) => s.replace(/#quot;/g, '"');

export function parseMermaidFlowchart(text: string): Flowchart {
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  const header = /^flowchart (TD|TB|LR|RL|BT)$/.exec(lines[0] ?? '');
  if (!header) throw new Error(`not a flowchart: ${lines[0]}`);
  const chart: Flowchart = { direction: header[1]!, nodes: new Map(), subgraphs: [], edges: [] };
  let current: string | undefined;
  for (const raw of lines.slice(1)) {
    const line = raw.trim();
    let m: RegExpExecArray | null;
    if (/^classDef (\w+) [\w:;#%-]+$/.test(line)) continue;
    if ((m = /^subgraph (\w+)\["([^"]*)"\]$/.exec(line))) {
      if (current) throw new Error('nested subgraph');
      current = m[1]!;
      chart.subgraphs.push({ id: m[1]!, label: unquote(m[2]!) });
    } else if (line === 'end') {
      if (!current) throw new Error('end without subgraph');
      current = undefined;
    } else if ((m = /^(\w+)\["([^"]*)"\](?::::(\w+))?$/.exec(line))) {
      if (chart.nodes.has(m[1]!)) throw new Error(`node ${m[1]} declared twice`);
      chart.nodes.set(m[1]!, { label: unquote(m[2]!), classes: m[3] ? [m[3]] : [], subgraph: current });
    } else if ((m = /^(\w+) --> (\w+)$/.exec(line))) {
      for (const id of [m[1]!, m[2]!]) if (!chart.nodes.has(id)) throw new Error(`edge to undeclared node ${id}`);
      chart.edges.push({ from: m[1]!, to: m[2]! });
    } else {
      throw new Error(`line outside the flowchart grammar: ${line}`);
    }
  }
  if (current) throw new Error('unterminated subgraph');
  return chart;
}
