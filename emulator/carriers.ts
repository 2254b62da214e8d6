/**
 * The emulator's carriers: how each validates a config and what it answers. The three share the
 * call-creation fields; each has its own account fields and write-only secrets, every secret
 * reported by a prefix of its own.
 */

export type StoredConfig = Record<string, unknown>;

/** DRF-shaped validation errors: `{"field": ["message"]}`, `{"non_field_errors": [...]}`. */
export type DrfErrors = Record<string, unknown>;

export interface Carrier {
  /** Write-only secrets and the prefix field reported for each. */
  secrets: { field: string; prefixField: string }[];
  /** Fields a POST must carry. */
  required: string[];
  /** Defaults of an empty config. */
  defaults(): StoredConfig;
  /** Validates a whole config (PATCH is merged first); returns errors or undefined. */
  validate(config: StoredConfig, submitted: StoredConfig): DrfErrors | undefined;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

function stringField(errors: DrfErrors, config: StoredConfig, field: string, maxLength?: number): void {
  const value = config[field];
  if (value === undefined || value === null) errors[field] = ["This field is required."];
  else if (typeof value !== "string") errors[field] = ["Not a valid string."];
  else if (value.trim() === "") errors[field] = ["This field may not be blank."];
  else if (maxLength !== undefined && value.length > maxLength)
    errors[field] = [`Ensure this field has no more than ${maxLength} characters.`];
}

function sharedFields(errors: DrfErrors, config: StoredConfig, submitted: StoredConfig): void {
  const ids = config.callCreationAllowedAgentIds;
  if (!Array.isArray(ids)) {
    errors.callCreationAllowedAgentIds = [`Expected a list of items but got type "${typeof ids}".`];
  } else if (ids.length > 100) {
    errors.callCreationAllowedAgentIds = ["Ensure this field has no more than 100 elements."];
  } else {
    const bad: Record<string, string[]> = {};
    ids.forEach((id, i) => {
      if (typeof id !== "string" || !UUID.test(id)) bad[String(i)] = ["Must be a valid UUID."];
    });
    if (Object.keys(bad).length > 0) errors.callCreationAllowedAgentIds = bad;
  }
  if (typeof config.callCreationAllowAllAgents !== "boolean") errors.callCreationAllowAllAgents = ["Must be a valid boolean."];
  const mapping = config.requestContextMapping;
  if (mapping === null || typeof mapping !== "object" || Array.isArray(mapping)) {
    errors.requestContextMapping = [`Expected a dictionary of items but got type "${typeof mapping}".`];
  } else {
    const bad: Record<string, string[]> = {};
    for (const [key, value] of Object.entries(mapping)) {
      if (typeof value !== "string" || value === "") bad[key] = ["Not a valid string."];
    }
    if (Object.keys(bad).length > 0) errors.requestContextMapping = bad;
  }
  // Only a list sent together with allow-all (or onto an allow-all config) is refused.
  const submittedIds = submitted.callCreationAllowedAgentIds;
  if (
    config.callCreationAllowAllAgents === true &&
    Array.isArray(ids) &&
    ids.length > 0 &&
    (submittedIds !== undefined || submitted.callCreationAllowAllAgents !== undefined)
  ) {
    errors.non_field_errors = ["callCreationAllowedAgentIds may not be set if callCreationAllowAllAgents is true."];
  }
}

/** A carrier whose config has these string fields (name → max length) and these secrets. */
function carrier(stringFields: Record<string, number | undefined>, secrets: Carrier["secrets"]): Carrier {
  return {
    secrets,
    required: [...Object.keys(stringFields), ...secrets.map((s) => s.field)],
    defaults: () => ({ callCreationAllowedAgentIds: [], callCreationAllowAllAgents: false, requestContextMapping: {} }),
    validate(config, submitted) {
      const errors: DrfErrors = {};
      for (const [field, maxLength] of Object.entries(stringFields)) stringField(errors, config, field, maxLength);
      for (const secret of secrets) stringField(errors, config, secret.field);
      sharedFields(errors, config, submitted);
      return Object.keys(errors).length > 0 ? errors : undefined;
    },
  };
}

export const carriers: Record<string, Carrier> = {
  plivo: carrier({ authId: undefined }, [{ field: "authToken", prefixField: "authTokenPrefix" }]),
  twilio: carrier({ accountSid: undefined }, [{ field: "authToken", prefixField: "authTokenPrefix" }]),
  telnyx: carrier({ accountSid: undefined, applicationSid: 40 }, [
    { field: "apiKey", prefixField: "apiKeyPrefix" },
    { field: "publicKey", prefixField: "publicKeyPrefix" },
  ]),
};
