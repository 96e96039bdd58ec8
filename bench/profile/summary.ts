/**
 * Pure: a V8 CPU profile (`.cpuprofile`, as the inspector's Profiler.stop returns it) aggregated into self and total
 * time per function and per place (a package under node_modules, a file of this project, Node's internals).
 */

export interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
export interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
export interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

export interface Row {
  name: string;
  selfMs: number;
  totalMs: number;
}

/** Where a frame's code lives: `pkg:<name>` under node_modules, the project-relative file, or Node's own. */
export function placeOf(frame: CallFrame, root: string): string {
  const url = frame.url.replace(/^file:\/\//, '');
  if (!url) return frame.functionName.startsWith('(') ? frame.functionName : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const modules = url.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = url.slice(modules + '/node_modules/'.length).split('/');
    return `pkg:${first!.startsWith('@') ? `${first}/${second}` : first}`;
  }
  return url.startsWith(`${root}/`) ? url.slice(root.length + 1) : url;
}

const functionOf = (frame: CallFrame, root: string) =>
  `${frame.functionName || '(anonymous)'} ${placeOf(frame, root)}:${frame.lineNumber + 1}`;

/**
 * Self time (the samples a frame was on top of the stack) and total time (the samples it was anywhere on the stack,
 * counted once per sample under recursion), per key, in milliseconds, dearest self time first.
 */
export function aggregate(profile: CpuProfile, keyOf: (frame: CallFrame) => string): Row[] {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const rows = new Map<string, Row>();
  const row = (name: string) => {
    let r = rows.get(name);
    if (!r) rows.set(name, (r = { name, selfMs: 0, totalMs: 0 }));
    return r;
  };
  profile.samples.forEach((id, i) => {
    // A sample's delta is the time since the previous one; the next sample's delta is this one's duration.
    const ms = (profile.timeDeltas[i + 1] ?? 0) / 1000;
    row(keyOf(byId.get(id)!.callFrame)).selfMs += ms;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const key = keyOf(byId.get(at)!.callFrame);
      if (seen.has(key)) continue;
      seen.add(key);
      row(key).totalMs += ms;
    }
  });
  return [...rows.values()].sort((a, b) => b.selfMs - a.selfMs);
}

/**
 * Self time charged to the innermost frame of each sample that is not Node's own or native code: the package or file
 * that asked for the work (a socket write, a hash, a stack trace) pays for it. GC, idle and program time stay apart.
 */
export function byOwner(profile: CpuProfile, root: string): Row[] {
  const parent = new Map<number, number>();
  const byId = new Map<number, ProfileNode>();
  for (const n of profile.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  const ownerOf = new Map<number, string>();
  const owner = (id: number): string => {
    let found = ownerOf.get(id);
    if (found !== undefined) return found;
    const place = placeOf(byId.get(id)!.callFrame, root);
    const up = parent.get(id);
    const own = place !== 'node:internal' && place !== '(native)';
    found = own || up === undefined ? place : owner(up);
    // Node's own work with no caller of ours above it (a socket read, a timer) stays Node's.
    if (found === '(root)' && !own) found = place;
    ownerOf.set(id, found);
    return found;
  };
  const rows = new Map<string, Row>();
  profile.samples.forEach((id, i) => {
    const name = owner(id);
    const r = rows.get(name) ?? { name, selfMs: 0, totalMs: 0 };
    r.selfMs += (profile.timeDeltas[i + 1] ?? 0) / 1000;
    r.totalMs = r.selfMs;
    rows.set(name, r);
  });
  return [...rows.values()].sort((a, b) => b.selfMs - a.selfMs);
}

export const byFunction = (profile: CpuProfile, root: string) => aggregate(profile, (f) => functionOf(f, root));
export const byPlace = (profile: CpuProfile, root: string) => aggregate(profile, (f) => placeOf(f, root));

/** The profile's sampled time that was not idle, in milliseconds. */
export function busyMs(profile: CpuProfile): number {
  return aggregate(profile, (f) => f.functionName)
    .filter((r) => r.name !== '(idle)')
    .reduce((sum, r) => sum + r.selfMs, 0);
}
