import { api, type Schemas } from "../api/client";

export type Interaction = Schemas["InteractionBody"];

/** Tells curation what the shopper did (best effort: never blocks or fails a page). */
export function recordInteraction(interaction: Interaction): void {
  void api.POST("/api/interactions", { body: interaction, keepalive: true }).catch(() => undefined);
}
