/**
 * `npm run bench`: measures what this provider costs where Pulumi runs it, for every resource
 * class, prints a table and writes the same figures to bench-results.json. Every ratio compares two
 * things measured in the same run, interleaved; timings are medians of RUNS runs, with min and max.
 *
 *   npm run bench -- [--runs 7] [--latency-ms 200] [--resources 100] [--fleet 200] [--rate-limit 5]
 */
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { arch, cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { UltravoxEmulator } from "../emulator/server";
import { Engine } from "../harness/engine";
import { REPO_ROOT, installApp, type InstalledApp } from "../harness/installed-app";
import { runProgram, type RegisteredResource } from "../harness/program";
import { ProviderProcess } from "../harness/provider-process";
import { CARRIERS, secretValues } from "../test/carriers";

const { values: args } = parseArgs({
  options: {
    runs: { type: "string", default: "7" },
    "latency-ms": { type: "string", default: "200" },
    resources: { type: "string", default: "100" },
    fleet: { type: "string", default: "200" },
    "rate-limit": { type: "string", default: "5" },
  },
});
const RUNS = Number(args.runs);
const LATENCY_MS = Number(args["latency-ms"]);
const RESOURCES = Number(args.resources);
const FLEET = Number(args.fleet);
const RATE_LIMIT = Number(args["rate-limit"]);
const PROJECT = "ultravox-app";
const PROGRAMS = join(REPO_ROOT, "build", "test", "programs");
/** Every resource class, and the methods module that holds its implementation. */
const CLASSES: Record<string, string> = {
  PlivoTelephonyConfig: "plivo/methods.js",
  TwilioTelephonyConfig: "twilio/methods.js",
  TelnyxTelephonyConfig: "telnyx/methods.js",
  Agent: "agent/methods.js",
};

interface Stat {
  median: number;
  min: number;
  max: number;
  runs: number;
}

interface Comparison {
  ours: Stat;
  baseline: Stat;
  /** ours.median / baseline.median */
  ratio: number;
}

interface Results {
  date: string;
  node: string;
  sdk: string;
  machine: string;
  runs: number;
  /** Per resource class. */
  providerBytes: Record<string, { installed: number; installedWithImplementationGrownBy1MiB: number; sourceCheckout: number }>;
  /** Per resource class, against a trivial dynamic resource. */
  registerMs: Record<string, Comparison>;
  /** Per resource class, against a trivial dynamic provider. */
  startToFirstCheckMs: Record<string, Comparison>;
  /**
   * Per resource class, in a fresh Node process: loading its methods module, and its first check.
   * What the provider adds to a provider process's start, measured without the start's own noise.
   */
  implementationMs: Record<string, { load: Stat; firstCheck: Stat }>;
  /** Per resource class: requests per operation. */
  apiRequests: Record<string, Record<string, number>>;
  manyAccounts: ManyAccounts;
  rateLimited: RateLimited;
}

interface RateLimited {
  agents: number;
  limitPerSecond: number;
  /** Operations of the `up` that failed: the goal is none. */
  failedOperations: number;
  /** 429s the emulator answered. */
  refused: number;
  /** Wall time of the whole `up`, seconds. */
  upSeconds: number;
  /** Successful requests per second, from the first request to the last success, over the limit. */
  throughputShare: number;
}

interface ManyAccounts {
  resources: number;
  latencyMs: number;
  create: Comparison & { ratioToLatencyAlone: number };
  refresh: Comparison & { ratioToLatencyAlone: number };
  destroy: Comparison & { ratioToLatencyAlone: number };
  peakRssMB: { ours: number; ideal: number };
}

function stat(values: number[]): Stat {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  const median = sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
  return { median: round(median), min: round(sorted[0]), max: round(sorted[sorted.length - 1]), runs: values.length };
}

function compare(ours: number[], baseline: number[]): Comparison {
  return { ours: stat(ours), baseline: stat(baseline), ratio: round(stat(ours).median / stat(baseline).median) };
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

async function measure(): Promise<void> {
  const app = installApp();
  const emulator = await new UltravoxEmulator({ latencyMs: 0 }).start();
  const apiKey = emulator.addAccount();
  const resources: Record<string, RegisteredResource> = {};
  for (const name of Object.keys(CLASSES)) resources[name] = await single(app.dir, name);
  const trivial = (await runProgram(app.dir, join(PROGRAMS, "trivial.js"), { project: PROJECT })).resources[0];

  const results: Results = {
    date: new Date().toISOString(),
    node: process.version,
    sdk: app.sdkVersion,
    machine: `${cpus().length} × ${cpus()[0]?.model ?? "cpu"} (${arch()}), ${Math.round(totalmem() / 2 ** 30)} GiB`,
    runs: RUNS,
    providerBytes: await providerBytes(app, resources),
    registerMs: await registerTimes(app),
    startToFirstCheckMs: await firstCheckTimes(app, { emulator, apiKey }, resources, trivial),
    implementationMs: implementationTimes(app, resources),
    apiRequests: await requestCounts(app, { emulator, apiKey }),
    manyAccounts: await manyAccounts(app),
    rateLimited: await rateLimited(app),
  };
  await emulator.stop();
  writeFileSync(join(REPO_ROOT, "bench-results.json"), `${JSON.stringify(results, null, 2)}\n`);
  printTable(results);
}

/** One resource of class `name` (test/programs/single.ts), as registered from `dir`. */
async function single(dir: string, name: string): Promise<RegisteredResource & { registeredAtMs: number }> {
  const run = await runProgram(dir, join(PROGRAMS, "single.js"), { project: PROJECT, config: { [`${PROJECT}:resource`]: name } });
  if (run.error || run.resources.length !== 1) throw new Error(`single.js ${name}: ${run.error ?? `${run.resources.length} resources`}`);
  return run.resources[0];
}

/** 1. `__provider` bytes per resource, and their independence from the implementation's size. */
async function providerBytes(app: InstalledApp, resources: Record<string, RegisteredResource>): Promise<Results["providerBytes"]> {
  const inflated = installApp();
  for (const methods of Object.values(CLASSES)) {
    appendFileSync(join(inflated.dir, "node_modules", "pulumi-ultravox", "dist", methods), `\n/*${"x".repeat(1024 * 1024)}*/\n`);
  }
  const bytes = (resource: RegisteredResource) => Buffer.byteLength(String(resource.inputs.__provider));
  const out: Results["providerBytes"] = {};
  for (const name of Object.keys(CLASSES)) {
    out[name] = {
      installed: bytes(resources[name]),
      installedWithImplementationGrownBy1MiB: bytes(await single(inflated.dir, name)),
      sourceCheckout: bytes(await single(REPO_ROOT, name)),
    };
  }
  return out;
}

/** 2. Program side: time to register one resource, serialization included, against a trivial one. */
async function registerTimes(app: InstalledApp): Promise<Results["registerMs"]> {
  const out: Results["registerMs"] = {};
  for (const name of Object.keys(CLASSES)) {
    const ours: number[] = [];
    const trivial: number[] = [];
    for (let i = 0; i < RUNS; i++) {
      ours.push((await single(app.dir, name)).registeredAtMs);
      trivial.push((await runProgram(app.dir, join(PROGRAMS, "trivial.js"), { project: PROJECT })).resources[0].registeredAtMs);
    }
    out[name] = compare(ours, trivial);
  }
  return out;
}

interface Api {
  emulator: UltravoxEmulator;
  apiKey: string;
}

/** 3. Pulumi's real provider process: start until the first Check is answered, against a trivial provider. */
async function firstCheckTimes(
  app: InstalledApp,
  api: Api,
  resources: Record<string, RegisteredResource>,
  trivial: RegisteredResource,
): Promise<Results["startToFirstCheckMs"]> {
  const firstCheck = async (resource: RegisteredResource) => {
    const started = process.hrtime.bigint();
    const provider = await ProviderProcess.start({ cwd: app.dir, project: PROJECT });
    await provider.configure({ "ultravox:apiKey": api.apiKey, "ultravox:baseUrl": api.emulator.url });
    await provider.check(resource.urn, {}, resource.inputs);
    const elapsed = ms(started);
    await provider.stop();
    return elapsed;
  };
  const out: Results["startToFirstCheckMs"] = {};
  for (const [name, resource] of Object.entries(resources)) {
    const ours: number[] = [];
    const baseline: number[] = [];
    // Interleaved, so that the machine's drift affects both alike.
    for (let i = 0; i < RUNS; i++) {
      ours.push(await firstCheck(resource));
      baseline.push(await firstCheck(trivial));
    }
    out[name] = compare(ours, baseline);
  }
  return out;
}

/** What a fresh Node process spends loading a methods module and answering its first check. */
const COLD_START = `
const [file, name, inputs] = process.argv.slice(1);
const t0 = process.hrtime.bigint();
const methods = require(file)[name];
const t1 = process.hrtime.bigint();
methods.configure({ config: { get: (k) => (k === "ultravox:apiKey" ? "emu00000.0f1e2d3c4b5a69788796a5b4c3d2e1f0" : undefined) } });
methods.check({}, JSON.parse(inputs)).then((r) => {
  if (r.failures && r.failures.length) throw new Error(JSON.stringify(r.failures));
  console.log(JSON.stringify({ load: Number(t1 - t0) / 1e6, firstCheck: Number(process.hrtime.bigint() - t1) / 1e6 }));
});`;

/** 3b. The implementation's own part of a provider process's first Check, per resource class. */
function implementationTimes(app: InstalledApp, resources: Record<string, RegisteredResource>): Results["implementationMs"] {
  const out: Results["implementationMs"] = {};
  for (const [name, methods] of Object.entries(CLASSES)) {
    const file = join(app.dir, "node_modules", "pulumi-ultravox", "dist", methods);
    const exportName = `${methods.split("/")[0]}Methods`;
    const inputs = JSON.stringify(Object.fromEntries(Object.entries(resources[name].inputs).filter(([k]) => k !== "__provider")));
    const runs = Array.from(
      { length: RUNS },
      () =>
        JSON.parse(execFileSync(process.execPath, ["-e", COLD_START, file, exportName, inputs], { encoding: "utf8" })) as {
          load: number;
          firstCheck: number;
        },
    );
    out[name] = { load: stat(runs.map((r) => r.load)), firstCheck: stat(runs.map((r) => r.firstCheck)) };
  }
  return out;
}

/** 4. API requests per operation, for each carrier, counted by the emulator. */
async function requestCounts(app: InstalledApp, { emulator, apiKey }: Api): Promise<Results["apiRequests"]> {
  const provider = await ProviderProcess.start({ cwd: app.dir, project: PROJECT });
  await provider.configure({ "ultravox:apiKey": apiKey, "ultravox:baseUrl": emulator.url });
  const out: Results["apiRequests"] = {};
  for (const carrier of CARRIERS) {
    const run = async (agents: string[]) => {
      const args = { ...carrier.identity, ...secretValues(carrier), callCreationAllowedAgentIds: agents };
      const result = await runProgram(app.dir, join(PROGRAMS, "from-config.js"), {
        project: PROJECT,
        config: { [`${PROJECT}:cases`]: JSON.stringify({ [carrier.name]: { resource: carrier.resource, args } }) },
      });
      return result.resources;
    };
    const v1 = await run(["3c90c3cc-0d44-4b50-8888-8dd25736052a"]);
    const v2 = await run(["3c90c3cc-0d44-4b50-8888-8dd25736052a", "0b8f5a2e-6c1d-4e7a-9f3b-2d4c6e8a0b1c"]);
    const count = async (action: () => Promise<unknown>) => {
      emulator.clearLog();
      await action();
      return emulator.calls.length;
    };
    let engine = new Engine(provider);
    emulator.deleteOutOfBand(apiKey, carrier.name);
    out[carrier.resource] = {
      preview: await count(() => engine.preview(v1)),
      createWhenNoConfig: await count(() => engine.up(v1)),
      noOpUp: await count(() => engine.up(v1)),
      update: await count(() => engine.up(v2)),
      refresh: await count(() => engine.refresh()),
      createWhenConfigExists: await count(() => (engine = new Engine(provider)).up(v1)),
      destroy: await count(() => engine.destroy()),
    };
  }
  out.Agent = await agentRequestCounts(app, provider, { emulator, apiKey });
  await provider.stop();
  return out;
}

async function agentRequestCounts(app: InstalledApp, provider: ProviderProcess, { emulator }: Api): Promise<Record<string, number>> {
  const run = async (systemPrompt: string) => {
    const result = await runProgram(app.dir, join(PROGRAMS, "agent.js"), {
      project: PROJECT,
      config: {
        [`${PROJECT}:agentName`]: "bench",
        [`${PROJECT}:callTemplate`]: JSON.stringify({ systemPrompt, temperature: 0.4, joinTimeout: "30s" }),
      },
    });
    return result.resources;
  };
  const [v1, v2] = [await run("You help."), await run("You help, briefly.")];
  const count = async (action: () => Promise<unknown>) => {
    emulator.clearLog();
    await action();
    return emulator.calls.length;
  };
  const engine = new Engine(provider);
  return {
    preview: await count(() => engine.preview(v1)),
    create: await count(() => engine.up(v1)),
    noOpUp: await count(() => engine.up(v1)),
    update: await count(() => engine.up(v2)),
    refresh: await count(() => engine.refresh()),
    destroy: await count(() => engine.destroy()),
  };
}

/**
 * 5. Many resources in many accounts, through one provider process, against a fixed latency,
 *    next to the ideal provider (test/programs/ideal-latency.ts) through the same engine.
 */
async function manyAccounts(app: InstalledApp): Promise<ManyAccounts> {
  const slow = await new UltravoxEmulator({ latencyMs: LATENCY_MS }).start();
  const accounts = Array.from({ length: RESOURCES }, (_, i) => ({
    apiKey: slow.addAccount(),
    token: `tok${i}-${randomBytes(10).toString("hex")}`,
  }));
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
  const times: Record<"ours" | "ideal", Record<Op, number[]>> = {
    ours: { create: [], refresh: [], destroy: [] },
    ideal: { create: [], refresh: [], destroy: [] },
  };
  const peakRss = { ours: 0, ideal: 0 };
  for (let i = 0; i < Math.max(5, Math.ceil(RUNS / 2)); i++) {
    for (const who of ["ours", "ideal"] as const) {
      const provider = await ProviderProcess.start({ cwd: app.dir, project: PROJECT });
      await provider.configure({ "ultravox:baseUrl": slow.url });
      const engine = new Engine(provider);
      for (const op of ["create", "refresh", "destroy"] as const) {
        const started = process.hrtime.bigint();
        const result =
          op === "create" ? await engine.up(programs[who]) : op === "refresh" ? await engine.refresh() : await engine.destroy();
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
  const latencyBound: Record<Op, number> = { create: 2 * LATENCY_MS, refresh: LATENCY_MS, destroy: LATENCY_MS };
  const figure = (op: Op) => ({
    ...compare(times.ours[op], times.ideal[op]),
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

/**
 * 6. A fleet under a rate limit: FLEET Agents in one account (test/programs/many-agents.ts), created
 *    by one `up` through one provider process, every create in flight at once as the engine sends
 *    them, against the emulator limited to RATE_LIMIT requests per second for the key (fixed
 *    one-second windows; each 429 says `Retry-After: 1`). Default settings (4 retries).
 */
async function rateLimited(app: InstalledApp): Promise<RateLimited> {
  const limited = await new UltravoxEmulator({ rateLimit: { requests: RATE_LIMIT, windowMs: 1000, retryAfterSeconds: 1 } }).start();
  const apiKey = limited.addAccount();
  const program = await runProgram(app.dir, join(PROGRAMS, "many-agents.js"), {
    project: PROJECT,
    config: { [`${PROJECT}:count`]: String(FLEET) },
  });
  const provider = await ProviderProcess.start({ cwd: app.dir, project: PROJECT });
  await provider.configure({ "ultravox:apiKey": apiKey, "ultravox:baseUrl": limited.url });
  const started = process.hrtime.bigint();
  const result = await new Engine(provider).up(program.resources);
  const upMs = ms(started);
  await provider.stop();
  await limited.stop();
  const successes = limited.log.filter((r) => typeof r.status === "number" && r.status >= 200 && r.status < 300);
  const spanSeconds = (Math.max(...successes.map((r) => r.at)) - limited.log[0].at) / 1000;
  return {
    agents: FLEET,
    limitPerSecond: RATE_LIMIT,
    failedOperations: result.errors.length,
    refused: limited.log.filter((r) => r.status === 429).length,
    upSeconds: round(upMs / 1000),
    throughputShare: round(successes.length / spanSeconds / RATE_LIMIT),
  };
}

function printTable(r: Results): void {
  const m = r.manyAccounts;
  console.log(`Node ${r.node}, @pulumi/pulumi ${r.sdk}, ${r.machine}; medians of ${r.runs} runs\n`);
  console.log("| figure | resource | measured | goal |\n| --- | --- | --- | --- |");
  for (const name of Object.keys(CLASSES)) {
    const b = r.providerBytes[name];
    const check = r.startToFirstCheckMs[name];
    const register = r.registerMs[name];
    console.log(
      `| __provider bytes (installed; grown by 1 MiB; source checkout) | ${name} | ${b.installed}; ${b.installedWithImplementationGrownBy1MiB}; ${b.sourceCheckout} | ≤ 2048 |`,
    );
    console.log(
      `| provider process start → first Check, vs trivial | ${name} | ${check.ours.median} vs ${check.baseline.median} ms: **${check.ratio}** | ≤ 1.10 |`,
    );
    console.log(
      `| program: register one resource, vs trivial | ${name} | ${register.ours.median} vs ${register.baseline.median} ms: ${register.ratio} | ≤ 1.10 |`,
    );
    const impl = r.implementationMs[name];
    console.log(
      `| fresh process: load the methods module + first check | ${name} | ${impl.load.median} + ${impl.firstCheck.median} ms | |`,
    );
  }
  const a = r.apiRequests.Agent;
  console.log(
    `| API requests: preview, create, no-op up, update, refresh, destroy | Agent | ${a.preview}, ${a.create}, ${a.noOpUp}, ${a.update}, ${a.refresh}, ${a.destroy} | 0, 1, 0, 1, 1, 1 |`,
  );
  for (const [name, requests] of Object.entries(r.apiRequests).filter(([name]) => name !== "Agent")) {
    const { preview, noOpUp, update, refresh, createWhenConfigExists, createWhenNoConfig, destroy } = requests;
    console.log(
      `| API requests: preview, no-op up, update, refresh, create (exists / not), destroy | ${name} | ${preview}, ${noOpUp}, ${update}, ${refresh}, ${createWhenConfigExists} / ${createWhenNoConfig}, ${destroy} | 0, 0, 1, 1, 1 / 2, 1 |`,
    );
  }
  console.log(
    `| ${m.resources} accounts at ${m.latencyMs} ms: create, refresh, destroy vs the ideal provider | PlivoTelephonyConfig | ${m.create.ratio}, ${m.refresh.ratio}, ${m.destroy.ratio} (vs latency alone: ${m.create.ratioToLatencyAlone}, ${m.refresh.ratioToLatencyAlone}, ${m.destroy.ratioToLatencyAlone}) | ≤ 1.5 |`,
  );
  console.log(
    `| peak RSS of the provider process, ${m.resources}-resource run | PlivoTelephonyConfig | ${m.peakRssMB.ours} MB (ideal provider: ${m.peakRssMB.ideal} MB) | ≤ 150 MB |`,
  );
  const f = r.rateLimited;
  console.log(
    `| ${f.agents} Agents in one account, one up, the key limited to ${f.limitPerSecond} requests/s: failed operations; throughput / limit | Agent | ${f.failedOperations}; **${f.throughputShare}** (${f.refused} 429s; the up took ${f.upSeconds} s) | 0; ≥ 0.9 |`,
  );
  console.log("\nmin / median / max (ms):");
  const rows: [string, Stat][] = [
    ...Object.entries(r.startToFirstCheckMs).flatMap(([name, c]): [string, Stat][] => [
      [`start → first Check, ${name}`, c.ours],
      [`start → first Check, trivial (beside ${name})`, c.baseline],
    ]),
    ...(["create", "refresh", "destroy"] as const).flatMap((op): [string, Stat][] => [
      [`${m.resources} × ${op}, ours`, m[op].ours],
      [`${m.resources} × ${op}, ideal`, m[op].baseline],
    ]),
  ];
  for (const [name, s] of rows) console.log(`  ${name}: ${s.min} / ${s.median} / ${s.max}`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
