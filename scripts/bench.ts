/**
 * `npm run bench`: measures what this provider costs where Pulumi runs it, prints a table and
 * writes the same figures to bench-results.json. Every ratio compares two things measured in the
 * same run; timings are medians of RUNS runs, with min and max beside them.
 *
 *   npm run bench -- [--runs 7] [--latency-ms 200] [--resources 100]
 */
import { randomBytes } from "node:crypto";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { arch, cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { UltravoxEmulator } from "../emulator/server";
import { Engine } from "../harness/engine";
import { REPO_ROOT, installApp } from "../harness/installed-app";
import { runProgram, type RegisteredResource } from "../harness/program";
import { ProviderProcess } from "../harness/provider-process";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "7" },
    "latency-ms": { type: "string", default: "200" },
    resources: { type: "string", default: "100" },
  },
});
const RUNS = Number(args.runs);
const LATENCY_MS = Number(args["latency-ms"]);
const RESOURCES = Number(args.resources);
const PROJECT = "ultravox-app";
const PROGRAMS = join(REPO_ROOT, "build", "test", "programs");
const EXAMPLE = join(REPO_ROOT, "build", "examples", "index.js");
const URN = (type: string, name: string) => `urn:pulumi:dev::${PROJECT}::${type}::${name}`;

interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number;
}

function stat(values: number[]): Stat {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median: round(median), min: round(sorted[0]), max: round(sorted[sorted.length - 1]), runs: values.length };
}

const round = (n: number) => Math.round(n * 100) / 100;
const ms = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e6;

