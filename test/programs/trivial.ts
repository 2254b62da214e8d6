/**
 * A benchmark baseline: the smallest dynamic resource there is, registered the same way.
 */
import * as pulumi from "@pulumi/pulumi";

type Props = Record<string, unknown>;

const provider: pulumi.dynamic.ResourceProvider<Props, Props> = {
  check: (_olds, news) => Promise.resolve({ inputs: news }),
  create: (inputs) => Promise.resolve({ id: "trivial", outs: inputs }),
};

class Trivial extends pulumi.dynamic.Resource {
  constructor(name: string, props: Record<string, unknown>) {
    super(provider, name, props, {}, "bench", "Trivial");
  }
}

new Trivial("trivial", { authId: "MA1", callCreationAllowedAgentIds: [] });
