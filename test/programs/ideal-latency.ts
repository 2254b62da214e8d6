/**
 * A benchmark baseline: the ideal provider for an API with a fixed latency. It does no work but
 * wait, per resource, exactly as long as the requests it would make take: create (PATCH, POST)
 * twice the latency, read (GET) and delete (DELETE) once. Through the same engine, its wall time
 * is the ideal that PlivoTelephonyConfig's is compared with.
 * Config: `count`, `latencyMs`.
 */
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const count = config.requireNumber("count");
const latencyMs = config.requireNumber("latencyMs");

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

type Props = { latencyMs: number } & Record<string, unknown>;

const provider: pulumi.dynamic.ResourceProvider<Props, Props> = {
  check: (_olds, news) => Promise.resolve({ inputs: news }),
  diff: () => Promise.resolve({ changes: false }),
  async create(inputs) {
    await wait(2 * inputs.latencyMs);
    return { id: "ideal", outs: inputs };
  },
  async read(id, props) {
    await wait(props!.latencyMs);
    return { id, props, inputs: props };
  },
  async delete(_id, props) {
    await wait(props.latencyMs);
  },
};

class Ideal extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, unknown>) {
    super(provider, name, props, {}, "bench", "Ideal");
  }
}

for (let i = 0; i < count; i++) {
  const n = String(i).padStart(12, "0");
  new Ideal(`ideal-${i}`, {
    latencyMs,
    authId: `MAACCOUNT${n.slice(-11)}`,
    authToken: pulumi.secret(`tok${i}-fake-plivo-token-${i}`),
    callCreationAllowedAgentIds: [`00000000-0000-4000-8000-${n}`],
    requestContextMapping: { From: "user.phone_number" },
  });
}
