/**
 * The provider of every telephony config resource (Plivo, Twilio, Telnyx): one class, one carrier
 * spec each.
 *
 * The resource is the account's one config for a carrier (`/api/telephony_configs/<carrier>`):
 *  - create and update PATCH the whole desired config (POST when there is none yet), so a field
 *    removed from the program is cleared remotely and creating over an existing config adopts it;
 *  - diff never asks for a replacement: a replacement would create, then DELETE, the account's
 *    only config of that carrier;
 *  - read merges what the API reports into the old state, keeping the secrets it cannot report
 *    (write-only-secret.ts says how their drift is still found);
 *  - delete leaves the config alone when another resource of the account wrote it in this
 *    deployment (a renamed resource: singletons.ts).
 * Every operation stays in the account the state records (account.ts).
 */
import { accountOutputs, type AccountRecord } from "../core/account";
import type { ResponseShape, UltravoxClient } from "../core/client";
import { sameValue, type FieldKind } from "../core/compare";
import { NotFoundError, UltravoxError } from "../core/errors";
import { notice } from "../core/notice";
import { defined, NAME_INPUT, UltravoxProvider, type DiffAnswer, type Props } from "../core/resource-provider";
import { API_KEY_INPUT } from "../core/settings";
import { containsUnknown, trimmedString } from "../core/validate";
import { otherWriter, recordWrite } from "../core/singletons";
import { afterRead, isOutsideChangeMarker, secretDiffers, stateAfterWrite, valueToSend } from "../core/write-only-secret";
import {
  configFields,
  normalizeShared,
  readConfig,
  refineShared,
  responseValidator,
  sharedInputs,
  type CarrierSpec,
  type RemoteConfig,
} from "./carrier";

export class TelephonyConfigProvider extends UltravoxProvider {
  private readonly path: string;
  private readonly fields: Record<string, FieldKind>;
  private responseShape: ResponseShape<RemoteConfig> | undefined;

  constructor(private readonly carrier: CarrierSpec) {
    const apiKeyInputs = carrier.apiKeyInputs ?? [API_KEY_INPUT];
    const secrets = carrier.secrets.map((s) => s.field);
    super({
      className: carrier.className,
      inputs: () => ({
        ...carrier.identity,
        ...Object.fromEntries(secrets.map((field) => [field, trimmedString])),
        ...sharedInputs(),
      }),
      required: [...Object.keys(carrier.identity), ...secrets],
      refine: refineShared,
      secretInputs: [...secrets, ...apiKeyInputs],
      apiKeyInputs,
    });
    this.path = `/api/telephony_configs/${carrier.name}`;
    this.fields = configFields(carrier);
  }

  protected normalize(inputs: Props): Props {
    return normalizeShared(inputs);
  }

  async diff(_id: string, olds: Props, news: Props): Promise<DiffAnswer> {
    await this.stack();
    const connection = this.connectionChanged(olds, news);
    const fieldChanged = Object.entries(this.fields).some(
      ([field, kind]) => containsUnknown(news[field]) || !sameValue(kind, olds[field], news[field]),
    );
    const secrets = [...this.carrier.secrets.map((s) => s.field), ...(this.carrier.apiKeyInputs ?? [API_KEY_INPUT])];
    // A value not known yet (preview) is a change, but not one to name: the engine shows it anyway.
    const secretUnknown = secrets.some((field) => containsUnknown(news[field]));
    const secretChanged = !secretUnknown && (this.carrier.secrets.some((s) => secretDiffers(s, olds, news)) || connection.apiKey);
    const replaces = await this.accountMove(olds, news);
    if (replaces) return { changes: true, replaces };
    if (secretChanged) return { changes: undefined };
    return { changes: fieldChanged || secretUnknown || connection.baseUrl };
  }

  async create(inputs: Props): Promise<{ id: string; outs: Props }> {
    const { api, account } = await this.connectNew(inputs);
    const remote = await this.write(api, inputs, {});
    return { id: this.carrier.name, outs: this.outputsAfterWrite(inputs, remote, {}, await this.recordWrite(account, inputs)) };
  }

  async update(_id: string, olds: Props, news: Props): Promise<{ outs: Props }> {
    const { api, account } = await this.connect(news, olds);
    const remote = await this.write(api, news, olds);
    return { outs: this.outputsAfterWrite(news, remote, olds, await this.recordWrite(Promise.resolve(account), news)) };
  }

