/**
 * The provider methods, shared by every carrier: check, diff, create, read, update, delete.
 *
 * The resource is the account's one config for a carrier (`/api/telephony_configs/<carrier>`):
 *  - create and update PATCH the whole desired config (POST when there is none yet), so a field
 *    removed from the program is cleared remotely and creating over an existing config adopts it;
 *  - diff never asks for a replacement: a replacement would create, then DELETE, the account's
 *    only config of that carrier;
 *  - read merges what the API reports into the old state, keeping the secrets it cannot report.
 */
import type { dynamic } from "@pulumi/pulumi";
import { z } from "zod";
import type { CarrierSpec, RemoteConfig } from "./carrier";
import type { UltravoxClient } from "./client";
import {
  CONNECTION_FIELDS,
  changedOutside,
  isOutsideChangeMarker,
  outsideChangeMarker,
  prefixAtLastWriteField,
  propertyChanges,
  sameValue,
} from "./drift";
import { checkBaseUrl } from "./base-url";
import { API_KEY_HELP, NotFoundError, UltravoxError } from "./errors";
import { hasApiKey, ProviderSettings, resolveConnection, type StackConfig, type StackSettings } from "./settings";
import { isUnknown, nonEmptyString, toCheckFailures, type CheckFailure } from "./validation";

type Props = Record<string, unknown>;

export interface TelephonyConfigProvider extends dynamic.ResourceProvider {
  configure(req: { config: StackConfig }): Promise<void>;
  check(olds: Props, news: Props): Promise<dynamic.CheckResult>;
  diff(id: string, olds: Props, news: Props): Promise<dynamic.DiffResult>;
  create(inputs: Props): Promise<dynamic.CreateResult>;
  read(id: string, props: Props): Promise<dynamic.ReadResult>;
  update(id: string, olds: Props, news: Props): Promise<dynamic.UpdateResult>;
  delete(id: string, props: Props): Promise<void>;
}

const PROVIDER_KEY = "__provider";

function withoutKeys(props: Props, keys: ReadonlySet<string>): Props {
  return Object.fromEntries(Object.entries(props).filter(([key]) => !keys.has(key)));
}

/** Pulumi rejects `undefined` inside outputs ("Unexpected struct type"): leave such keys out. */
function defined(props: Props): Props {
  return Object.fromEntries(Object.entries(props).filter(([, v]) => v !== undefined));
}

