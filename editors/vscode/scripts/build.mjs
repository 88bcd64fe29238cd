// Bundles the extension (and, unbundled, the vscode-free config module the
// Node tests load) into dist/.
import * as esbuild from "esbuild";

const production = process.argv.includes("--production");

await esbuild.build({
  entryPoints: ["src/extension.ts"],
  bundle: true,
  outfile: "dist/extension.js",
  format: "cjs",
  platform: "node",
  target: "node18",
  external: ["vscode"],
  sourcemap: !production,
  minify: production,
  logLevel: "warning",
});

await esbuild.build({
  entryPoints: ["src/config.ts"],
  bundle: false,
  outfile: "dist/config.js",
  format: "cjs",
  platform: "node",
  target: "node18",
  logLevel: "warning",
});
