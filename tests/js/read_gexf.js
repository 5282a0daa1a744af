// Read GEXF files with graphology-gexf, the parser of Gephi Lite, and print
// one JSON line per file: graph type, node and edge counts, total weight, labels.
const fs = require("fs");
const Graph = require("graphology");
const gexf = require("graphology-gexf");

for (const file of process.argv.slice(2)) {
  const g = gexf.parse(Graph, fs.readFileSync(file, "utf-8"), { addMissingNodes: false });
  let weight = 0;
  g.forEachEdge((edge, attrs) => { weight += attrs.weight; });
  const labels = {};
  g.forEachNode((node, attrs) => { labels[node] = attrs.label; });
  console.log(JSON.stringify({ file, type: g.type, nodes: g.order, edges: g.size, weight, labels }));
}
