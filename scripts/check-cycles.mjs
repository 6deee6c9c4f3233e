// Import cycles in src/, through madge (TypeScript paths via tsconfig): fails on any cycle between files, and on
// any cycle between folders (a folder is the first path segment under src/; a file directly in src/ counts as
// its own folder; anything outside src/, such as seeds/, is one folder `../`). Tests and test helpers are left
// out: they may reach across layers.
import madge from 'madge';

/**
 * Imports that still close a folder cycle, each owned by a work package that removes it. Keep this list short and
 * shrinking: an entry whose import no longer exists fails the check, so it is deleted when its owner lands.
 */
const knownEdges = new Map([]);

const result = await madge('src', {
  fileExtensions: ['ts'],
  tsConfig: 'tsconfig.json',
  excludeRegExp: [/\.test\.ts$/, /(^|\/)test-utils\//, /(^|\/)testing(\/|\.ts$)/, /__generated__\//],
});

const problems = [];
for (const cycle of result.circular()) problems.push(`files: ${[...cycle, cycle[0]].join(' → ')}`);

const folderOf = (file) => (file.includes('/') ? file.slice(0, file.indexOf('/')) + '/' : file);
const edges = new Map();
const why = new Map();
const unused = new Set(knownEdges.keys());
for (const [file, deps] of Object.entries(result.obj())) {
  const from = folderOf(file);
  for (const dep of deps) {
    if (knownEdges.has(`${file} → ${dep}`)) {
      unused.delete(`${file} → ${dep}`);
      continue;
    }
    const to = folderOf(dep);
    if (from === to) continue;
    if (!edges.has(from)) edges.set(from, new Set());
    edges.get(from).add(to);
    if (!why.has(`${from}>${to}`)) why.set(`${from}>${to}`, `${file} → ${dep}`);
  }
}

// Tarjan's strongly connected components over the folder graph; every component of two or more is a cycle.
let index = 0;
const stack = [];
const state = new Map();
const components = [];
function visit(v) {
  state.set(v, { index, low: index, onStack: true });
  index++;
  stack.push(v);
  for (const w of edges.get(v) ?? []) {
    if (!state.has(w)) {
      visit(w);
      state.get(v).low = Math.min(state.get(v).low, state.get(w).low);
    } else if (state.get(w).onStack) state.get(v).low = Math.min(state.get(v).low, state.get(w).index);
  }
  if (state.get(v).low === state.get(v).index) {
    const component = [];
    let w;
    do {
      w = stack.pop();
      state.get(w).onStack = false;
      component.push(w);
    } while (w !== v);
    if (component.length > 1) components.push(component.sort());
  }
}
for (const v of edges.keys()) if (!state.has(v)) visit(v);
for (const component of components) {
  const inside = new Set(component);
  const links = [...why.entries()]
    .filter(([k]) => {
      const [a, b] = k.split('>');
      return inside.has(a) && inside.has(b);
    })
    .map(([k, v]) => `    ${k.replace('>', ' → ')}  (${v})`);
  problems.push(`folders: ${component.join(', ')}\n${links.join('\n')}`);
}

for (const edge of unused) problems.push(`known edge no longer exists, delete it from knownEdges: ${edge}`);

if (problems.length) {
  console.error(`import cycles in src/ (${problems.length}):\n${problems.join('\n')}`);
  process.exit(1);
}
console.log(`no import cycles in src/ (${Object.keys(result.obj()).length} files, ${edges.size} folders with imports)`);