async function main(): Promise<void> {
  // Everything temporary (program folders, packed tarballs) lives here, and goes at the end.
  const scratch = (process.env.UV_TMP_ROOT = mkdtempSync(join(tmpdir(), "pulumi-ultravox-bench-")));
  try {
    await measure();
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

type Results = Record<string, unknown>;
type App = ReturnType<typeof installApp>;
const config = { [`${PROJECT}:plivoAuthId`]: "MAFAKEAUTHID000000001", [`${PROJECT}:plivoAuthToken`]: "tokB-daeeb975729fae923d5a" };
const secretKeys = [`${PROJECT}:plivoAuthToken`];

async function measure(): Promise<void> {
  const app = installApp();
  const results: Results = {
    date: new Date().toISOString(),
    node: process.version,
    sdk: app.sdkVersion,
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"} (${arch()}), ${Math.round(totalmem() / 2 ** 30)} GiB`,
    runs: RUNS,
  };
  const example = (await runProgram(app.dir, EXAMPLE, { project: PROJECT, config, secretKeys })).resources[0];
  results.providerBytes = await providerBytes(app, example);
  const { registerMs, trivial } = await registerTimes(app);
  results.registerMs = registerMs;
  const emulator = await new UltravoxEmulator({ latencyMs: 0 }).start();
  const apiKey = emulator.addAccount();
  results.startToFirstCheckMs = await firstCheckTimes(app, { emulator, apiKey }, example, trivial);
  results.apiRequests = await requestCounts(app, { emulator, apiKey });
  await emulator.stop();
  results.manyAccounts = await manyAccounts(app);

  writeFileSync(join(REPO_ROOT, "bench-results.json"), `${JSON.stringify(results, null, 2)}\n`);
  printTable(results);
}

/** 1. `__provider` bytes per resource, and their independence from the implementation's size. */
async function providerBytes(app: App, example: RegisteredResource): Promise<Results> {
  const inflated = installApp();
  appendFileSync(join(inflated.dir, "node_modules", "pulumi-ultravox", "dist", "plivo", "methods.js"), `\n/*${"x".repeat(1024 * 1024)}*/\n`);
  const oursInflated = (await runProgram(inflated.dir, EXAMPLE, { project: PROJECT, config, secretKeys })).resources[0];
  const checkout = (await runProgram(REPO_ROOT, EXAMPLE, { project: PROJECT, config, secretKeys })).resources[0];
  return {
    installed: Buffer.byteLength(String(example.inputs.__provider)),
    installedWithImplementationGrownBy1MiB: Buffer.byteLength(String(oursInflated.inputs.__provider)),
    sourceCheckout: Buffer.byteLength(String(checkout.inputs.__provider)),
  };
}

/** 2. Program side: time to register one resource, serialization included, against a trivial one. */
async function registerTimes(app: App): Promise<{ registerMs: Results; trivial: RegisteredResource }> {
  const register: Record<"ours" | "trivial", number[]> = { ours: [], trivial: [] };
  let trivial: RegisteredResource | undefined;
  for (let i = 0; i < RUNS; i++) {
    const a = (await runProgram(app.dir, join(PROGRAMS, "single.js"), { project: PROJECT })).resources[0];
    const b = (await runProgram(app.dir, join(PROGRAMS, "trivial.js"), { project: PROJECT })).resources[0];
    register.ours.push(a.registeredAtMs);
    register.trivial.push(b.registeredAtMs);
    trivial = b;
  }
  return {
    registerMs: { ours: stat(register.ours), trivial: stat(register.trivial), ratio: round(stat(register.ours).median / stat(register.trivial).median) },
    trivial: trivial!,
  };
}

interface Api {
  emulator: UltravoxEmulator;
  apiKey: string;
}

/** 3. Pulumi's real provider process: start until the first Check is answered, against a trivial provider. */
async function firstCheckTimes(app: App, api: Api, ours: RegisteredResource, trivial: RegisteredResource): Promise<Results> {
  const startToCheck: Record<"ours" | "trivial", number[]> = { ours: [], trivial: [] };
  const firstCheck = async (resource: RegisteredResource) => {
    const started = process.hrtime.bigint();
    const provider = await ProviderProcess.start({ cwd: app.dir, project: PROJECT });
    await provider.configure({ "ultravox:apiKey": api.apiKey, "ultravox:baseUrl": api.emulator.url });
    await provider.check(resource.urn, {}, resource.inputs);
    const elapsed = ms(started);
    await provider.stop();
    return elapsed;
  };
  // Interleaved, so that the machine's drift affects both alike.
  for (let i = 0; i < RUNS; i++) {
    startToCheck.ours.push(await firstCheck(ours));
    startToCheck.trivial.push(await firstCheck(trivial));
  }
  return { ours: stat(startToCheck.ours), trivial: stat(startToCheck.trivial), ratio: round(stat(startToCheck.ours).median / stat(startToCheck.trivial).median) };
}

/** 4. API requests per operation, counted by the emulator. */
async function requestCounts(app: App, { emulator, apiKey }: Api): Promise<Results> {
  const provider = await ProviderProcess.start({ cwd: app.dir, project: PROJECT });
  await provider.configure({ "ultravox:apiKey": apiKey, "ultravox:baseUrl": emulator.url });
  const run = (agents: string[]) =>
    runProgram(app.dir, EXAMPLE, { project: PROJECT, config: { ...config, [`${PROJECT}:agentIds`]: JSON.stringify(agents) }, secretKeys }).then((r) => r.resources);
  const v1 = await run(["3c90c3cc-0d44-4b50-8888-8dd25736052a"]);
  const v2 = await run(["3c90c3cc-0d44-4b50-8888-8dd25736052a", "0b8f5a2e-6c1d-4e7a-9f3b-2d4c6e8a0b1c"]);
  const count = async (action: () => Promise<unknown>) => {
    emulator.clearLog();
    await action();
    return emulator.log.length;
  };
  let engine = new Engine(provider);
  emulator.deleteOutOfBand(apiKey);
  const requests = {
    preview: await count(() => engine.preview(v1)),
    createWhenNoConfig: await count(() => engine.up(v1)),
    noOpUp: await count(() => engine.up(v1)),
    update: await count(() => engine.up(v2)),
    refresh: await count(() => engine.refresh()),
    createWhenConfigExists: await count(() => (engine = new Engine(provider)).up(v1)),
    destroy: await count(() => engine.destroy()),
  };
  await provider.stop();
  return requests;
}

/**
 * 5. Many resources in many accounts, through one provider process, against a fixed latency,
 *    next to the ideal provider (test/programs/ideal-latency.ts) through the same engine.
 */
async function manyAccounts(app: App): Promise<Results> {
  const slow = await new UltravoxEmulator({ latencyMs: LATENCY_MS }).start();
  const accounts = Array.from({ length: RESOURCES }, (_, i) => ({ apiKey: slow.addAccount(), token: `tok${i}-${randomBytes(10).toString("hex")}` }));
  const programs = {
    ours: (
      await runProgram(app.dir, join(PROGRAMS, "many-accounts.js"), {
        project: PROJECT,
        config: { [`${PROJECT}:accounts`]: JSON.stringify(accounts), [`${PROJECT}:count`]: String(RESOURCES) },
        secretKeys: [`${PROJECT}:accounts`],
      })
    ).resources,
    ideal: (
      await runProgram(app.dir, join(PROGRAMS, "ideal-latency.js"), {
        project: PROJECT,
        config: { [`${PROJECT}:count`]: String(RESOURCES), [`${PROJECT}:latencyMs`]: String(LATENCY_MS) },
      })
    ).resources,
  };
  type Op = "create" | "refresh" | "destroy";
  const times = { ours: { create: [], refresh: [], destroy: [] }, ideal: { create: [], refresh: [], destroy: [] } } as Record<"ours" | "ideal", Record<Op, number[]>>;
  const peakRss = { ours: 0, ideal: 0 };
  for (let i = 0; i < Math.max(5, Math.ceil(RUNS / 2)); i++) {
    for (const who of ["ours", "ideal"] as const) {
      const provider = await ProviderProcess.start({ cwd: app.dir, project: PROJECT });
      await provider.configure({ "ultravox:baseUrl": slow.url });
      const engine = new Engine(provider);
      for (const op of ["create", "refresh", "destroy"] as const) {
        const started = process.hrtime.bigint();
        const result = op === "create" ? await engine.up(programs[who]) : op === "refresh" ? await engine.refresh() : await engine.destroy();
        times[who][op].push(ms(started));
        if (result.errors.length > 0) throw new Error(`${who} ${op}: ${result.errors[0]}`);
      }
      peakRss[who] = Math.max(peakRss[who], provider.peakRssBytes() ?? 0);
      await provider.stop();
    }
  }
  await slow.stop();
  // Latency alone: requests for different resources are all in flight at once, one resource's
  // are sequential: create = PATCH (404) then POST, refresh = GET, destroy = DELETE.
  const latencyBound = { create: 2 * LATENCY_MS, refresh: LATENCY_MS, destroy: LATENCY_MS };
  const figure = (op: Op) => ({
    ours: stat(times.ours[op]),
    ideal: stat(times.ideal[op]),
    ratio: round(stat(times.ours[op]).median / stat(times.ideal[op]).median),
    latencyBoundMs: latencyBound[op],
    ratioToLatencyAlone: round(stat(times.ours[op]).median / latencyBound[op]),
  });
  return {
    resources: RESOURCES,
    latencyMs: LATENCY_MS,
    create: figure("create"),
    refresh: figure("refresh"),
    destroy: figure("destroy"),
    peakRssMB: { ours: round(peakRss.ours / 2 ** 20), ideal: round(peakRss.ideal / 2 ** 20) },
  };
}

function printTable(r: Record<string, any>): void {
  const rows: [string, string, string][] = [
    ["__provider bytes per resource (installed)", `${r.providerBytes.installed} (${r.providerBytes.installedWithImplementationGrownBy1MiB} with the implementation 1 MiB larger; ${r.providerBytes.sourceCheckout} from a source checkout)`, "≤ 2048, independent of implementation size"],
    ["provider process start → first Check answered", `${r.startToFirstCheckMs.ours.median} ms vs trivial ${r.startToFirstCheckMs.trivial.median} ms: ratio ${r.startToFirstCheckMs.ratio}`, "≤ 1.10"],
    ["program: register one resource (serialization included)", `${r.registerMs.ours.median} ms vs trivial ${r.registerMs.trivial.median} ms: ratio ${r.registerMs.ratio}`, "≤ 1.10"],
    ["API requests: preview, no-op up, update, refresh, create (exists / not)", `${r.apiRequests.preview}, ${r.apiRequests.noOpUp}, ${r.apiRequests.update}, ${r.apiRequests.refresh}, ${r.apiRequests.createWhenConfigExists} / ${r.apiRequests.createWhenNoConfig}`, "0, 0, 1, 1, 1 / 2"],
    [
      `${r.manyAccounts.resources} resources (${r.manyAccounts.resources} accounts), ${r.manyAccounts.latencyMs} ms latency: create, refresh, destroy vs the ideal provider`,
      `${r.manyAccounts.create.ratio}, ${r.manyAccounts.refresh.ratio}, ${r.manyAccounts.destroy.ratio} (vs latency alone: ${r.manyAccounts.create.ratioToLatencyAlone}, ${r.manyAccounts.refresh.ratioToLatencyAlone}, ${r.manyAccounts.destroy.ratioToLatencyAlone})`,
      "≤ 1.5",
    ],
    ["peak RSS of the provider process, 100-resource run", `${r.manyAccounts.peakRssMB.ours} MB (ideal provider: ${r.manyAccounts.peakRssMB.ideal} MB)`, "≤ 150 MB"],
  ];
  console.log(`Node ${r.node}, @pulumi/pulumi ${r.sdk}, ${r.machine}; medians of ${r.runs} runs\n`);
  console.log("| figure | measured | goal |\n| --- | --- | --- |");
  for (const [a, b, c] of rows) console.log(`| ${a} | ${b} | ${c} |`);
  console.log("\nmin / median / max (ms):");
  for (const [name, s] of [
    ["start → first Check, ours", r.startToFirstCheckMs.ours],
    ["start → first Check, trivial", r.startToFirstCheckMs.trivial],
    ["register, ours", r.registerMs.ours],
    ["register, trivial", r.registerMs.trivial],
    ["100 × create, ours", r.manyAccounts.create.ours],
    ["100 × create, ideal", r.manyAccounts.create.ideal],
    ["100 × refresh, ours", r.manyAccounts.refresh.ours],
    ["100 × refresh, ideal", r.manyAccounts.refresh.ideal],
    ["100 × destroy, ours", r.manyAccounts.destroy.ours],
    ["100 × destroy, ideal", r.manyAccounts.destroy.ideal],
  ] as [string, Stat][]) {
    console.log(`  ${name}: ${s.min} / ${s.median} / ${s.max}`);
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