  async read(id: string, props: Props = {}): Promise<{ id: string; props?: Props; inputs?: Props }> {
    const { api, account } = await this.connect(props, props);
    let remote: RemoteConfig;
    try {
      remote = (await api.request("GET", this.path, { response: this.response(), secrets: this.secretsIn(props) })).data;
    } catch (error) {
      // Deleted outside Pulumi: an empty id tells the engine the resource is gone.
      if (error instanceof NotFoundError) return { id: "" };
      throw error;
    }
    const state: Props = { ...this.connectionState(props), ...accountOutputs(account) };
    const inputs: Props = { ...this.connectionState(props) };
    for (const [field, kind] of Object.entries(this.fields)) {
      // Keep the recorded form of an equal value (an agent list in its order), so a refresh alone never shows a diff.
      state[field] =
        props[field] !== undefined && sameValue(kind, props[field], remote.fields[field]) ? props[field] : remote.fields[field];
      inputs[field] = state[field];
    }
    for (const secret of this.carrier.secrets) {
      const after = afterRead(secret, props, remote.prefixes[secret.prefixField]);
      Object.assign(state, after.state);
      inputs[secret.field] = after.input;
    }
    return { id: id || this.carrier.name, props: defined(state), inputs: defined(inputs) };
  }

  async delete(_id: string, props: Props): Promise<void> {
    const { api, account } = await this.connect(props, props);
    const writer = otherWriter([account.accountId, account.fingerprint], this.carrier.name, this.resourceName(props));
    if (writer !== undefined) {
      notice(
        `${this.describe(props)}: not deleting the account's ${this.carrier.name} config: ${this.carrier.className} ` +
          `${JSON.stringify(writer)} adopted or wrote it in this same deployment (a renamed resource?) and manages it now.`,
      );
      return;
    }
    try {
      await api.request("DELETE", this.path, { secrets: this.secretsIn(props) });
    } catch (error) {
      // Already gone is what delete wants.
      if (!(error instanceof NotFoundError)) throw error;
    }
  }

  /** Writes the whole desired config: PATCH, or POST when the account has none (404). */
  private async write(api: UltravoxClient, desired: Props, olds: Props): Promise<RemoteConfig> {
    const options = { body: this.requestBody(desired), response: this.response(), secrets: this.secretsIn(desired, olds) };
    try {
      return (await api.request("PATCH", this.path, options)).data;
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      this.assertCreatable(desired);
      return (await api.request("POST", this.path, options)).data;
    }
  }

  /** The whole desired config, as the API takes it. A drift marker is never sent. */
  private requestBody(desired: Props): Props {
    const body: Props = {};
    for (const field of Object.keys(this.fields)) body[field] = desired[field];
    for (const secret of this.carrier.secrets) {
      const value = valueToSend(secret, desired);
      if (value !== undefined) body[secret.field] = value;
    }
    return body;
  }

  /**
   * A POST needs every secret. With ignoreChanges on a secret that drifted, only read's marker is
   * in hand; if the config was also deleted outside Pulumi, say so instead of the API's
   * "This field is required".
   */
  private assertCreatable(desired: Props): void {
    const held = this.carrier.secrets.filter((s) => isOutsideChangeMarker(desired[s.field])).map((s) => s.field);
    if (held.length === 0) return;
    const names = held.join(" and ");
    throw new UltravoxError(
      `The ${this.carrier.name} config was deleted outside Pulumi, and ${names} ${held.length > 1 ? "are" : "is"} under ignoreChanges, ` +
        `so there is no value to create it with. Remove ${names} from ignoreChanges for one \`pulumi up\` ` +
        "(or run `pulumi refresh` first, which drops the deleted config from the state so that `up` creates it).",
    );
  }

  /** Records, for this deployment's deletes, that this resource wrote the account's config; the account's outputs. */
  private async recordWrite(account: Promise<AccountRecord>, desired: Props): Promise<Props> {
    const record = await account;
    recordWrite([record.accountId, record.fingerprint], this.carrier.name, this.resourceName(desired));
    return accountOutputs(record);
  }

  private resourceName(props: Props): string | undefined {
    return typeof props[NAME_INPUT] === "string" ? props[NAME_INPUT] : undefined;
  }

  /** Outputs after a write: the API's answer, the secrets we sent, the prefixes it reported, the account. */
  private outputsAfterWrite(desired: Props, remote: RemoteConfig, olds: Props, account: Props): Props {
    const outs: Props = { ...remote.fields, ...this.connectionState(desired), ...account };
    for (const secret of this.carrier.secrets)
      Object.assign(outs, stateAfterWrite(secret, desired, remote.prefixes[secret.prefixField], olds));
    return defined(outs);
  }

  private response(): ResponseShape<RemoteConfig> {
    return (this.responseShape ??= { validator: responseValidator(this.carrier), read: (body) => readConfig(this.carrier, body) });
  }
}
