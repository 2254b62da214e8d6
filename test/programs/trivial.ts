/**
 * A benchmark baseline: the smallest dynamic resource there is, registered the same way.
 */
import * as pulumi from "@pulumi/pulumi";

const provider: pulumi.dynamic.ResourceProvider = {
  async check(_olds, news) {
    return { inputs: news };
  },
  async create(inputs) {
    return { id: "trivial", outs: inputs };
  },
};

class Trivial extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, unknown>) {
    super(provider, name, props, {}, "bench", "Trivial");
  }
}

new Trivial("trivial", { authId: "MA1", callCreationAllowedAgentIds: [] });
