import { useCallback } from "react";
import type { Schemas } from "../api/client";
import { useApi } from "../api/query";

export type Interaction = Schemas["InteractionBody"];

/** Tells curation what the shopper did (best effort: never blocks or fails a page). */
export function useRecordInteraction(): (interaction: Interaction) => void {
  const { client } = useApi();
  return useCallback(
    (interaction: Interaction) => {
      void client.POST("/api/interactions", { body: interaction, keepalive: true }).catch(() => undefined);
    },
    [client],
  );
}
