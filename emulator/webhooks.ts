/**
 * The emulator's webhooks (`/api/webhooks`, `/api/webhooks/<id>`: list, POST, GET, PUT, PATCH,
 * DELETE), as the API document describes them: `url` (a URL of at most 200 characters) and
 * `events` (each one of `EventsEnum`) required; `agentId` a UUID or null; `secrets` each of at
 * most 120 characters; `webhookId`, `created`, `status`, `lastStatusChange` and `recentFailures`
 * the server's. A list filters by `?agentId=`.
 *
 * The document marks `secrets` neither write-only nor read-only and gives them no prefix field:
 * answers show them in clear, as the API does.
 *
 * Where the document is silent, the emulator assumes:
 *  - a write that leaves a webhook without a secret (a create that sends none, or an empty list)
 *    gets one strong secret generated, as the document says of the SIP fallback handler's secrets:
 *    a webhook always has something to sign with;
 *  - `agentId` need not name an agent of the account (the document says only "uuid"); neither the
 *    number of secrets nor of events is limited, `events` may be empty and may repeat, and two
 *    webhooks may share a url;
 *  - a new webhook is `normal`, its `lastStatusChange` null and `recentFailures` empty; only
 *    `markWebhook` (for tests: deliveries failing) changes that.
 */
import { randomUUID } from "node:crypto";
import { collectionRoute, writeOutOfBand, type Kind } from "./collection";
import { choice, drfTime, generatedSecret, listOf, text, url, uuid, type Fields } from "./fields";

export const WEBHOOK_EVENTS = ["call.started", "call.joined", "call.ended", "call.billed"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** What a client (or someone in the console) writes of a webhook. */
export interface WebhookFields {
  url?: string;
  events?: WebhookEvent[];
  agentId?: string | null;
  secrets?: string[];
}

/** A webhook as stored, and as answers show it. */
export interface StoredWebhook {
  webhookId: string;
  agentId: string | null;
  created: string;
  url: string;
  secrets: string[];
  events: WebhookEvent[];
  status: "normal" | "unhealthy";
  lastStatusChange: string | null;
  recentFailures: { timestamp: string; failure: string }[];
}

const FIELDS: Fields = {
  url: { check: url(200), required: true },
  events: { check: listOf(choice(WEBHOOK_EVENTS)), required: true },
  agentId: { check: uuid, nullable: true },
  secrets: { check: listOf(text(120)) },
};

function withSecrets(secrets: string[] | undefined): string[] {
  return secrets === undefined || secrets.length === 0 ? [generatedSecret()] : [...secrets];
}

export const webhooks: Kind<StoredWebhook, WebhookFields> = {
  name: "webhook",
  path: "/api/webhooks",
  itemMethods: ["PUT", "PATCH", "DELETE"],
  fields: FIELDS,
  id: (webhook) => webhook.webhookId,
  create: (values) => ({
    webhookId: randomUUID(),
    agentId: values.agentId ?? null,
    created: drfTime(),
    url: values.url!,
    secrets: withSecrets(values.secrets),
    events: [...values.events!],
    status: "normal",
    lastStatusChange: null,
    recentFailures: [],
  }),
  update: (webhook, values) => ({
    ...webhook,
    ...structuredClone(values),
    secrets: values.secrets === undefined ? webhook.secrets : withSecrets(values.secrets),
  }),
  present: (webhook) => structuredClone(webhook),
  filter(items, query) {
    const agentId = query.get("agentId");
    if (agentId === null || agentId === "") return items;
    if (uuid(agentId)) return { status: 400, body: { agentId: ["Enter a valid UUID."] } };
    return items.filter((w) => w.agentId?.toLowerCase() === agentId.toLowerCase());
  },
};

export const webhooksRoute = collectionRoute(webhooks);

/** Creates a webhook (no `webhookId`) or changes one, as someone in the console would; see `writeOutOfBand`. */
export function writeWebhook(store: Map<string, StoredWebhook>, fields: WebhookFields, webhookId?: string): StoredWebhook {
  return writeOutOfBand(webhooks, store, fields, webhookId);
}

/** Sets a webhook's status as its deliveries would: `unhealthy` with the failure recorded, or `normal` again. */
export function markWebhook(store: Map<string, StoredWebhook>, webhookId: string, status: StoredWebhook["status"], failure?: string): void {
  const webhook = store.get(webhookId);
  if (webhook === undefined) throw new Error(`the emulator has no webhook ${webhookId} in that account`);
  const now = drfTime();
  if (webhook.status !== status) Object.assign(webhook, { status, lastStatusChange: now });
  if (failure !== undefined) webhook.recentFailures.push({ timestamp: now, failure });
}
