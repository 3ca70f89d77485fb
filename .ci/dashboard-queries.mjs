// Writes every PromQL query of ops/grafana/dashboards/*.json as a Prometheus recording-rule file (JSON is YAML), so
// that `promtool check rules` checks the dashboards' PromQL the way it checks the alert rules. Grafana variables
// ($tenant) become ".*". Usage: node .ci/dashboard-queries.mjs > /tmp/dashboard-queries.yml
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const folder = new URL("../ops/grafana/dashboards/", import.meta.url).pathname;
const rules = [];
const collect = (node, file) => {
  if (Array.isArray(node)) {
    node.forEach((element) => collect(element, file));
  } else if (node && typeof node === "object") {
    for (const [key, value] of Object.entries(node)) {
      if (key === "expr" && typeof value === "string") {
        rules.push({ record: `dashboard:query_${rules.length}`, expr: value.replaceAll("$tenant", ".*") });
      } else {
        collect(value, file);
      }
    }
  }
};
for (const file of readdirSync(folder).filter((name) => name.endsWith(".json")).sort()) {
  collect(JSON.parse(readFileSync(join(folder, file), "utf8")), file);
}
if (rules.length === 0) {
  throw new Error("no dashboard queries found in " + folder);
}
console.log(JSON.stringify({ groups: [{ name: "dashboard-queries", rules }] }, null, 2));
