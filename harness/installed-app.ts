/**
 * A Pulumi program folder with this package installed the way a user gets it: `npm pack`ed,
 * unpacked into `node_modules/pulumi-ultravox` as a real folder (so Pulumi's serializer sees a
 * module under node_modules, exactly as on a user's laptop), next to the dependencies it needs.
 *
 * Dependencies are linked from this repository's node_modules (in CI's second run its
 * @pulumi/pulumi is the newest SDK's, linked in by .ci/run), so no registry is asked and the
 * folder is ready in about a second.
 */
import { execFileSync } from "node:child_process";
import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

/** This repository: the nearest folder above this file whose package.json is pulumi-ultravox. */
export const REPO_ROOT = findRepoRoot(__dirname);

function findRepoRoot(start: string): string {
  for (let dir = start; ; dir = resolve(dir, "..")) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === "pulumi-ultravox") return dir;
    if (resolve(dir, "..") === dir) throw new Error(`no pulumi-ultravox package.json above ${start}`);
  }
}

/**
 * A temporary folder under the run's own root (UV_TMP_ROOT, made by the test run's global setup
 * and removed by its teardown), else under the system's.
 */
export function scratchDir(prefix: string): string {
  return mkdtempSync(join(process.env.UV_TMP_ROOT ?? tmpdir(), prefix));
}

export interface InstalledApp {
  /** The program folder; Pulumi starts the provider process here. */
  dir: string;
  /** The packed tarball that was installed. */
  tarball: string;
  /** The @pulumi/pulumi version the app resolves. */
  sdkVersion: string;
}

export interface InstallOptions {
  /** The package to pack and install. Default: this repository (an older release's checkout, for golden states). */
  packageDir?: string;
  /** Packages to copy into the app rather than link (so they resolve their own imports from it). */
  copy?: string[];
  /** Packages to take from elsewhere: name → folder to link. */
  replace?: Record<string, string>;
}

/** Packs the package (dist must be built) and installs it into a new program folder. */
export function installApp(options: InstallOptions = {}): InstalledApp {
  const dependencies = join(REPO_ROOT, "node_modules");
  const packageDir = options.packageDir ?? REPO_ROOT;
  const dir = scratchDir("app-");
  if (!existsSync(join(packageDir, "dist", "index.js"))) {
    throw new Error(`${packageDir}/dist is not built: run \`npm run build\` there first`);
  }
  const packDir = scratchDir("pack-");
  const packed = JSON.parse(
    execFileSync("npm", ["pack", "--ignore-scripts", "--json", "--pack-destination", packDir], { cwd: packageDir, encoding: "utf8" }),
  ) as { filename: string }[];
  const tarball = join(packDir, packed[0].filename);

  const nodeModules = join(dir, "node_modules");
  mkdirSync(nodeModules, { recursive: true });
  execFileSync("tar", ["-xzf", tarball, "-C", nodeModules]);
  rmSync(join(nodeModules, "pulumi-ultravox"), { recursive: true, force: true });
  renameSync(join(nodeModules, "package"), join(nodeModules, "pulumi-ultravox"));
  for (const [name, folder] of Object.entries(options.replace ?? {})) {
    mkdirSync(dirname(join(nodeModules, name)), { recursive: true });
    symlinkSync(folder, join(nodeModules, name), "dir");
  }
  for (const name of options.copy ?? []) {
    mkdirSync(dirname(join(nodeModules, name)), { recursive: true });
    cpSync(realpathSync(join(dependencies, name)), join(nodeModules, name), { recursive: true });
  }
  linkDependencies(dependencies, nodeModules);

  const sdkVersion = (JSON.parse(readFileSync(join(nodeModules, "@pulumi", "pulumi", "package.json"), "utf8")) as { version: string })
    .version;
  writeFileSync(
    join(dir, "package.json"),
    JSON.stringify(
      {
        name: "ultravox-app",
        private: true,
        main: "index.js",
        dependencies: { "@pulumi/pulumi": sdkVersion, "pulumi-ultravox": "file:" + tarball },
      },
      null,
      2,
    ),
  );
  writeFileSync(join(dir, "Pulumi.yaml"), "name: ultravox-app\nruntime: nodejs\n");
  return { dir, tarball, sdkVersion };
}

/** Links every package of `from` into `to`, scoped ones one by one; never pulumi-ultravox itself. */
function linkDependencies(from: string, to: string): void {
  for (const entry of readdirSync(from)) {
    if (entry === "pulumi-ultravox" || entry.startsWith(".")) continue;
    if (entry.startsWith("@")) {
      mkdirSync(join(to, entry), { recursive: true });
      for (const scoped of readdirSync(join(from, entry))) {
        if (!existsSync(join(to, entry, scoped))) symlinkSync(join(from, entry, scoped), join(to, entry, scoped), "dir");
      }
    } else if (!existsSync(join(to, entry))) {
      symlinkSync(join(from, entry), join(to, entry), "dir");
    }
  }
}