export function createTelephonyConfigProvider(spec: CarrierSpec): TelephonyConfigProvider {
  const path = `/api/telephony_configs/${spec.name}`;
  const secretFields = new Set<string>([...spec.secrets.map((s) => s.field), "apiKey"]);
  // Never printed by Pulumi as `value {...}`: the secrets, and a URL that may hold a password.
  const unprintable = new Set<string>([...secretFields, "baseUrl"]);
  const knownProperties = [...Object.keys(spec.inputShape()), ...CONNECTION_FIELDS];
  const settings = new ProviderSettings();
  let inputSchema: z.ZodType<Props> | undefined;
  let responseSchema: z.ZodType<RemoteConfig> | undefined;

  const schema = (): z.ZodType<Props> =>
    (inputSchema ??= z
      .strictObject({
        ...spec.inputShape(),
        apiKey: nonEmptyString.optional(),
        baseUrl: z
          .string()
          .superRefine((v, ctx) => {
            const checked = isUnknown(v) ? undefined : checkBaseUrl(v);
            if (checked && !checked.ok) ctx.addIssue({ code: "custom", message: checked.reason });
          })
          .optional(),
      })
      .superRefine((value, ctx) => spec.refine?.(value, ctx)) as unknown as z.ZodType<Props>);

  function client(inputs: Props, stack: StackSettings): UltravoxClient {
    // Loaded on the first request, not on the first check: preview never pays for the HTTP stack.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { UltravoxClient } = require("./client") as typeof import("./client");
    return new UltravoxClient(
      resolveConnection({ apiKey: inputs.apiKey as string | undefined, baseUrl: inputs.baseUrl as string | undefined }, stack),
    );
  }

  /**
   * Every secret an operation can know, to redact from anything it raises: the desired values, the
   * ones recorded in the state (what Ultravox may still hold and quote back), and every API key.
   */
  const secretsOf = (...propsList: Props[]) =>
    propsList.flatMap((props) => [...secretFields].map((field) => props[field])).filter((v): v is string => typeof v === "string");

  /** The whole desired config, as the API takes it. A marker is never sent: the secret stays as it is. */
  function requestBody(inputs: Props): Props {
    const body: Props = {};
    for (const field of Object.keys(spec.fields)) body[field] = inputs[field];
    for (const secret of spec.secrets) {
      if (!isOutsideChangeMarker(inputs[secret.field])) body[secret.field] = inputs[secret.field];
    }
    return body;
  }

  /** Writes the whole desired config: PATCH, or POST when the account has none (404). */
  async function write(inputs: Props, stack: StackSettings, olds: Props = {}): Promise<RemoteConfig> {
    const api = client(inputs, stack);
    const options = { body: requestBody(inputs), schema: (responseSchema ??= spec.responseSchema()), secrets: secretsOf(inputs, olds) };
    try {
      return (await api.request("PATCH", path, options)).data;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      const held = spec.secrets.filter((s) => isOutsideChangeMarker(inputs[s.field])).map((s) => s.field);
      if (held.length > 0) {
        // ignoreChanges kept the drift marker in place of the secret, and the config is gone: a
        // create needs the secret itself, and the program's value is not in hand.
        throw new UltravoxError(
          `The ${spec.name} config was deleted outside Pulumi, and ${held.join(" and ")} ${held.length > 1 ? "are" : "is"} under ` +
            `ignoreChanges, so there is no value to create it with. Remove ${held.join(" and ")} from ignoreChanges for one \`pulumi up\` ` +
            "(or run `pulumi refresh` first, which drops the deleted config from the state so that `up` creates it).",
        );
      }
      return (await api.request("POST", path, options)).data;
    }
  }

  /** Outputs after a write: the API's answer, the secrets we sent, and the prefixes it reported. */
  function outputsAfterWrite(inputs: Props, remote: RemoteConfig, olds: Props = {}): Props {
    const outs: Props = { ...remote.fields };
    for (const secret of spec.secrets) {
      const atWrite = prefixAtLastWriteField(secret);
      outs[secret.prefixField] = remote.prefixes[secret.prefixField];
      if (isOutsideChangeMarker(inputs[secret.field])) {
        // Not written (ignoreChanges kept the marker): keep the old record, so the drift stays visible.
        if (typeof olds[secret.field] === "string") outs[secret.field] = olds[secret.field];
        outs[atWrite] = typeof olds[atWrite] === "string" ? olds[atWrite] : remote.prefixes[secret.prefixField];
      } else {
        outs[secret.field] = inputs[secret.field];
        outs[atWrite] = remote.prefixes[secret.prefixField];
      }
    }
    return defined(withConnection(outs, inputs));
  }

  /** Keeps apiKey/baseUrl in the state: read and delete must reach the same account. */
  function withConnection(target: Props, source: Props): Props {
    for (const field of CONNECTION_FIELDS) {
      if (typeof source[field] === "string") target[field] = source[field];
    }
    return target;
  }

  return {
    configure(req) {
      return settings.configure(req.config);
    },

    async check(_olds, news) {
      const stack = await settings.current();
      // `null` is how JavaScript programs say "not set": the same as leaving the input out.
      const raw: Props = Object.fromEntries(Object.entries(news).filter(([key, value]) => key !== PROVIDER_KEY && value !== null));
      const parsed = schema().safeParse(raw);
      const failures: CheckFailure[] = parsed.success
        ? []
        : toCheckFailures(parsed.error.issues, { input: raw, unprintable, knownProperties });
      if (failures.length === 0 && !hasApiKey({ apiKey: raw.apiKey as string | undefined }, stack)) {
        failures.push({ property: "", reason: `apiKey: no Ultravox API key is configured. ${API_KEY_HELP}` });
      }
      // The engine discards the inputs of a failed check; still, none of them may carry a credential out.
      if (!parsed.success || failures.length > 0) return { inputs: withoutKeys(news, unprintable), failures };

      const inputs = spec.normalize(parsed.data);
      const baseUrl = typeof inputs.baseUrl === "string" && !isUnknown(inputs.baseUrl) ? checkBaseUrl(inputs.baseUrl) : undefined;
      if (baseUrl?.ok) inputs.baseUrl = baseUrl.url;
      return { inputs };
    },

    async diff(_id, olds, news) {
      await settings.current();
      const changes = propertyChanges(spec, olds, news);
      if (changes.length === 0) return { changes: false };
      // Pulumi masks secrets before it compares inputs for display, so under a plain "changed"
      // a new token would show as an update naming nothing. "Unknown" makes the engine compare the
      // stored and the new inputs in plaintext itself; it finds the secret changed (the stored
      // inputs hold the last written value, or read's marker) and names it: `~ authToken`.
      // Never `replaces`: a replacement would DELETE the account's only config of this carrier.
      const secretChanged = changes.some((c) => secretFields.has(c.property) && c.reason !== "unknown");
      return { changes: secretChanged ? undefined : true };
    },

    async create(inputs) {
      const remote = await write(inputs, await settings.current());
      return { id: spec.name, outs: outputsAfterWrite(inputs, remote) };
    },

    async update(_id, olds, news) {
      const remote = await write(news, await settings.current(), olds);
      return { outs: outputsAfterWrite(news, remote, olds) };
    },

    async read(id, props) {
      const stack = await settings.current();
      let remote: RemoteConfig;
      try {
        remote = (
          await client(props, stack).request("GET", path, { schema: (responseSchema ??= spec.responseSchema()), secrets: secretsOf(props) })
        ).data;
      } catch (error) {
        // Deleted outside Pulumi: an empty id tells the engine the resource is gone.
        if (error instanceof NotFoundError) return { id: "" };
        throw error;
      }

      const state: Props = { ...props };
      delete state[PROVIDER_KEY];
      const inputs: Props = {};
      for (const [field, kind] of Object.entries(spec.fields)) {
        // Keep the recorded order of an unchanged list, so a refresh alone never shows a diff.
        const recorded = state[field];
        state[field] = recorded !== undefined && sameValue(kind, recorded, remote.fields[field]) ? recorded : remote.fields[field];
        inputs[field] = state[field];
      }
      for (const secret of spec.secrets) {
        const atWrite = prefixAtLastWriteField(secret);
        // A state from before the prefix was recorded: take the recorded prefix as the baseline.
        state[atWrite] = typeof state[atWrite] === "string" ? state[atWrite] : (state[secret.prefixField] ?? remote.prefixes[secret.prefixField]);
        state[secret.prefixField] = remote.prefixes[secret.prefixField];
        inputs[secret.field] = changedOutside(secret, state) ? outsideChangeMarker(secret, state) : state[secret.field];
      }
      return { id: id || spec.name, props: defined(state), inputs: defined(withConnection(inputs, state)) };
    },

    async delete(_id, props) {
      const stack = await settings.current();
      try {
        await client(props, stack).request("DELETE", path, { secrets: secretsOf(props) });
      } catch (error) {
        // Already gone is what delete wants.
        if (!(error instanceof NotFoundError)) throw error;
      }
    },
  };
}
